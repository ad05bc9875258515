#include "cli/domains.hpp"

#include "domains/checkins/checkins_domain.hpp"
#include "domains/recurring/recurring_domain.hpp"

namespace sessiond::cli {

std::vector<std::unique_ptr<domains::Domain>> MakeDomains(const domains::DomainEnv& env) {
  std::vector<std::unique_ptr<domains::Domain>> families;
  families.push_back(checkins::MakeCheckinsDomain(env));
  families.push_back(std::make_unique<recurring::RecurringDomain>(env));
  return families;
}

}  // namespace sessiond::cli
