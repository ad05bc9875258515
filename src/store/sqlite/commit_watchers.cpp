#include "store/sqlite/commit_watchers.hpp"

namespace sessiond::store::sqlite {

class CommitWatchers::Watch final : public TopicWatch {
 public:
  Watch(CommitWatchers& watchers, int id) : watchers_(watchers), id_(id) {}
  ~Watch() override {
    std::lock_guard lock(watchers_.mu_);
    watchers_.watchers_.erase(id_);
  }

 private:
  CommitWatchers& watchers_;
  int id_;
};

std::unique_ptr<TopicWatch> CommitWatchers::Add(std::function<void()> on_change) {
  std::lock_guard lock(mu_);
  int id = next_id_++;
  watchers_.emplace(id, std::move(on_change));
  return std::make_unique<Watch>(*this, id);
}

void CommitWatchers::Notify() {
  // Called with the lock held: a watch being destroyed waits for a call in progress, so a
  // callback never runs after its handle is gone. Callbacks are quick by contract.
  std::lock_guard lock(mu_);
  for (const auto& [id, on_change] : watchers_) on_change();
}

}  // namespace sessiond::store::sqlite
