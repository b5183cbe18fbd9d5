// File: detect/coord/co_selection_test.cc
#include "detect/coord/co_selection.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "common/strings.h"
#include "detect/coord/significance.h"

namespace sakimori::coord {
namespace {

constexpr TimeMs kHour = 3600 * 1000;

// A world with known answers: 2,000 ordinary accounts engage with random posts of 200
// authors (10 posts each, popularity skewed); 40 fans engage with 80 % of one idol's 30
// posts; an operation of 30 accounts pushes 12 chosen posts of 4 authors, each post by a
// random 40 % of its members, spread over days (no time pattern at all).
struct World {
  Dictionary dict;
  ShareSet shares{{Action::kEngage}, ExtractOptions{}, &dict};
  std::vector<std::string> ring, fans;
  std::vector<std::string> targets;
};

void Build(World* w, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto account = [&](const std::string& name) { return w->dict.accounts.Intern(name); };
  auto engage = [&](const std::string& who, int post, TimeMs t) {
    w->shares.AddShare(0, StrCat("p", post), account(who), t);
  };
  // Posts 0..1999 by authors 0..199 (post p by author p / 10); the idol's posts 2000..2029;
  // authors are recorded as the shares' object authors below.
  std::vector<int> posts(2030);
  for (int p = 0; p < 2030; ++p) posts[p] = p;
  std::uniform_int_distribution<int> hour(0, 240);
  // Ordinary accounts: 20 engagements each, post popularity Zipf-like.
  std::vector<double> weight(2000);
  for (int p = 0; p < 2000; ++p) weight[p] = 1.0 / (1 + (p * 7919) % 2000);
  std::discrete_distribution<int> pick(weight.begin(), weight.end());
  for (int a = 0; a < 2000; ++a) {
    for (int k = 0; k < 20; ++k) engage(StrCat("u", a), pick(rng), hour(rng) * kHour);
  }
  std::bernoulli_distribution fan_engages(0.8);
  for (int f = 0; f < 40; ++f) {
    w->fans.push_back(StrCat("fan", f));
    for (int p = 2000; p < 2030; ++p) {
      if (fan_engages(rng)) engage(w->fans.back(), p, hour(rng) * kHour);
    }
  }
  for (int r = 0; r < 30; ++r) w->ring.push_back(StrCat("ring", r));
  std::bernoulli_distribution member_engages(0.4);
  for (int t = 0; t < 12; ++t) {
    const int post = (t % 4) * 370 + 3 + t / 4;  // 3 posts of each of authors 0, 37, 74, 111
    w->targets.push_back(StrCat("p", post));
    for (const std::string& m : w->ring) {
      if (member_engages(rng)) engage(m, post, hour(rng) * kHour);
    }
  }
  ActionShares& a = w->shares.mutable_action(0);
  a.object_author.assign(a.objects.size(), kNoAccount);
  for (size_t o = 0; o < a.objects.size(); ++o) {
    const int p = std::stoi(std::string(a.objects.Name(o)).substr(1));
    a.object_author[o] = account(p >= 2000 ? "idol" : StrCat("author", p / 10));
  }
}

TEST(CoSelectionTest, FindsTheRotatingRingButNotTheFans) {
  World w;
  Build(&w, 7);
  auto result = DetectCoSelection(w.shares.action(0), {}, CoSelectionParams{});
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->groups.size(), 1u) << result->pairs.size() << " pairs, "
                                        << result->stats.groups_dropped << " groups dropped";
  const CoSelectionGroup& g = result->groups[0];
  std::vector<std::string> objects, members;
  for (ObjectId o : g.objects) objects.emplace_back(w.shares.action(0).objects.Name(o));
  for (const CoSelectionMember& m : g.members) members.emplace_back(w.dict.accounts.Name(m.account));
  std::vector<std::string> targets = w.targets;
  // The group holds only targets, nearly all of them (a target the members happened to leave
  // to few of them can fall short).
  for (const std::string& o : objects) {
    EXPECT_NE(std::find(targets.begin(), targets.end(), o), targets.end()) << o;
  }
  EXPECT_GE(objects.size(), 10u);
  EXPECT_EQ(g.authors, 4u);
  EXPECT_GE(g.member_share, 0.5);
  EXPECT_LE(g.member_share, 1.0);
  // Members act on 40 % of 12 targets: those with at least 3 are found, nobody else.
  size_t ring_found = 0;
  for (const std::string& m : members) {
    EXPECT_EQ(m.rfind("ring", 0), 0u) << m;
    ring_found += m.rfind("ring", 0) == 0;
  }
  EXPECT_GE(ring_found, 24u);
  // Every significant pair joins two targets of different authors.
  for (const CoSelectedPair& p : result->pairs) {
    EXPECT_NE(std::find(targets.begin(), targets.end(), w.shares.action(0).objects.Name(p.a)),
              targets.end());
    EXPECT_NE(w.shares.action(0).object_author[p.a], w.shares.action(0).object_author[p.b]);
  }
}

TEST(CoSelectionTest, SameResultWhateverTheShareOrderAndTimes) {
  World w1, w2;
  Build(&w1, 11);
  Build(&w2, 11);
  // The same (account, object) pairs with shuffled order and new times, twice over.
  ActionShares& a2 = w2.shares.mutable_action(0);
  std::mt19937_64 rng(3);
  std::shuffle(a2.shares.begin(), a2.shares.end(), rng);
  const size_t n = a2.shares.size();
  for (size_t i = 0; i < n; ++i) {
    Share s = a2.shares[i];
    s.time += 1000;
    a2.shares.push_back(s);
  }
  auto r1 = DetectCoSelection(w1.shares.action(0), {}, CoSelectionParams{});
  auto r2 = DetectCoSelection(w2.shares.action(0), {}, CoSelectionParams{});
  ASSERT_TRUE(r1.ok() && r2.ok());
  ASSERT_EQ(r1->pairs.size(), r2->pairs.size());
  for (size_t i = 0; i < r1->pairs.size(); ++i) {
    EXPECT_EQ(r1->pairs[i].a, r2->pairs[i].a);
    EXPECT_EQ(r1->pairs[i].b, r2->pairs[i].b);
    EXPECT_EQ(r1->pairs[i].ln_p, r2->pairs[i].ln_p);
  }
  ASSERT_EQ(r1->groups.size(), r2->groups.size());
  for (size_t g = 0; g < r1->groups.size(); ++g) {
    EXPECT_EQ(r1->groups[g].objects, r2->groups[g].objects);
    ASSERT_EQ(r1->groups[g].members.size(), r2->groups[g].members.size());
  }
}

TEST(CoSelectionTest, HandComputedNullAndBadParameters) {
  // Objects x and y share 3 accounts; each of the 4 accounts acts on both or one.
  Dictionary dict;
  ShareSet shares({Action::kEngage}, ExtractOptions{}, &dict);
  for (const char* a : {"a", "b", "c"}) {
    for (const char* o : {"x", "y"}) shares.AddShare(0, o, dict.accounts.Intern(a), 0);
  }
  shares.AddShare(0, "x", dict.accounts.Intern("d"), 0);
  CoSelectionParams p;
  p.min_object_accounts = 3;
  p.min_group_objects = 2;
  p.fdr = 0.5;
  auto r = DetectCoSelection(shares.action(0), {}, p);
  ASSERT_TRUE(r.ok());
  // n_x = 4, n_y = 3, D = 7; d = 2, 2, 2, 1: S_x = 3, S_y = 3; lambda = (3*3 + 3*4) / 14.
  ASSERT_EQ(r->stats.pairs_tested, 1u);
  ASSERT_EQ(r->pairs.size(), 1u);
  EXPECT_DOUBLE_EQ(r->pairs[0].expected, 21.0 / 14.0);
  EXPECT_EQ(r->pairs[0].shared, 3u);
  EXPECT_DOUBLE_EQ(r->pairs[0].ln_p, PoissonUpperTailLn(3, 1.5));
  p.fdr = 1.5;
  EXPECT_FALSE(DetectCoSelection(shares.action(0), {}, p).ok());
  p.fdr = 0.5;
  p.min_group_objects = 1;
  EXPECT_FALSE(DetectCoSelection(shares.action(0), {}, p).ok());
}

}  // namespace
}  // namespace sakimori::coord
