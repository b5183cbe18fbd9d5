// File: store/store_concurrency_test.cc
// Readers beside a writer on one SQLite file (WAL mode): readers on their own connections
// never fail or wait for the writer, and never see half of a batch.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/strings.h"
#include "store/store_test_util.h"

namespace sakimori {
namespace {

TEST(StoreConcurrencyTest, SqliteReadersSeeWholeBatchesWhileAWriterWrites) {
  TestDatabase db("sqlite");
  constexpr int kBatches = 40;
  constexpr int kBatchSize = 250;
  auto writer = Store::Open(db.url(), {.migrate = true});
  ASSERT_TRUE(writer.ok()) << writer.status();

  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::atomic<int> torn{0};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      auto store = Store::Open(db.url());
      if (!store.ok()) {
        ++failures;
        return;
      }
      int64_t last = 0;
      while (!done.load()) {
        auto info = (*store)->Info();
        if (!info.ok()) {
          ++failures;
          continue;
        }
        int64_t accounts = info->row_counts[1].second;
        // Whole batches only, never fewer than seen before.
        if (accounts % kBatchSize != 0 || accounts < last) ++torn;
        last = accounts;
        auto top = (*store)->TopAccounts(10);
        if (!top.ok()) ++failures;
        ++reads;
      }
    });
  }
  for (int b = 0; b < kBatches; ++b) {
    std::vector<AccountRecord> batch(kBatchSize);
    for (int i = 0; i < kBatchSize; ++i) {
      batch[i].id = StrCat("a", b * kBatchSize + i);
      batch[i].automation_score = (i % 100) / 100.0;
    }
    ASSERT_TRUE((*writer)->PutAccounts(batch).ok());
  }
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(torn.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ((*writer)->Info()->row_counts[1].second, kBatches * kBatchSize);
}

}  // namespace
}  // namespace sakimori
