// File: detect/text/near_duplicate_clusterer_test.cc
#include "detect/text/near_duplicate_clusterer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>

#include "detect/text/internal/text_generator.h"

namespace sakimori::text {
namespace {

// Variants of one post (ids 1-7) and unrelated posts on the same topic (ids 20-23).
const std::vector<std::pair<uint64_t, std::string>>& Corpus() {
  static const auto* corpus = new std::vector<std::pair<uint64_t, std::string>>{
      {1,
       "新しいマニフェストをチェックして、明日の選挙では必ず投票に行きましょう！私たちの一票が未来"
       "を変えます。"},
      // half-width katakana and punctuation, full-width Latin
      {2,
       "新しいﾏﾆﾌｪｽﾄをﾁｪｯｸして､明日の選挙では必ず投票に行きましょう!私たちの一票が未来を変えます｡"},
      // punctuation changed and removed
      {3,
       "新しいマニフェストをチェックして　明日の選挙では必ず投票に行きましょう‼ "
       "私たちの一票が未来を変えます"},
      // inserted emoji
      {4,
       "🔥新しいマニフェストをチェックして、明日の選挙では必ず投票に行きましょう🗳️！私たちの一"
       "票が未来を変えます🙏✨"},
      // one word changed
      {5,
       "新しいマニフェストをチェックして、明日の選挙では絶対に投票に行きましょう！私たちの一票が未"
       "来を変えます。"},
      // different URL and mention
      {6,
       "@suzuki_77 "
       "新しいマニフェストをチェックして、明日の選挙では必ず投票に行きましょう！私たちの一票が未来"
       "を変えます。 https://t.co/AbC123"},
      {7,
       "＠ｙａｍａｄａ "
       "新しいマニフェストをチェックして、明日の選挙では必ず投票に行きましょう！私たちの一票が未来"
       "を変えます。https://example.jp/x"},
      // same topic, different posts
      {20, "期日前投票は駅前の市役所で受け付けています。明日の選挙に行けない方はぜひ。"},
      {21, "候補者の討論会を見ました。経済政策の違いがよく分かりました。"},
      {22, "選挙ポスターの掲示板が近所に設置されました。投票日まであと一週間です。"},
      {23, "若者の投票率が低いのは、政治が自分の生活に関係ないと思われているからでしょうか。"},
      // too short to cluster, though identical
      {30, "投票に行こう！"},
      {31, "投票に行こう"},
  };
  return *corpus;
}

NearDuplicateClusterer Cluster(const std::vector<std::pair<uint64_t, std::string>>& texts) {
  NearDuplicateClusterer c = *NearDuplicateClusterer::Create(NearDuplicateOptions{});
  for (const auto& [id, text] : texts) c.Add(id, text);
  EXPECT_TRUE(c.Run().ok());
  return c;
}

TEST(NearDuplicateClustererTest, VariantsFormOneNarrative) {
  NearDuplicateClusterer c = Cluster(Corpus());
  ASSERT_EQ(c.clusters().size(), 1u);
  const Narrative& n = c.clusters()[0];
  EXPECT_EQ(n.id, 1u);
  EXPECT_EQ(n.members, (std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(n.representative, Corpus()[0].second);
  for (uint64_t id : {20, 21, 22, 23, 30, 31}) EXPECT_EQ(c.ClusterOf(id), id);
  EXPECT_EQ(c.ClusterOf(6), 1u);
  EXPECT_EQ(c.stats().texts, 13u);
  EXPECT_EQ(c.stats().too_short, 2u);
  EXPECT_EQ(c.stats().clustered_texts, 7u);
  // 1, 2, 3, 6 and 7 normalise to the same text (2 differs in width, 3 and 6/7 in punctuation,
  // spaces, URL and mention)... except that 3 loses no characters: all four join by hash.
  EXPECT_GE(c.stats().exact_duplicates, 3u);
}

TEST(NearDuplicateClustererTest, ResultDoesNotDependOnInsertionOrder) {
  internal::TextGenerator gen(3);
  std::vector<std::pair<uint64_t, std::string>> texts;
  for (uint64_t i = 0; i < 3000; ++i) {
    if (i > 0 && gen.rng()() % 2 == 0) {
      // a variant of an earlier text
      const std::string& base = texts[gen.rng()() % texts.size()].second;
      texts.emplace_back(i * 3 + 5, gen.Variant(base));
    } else {
      texts.emplace_back(i * 3 + 5, gen.Post(8 + gen.rng()() % 10));
    }
  }
  NearDuplicateClusterer a = Cluster(texts);
  std::shuffle(texts.begin(), texts.end(), std::mt19937_64(99));
  NearDuplicateClusterer b = Cluster(texts);
  ASSERT_EQ(a.clusters().size(), b.clusters().size());
  EXPECT_GT(a.clusters().size(), 100u);
  for (size_t i = 0; i < a.clusters().size(); ++i) {
    EXPECT_EQ(a.clusters()[i].id, b.clusters()[i].id);
    EXPECT_EQ(a.clusters()[i].members, b.clusters()[i].members);
    EXPECT_EQ(a.clusters()[i].representative, b.clusters()[i].representative);
  }
}

// Against brute force on every pair: each narrative lies within one connected component of
// the exact graph (J >= threshold), and almost every exact link is recovered.
TEST(NearDuplicateClustererTest, AgreesWithBruteForce) {
  internal::TextGenerator gen(5);
  std::vector<std::string> posts;
  std::vector<std::pair<uint64_t, std::string>> texts;
  for (uint64_t i = 0; i < 800; ++i) {
    std::string t;
    if (!posts.empty() && gen.rng()() % 3 == 0) {
      // one word replaced: a near (not exact) duplicate
      t = posts[gen.rng()() % posts.size()];
      size_t cut = t.size() / 2;
      while (cut < t.size() && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) ++cut;
      t = t.substr(0, cut) + gen.Word() + t.substr(cut);
    } else {
      t = gen.Post(6 + gen.rng()() % 12);
    }
    posts.push_back(t);
    texts.emplace_back(i, t);
  }
  NearDuplicateOptions options;
  NearDuplicateClusterer c = Cluster(texts);

  TextNormalizer norm = *TextNormalizer::Create();
  std::vector<std::vector<uint64_t>> sets(texts.size());
  std::u32string chars;
  for (size_t i = 0; i < texts.size(); ++i) {
    norm.NormalizeToCodePoints(texts[i].second, &chars);
    ShingleHashes(chars, options.shingle_width, &sets[i]);
  }
  std::vector<size_t> parent(texts.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  size_t links = 0, recovered = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    for (size_t j = i + 1; j < texts.size(); ++j) {
      if (ExactJaccard(sets[i], sets[j]) < options.threshold) continue;
      ++links;
      recovered += c.ClusterOf(i) == c.ClusterOf(j);
      parent[find(i)] = find(j);
    }
  }
  for (const Narrative& n : c.clusters()) {
    for (uint64_t m : n.members) EXPECT_EQ(find(m), find(n.members[0]));
  }
  EXPECT_GT(links, 100u);
  EXPECT_GE(static_cast<double>(recovered) / links, 0.98) << recovered << " of " << links;
}

// 20,000 distinct variants of one post share most LSH buckets: the work per bucket is bounded
// (this would take minutes with all pairs) and they still form one narrative.
TEST(NearDuplicateClustererTest, HugeBucketsStayBoundedAndConnected) {
  internal::TextGenerator gen(21);
  const std::string base = gen.Post(20);
  std::vector<std::pair<uint64_t, std::string>> texts;
  for (uint64_t i = 0; i < 20000; ++i) {
    std::string t = base;
    for (int k = 0; k < 2; ++k) {  // two words inserted: almost all variants are distinct
      size_t cut = gen.rng()() % t.size();
      while (cut < t.size() && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) ++cut;
      t.insert(cut, gen.Word());
    }
    texts.emplace_back(i, t);
  }
  NearDuplicateClusterer c = Cluster(texts);
  ASSERT_EQ(c.clusters().size(), 1u);
  EXPECT_EQ(c.clusters()[0].members.size(), 20000u);
  EXPECT_LT(c.stats().exact_duplicates, 1000u);
  EXPECT_LT(c.stats().candidate_pairs, 4u * 20000);  // about one per text: joined at once
}

TEST(NearDuplicateClustererTest, InvalidUtf8IsClusteredLikeReplacementCharacters) {
  const std::string base = Corpus()[0].second;
  std::vector<std::pair<uint64_t, std::string>> texts = {
      {1, base},
      {2, "\xff\xfe" + base + "\xc0"},                         // stray bytes around: dropped
      {3, base.substr(0, 39) + "\xe3\x81" + base.substr(39)},  // truncated sequence inside
      {4, std::string(200, '\x80')},                           // nothing valid at all
  };
  NearDuplicateClusterer c = Cluster(texts);
  ASSERT_EQ(c.clusters().size(), 1u);
  EXPECT_EQ(c.clusters()[0].members, (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(c.stats().too_short, 1u);  // text 4 normalises to nothing
}

TEST(NearDuplicateClustererTest, RejectsRepeatedIdAndBadOptions) {
  NearDuplicateClusterer c = *NearDuplicateClusterer::Create(NearDuplicateOptions{});
  c.Add(1, "明日の選挙では必ず投票に行きましょう");
  c.Add(1, "明日の選挙では必ず投票に行きましょう");
  EXPECT_EQ(c.Run().code(), absl::StatusCode::kInvalidArgument);
  NearDuplicateOptions bad;
  bad.threshold = 1.5;
  EXPECT_EQ(NearDuplicateClusterer::Create(bad).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sakimori::text
