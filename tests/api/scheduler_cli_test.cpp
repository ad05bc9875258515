// The scheduler's command line seen from outside: schedule preview, jobs list/show/pause/
// resume/run/history, backfill and simulate, against SQLite files in temporary directories.
// Jobs are created through a real server's API (there is no `jobs create`); the commands then
// work on the same file directly, as an operator's would.
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <gtest/gtest.h>

#include "http_client.hpp"
#include "server_process.hpp"

namespace sessiond::testing {
namespace {

using nlohmann::json;

constexpr char kSecret[] = "scheduler-cli-secret";

std::filesystem::path TempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("sessiond-scheduler-cli-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// `text` with every run of spaces made one: column widths follow the longest job name.
std::string Squeeze(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(c);
  }
  return out;
}

// The lines of `text` that name one of `jobs`, squeezed (simulate prints every job, the
// families' default jobs included; a test looks at its own).
std::string LinesNaming(const std::string& text, const std::vector<std::string>& jobs) {
  std::string out;
  for (const std::string& line : Lines(text)) {
    for (const std::string& job : jobs) {
      if (line.find("  " + job + " ") != std::string::npos) {
        out += Squeeze(line) + "\n";
        break;
      }
    }
  }
  return out;
}

// The cells of a table row: columns are separated by two spaces or more, cells hold at most one.
std::vector<std::string> Cells(const std::string& row) {
  std::vector<std::string> cells;
  size_t at = 0;
  while (at < row.size()) {
    size_t gap = row.find("  ", at);
    cells.push_back(row.substr(at, gap - at));
    if (gap == std::string::npos) break;
    at = row.find_first_not_of(' ', gap);
  }
  return cells;
}

// A SQLite database in a temporary directory holding `jobs` (POST /v1/jobs bodies) besides the
// default ones, created through a server started with its scheduler off, so that nothing runs
// unless a command under test runs it.
class JobStore {
 public:
  JobStore(const std::string& name, const std::vector<json>& jobs)
      : dir_(TempDir(name)), url_("sqlite:" + (dir_ / "sessiond.db").string()) {
    server_ = std::make_unique<ServerProcess>(ServeArgs(
        {"--jwt-secret", kSecret, "--scheduler", "false", "--access-log", "false"}, url_));
    CommandResult minted =
        RunSessiond({"token", "--jwt-secret", kSecret, "--sub", "ops", "--role", "service_role"});
    EXPECT_EQ(minted.status, 0) << minted.err;
    std::string token = minted.out.substr(0, minted.out.find('\n'));
    for (const json& job : jobs) {
      HttpResponse created = PostJson(server_->port(), "/v1/jobs", job.dump(), token);
      EXPECT_EQ(created.status, 201) << created.body;
    }
  }
  ~JobStore() {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Stops the server: later commands have the file to themselves.
  void StopServer() { EXPECT_EQ(server_->Stop(SIGTERM), 0); }
  // `sessiond ARGS... --database URL`.
  CommandResult Run(std::vector<std::string> args) const {
    args.push_back("--database");
    args.push_back(url_);
    return RunSessiond(args);
  }
  json Show(const std::string& job) const {
    CommandResult shown = Run({"jobs", "show", job});
    EXPECT_EQ(shown.status, 0) << shown.err;
    return json::parse(shown.out, nullptr, false);
  }
  const std::filesystem::path& dir() const { return dir_; }
  const std::string& url() const { return url_; }

 private:
  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<ServerProcess> server_;
};

const json kHourlyNoop = {{"name", "hourly-noop"}, {"schedule", "0 * * * *"}, {"task", "noop"}};

TEST(SchedulerCliTest, PreviewShowsTheShiftedOccurrenceOnSpringForward) {
  CommandResult preview = RunSessiond({"schedule", "preview", "30 2 * * *", "--tz",
                                       "America/New_York", "--from", "2026-03-07T00:00:00Z",
                                       "--count", "3"});
  ASSERT_EQ(preview.status, 0) << preview.err;
  // 02:30 does not exist on 2026-03-08 in New York: it fires once, at the end of the gap.
  EXPECT_EQ(preview.out,
            "2026-03-07T07:30:00.000Z  2026-03-07T02:30:00-05:00\n"
            "2026-03-08T07:00:00.000Z  2026-03-08T03:00:00-04:00  dst-shifted\n"
            "2026-03-09T06:30:00.000Z  2026-03-09T02:30:00-04:00\n");
}

TEST(SchedulerCliTest, PreviewRejectsInvalidInputNamingThePart) {
  CommandResult minute = RunSessiond({"schedule", "preview", "61 * * * *"});
  EXPECT_EQ(minute.status, 2);
  EXPECT_EQ(minute.out, "");
  EXPECT_NE(minute.err.find("minute"), std::string::npos) << minute.err;
  EXPECT_NE(minute.err.find("61"), std::string::npos) << minute.err;

  CommandResult zone = RunSessiond({"schedule", "preview", "@daily", "--tz", "Mars/Olympus"});
  EXPECT_EQ(zone.status, 2);
  EXPECT_NE(zone.err.find("Mars/Olympus"), std::string::npos) << zone.err;

  CommandResult from = RunSessiond({"schedule", "preview", "@daily", "--from", "yesterday"});
  EXPECT_EQ(from.status, 2);
  EXPECT_NE(from.err.find("--from"), std::string::npos) << from.err;
}

TEST(SchedulerCliTest, JobsListShowPauseResumeBesideARunningServer) {
  JobStore store("lifecycle", {kHourlyNoop});

  CommandResult list = store.Run({"jobs", "list"});
  ASSERT_EQ(list.status, 0) << list.err;
  std::vector<std::string> lines = Lines(list.out);
  ASSERT_GE(lines.size(), 3u) << list.out;
  EXPECT_EQ(Cells(lines[0]), (std::vector<std::string>{"NAME", "SCHEDULE", "TIMEZONE", "TASK",
                                                        "ACTIVE", "NEXT_RUN_AT", "LAST_RUN"}));
  // Rows by name: the job of this test among the default jobs.
  auto row = [](const std::string& out, const std::string& name) {
    for (const std::string& line : Lines(out)) {
      if (Cells(line).at(0) == name) return Cells(line);
    }
    return std::vector<std::string>();
  };
  std::vector<std::string> hourly = row(list.out, "hourly-noop");
  ASSERT_EQ(hourly.size(), 7u) << lines[1];
  EXPECT_EQ(hourly[0] + "|" + hourly[1] + "|" + hourly[2] + "|" + hourly[3] + "|" + hourly[4] +
                "|" + hourly[6],
            "hourly-noop|0 * * * *|UTC|noop|yes|-");
  EXPECT_EQ(row(list.out, "prune-run-history").size(), 7u) << list.out;

  json shown = store.Show("hourly-noop");
  EXPECT_EQ(shown["name"], "hourly-noop");
  EXPECT_EQ(shown["schedule"], "0 * * * *");
  EXPECT_EQ(shown["task"], "noop");
  EXPECT_EQ(shown["active"], true);
  EXPECT_EQ(shown["next_run_at"], hourly[5]) << shown.dump();
  EXPECT_TRUE(shown["last_run"].is_null()) << shown.dump();

  CommandResult paused = store.Run({"jobs", "pause", "hourly-noop"});
  ASSERT_EQ(paused.status, 0) << paused.err;
  EXPECT_EQ(paused.out, "paused job hourly-noop\n");
  shown = store.Show("hourly-noop");
  EXPECT_EQ(shown["active"], false);
  EXPECT_TRUE(shown["next_run_at"].is_null()) << shown.dump();
  list = store.Run({"jobs", "list"});
  EXPECT_EQ(row(list.out, "hourly-noop"),
            (std::vector<std::string>{"hourly-noop", "0 * * * *", "UTC", "noop", "no", "-", "-"}));

  CommandResult resumed = store.Run({"jobs", "resume", "hourly-noop"});
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  shown = store.Show("hourly-noop");
  EXPECT_EQ(shown["active"], true);
  ASSERT_TRUE(shown["next_run_at"].is_string()) << shown.dump();
  EXPECT_EQ(resumed.out, "resumed job hourly-noop; next run at " +
                             shown["next_run_at"].get<std::string>() + "\n");

  CommandResult missing = store.Run({"jobs", "show", "nope"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("no job named 'nope'"), std::string::npos) << missing.err;
  EXPECT_EQ(store.Run({"jobs", "pause", "nope"}).status, 1);
}

TEST(SchedulerCliTest, JobsRunRecordsASucceededManualRunInHistory) {
  JobStore store("run", {kHourlyNoop});
  store.StopServer();

  CommandResult ran = store.Run({"jobs", "run", "hourly-noop"});
  ASSERT_EQ(ran.status, 0) << ran.err;
  json run = json::parse(ran.out, nullptr, false);
  EXPECT_EQ(run["job"], "hourly-noop");
  EXPECT_EQ(run["trigger"], "manual");
  EXPECT_EQ(run["status"], "succeeded");
  EXPECT_EQ(run["result"]["occurrence"], run["scheduled_for"]) << run.dump();
  EXPECT_TRUE(run["finished_at"].is_string()) << run.dump();

  CommandResult history = store.Run({"jobs", "history", "hourly-noop"});
  ASSERT_EQ(history.status, 0) << history.err;
  std::vector<std::string> lines = Lines(history.out);
  ASSERT_EQ(lines.size(), 1u) << history.out;
  EXPECT_EQ(lines[0], run["started_at"].get<std::string>() + "  " +
                          run["scheduled_for"].get<std::string>() + "  manual     1  succeeded");
  EXPECT_EQ(store.Show("hourly-noop")["last_run"]["id"], run["id"]);

  CommandResult failed = store.Run({"jobs", "history", "hourly-noop", "--status", "failed"});
  EXPECT_EQ(failed.status, 0) << failed.err;
  EXPECT_EQ(failed.out, "");
  CommandResult bad = store.Run({"jobs", "history", "hourly-noop", "--status", "done"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("--status"), std::string::npos) << bad.err;
  EXPECT_EQ(store.Run({"jobs", "run", "nope"}).status, 1);
}

TEST(SchedulerCliTest, BackfillRunsEachOccurrenceWithoutASucceededRunOnce) {
  JobStore store("backfill", {kHourlyNoop});
  store.StopServer();
  std::vector<std::string> args = {"backfill", "hourly-noop", "--from", "2026-01-01T10:00:00Z",
                                   "--to", "2026-01-01T12:30:00Z"};

  CommandResult first = store.Run(args);
  ASSERT_EQ(first.status, 0) << first.err;
  std::vector<std::string> lines = Lines(first.out);
  ASSERT_EQ(lines.size(), 4u) << first.out;
  const char* hours[] = {"10", "11", "12"};
  for (int i = 0; i < 3; ++i) {
    std::string scheduled = std::string("2026-01-01T") + hours[i] + ":00:00.000Z";
    EXPECT_NE(lines[i].find("  " + scheduled + "  backfill   1  succeeded"), std::string::npos)
        << lines[i];
  }
  EXPECT_EQ(lines[3], "3 run(s), 3 succeeded, 0 did not");

  CommandResult second = store.Run(args);
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_NE(second.out.find("nothing to backfill"), std::string::npos) << second.out;

  CommandResult history = store.Run({"jobs", "history", "hourly-noop"});
  ASSERT_EQ(history.status, 0) << history.err;
  lines = Lines(history.out);
  ASSERT_EQ(lines.size(), 3u) << history.out;
  // Newest first.
  for (int i = 0; i < 3; ++i) {
    EXPECT_NE(lines[i].find(std::string("2026-01-01T") + hours[2 - i] + ":00:00.000Z  backfill"),
              std::string::npos)
        << lines[i];
  }

  CommandResult reversed = store.Run({"backfill", "hourly-noop", "--from", "2026-01-02T00:00:00Z",
                                      "--to", "2026-01-01T00:00:00Z"});
  EXPECT_EQ(reversed.status, 2);
  EXPECT_NE(reversed.err.find("to must not be before from"), std::string::npos) << reversed.err;
}

TEST(SchedulerCliTest, SimulateAWeekOfTheDefaultJobsOnAnEmptyDatabase) {
  auto dir = TempDir("simulate-empty");
  CommandResult simulated =
      RunSessiond({"simulate", "--empty", "--from", "2026-01-01T00:00:00Z", "--to",
                   "2026-01-08T00:00:00Z", "--data-dir", dir.string()});
  ASSERT_EQ(simulated.status, 0) << simulated.err;
  std::string expected;
  for (int day = 1; day <= 7; ++day) {
    std::string date = "2026-01-0" + std::to_string(day);
    expected += date + "T03:30:00.000Z  " + date +
                "T03:30:00+00:00  prune-run-history  schedule  succeeded\n";
  }
  EXPECT_EQ(LinesNaming(simulated.out, {"prune-run-history"}),
            Squeeze(expected + "  prune-run-history  7 run(s) (7 succeeded)\n"));
  // Every default job ran on its own schedule, every day of the week.
  for (const char* daily : {"prune-events", "cleanup-checkins"}) {
    std::vector<std::string> lines = Lines(LinesNaming(simulated.out, {daily}));
    ASSERT_EQ(lines.size(), 8u) << daily << " in " << simulated.out;
    EXPECT_NE(lines.back().find("7 run(s) (7 succeeded)"), std::string::npos) << lines.back();
  }
  // --empty never touches the configured database.
  EXPECT_FALSE(std::filesystem::exists(dir / "sessiond.db"));
  std::filesystem::remove_all(dir);
}

TEST(SchedulerCliTest, SimulateRunsOnACopyWithJobsFromAFile) {
  JobStore store("simulate-copy", {kHourlyNoop});
  std::ofstream(store.dir() / "jobs.json")
      << json::array({{{"name", "hourly-noop"}, {"schedule", "30 * * * *"}},
                      {{"name", "every-90m"}, {"schedule", "every 90m"}, {"task", "noop"},
                       {"timezone", "Europe/Berlin"}}})
             .dump();
  // Beside the running server: the copy is taken from a pinned snapshot.
  CommandResult simulated =
      store.Run({"simulate", "--from", "2026-06-01T00:00:00Z", "--to", "2026-06-01T03:00:00Z",
                 "--jobs", (store.dir() / "jobs.json").string()});
  ASSERT_EQ(simulated.status, 0) << simulated.err;
  EXPECT_EQ(LinesNaming(simulated.out, {"every-90m", "hourly-noop", "prune-run-history"}),
            Squeeze("2026-06-01T00:00:00.000Z  2026-06-01T02:00:00+02:00  every-90m          schedule  succeeded\n"
            "2026-06-01T00:30:00.000Z  2026-06-01T00:30:00+00:00  hourly-noop        schedule  succeeded\n"
            "2026-06-01T01:30:00.000Z  2026-06-01T03:30:00+02:00  every-90m          schedule  succeeded\n"
            "2026-06-01T01:30:00.000Z  2026-06-01T01:30:00+00:00  hourly-noop        schedule  succeeded\n"
            "2026-06-01T02:30:00.000Z  2026-06-01T02:30:00+00:00  hourly-noop        schedule  succeeded\n"
            "2026-06-01T03:00:00.000Z  2026-06-01T05:00:00+02:00  every-90m          schedule  succeeded\n"
            "  every-90m          3 run(s) (3 succeeded)\n"
            "  hourly-noop        3 run(s) (3 succeeded)\n"
            "  prune-run-history  0 run(s)\n"));
  // The real database is untouched: same schedule, no runs.
  json shown = store.Show("hourly-noop");
  EXPECT_EQ(shown["schedule"], "0 * * * *");
  EXPECT_TRUE(shown["last_run"].is_null()) << shown.dump();
  EXPECT_EQ(store.Run({"jobs", "show", "every-90m"}).status, 1);

  std::ofstream(store.dir() / "bad.json") << json::array({{{"name", "x"}, {"schedule", "61 * * * *"},
                                                           {"task", "noop"}}}).dump();
  CommandResult bad = store.Run({"simulate", "--from", "2026-06-01T00:00:00Z", "--to",
                                 "2026-06-02T00:00:00Z", "--jobs",
                                 (store.dir() / "bad.json").string()});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("job 1"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("minute"), std::string::npos) << bad.err;
}

TEST(SchedulerCliTest, SimulateRefusesToCopyPostgresql) {
  CommandResult refused =
      RunSessiond({"simulate", "--from", "2026-01-01T00:00:00Z", "--to", "2026-01-02T00:00:00Z",
                   "--database", "postgres://sessiond@127.0.0.1:1/sessiond"});
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.err.find("--empty"), std::string::npos) << refused.err;
}

}  // namespace
}  // namespace sessiond::testing
