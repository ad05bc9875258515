#include "store/sqlite/sqlite_database.hpp"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <climits>
#include <filesystem>
#include <string>
#include <system_error>

#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_options.hpp"
#include "store/sqlite/sqlite_unit.hpp"

namespace sessiond::store::sqlite {
namespace {

// The log's size, in pages, at which the checkpointer copies it into the database file:
// SQLite's own default for its automatic checkpoint.
constexpr int kCheckpointPages = 1000;

}  // namespace

core::Result<std::unique_ptr<Database>> SqliteDatabase::Open(const DatabaseOptions& options) {
  core::Result<SqliteConnection::Settings> settings = WriterSettings(options);
  if (!settings) return settings.error();
  if (options.pool_size < 1) return core::Error::Unprocessable("pool_size must be at least 1");
  if (options.max_group_commit < 1) {
    return core::Error::Unprocessable("max_group_commit must be at least 1");
  }
  if (core::Result<void> made = CreateDirectoryOf(settings->path); !made) return made.error();

  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(size_t(options.max_group_commit)));
  // The writer first: it creates the file and switches it to WAL before readers attach.
  core::Result<std::unique_ptr<SqliteConnection>> writer = SqliteConnection::Open(*settings);
  if (!writer) return writer.error();
  db->writer_ = std::move(*writer);
  core::Result<std::unique_ptr<WalCheckpointer>> checkpointer =
      WalCheckpointer::Start(*settings, kCheckpointPages);
  if (!checkpointer) return checkpointer.error();
  db->checkpointer_ = std::move(*checkpointer);
  db->writer_->SetWalHook([c = db->checkpointer_.get(), w = db->writer_.get()](int pages) {
    c->LogGrew(*w, pages);
  });
  settings->role = SqliteConnection::Role::kReader;
  for (int i = 0; i < options.pool_size; ++i) {
    core::Result<std::unique_ptr<SqliteConnection>> reader = SqliteConnection::Open(*settings);
    if (!reader) return reader.error();
    db->readers_.push_back(std::move(*reader));
  }
  db->Start();
  return std::unique_ptr<Database>(std::move(db));
}

SqliteDatabase::SqliteDatabase(size_t max_group_commit) : max_group_commit_(max_group_commit) {}

SqliteDatabase::~SqliteDatabase() { Close(); }

void SqliteDatabase::Start() {
  open_connections_ = int(1 + readers_.size());
  writer_thread_ = std::thread([this] { WriterLoop(); });
  for (auto& reader : readers_) {
    reader_threads_.emplace_back([this, connection = reader.get()] { ReaderLoop(*connection); });
  }
}

void SqliteDatabase::WriteAsync(Work work, Done done) {
  detail::Job job{std::move(work), std::move(done)};
  if (!writes_.Push(job)) detail::Deliver(job.done, core::Error::Unavailable("database is closed"));
}

void SqliteDatabase::ReadAsync(Work work, Done done) {
  detail::Job job{std::move(work), std::move(done)};
  if (!reads_.Push(job)) detail::Deliver(job.done, core::Error::Unavailable("database is closed"));
}

void SqliteDatabase::PingAsync(Done done) { ReadAsync(ReadSchema, std::move(done)); }

PoolStats SqliteDatabase::Stats() const {
  return PoolStats{open_connections_.load(), in_use_.load(), int(writes_.size() + reads_.size())};
}

void SqliteDatabase::Close() {
  assert(!detail::OnStoreThread() && "Close() from a store thread would wait for itself");
  std::lock_guard lock(close_mu_);
  writes_.Close();
  reads_.Close();
  if (writer_thread_.joinable()) writer_thread_.join();
  for (std::thread& t : reader_threads_) {
    if (t.joinable()) t.join();
  }
  reader_threads_.clear();
  checkpointer_.reset();  // no commit can report to it any more
  writer_.reset();
  readers_.clear();
  open_connections_ = 0;
}

void SqliteDatabase::SetWriterFaultForTest(std::function<int(std::string_view sql)> fault) {
  writer_->SetControlFaultForTest(std::move(fault));
}

std::unique_ptr<TopicWatch> SqliteDatabase::WatchTopic(const std::string&,
                                                       std::function<void()> on_change) {
  return commit_watchers_.Add(std::move(on_change));
}

void SqliteDatabase::WriterLoop() {
  detail::StoreThreadMarker marker;
  for (;;) {
    std::vector<detail::Job> batch = writes_.PopBatch(max_group_commit_);
    if (batch.empty()) return;  // closed and drained
    ++in_use_;
    CommitGroup(batch);
  }
}

void SqliteDatabase::CommitGroup(std::vector<detail::Job>& batch) {
  std::vector<core::Result<void>> results(batch.size());
  size_t next = 0;
  // Usually one pass; another transaction starts only when SQLite ended one on its own
  // mid-group, for the units that had not run yet.
  while (next < batch.size()) {
    size_t first = next;
    if (core::Result<void> begun = writer_->Control("BEGIN IMMEDIATE"); !begun) {
      for (size_t i = first; i < batch.size(); ++i) results[i] = begun.error();
      break;
    }
    bool lost = false;
    for (; next < batch.size() && !lost; ++next) {
      UnitOutcome outcome = RunInSavepoint(*writer_, batch[next].work);
      results[next] = std::move(outcome.result);
      if (!outcome.transaction_lost) continue;
      lost = true;
      if (writer_->InTransaction()) (void)writer_->Control("ROLLBACK");
      core::Error why = core::Error::Unavailable(
          "write undone: the transaction it was committed with was rolled back" +
          (results[next].ok() ? std::string() : " by: " + results[next].error().message));
      for (size_t i = first; i <= next; ++i) {
        if (results[i].ok()) results[i] = why;
      }
    }
    if (lost) continue;
    if (core::Result<void> committed = writer_->Control("COMMIT"); !committed) {
      if (writer_->InTransaction()) (void)writer_->Control("ROLLBACK");
      for (size_t i = first; i < next; ++i) {
        if (results[i].ok()) results[i] = committed.error();
      }
    }
  }
  --in_use_;
  if (std::any_of(results.begin(), results.end(), [](const auto& r) { return r.ok(); })) {
    commit_watchers_.Notify();
  }
  // After the commit, never before: a caller told "ok" may rely on the write being durable.
  for (size_t i = 0; i < batch.size(); ++i) detail::Deliver(batch[i].done, std::move(results[i]));
}

void SqliteDatabase::ReaderLoop(SqliteConnection& connection) {
  detail::StoreThreadMarker marker;
  while (std::optional<detail::Job> job = reads_.Pop()) {
    ++in_use_;
    connection.BeginUnit();
    core::Result<void> result = connection.Control("BEGIN");
    if (result.ok()) {
      result = detail::RunWork(job->work, connection);
      if (result.ok() && connection.unit_error()) result = *connection.unit_error();
      if (connection.InTransaction()) {
        // A read has nothing to keep; COMMIT and ROLLBACK both just end the snapshot.
        core::Result<void> ended = connection.Control(result.ok() ? "COMMIT" : "ROLLBACK");
        if (result.ok()) result = std::move(ended);
      }
    }
    --in_use_;
    detail::Deliver(job->done, std::move(result));
  }
}

}  // namespace sessiond::store::sqlite
