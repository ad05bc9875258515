// The write-ahead log is copied into the database file while the database stays open, and
// its file stays bounded however fast the writer goes (WalCheckpointer).
#include "store/sqlite/wal_checkpointer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

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

TEST_F(WalCheckpointTest, TheCheckpointerCopiesTheLogWhileTheWriterRests) {
  // Past the threshold, below the point where the writer would copy it itself.
  WritePages(15);
  // Nothing else copies it (the writer only does past 4,000 pages; SQLite's own automatic
  // checkpoint is off): wait for the checkpointer's thread, with a generous bound.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (Size("") < 1000 * kPage && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_GE(Size(""), 1000 * kPage);
}

}  // namespace
}  // namespace sessiond::store::sqlite
