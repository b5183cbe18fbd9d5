// File: ingest/byte_source_test.cc
// ByteSource::size: known for plain files and memory (the reader sizes its interners from
// it), unknown for standard input and compressed streams.
#include "ingest/byte_source.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace sakimori {
namespace {

TEST(ByteSourceTest, PlainMemoryAndFileKnowTheirSize) {
  auto mem = OpenMemory("m", "a,b\n1,2\n");
  ASSERT_TRUE(mem.ok());
  EXPECT_EQ((*mem)->size(), 8u);

  const std::string path = (std::filesystem::temp_directory_path() /
                            ("sakimori_byte_source_test_" + std::to_string(::getpid())))
                               .string();
  {
    std::ofstream out(path, std::ios::binary);
    out << std::string(100000, 'x');
  }
  auto file = OpenInput(path);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ((*file)->size(), 100000u);
  std::filesystem::remove(path);
}

TEST(ByteSourceTest, CompressedSizeIsUnknown) {
  const std::string text(1000, 'y');
  uLongf len = compressBound(text.size()) + 32;
  std::string gz(len, '\0');
  z_stream zs{};
  ASSERT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  zs.avail_in = text.size();
  zs.next_out = reinterpret_cast<Bytef*>(gz.data());
  zs.avail_out = gz.size();
  ASSERT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  gz.resize(zs.total_out);
  deflateEnd(&zs);
  auto src = OpenMemory("m.gz", gz);
  ASSERT_TRUE(src.ok());
  EXPECT_EQ((*src)->size(), 0u);
  char buf[2000];
  auto got = (*src)->Read(buf, sizeof buf);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, 1000u);
}

}  // namespace
}  // namespace sakimori
