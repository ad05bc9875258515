#include "auth/secret_file.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace sessiond::auth {
namespace {

class SecretFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sessiond-secret-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    config_.store.data_dir = (dir_ / "data").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  core::Config config_;
};

TEST_F(SecretFileTest, ConfiguredSecretWins) {
  config_.auth.jwt_secret = "configured";
  core::Result<SecretSource> source = LoadSigningSecret(config_, true);
  ASSERT_TRUE(source);
  EXPECT_EQ(source->secret, "configured");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "data" / "jwt_secret"));
}

TEST_F(SecretFileTest, CreatesPrivateFileOnceAndReadsItBack) {
  core::Result<SecretSource> created = LoadSigningSecret(config_, true);
  ASSERT_TRUE(created) << created.error().ToString();
  EXPECT_TRUE(created->created);
  EXPECT_EQ(created->secret.size(), 64u);
  struct stat st {};
  ASSERT_EQ(::stat(created->path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  core::Result<SecretSource> again = LoadSigningSecret(config_, true);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->secret, created->secret);
}

TEST_F(SecretFileTest, TokenCommandDoesNotCreateOne) {
  core::Result<SecretSource> missing = LoadSigningSecret(config_, false);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "data" / "jwt_secret"));
}

}  // namespace
}  // namespace sessiond::auth
