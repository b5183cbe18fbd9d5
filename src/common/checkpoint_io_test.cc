// File: common/checkpoint_io_test.cc
#include "common/checkpoint_io.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace sakimori {
namespace {

TEST(CheckpointIoTest, FileRoundTripInPiecesWithTheHashOfTheWhole) {
  const std::string path = ::testing::TempDir() + "/checkpoint_io_test.bin";
  std::string whole;
  for (int i = 0; i < 100000; ++i) whole.push_back(static_cast<char>(i * 7919 % 251));
  {
    auto out = FileCheckpointWriter::Open(path);
    ASSERT_TRUE(out.ok()) << out.status();
    for (size_t at = 0; at < whole.size(); at += 999) {
      ASSERT_TRUE((*out)->Write(std::string_view(whole).substr(at, 999)).ok());
    }
    EXPECT_EQ((*out)->Digest(), Hash64(whole));
    ASSERT_TRUE((*out)->Close().ok());
  }
  EXPECT_EQ(std::filesystem::file_size(path), whole.size());
  auto in = FileCheckpointReader::Open(path);
  ASSERT_TRUE(in.ok()) << in.status();
  std::string back, piece;
  while ((*in)->remaining() > 0) {
    ASSERT_TRUE((*in)->Read(std::min<uint64_t>(4096, (*in)->remaining()), &piece).ok());
    back += piece;
  }
  EXPECT_EQ(back, whole);
  EXPECT_EQ((*in)->Digest(), Hash64(whole));
  // Past the end: an error before any allocation, and nothing consumed.
  const Status st = (*in)->Read(uint64_t{1} << 60, &piece);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("truncated"), std::string::npos);
  std::filesystem::remove(path);
}

TEST(CheckpointIoTest, StringFormsAndFileErrors) {
  std::string buffer;
  StringCheckpointWriter w(&buffer);
  ASSERT_TRUE(w.Write("abc").ok());
  ASSERT_TRUE(w.Write("def").ok());
  EXPECT_EQ(buffer, "abcdef");
  StringCheckpointReader r(buffer);
  std::string piece;
  ASSERT_TRUE(r.Read(4, &piece).ok());
  EXPECT_EQ(piece, "abcd");
  EXPECT_EQ(r.remaining(), 2u);
  EXPECT_FALSE(r.Read(3, &piece).ok());
  EXPECT_EQ(r.remaining(), 2u);
  EXPECT_EQ(FileCheckpointReader::Open("/nonexistent/dir/state").status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(FileCheckpointWriter::Open("/nonexistent/dir/state").status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace sakimori
