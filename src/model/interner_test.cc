#include "model/interner.h"

#include <gtest/gtest.h>

#include <string>

namespace sakimori {
namespace {

TEST(InternerTest, AssignsDenseIdsInFirstSeenOrder) {
  Interner in;
  EXPECT_EQ(in.Intern("b"), 0u);
  EXPECT_EQ(in.Intern("a"), 1u);
  EXPECT_EQ(in.Intern("b"), 0u);
  EXPECT_EQ(in.Find("a"), 1u);
  EXPECT_EQ(in.Find("zzz"), Interner::kNone);
  EXPECT_EQ(in.Name(1), "a");
  EXPECT_EQ(in.size(), 2u);
}

TEST(InternerTest, KeysOutliveTheCallersBuffer) {
  Interner in;
  for (int i = 0; i < 100000; ++i) {
    std::string key = "account-" + std::to_string(i);
    ASSERT_EQ(in.Intern(key), static_cast<uint32_t>(i));
  }
  EXPECT_EQ(in.Name(99999), "account-99999");
  EXPECT_EQ(in.Find("account-31337"), 31337u);
}

}  // namespace
}  // namespace sakimori
