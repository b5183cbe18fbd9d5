// File: common/output_file_test.cc
#include "common/output_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sakimori {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sakimori_output_file_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(OutputFileTest, CreatesGrowsAndShrinks) {
  const std::string path = (dir_ / "out.csv").string();
  ASSERT_TRUE(WriteFileInPlace(path, "a,b\n1,2\n").ok());
  EXPECT_EQ(ReadAll(path), "a,b\n1,2\n");
  // Longer, then shorter: no bytes of an earlier version survive past the new end.
  ASSERT_TRUE(WriteFileInPlace(path, "a,b\n1,2\n3,4\n5,6\n").ok());
  EXPECT_EQ(ReadAll(path), "a,b\n1,2\n3,4\n5,6\n");
  ASSERT_TRUE(WriteFileInPlace(path, "x\n").ok());
  EXPECT_EQ(ReadAll(path), "x\n");
  ASSERT_TRUE(WriteFileInPlace(path, "").ok());
  EXPECT_EQ(std::filesystem::file_size(path), 0u);
}

TEST_F(OutputFileTest, MissingDirectoryIsAnError) {
  const std::string path = (dir_ / "no_such_dir" / "out.csv").string();
  Status s = WriteFileInPlace(path, "x");
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_NE(std::string(s.message()).find("no_such_dir/out.csv"), std::string::npos);
}

}  // namespace
}  // namespace sakimori
