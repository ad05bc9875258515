#pragma once

#include <memory>

#include "domains/domain.hpp"

namespace sessiond::checkins {

// The check-ins family (seed 003): presence with a TTL, exact expiry, the seed's stats and
// cleanup.
std::unique_ptr<domains::Domain> MakeCheckinsDomain(const domains::DomainEnv& env);

}  // namespace sessiond::checkins
