#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <optional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sessiond::testing {

// Runs the real `sessiond` binary as a child process for black-box tests: a fresh data
// directory, port 0 on loopback (the server announces the port it bound), output captured.
// Readiness is the server's own "listening on HOST:PORT" line; exit is awaited on a pidfd;
// neither waits on the clock. The destructor kills the process if it still runs.
class ServerProcess {
 public:
  struct Options {
    std::vector<std::string> extra_args;          // after `serve`
    std::map<std::string, std::string> env;       // added to the environment
    std::string database;                         // URL; empty = SQLite in the data dir
    bool wait_ready = true;                       // wait for "listening on" before returning
  };

  explicit ServerProcess(Options options);
  ServerProcess() : ServerProcess(Options{}) {}
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  pid_t pid() const { return pid_; }

  // Sends `signal` and waits (bounded) for the process to exit; returns its exit status
  // (128 + signal when killed by one), or nullopt if it did not exit in time.
  std::optional<int> Stop(int signal, std::chrono::milliseconds bound = std::chrono::seconds(20));
  // Starts the process again on the same port and data directory (after Stop).
  void Start();
  // Waits (bounded) until the log contains `text`; false on timeout.
  bool WaitForLog(const std::string& text, std::chrono::milliseconds bound = std::chrono::seconds(30));
  // The captured stdout and stderr so far.
  std::string Log() const;

 private:
  void ReadOutput(int fd);

  Options options_;
  std::filesystem::path data_dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  int pidfd_ = -1;
  std::thread reader_;
  mutable std::mutex mu_;
  std::condition_variable output_changed_;
  std::string log_;           // guarded by mu_
  size_t log_mark_ = 0;       // guarded by mu_; where the current run's output starts
};

// Options with these `serve` arguments (and database URL, when not empty).
inline ServerProcess::Options ServeArgs(std::vector<std::string> args, std::string database = "") {
  ServerProcess::Options options;
  options.extra_args = std::move(args);
  options.database = std::move(database);
  return options;
}

// Path of the binary under test, from the build (SESSIOND_BINARY compile definition).
std::string SessiondBinary();
// Runs `sessiond ARGS...` to completion; returns exit status and captured stdout.
struct CommandResult {
  int status = -1;
  std::string out;
  std::string err;
};
CommandResult RunSessiond(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {});
// A token from `sessiond token` signed with `secret`, for `sub` with `role` (authenticated or
// service_role), valid for `ttl`, with `user_role` (customer, mechanic, admin) when not empty.
std::string MintTestToken(const std::string& secret, const std::string& sub,
                          const std::string& role = "authenticated", const std::string& ttl = "1h",
                          const std::string& user_role = "");

}  // namespace sessiond::testing
