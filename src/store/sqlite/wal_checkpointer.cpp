#include "store/sqlite/wal_checkpointer.hpp"

#include <spdlog/spdlog.h>

namespace sessiond::store::sqlite {

core::Result<std::unique_ptr<WalCheckpointer>> WalCheckpointer::Start(
    SqliteConnection::Settings settings, int threshold_pages) {
  // A reader's connection: it never runs a statement, and a checkpoint is not one.
  settings.role = SqliteConnection::Role::kReader;
  core::Result<std::unique_ptr<SqliteConnection>> connection = SqliteConnection::Open(settings);
  if (!connection) return connection.error();
  return std::unique_ptr<WalCheckpointer>(
      new WalCheckpointer(std::move(*connection), threshold_pages));
}

WalCheckpointer::WalCheckpointer(std::unique_ptr<SqliteConnection> connection,
                                 int threshold_pages)
    : connection_(std::move(connection)), threshold_pages_(threshold_pages) {
  thread_ = std::thread([this] { Loop(); });
}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  due_.notify_one();
  thread_.join();
}

void WalCheckpointer::LogGrew(SqliteConnection& writer, int pages) {
  if (pages < threshold_pages_) return;
  if (pages >= 4 * threshold_pages_) {
    if (core::Result<void> done = writer.CheckpointPassive(); !done) {
      spdlog::warn("sqlite: checkpoint failed: {}", done.error().message);
    }
    return;
  }
  {
    std::lock_guard lock(mu_);
    if (checkpoint_due_) return;
    checkpoint_due_ = true;
  }
  due_.notify_one();
}

void WalCheckpointer::Loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    due_.wait(lock, [this] { return checkpoint_due_ || stopping_; });
    if (!checkpoint_due_) return;  // stopping, and no checkpoint was asked for
    lock.unlock();
    // PASSIVE copies what no reader still needs and never waits for anyone; what it leaves
    // is copied by the next one. The log file restarts from its beginning once a checkpoint
    // has copied everything, so it stays near the threshold's size.
    if (core::Result<void> done = connection_->CheckpointPassive(); !done) {
      spdlog::warn("sqlite: checkpoint failed: {}", done.error().message);
    }
    lock.lock();
    checkpoint_due_ = false;
  }
}

}  // namespace sessiond::store::sqlite
