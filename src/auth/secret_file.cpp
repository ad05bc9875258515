#include "auth/secret_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <openssl/rand.h>

namespace sessiond::auth {
namespace {

constexpr int kSecretBytes = 32;

std::string RandomHex(int bytes) {
  std::string raw(bytes, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : raw) {
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 15]);
  }
  return hex;
}

std::string Trim(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

}  // namespace

core::Result<SecretSource> LoadSigningSecret(const core::Config& config, bool create_if_missing) {
  if (!config.auth.jwt_secret.empty()) return SecretSource{config.auth.jwt_secret, "", false};

  std::string path = config.store.data_dir + "/jwt_secret";
  std::ifstream in(path);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    std::string secret = Trim(text.str());
    if (secret.empty()) return core::Error::Unavailable("signing secret file " + path + " is empty");
    return SecretSource{secret, path, false};
  }
  if (!create_if_missing) {
    return core::Error::NotFound("no signing secret: set auth.jwt_secret (SESSIOND_JWT_SECRET) or "
                                 "start `sessiond serve` once to create " + path);
  }

  std::error_code ec;
  std::filesystem::create_directories(config.store.data_dir, ec);
  // Written to a private file, then linked into place: link() fails if the name exists, so
  // when two processes start together exactly one secret wins and nobody reads a half-written
  // file.
  std::string temp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return core::Error::Unavailable("cannot create " + temp + ": " + std::strerror(errno));
  std::string secret = RandomHex(kSecretBytes);
  std::string line = secret + "\n";
  bool written = ::write(fd, line.data(), line.size()) == ssize_t(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  int linked = written ? ::link(temp.c_str(), path.c_str()) : -1;
  int link_errno = errno;
  ::unlink(temp.c_str());
  if (!written) return core::Error::Unavailable("cannot write " + temp);
  if (linked != 0) {
    if (link_errno == EEXIST) return LoadSigningSecret(config, false);
    return core::Error::Unavailable("cannot create " + path + ": " + std::strerror(link_errno));
  }
  return SecretSource{secret, path, true};
}

}  // namespace sessiond::auth
