// The write-ahead log is copied into the database file while the database stays open, and
// its file stays bounded however fast the writer goes (WalCheckpointer).
#include "store/sqlite/wal_checkpointer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include "store/sqlite/sqlite_database.hpp"

namespace sessiond::store::sqlite {
namespace {

constexpr uintmax_t kPage = 4096;
// A log frame is a page and its 24-byte header.
constexpr uintmax_t kFrame = kPage + 24;
constexpr int kRowsPerCommit = 100;
// Each row holds a blob that fills a page of its own.
constexpr int kBlobBytes = 3000;

class WalCheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sessiond-wal-" + std::to_string(std::random_device()()));
    DatabaseOptions options;
    options.url = "sqlite:" + path().string();
    options.pool_size = 1;
    core::Result<std::unique_ptr<Database>> db = SqliteDatabase::Open(options);
    ASSERT_TRUE(db.ok()) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Write([](Connection& c) {
                     return c.ExecuteScript("CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB)");
                   }).ok());
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path path() const { return dir_ / "wal.db"; }
  uintmax_t Size(const std::string& suffix) const {
    return std::filesystem::file_size(path().string() + suffix);
  }

  // `commits` commits of kRowsPerCommit pages each.
  void WritePages(int commits) {
    for (int i = 0; i < commits; ++i) {
      core::Result<void> written = db_->Write([](Connection& c) -> core::Result<void> {
        for (int row = 0; row < kRowsPerCommit; ++row) {
          core::Result<int64_t> inserted =
              c.Execute("INSERT INTO blobs (b) VALUES (randomblob(?))", {int64_t{kBlobBytes}});
          if (!inserted) return inserted.error();
        }
        return core::Ok();
      });
      ASSERT_TRUE(written.ok()) << written.error().ToString();
    }
  }

  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(WalCheckpointTest, TheLogFileStaysBoundedUnderAWriterThatNeverPauses) {
  // 16,000 pages, back to back: without checkpoints the log would hold them all.
  WritePages(160);
  // Four times the 1,000-page threshold, plus the commits made while the writer's own
  // checkpoint found the thread's still running (one checkpoint at a time: it then copies
  // nothing and tries again after the next commit).
  EXPECT_LE(Size("-wal"), 6000 * kFrame);
  // What the log no longer holds is in the database file.
  EXPECT_GE(Size(""), 4000 * kPage);
}

// The thread alone, beside a writer connection that stays open (SQLite checkpoints when the
// last connection closes, which would hide whether the thread did).
TEST(WalCheckpointerTest, CopiesTheLogIntoTheDatabaseFileBesideTheWriter) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("sessiond-wal-thread-" + std::to_string(std::random_device()()));
  std::filesystem::create_directories(dir);
  SqliteConnection::Settings settings{(dir / "wal.db").string(), SqliteConnection::Role::kWriter,
                                      5000, "NORMAL"};
  core::Result<std::unique_ptr<SqliteConnection>> writer = SqliteConnection::Open(settings);
  ASSERT_TRUE(writer.ok()) << writer.error().ToString();
  core::Result<std::unique_ptr<WalCheckpointer>> checkpointer =
      WalCheckpointer::Start(settings, 1000);
  ASSERT_TRUE(checkpointer.ok()) << checkpointer.error().ToString();
  (*writer)->SetWalHook([&](int pages) { (*checkpointer)->LogGrew(**writer, pages); });

  ASSERT_TRUE((*writer)->ExecuteScript("CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB)").ok());
  // 1,500 pages: past the threshold, below the 4,000 where the writer would copy them itself.
  for (int commit = 0; commit < 15; ++commit) {
    ASSERT_TRUE((*writer)->Control("BEGIN").ok());
    for (int row = 0; row < kRowsPerCommit; ++row) {
      ASSERT_TRUE((*writer)
                      ->Execute("INSERT INTO blobs (b) VALUES (randomblob(?))",
                                {int64_t{kBlobBytes}})
                      .ok());
    }
    ASSERT_TRUE((*writer)->Control("COMMIT").ok());
  }
  // Stopping the thread finishes the checkpoint the commits asked for, if it had not run yet.
  checkpointer->reset();
  EXPECT_GE(std::filesystem::file_size(settings.path), 1000 * kPage);

  writer->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sessiond::store::sqlite
