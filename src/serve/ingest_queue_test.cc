// File: serve/ingest_queue_test.cc
// The durable ingest queue: bodies survive a reopen until acknowledged, a torn tail is cut
// off, and acknowledged bodies are not replayed.
#include "serve/ingest_queue.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

namespace sakimori::serve {
namespace {

class IngestQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sakimori-queue-" + std::to_string(std::random_device()()));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<QueuedBody> Pending(IngestQueue& q) {
    std::vector<QueuedBody> out;
    EXPECT_TRUE(q.ForEachPending([&](const QueuedBody& b) {
                   out.push_back(b);
                   return absl::OkStatus();
                 }).ok());
    return out;
  }

  std::filesystem::path dir_;
};

TEST_F(IngestQueueTest, UnacknowledgedBodiesAreReplayedAfterReopen) {
  {
    auto q = IngestQueue::Open(dir_.string());
    ASSERT_TRUE(q.ok()) << q.status();
    auto s1 = (*q)->Append("canonical", false, "{\"a\":1}\n");
    auto s2 = (*q)->Append("twitter-v2", true, std::string("bin\0ary\n", 8));
    auto s3 = (*q)->Append("canonical", false, "third");
    ASSERT_TRUE(s1.ok() && s2.ok() && s3.ok());
    EXPECT_EQ(*s1, 1u);
    EXPECT_EQ(*s3, 3u);
    ASSERT_TRUE((*q)->Ack(1).ok());
  }
  auto q = IngestQueue::Open(dir_.string());
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ((*q)->acked_seq(), 1u);
  EXPECT_EQ((*q)->last_seq(), 3u);
  std::vector<QueuedBody> pending = Pending(**q);
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].seq, 2u);
  EXPECT_EQ(pending[0].format, "twitter-v2");
  EXPECT_TRUE(pending[0].partial);
  EXPECT_EQ(pending[0].body, std::string("bin\0ary\n", 8));
  EXPECT_EQ(pending[1].body, "third");
  auto s4 = (*q)->Append("canonical", false, "fourth");
  ASSERT_TRUE(s4.ok());
  EXPECT_EQ(*s4, 4u);
}

TEST_F(IngestQueueTest, TornTailIsCutOff) {
  {
    auto q = IngestQueue::Open(dir_.string());
    ASSERT_TRUE(q.ok());
    ASSERT_TRUE((*q)->Append("canonical", false, "whole").ok());
  }
  const auto spool = dir_ / "ingest.spool";
  const auto good_size = std::filesystem::file_size(spool);
  {
    std::ofstream out(spool, std::ios::app | std::ios::binary);
    out << "SKMQ1 2 canonical 0 100 0123456789abcdef\npartial bo";  // crash mid-write
  }
  auto q = IngestQueue::Open(dir_.string());
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(std::filesystem::file_size(spool), good_size);
  std::vector<QueuedBody> pending = Pending(**q);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].body, "whole");
  auto next = (*q)->Append("canonical", false, "after");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, 2u);
}

TEST_F(IngestQueueTest, CompactsWhenEverythingIsAcknowledged) {
  auto q = IngestQueue::Open(dir_.string(), /*compact_bytes=*/10);
  ASSERT_TRUE(q.ok());
  ASSERT_TRUE((*q)->Append("canonical", false, "0123456789abcdef").ok());
  ASSERT_TRUE((*q)->Ack(1).ok());
  EXPECT_EQ((*q)->spool_bytes(), 0u);
  q->reset();
  auto again = IngestQueue::Open(dir_.string(), 10);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->last_seq(), 1u) << "sequence numbers continue after compaction";
  EXPECT_TRUE(Pending(**again).empty());
}

}  // namespace
}  // namespace sakimori::serve
