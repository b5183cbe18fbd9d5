#include "common/arena.h"

#include <gtest/gtest.h>

#include <string>

namespace sakimori {
namespace {

TEST(ArenaTest, CopiesSurviveUntilReset) {
  Arena arena(64);
  std::vector<std::string_view> views;
  for (int i = 0; i < 1000; ++i) views.push_back(arena.Copy("value-" + std::to_string(i)));
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(views[i], "value-" + std::to_string(i));
  std::string big(1000, 'x');
  EXPECT_EQ(arena.Copy(big), big);  // larger than a block
  arena.Reset();
  EXPECT_EQ(arena.Copy("again"), "again");
}

TEST(ArenaTest, ArraysAreAligned) {
  Arena arena(128);
  arena.Copy("x");
  auto* p = arena.AllocateArray<uint64_t>(5);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % alignof(uint64_t), 0u);
}

}  // namespace
}  // namespace sakimori
