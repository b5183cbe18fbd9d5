// File: detect/text/narrative_index_test.cc
#include "detect/text/narrative_index.h"

#include <gtest/gtest.h>

#include "detect/text/internal/text_generator.h"

namespace sakimori::text {
namespace {

constexpr TimeMs kMinute = 60 * 1000;
const char* kBase =
    "新しいマニフェストをチェックして、明日の選挙では必ず投票に行きましょう！私たちの一票が未来を変"
    "えます。";

TEST(NarrativeIndexTest, AssignsVariantsToTheFirstText) {
  NarrativeIndex index = *NarrativeIndex::Create({});
  Assignment a = index.Assign(10, 0, kBase);
  EXPECT_TRUE(a.clustered);
  EXPECT_TRUE(a.new_narrative);
  EXPECT_EQ(a.narrative, 10u);

  Assignment b = index.Assign(11, kMinute, std::string("🔥") + kBase + " https://t.co/x");
  EXPECT_EQ(b.narrative, 10u);
  EXPECT_DOUBLE_EQ(b.similarity, 1.0);  // identical once normalised
  Assignment c = index.Assign(12, 2 * kMinute,
                              "新しいマニフェストをチェックして、明日の選挙では絶対に投票に行きまし"
                              "ょう！私たちの一票が未来を変えます。");
  EXPECT_EQ(c.narrative, 10u);
  EXPECT_FALSE(c.new_narrative);
  EXPECT_GT(c.similarity, 0.6);
  EXPECT_LT(c.similarity, 1.0);
  Assignment d =
      index.Assign(13, 3 * kMinute, "候補者の討論会を見ました。経済政策の違いがよく分かりました。");
  EXPECT_EQ(d.narrative, 13u);
  EXPECT_TRUE(d.new_narrative);
  Assignment e = index.Assign(14, 4 * kMinute, "投票に行こう");
  EXPECT_FALSE(e.clustered);
  EXPECT_EQ(e.narrative, 14u);

  const NarrativeInfo* info = index.Find(10);
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->texts, 3u);
  EXPECT_EQ(info->representative, kBase);
  EXPECT_EQ(info->last_time, 2 * kMinute);
  EXPECT_EQ(index.stats().exact_matches, 1u);
  EXPECT_EQ(index.stats().near_matches, 1u);
  EXPECT_EQ(index.stats().too_short, 1u);
}

TEST(NarrativeIndexTest, EvictsByEventTimeWindow) {
  NarrativeIndexOptions options;
  options.window_ms = 60 * kMinute;
  NarrativeIndex index = *NarrativeIndex::Create(options);
  EXPECT_EQ(index.Assign(1, 0, kBase).narrative, 1u);
  EXPECT_EQ(index.Assign(2, 30 * kMinute, kBase).narrative, 1u);
  // 61 minutes after the first: the first entry leaves, the second still links.
  EXPECT_EQ(index.Assign(3, 61 * kMinute, kBase).narrative, 1u);
  EXPECT_EQ(index.stats().evicted_by_time, 1u);
  // 200 minutes: all earlier entries have left, the narrative is forgotten.
  Assignment late = index.Assign(4, 200 * kMinute, kBase);
  EXPECT_EQ(late.narrative, 4u);
  EXPECT_TRUE(late.new_narrative);
  EXPECT_EQ(index.stats().evicted_by_time, 3u);
  EXPECT_EQ(index.stats().narratives_expired, 1u);
  EXPECT_EQ(index.Find(1), nullptr);
  EXPECT_EQ(index.stats().live_entries, 1u);
}

TEST(NarrativeIndexTest, MemoryStaysBounded) {
  NarrativeIndexOptions options;
  options.max_entries = 500;
  options.bucket_cap = 4;
  NarrativeIndex index = *NarrativeIndex::Create(options);
  internal::TextGenerator gen(1);
  std::string base = gen.Post(12);
  for (uint64_t i = 0; i < 5000; ++i) {
    // Many distinct variants of one post fill the same buckets.
    index.Assign(i, static_cast<TimeMs>(i), i % 2 ? gen.Post(12) : base + gen.Word());
  }
  EXPECT_EQ(index.stats().live_entries, 500u);
  EXPECT_EQ(index.stats().evicted_by_capacity, 4500u);
  EXPECT_GT(index.stats().bucket_drops, 0u);
  EXPECT_LT(index.MemoryBytes(), 500u * 2048);
}

// With the entry cap evicting continuously, variants of entries that are still live are found
// (bucket chains stay correct across evictions).
TEST(NarrativeIndexTest, FindsLiveVariantsWhileEvicting) {
  NarrativeIndexOptions options;
  options.max_entries = 200;
  NarrativeIndex index = *NarrativeIndex::Create(options);
  internal::TextGenerator gen(13);
  std::vector<std::string> posts;
  std::vector<uint64_t> seq_of_post;
  uint64_t seq = 0;
  size_t found = 0, tried = 0;
  for (int i = 0; i < 3000; ++i) {
    posts.push_back(gen.Post(14));
    seq_of_post.push_back(seq);
    index.Assign(seq++, i, posts.back());
    if (i < 50) continue;
    // A variant of the post from 50 steps (100 entries) ago: one word inserted in the middle.
    std::string v = posts[i - 50];
    size_t cut = v.size() / 2;
    while (cut < v.size() && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) ++cut;
    v.insert(cut, gen.Word());
    Assignment a = index.Assign(seq++, i, v);
    ++tried;
    found += a.narrative == seq_of_post[i - 50];
  }
  EXPECT_GT(index.stats().evicted_by_capacity, 5000u);
  EXPECT_GE(found, tried * 99 / 100) << found << " of " << tried;
}

TEST(NarrativeIndexTest, SameSequenceGivesSameAssignments) {
  internal::TextGenerator gen(8);
  std::vector<std::string> texts;
  for (int i = 0; i < 2000; ++i) {
    texts.push_back(i > 0 && i % 3 == 0 ? gen.Variant(texts[gen.rng()() % texts.size()])
                                        : gen.Post(10));
  }
  NarrativeIndex a = *NarrativeIndex::Create({});
  NarrativeIndex b = *NarrativeIndex::Create({});
  size_t joined = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    Assignment x = a.Assign(i, static_cast<TimeMs>(i) * 1000, texts[i]);
    Assignment y = b.Assign(i, static_cast<TimeMs>(i) * 1000, texts[i]);
    EXPECT_EQ(x.narrative, y.narrative);
    joined += !x.new_narrative;
  }
  EXPECT_GE(joined, 600u);  // every third text is a variant
}

}  // namespace
}  // namespace sakimori::text
