#include "domains/recurring/deadlines.hpp"

#include "domains/recurring/repository.hpp"

namespace sessiond::recurring {

core::Result<NextDue> NextDue::Read(store::Connection& c, core::Timestamp now) {
  NextDue next;
  core::Result<std::optional<core::Timestamp>> activation = Repository::NextActivation(c, now);
  if (!activation) return activation.error();
  core::Result<std::optional<core::Timestamp>> closing = Repository::NextClosing(c);
  if (!closing) return closing.error();
  next.activation = *activation;
  next.closing = *closing;
  return next;
}

void Deadlines::Arm(const NextDue& next) const {
  if (!scheduler_) return;
  if (next.activation) scheduler_->WakeAt(kActivateTask, *next.activation);
  if (next.closing) scheduler_->WakeAt(kCloseTask, *next.closing);
}

}  // namespace sessiond::recurring
