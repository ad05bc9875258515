#include "server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace sessiond::testing {
namespace {

std::filesystem::path NewTempDir() {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("sessiond-api-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// fork + exec with stdout and stderr on `out_fd` and `err_fd`; the child gets `env` added.
pid_t Spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            int out_fd, int err_fd) {
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid > 0) return pid;
  ::dup2(out_fd, 1);
  ::dup2(err_fd, 2);
  for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  ::_exit(127);
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::string ReadAll(int fd) {
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) text.append(buf, size_t(n));
  return text;
}

}  // namespace

std::string SessiondBinary() { return SESSIOND_BINARY; }

CommandResult RunSessiond(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv = {SessiondBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::filesystem::path dir = NewTempDir();
  int out_fd = ::open((dir / "out").c_str(), O_RDWR | O_CREAT, 0644);
  int err_fd = ::open((dir / "err").c_str(), O_RDWR | O_CREAT, 0644);
  pid_t pid = Spawn(argv, env, out_fd, err_fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::lseek(out_fd, 0, SEEK_SET);
  ::lseek(err_fd, 0, SEEK_SET);
  CommandResult result{DecodeStatus(status), ReadAll(out_fd), ReadAll(err_fd)};
  ::close(out_fd);
  ::close(err_fd);
  std::filesystem::remove_all(dir);
  return result;
}

ServerProcess::ServerProcess(Options options) : options_(std::move(options)) {
  data_dir_ = NewTempDir();
  Start();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop(SIGKILL);
  if (reader_.joinable()) reader_.join();
  std::filesystem::remove_all(data_dir_);
}

void ServerProcess::Start() {
  if (reader_.joinable()) reader_.join();
  std::vector<std::string> args = {SessiondBinary(), "serve", "--listen",
                                   "127.0.0.1:" + std::to_string(port_), "--data-dir",
                                   (data_dir_ / "data").string()};
  if (!options_.database.empty()) {
    args.push_back("--database");
    args.push_back(options_.database);
  }
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  {
    std::lock_guard lock(mu_);
    log_mark_ = log_.size();
  }
  pid_ = Spawn(args, options_.env, pipe_fds[1], pipe_fds[1]);
  ::close(pipe_fds[1]);
  pidfd_ = int(::syscall(SYS_pidfd_open, pid_, 0));
  reader_ = std::thread([this, fd = pipe_fds[0]] { ReadOutput(fd); });
  if (!options_.wait_ready) return;

  if (!WaitForLog("listening on ")) {
    throw std::runtime_error("sessiond did not start listening within 30 s:\n" + Log());
  }
  std::lock_guard lock(mu_);
  std::smatch match;
  std::string run = log_.substr(log_mark_);
  if (std::regex_search(run, match, std::regex("listening on [0-9.]+:([0-9]+)"))) {
    port_ = std::stoi(match[1]);
  }
}

void ServerProcess::ReadOutput(int fd) {
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) {
    std::lock_guard lock(mu_);
    log_.append(buf, size_t(n));
    output_changed_.notify_all();
  }
  ::close(fd);
  std::lock_guard lock(mu_);
  log_ += "\n[process output closed]\n";
  output_changed_.notify_all();
}

bool ServerProcess::WaitForLog(const std::string& text, std::chrono::milliseconds bound) {
  std::unique_lock lock(mu_);
  return output_changed_.wait_for(lock, bound, [&] {
    return log_.find(text, log_mark_) != std::string::npos ||
           log_.find("[process output closed]", log_mark_) != std::string::npos;
  }) && log_.find(text, log_mark_) != std::string::npos;
}

std::optional<int> ServerProcess::Stop(int signal, std::chrono::milliseconds bound) {
  if (pid_ <= 0) return std::nullopt;
  ::kill(pid_, signal);
  pollfd exited{pidfd_, POLLIN, 0};
  if (::poll(&exited, 1, int(bound.count())) <= 0) return std::nullopt;
  int status = 0;
  ::waitpid(pid_, &status, 0);
  ::close(pidfd_);
  pid_ = -1;
  pidfd_ = -1;
  if (reader_.joinable()) reader_.join();
  return DecodeStatus(status);
}

std::string ServerProcess::Log() const {
  std::lock_guard lock(mu_);
  return log_;
}

std::string MintTestToken(const std::string& secret, const std::string& sub,
                          const std::string& role, const std::string& ttl,
                          const std::string& user_role) {
  std::vector<std::string> args = {"token", "--jwt-secret", secret, "--sub", sub,
                                   "--role", role, "--ttl", ttl};
  if (!user_role.empty()) args.insert(args.end(), {"--user-role", user_role});
  CommandResult minted = RunSessiond(args);
  if (minted.status != 0) throw std::runtime_error("sessiond token failed: " + minted.err);
  while (!minted.out.empty() && minted.out.back() == '\n') minted.out.pop_back();
  return minted.out;
}

}  // namespace sessiond::testing
