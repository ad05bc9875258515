// The command line seen from outside: migrate, version, token and configuration errors.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "server_process.hpp"

namespace sessiond::testing {
namespace {

std::filesystem::path TempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("sessiond-cli-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(CliTest, VersionPrintsVersionAndSchema) {
  CommandResult result = RunSessiond({"version"});
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.out.rfind("sessiond ", 0), 0u) << result.out;
  EXPECT_NE(result.out.find("schema: sqlite "), std::string::npos) << result.out;
}

TEST(CliTest, MigrateAppliesOnceThenReportsUpToDate) {
  auto dir = TempDir("migrate");
  std::string url = "sqlite:" + (dir / "db.sqlite").string();
  CommandResult first = RunSessiond({"migrate", "--database", url});
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_NE(first.out.find("migrated schema from version 0"), std::string::npos) << first.out;
  CommandResult second = RunSessiond({"migrate", "--database", url});
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_NE(second.out.find("schema is up to date"), std::string::npos) << second.out;
  std::filesystem::remove_all(dir);
}

TEST(CliTest, ServeHelpListsEveryConfigurationKey) {
  CommandResult result = RunSessiond({"serve", "--help"});
  EXPECT_EQ(result.status, 0);
  for (const char* expected : {"--listen", "SESSIOND_LISTEN", "--database", "SESSIOND_DATABASE",
                               "--data-dir", "SESSIOND_DATA_DIR", "--jwt-secret",
                               "SESSIOND_JWT_SECRET", "--body-limit", "--config"}) {
    EXPECT_NE(result.out.find(expected), std::string::npos) << expected;
  }
}

TEST(CliTest, BadConfigurationNamesTheKeyAndSource) {
  CommandResult bad_env = RunSessiond({"migrate"}, {{"SESSIOND_LISTEN", "no-port"}});
  EXPECT_EQ(bad_env.status, 2);
  EXPECT_NE(bad_env.err.find("http.listen"), std::string::npos) << bad_env.err;
  EXPECT_NE(bad_env.err.find("SESSIOND_LISTEN"), std::string::npos) << bad_env.err;

  auto dir = TempDir("config");
  std::ofstream(dir / "sessiond.toml") << "[http]\nlisten = \"127.0.0.1:9\"\nlistn = 1\n";
  CommandResult bad_file = RunSessiond({"migrate", "--config", (dir / "sessiond.toml").string()});
  EXPECT_EQ(bad_file.status, 2);
  EXPECT_NE(bad_file.err.find("unknown key http.listn"), std::string::npos) << bad_file.err;

  CommandResult bad_url = RunSessiond({"migrate", "--database", "mysql://x"});
  EXPECT_EQ(bad_url.status, 2);
  EXPECT_NE(bad_url.err.find("store.database"), std::string::npos) << bad_url.err;
  std::filesystem::remove_all(dir);
}

TEST(CliTest, TokenRejectsUnknownRoleAndWorksWithoutServerOnlyWithSecret) {
  CommandResult bad_role =
      RunSessiond({"token", "--jwt-secret", "s", "--sub", "u", "--role", "root"});
  EXPECT_EQ(bad_role.status, 2);
  EXPECT_NE(bad_role.err.find("--role"), std::string::npos) << bad_role.err;

  auto dir = TempDir("token");
  CommandResult no_secret = RunSessiond({"token", "--data-dir", dir.string(), "--sub", "u"});
  EXPECT_EQ(no_secret.status, 1);
  EXPECT_NE(no_secret.err.find("jwt_secret"), std::string::npos) << no_secret.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sessiond::testing
