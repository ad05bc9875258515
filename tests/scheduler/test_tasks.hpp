#pragma once

// Tasks that let scheduler tests observe and steer runs.
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "scheduler/task.hpp"

namespace sessiond::scheduler::testing {

// What a task saw of one run.
struct Seen {
  core::Timestamp occurrence;
  Trigger trigger;
};

// Accepts any params (tests pass their own knobs).
class TestTask : public Task {
 public:
  std::string_view description() const override { return "test task"; }
  std::vector<TaskParam> params() const override { return {}; }
  core::Result<void> Validate(const core::Json&) const override { return core::Ok(); }
};

// Records every run's occurrence and trigger.
class RecordingTask final : public TestTask {
 public:
  std::string_view name() const override { return "record"; }
  core::Result<core::Json> Run(TaskContext& context) override {
    std::lock_guard lock(mu_);
    seen_.push_back({context.occurrence(), context.trigger()});
    return core::Json{{"n", seen_.size()}};
  }
  std::vector<Seen> seen() const {
    std::lock_guard lock(mu_);
    return seen_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<Seen> seen_;
};

// Fails its first `fail_times` runs (param), then succeeds.
class FlakyTask final : public TestTask {
 public:
  std::string_view name() const override { return "flaky"; }
  core::Result<core::Json> Run(TaskContext& context) override {
    std::lock_guard lock(mu_);
    if (calls_++ < context.params().value("fail_times", 0)) {
      return core::Error::Unavailable("flaky failure " + std::to_string(calls_));
    }
    return core::Json{{"calls", calls_}};
  }

 private:
  std::mutex mu_;
  int calls_ = 0;
};

// Blocks each run until the test releases it or the run is cancelled.
class BlockingTask final : public TestTask {
 public:
  std::string_view name() const override { return "block"; }
  core::Result<core::Json> Run(TaskContext& context) override {
    std::unique_lock lock(mu_);
    ++started_;
    changed_.notify_all();
    // Cancellation is an atomic flag with no notification of its own: look at it often.
    while (!released_ && !context.cancelled()) {
      changed_.wait_for(lock, std::chrono::milliseconds(1));
    }
    if (context.cancelled()) return core::Error::Unavailable("cancelled");
    return core::Json{{"released", true}};
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    changed_.notify_all();
  }
  // Waits (bounded) until `n` runs have started.
  bool WaitStarted(int n) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [&] { return started_ >= n; });
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  bool released_ = false;
  int started_ = 0;
};

// Writes one row per occurrence into `effects` in the run's own commit.
class CommitTask final : public TestTask {
 public:
  std::string_view name() const override { return "commit"; }
  core::Result<core::Json> Run(TaskContext& context) override {
    return context.Commit([&](store::Connection& c) -> core::Result<core::Json> {
      core::Result<int64_t> inserted =
          c.Execute("INSERT INTO effects (occurrence) VALUES (?)", {context.occurrence()});
      if (!inserted) return inserted.error();
      return core::Json{{"inserted", *inserted}};
    });
  }
};

}  // namespace sessiond::scheduler::testing
