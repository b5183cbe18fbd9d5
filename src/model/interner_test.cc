// File: model/interner_test.cc
// Dense first-seen ids, and InternMany giving exactly the ids of one Intern call per key.
#include "model/interner.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

TEST(InternerTest, KeysOfEveryLengthAreFoundAgain) {
  // Key comparison takes a different path by length (up to 8, 16, 32 bytes, and longer).
  Interner in;
  std::vector<std::string> keys;
  for (size_t len = 1; len <= 40; ++len) {
    for (char c : {'a', 'b'}) {
      std::string k(len, 'x');
      k[len / 2] = c;  // keys of one length differ in the middle
      keys.push_back(k);
    }
  }
  for (size_t i = 0; i < keys.size(); ++i) ASSERT_EQ(in.Intern(keys[i]), i) << keys[i];
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(in.Intern(std::string(keys[i])), i) << keys[i];
    EXPECT_EQ(in.Find(keys[i]), i) << keys[i];
  }
  EXPECT_EQ(in.size(), keys.size());
}

TEST(InternerTest, InternManyMatchesInternOneByOne) {
  // Keys with repeats near and far apart, growing the table several times within one call.
  std::vector<std::string> keys;
  uint64_t x = 7;
  for (int i = 0; i < 50000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    keys.push_back(std::string("p").append(std::to_string((x >> 33) % 20000)));
  }
  Interner one, many;
  std::vector<uint32_t> expected;
  for (const std::string& k : keys) expected.push_back(one.Intern(k));
  std::vector<std::string_view> views(keys.begin(), keys.end());
  std::vector<uint32_t> got(views.size());
  // Two calls: the second starts from a non-empty table.
  many.InternMany(views.data(), 1000, got.data());
  many.InternMany(views.data() + 1000, views.size() - 1000, got.data() + 1000);
  EXPECT_EQ(got, expected);
  ASSERT_EQ(many.size(), one.size());
  EXPECT_LT(one.size(), 20000u);
  EXPECT_GT(one.size(), 15000u);
  for (uint32_t id = 0; id < one.size(); ++id) {
    ASSERT_EQ(many.Name(id), one.Name(id));
    ASSERT_EQ(many.Find(one.Name(id)), id);
  }
  EXPECT_EQ(many.Find("p20000"), Interner::kNone);
  // Mixing both calls keeps first-seen order.
  std::string_view more[] = {"new-1", views[0], "new-1"};
  uint32_t ids[3];
  many.InternMany(more, 3, ids);
  EXPECT_EQ(ids[0], one.size());
  EXPECT_EQ(ids[1], expected[0]);
  EXPECT_EQ(ids[2], ids[0]);
  EXPECT_EQ(many.Intern("new-2"), one.size() + 1);
}

TEST(InternerTest, KeysThatDifferOnlyInLengthOrLastByte) {
  Interner in;
  EXPECT_EQ(in.Intern("abc"), 0u);
  EXPECT_EQ(in.Intern("ab"), 1u);
  EXPECT_EQ(in.Intern("abd"), 2u);
  EXPECT_EQ(in.Intern(std::string_view("ab\0", 3)), 3u);
  EXPECT_EQ(in.Find("ab"), 1u);
  EXPECT_EQ(in.Find("a"), Interner::kNone);
  in.Reserve(1000);
  EXPECT_EQ(in.Find(std::string_view("ab\0", 3)), 3u);
  EXPECT_EQ(in.Name(2), "abd");
}

}  // namespace
}  // namespace sakimori
