#pragma once

#include <memory>
#include <vector>

#include "domains/domain.hpp"

namespace sessiond::cli {

// Every session family this binary ships, built on `env`.
std::vector<std::unique_ptr<domains::Domain>> MakeDomains(const domains::DomainEnv& env);

}  // namespace sessiond::cli
