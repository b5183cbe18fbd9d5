// File: detect/coord/co_share_test.cc
// Co-action edges on small fixtures: burst counting, leader/follower counts, the partner
// cap, multi-modal weights from events, and deterministic Leiden groups.
#include "detect/coord/co_share.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/strings.h"
#include "detect/coord/coord_detector.h"
#include "detect/coord/coord_output.h"
#include "detect/coord/groups.h"

namespace sakimori::coord {
namespace {

const EdgeAcc* Find(const ActionEdges& ae, AccountId a, AccountId b) {
  auto it = ae.edges.find(PairKey(a, b));
  return it == ae.edges.end() ? nullptr : &it->second;
}

TEST(CoShareTest, CountsBurstsDirectionAndDelay) {
  Dictionary dict;
  ShareSet set({Action::kRepost}, ExtractOptions{}, &dict);
  AccountId a = dict.accounts.Intern("a"), b = dict.accounts.Intern("b"),
            c = dict.accounts.Intern("c");
  // o1: a at 0, b at 10, a again at 20 (same burst: a-b counts once), c at 100 (outside).
  set.AddShare(0, "o1", a, 0);
  set.AddShare(0, "o1", b, 10000);
  set.AddShare(0, "o1", a, 20000);
  set.AddShare(0, "o1", c, 100000);
  // o1 again two hours later: a new burst, b leads.
  set.AddShare(0, "o1", b, 7200000);
  set.AddShare(0, "o1", a, 7205000);
  // o2: a and b at the same second.
  set.AddShare(0, "o2", a, 50000);
  set.AddShare(0, "o2", b, 50000);
  CoShareParams p;
  p.time_window_seconds = 60;
  ActionEdges ae = ComputeActionEdges(set.action(0), p);
  const EdgeAcc* ab = Find(ae, a, b);
  ASSERT_NE(ab, nullptr);
  EXPECT_EQ(ab->weight, 3u);
  EXPECT_EQ(ab->a_first, 1u);  // a led in the first o1 burst
  EXPECT_EQ(ab->b_first, 1u);  // b led in the second
  EXPECT_DOUBLE_EQ(ab->sum_delay_ms, 10000 + 5000 + 0);
  EXPECT_EQ(Find(ae, a, c), nullptr);  // 80 s apart
  EXPECT_EQ(ae.stats.same_account, 1u);
  EXPECT_EQ(ae.edges.size(), 1u);
  // q_o1: 6 shares, 15 pairs; within 60 s: (0,10),(0,20),(10,20),(7200,7205) = 4.
  EXPECT_NEAR(ae.popularity.object_window_share[0], 4.0 / 15.0, 1e-12);
}

TEST(CoShareTest, PartnerCapBoundsPairsAndCountsDrops) {
  Dictionary dict;
  ShareSet set({Action::kRepost}, ExtractOptions{}, &dict);
  for (int i = 0; i < 100; ++i) {
    set.AddShare(0, "viral", dict.accounts.Intern(StrCat("u", i)), i * 100);
  }
  CoShareParams p;
  p.time_window_seconds = 60;
  p.max_partners = 10;
  ActionEdges ae = ComputeActionEdges(set.action(0), p);
  // Share j pairs with min(j, 10) earlier shares: 45 + 90 * 10 = 945 pairs; the window
  // holds all 4,950, so 4,005 are dropped.
  EXPECT_EQ(ae.stats.pairs_formed, 945u);
  EXPECT_EQ(ae.stats.pairs_in_window, 4950u);
  EXPECT_EQ(ae.stats.partners_dropped, 4005u);
  EXPECT_EQ(ae.edges.size(), 945u);
}

TEST(CoShareTest, CrowdCapSkipsSharesArrivingInCrowdedWindows) {
  Dictionary dict;
  ShareSet set({Action::kRepost}, ExtractOptions{}, &dict);
  // "viral": 100 shares one second apart (all within 60 s of their 59 predecessors at most).
  for (int i = 0; i < 100; ++i) {
    set.AddShare(0, "viral", dict.accounts.Intern(StrCat("u", i)), i * 1000);
  }
  // "rare": two ring accounts, which must keep their edge.
  AccountId r1 = dict.accounts.Intern("r1"), r2 = dict.accounts.Intern("r2");
  set.AddShare(0, "rare", r1, 0);
  set.AddShare(0, "rare", r2, 5000);
  CoShareParams p;
  p.time_window_seconds = 60;
  p.max_window_shares = 10;
  ActionEdges ae = ComputeActionEdges(set.action(0), p);
  // Share j of "viral" has min(j, 60) earlier shares in the window (60 s inclusive); shares
  // 0..10 are paired (0+1+...+10 = 55 pairs), shares 11..99 are skipped.
  uint64_t in_window_viral = 0;
  for (int j = 0; j < 100; ++j) in_window_viral += std::min(j, 60);
  EXPECT_EQ(ae.stats.pairs_in_window, in_window_viral + 1);
  EXPECT_EQ(ae.stats.crowd_skipped, in_window_viral - 55);
  EXPECT_EQ(ae.stats.pairs_formed, 55u + 1u);
  EXPECT_EQ(ae.edges.size(), 55u + 1u);
  ASSERT_NE(Find(ae, r1, r2), nullptr);
  // q_o still counts every pair in the window.
  const double n = 100;
  EXPECT_NEAR(ae.popularity.object_window_share[0], in_window_viral / (n * (n - 1) / 2), 1e-12);
  // The evidence pass visits exactly the formed edges.
  size_t visited = 0;
  ForEachFirstCoShare(ae.sorted, p, [&](const Share&, const Share&) { ++visited; });
  EXPECT_EQ(visited, ae.edges.size());
}

// Posts carrying URLs and hashtags, as the German election table gives them.
void AddPost(EventBatch* batch, Dictionary* dict, const std::string& account, int64_t t_s,
             std::vector<std::string_view> urls, std::vector<std::string_view> tags) {
  Event& e = batch->Add();
  e.kind = EventKind::kPost;
  e.time = t_s * 1000;
  e.actor = dict->accounts.Intern(account);
  e.urls = batch->CopyList(urls);
  e.hashtags = batch->CopyList(tags);
}

TEST(CoShareTest, MultiModalKeepsPerActionWeights) {
  Dictionary dict;
  EventBatch batch;
  // a and b share the same article (with different tracking parameters) three times and
  // the same hashtag twice; c only shares the hashtag with them once.
  for (int k = 0; k < 3; ++k) {
    std::string u1 = StrCat("https://News.example/a", k, "?utm_source=tw");
    std::string u2 = StrCat("https://news.example/a", k, "#comments");
    AddPost(&batch, &dict, "a", 1000 * k, {u1}, {});
    AddPost(&batch, &dict, "b", 1000 * k + 5, {u2}, {});
  }
  AddPost(&batch, &dict, "a", 5000, {}, {"#Wahl"});
  AddPost(&batch, &dict, "b", 5010, {}, {"#WAHL"});
  AddPost(&batch, &dict, "c", 5020, {}, {"#wahl"});
  AddPost(&batch, &dict, "a", 9000, {}, {"#klima"});
  AddPost(&batch, &dict, "b", 9030, {}, {"#Klima"});
  ShareSet set({Action::kUrl, Action::kHashtag, Action::kDomain}, ExtractOptions{}, &dict);
  set.Add(batch);
  CoordParams params;
  params.co_share.time_window_seconds = 60;
  CoordDetector det(&set, params);
  ASSERT_TRUE(det.Run().ok());
  AccountId a = dict.accounts.Find("a"), b = dict.accounts.Find("b"), c = dict.accounts.Find("c");
  bool seen_ab = false, seen_ac = false;
  for (const CoordEdge& e : det.edges()) {
    if (e.a == a && e.b == b) {
      seen_ab = true;
      EXPECT_EQ(det.ByAction(e, 0), 3u);  // url
      EXPECT_EQ(det.ByAction(e, 1), 2u);  // hashtag
      EXPECT_EQ(det.ByAction(e, 2), 3u);  // domain news.example, one burst per post time
      EXPECT_EQ(e.weight, 8u);
      EXPECT_EQ(e.a_first, 8u);
    }
    if (e.a == a && e.b == c) {
      seen_ac = true;
      EXPECT_EQ(e.weight, 1u);
      EXPECT_EQ(det.ByAction(e, 1), 1u);
    }
  }
  EXPECT_TRUE(seen_ab);
  EXPECT_TRUE(seen_ac);
  EXPECT_EQ(set.action(0).objects.size(), 3u);  // tracking parameters and fragments ignored
}

// The share set records each target post's author (for actions on posts only) and the
// posts, quotes and replies each account wrote: what the audience null needs.
TEST(ShareSetTest, RecordsPostAuthorsAndAuthoredPosts) {
  Dictionary dict;
  const AccountId idol = dict.accounts.Intern("idol"), fan = dict.accounts.Intern("fan");
  ShareSet set({Action::kRepost, Action::kLike, Action::kHashtag}, ExtractOptions{}, &dict);
  auto event = [&](EventKind kind, AccountId actor, std::string_view id, std::string_view target,
                   AccountId target_author) {
    Event e;
    e.kind = kind;
    e.actor = actor;
    if (!id.empty()) e.post = dict.posts.Intern(id);
    if (!target.empty()) e.target = dict.posts.Intern(target);
    e.target_account = target_author;
    set.Add(e);
  };
  event(EventKind::kPost, idol, "p1", "", kNoAccount);
  event(EventKind::kPost, idol, "p2", "", kNoAccount);
  event(EventKind::kReply, fan, "r1", "p1", idol);  // a reply is a post the fan wrote
  event(EventKind::kRepost, fan, "s1", "p1", idol);
  event(EventKind::kRepost, idol, "s2", "r1", fan);
  event(EventKind::kLike, fan, "", "p2", kNoAccount);  // author unknown
  event(EventKind::kLike, idol, "", "p2", idol);       // the first event named no author
  ASSERT_GT(set.authored_posts().size(), size_t{fan});
  EXPECT_EQ(set.authored_posts()[idol], 2u);
  EXPECT_EQ(set.authored_posts()[fan], 1u);
  const ActionShares& reposts = set.action(0);
  ASSERT_EQ(reposts.objects.size(), 2u);
  EXPECT_EQ(reposts.object_author[reposts.objects.Find("p1")], idol);
  EXPECT_EQ(reposts.object_author[reposts.objects.Find("r1")], fan);
  const ActionShares& likes = set.action(1);
  ASSERT_EQ(likes.objects.size(), 1u);
  EXPECT_EQ(likes.object_author[0], idol);  // filled in by a later event
  EXPECT_TRUE(set.action(2).object_author.empty());  // hashtags have no author
}

// SortByObjectTime orders by (object, time, seq) whether or not the input is in seq order
// (the packed-key path and the direct sort), with ties in time broken by seq.
TEST(CoShareTest, SortByObjectTimeOrdersByObjectTimeSeq) {
  // Deterministic pseudo-random shares: 3 objects, times with many ties, distinct seqs.
  std::vector<Share> shares;
  uint64_t x = 12345;
  for (uint32_t i = 0; i < 500; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    shares.push_back(Share{static_cast<int64_t>((x >> 33) % 20) * 1000,
                           static_cast<ObjectId>((x >> 20) % 3), i % 7, kNoContent, i});
  }
  auto expected = shares;
  std::sort(expected.begin(), expected.end(), [](const Share& a, const Share& b) {
    if (a.object != b.object) return a.object < b.object;
    if (a.time != b.time) return a.time < b.time;
    return a.seq < b.seq;
  });
  auto same = [](const std::vector<Share>& a, const std::vector<Share>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i].seq != b[i].seq || a[i].object != b[i].object || a[i].time != b[i].time) {
        return false;
      }
    }
    return true;
  };
  auto in_seq_order = shares;
  SortByObjectTime(&in_seq_order, 3);
  EXPECT_TRUE(same(in_seq_order, expected));
  auto reversed = shares;  // not in seq order: the direct sort
  std::reverse(reversed.begin(), reversed.end());
  SortByObjectTime(&reversed, 3);
  EXPECT_TRUE(same(reversed, expected));
}

TEST(GroupsTest, TwoCliquesJoinedByOneEdgeAreTwoGroups) {
  Dictionary dict;
  std::vector<WeightedEdge> edges;
  std::vector<AccountId> x, y;
  for (int i = 0; i < 6; ++i) x.push_back(dict.accounts.Intern(StrCat("x", i)));
  for (int i = 0; i < 5; ++i) y.push_back(dict.accounts.Intern(StrCat("y", i)));
  for (size_t i = 0; i < x.size(); ++i)
    for (size_t j = i + 1; j < x.size(); ++j) edges.push_back({x[i], x[j], 5});
  for (size_t i = 0; i < y.size(); ++i)
    for (size_t j = i + 1; j < y.size(); ++j) edges.push_back({y[i], y[j], 5});
  edges.push_back({x[0], y[0], 1});
  auto g = LeidenGroups(edges, dict.accounts, LeidenParams{});
  ASSERT_TRUE(g.ok());
  ASSERT_EQ(g->num_groups, 2u);
  ASSERT_EQ(g->members.size(), 11u);
  for (const auto& [account, group] : g->members) {
    // The larger clique is group 0.
    EXPECT_EQ(group, dict.accounts.Name(account).starts_with("x") ? 0u : 1u);
  }
}

TEST(GroupsTest, SameInputSameGroups) {
  // A noisy graph where the partition is not obvious: the result must not change between
  // runs, nor with the order the edges are given in.
  Dictionary dict;
  std::vector<WeightedEdge> edges;
  std::vector<AccountId> v;
  for (int i = 0; i < 60; ++i) v.push_back(dict.accounts.Intern(StrCat("v", i)));
  uint64_t s = 12345;
  for (int k = 0; k < 300; ++k) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    uint32_t i = (s >> 33) % 60, j = (s >> 13) % 60;
    if (i == j) continue;
    edges.push_back({v[i], v[j], static_cast<double>(1 + (s >> 50) % 4)});
  }
  auto g1 = LeidenGroups(edges, dict.accounts, LeidenParams{});
  std::reverse(edges.begin(), edges.end());
  auto g2 = LeidenGroups(edges, dict.accounts, LeidenParams{});
  auto g3 = LeidenGroups(edges, dict.accounts, LeidenParams{});
  ASSERT_TRUE(g1.ok() && g2.ok() && g3.ok());
  EXPECT_GT(g1->num_groups, 1u);
  EXPECT_EQ(g1->members, g2->members);
  EXPECT_EQ(g2->members, g3->members);
}

}  // namespace
}  // namespace sakimori::coord

namespace sakimori::coord {
namespace {

// A text-cluster stage stand-in: maps each post's text length to a cluster id.
class LengthClusters : public ObjectKeyProvider {
 public:
  void Keys(const Event& e, std::vector<std::string>* keys) const override {
    keys->push_back(StrCat("cluster", e.text.size() / 10));
  }
};

TEST(ActionKeyerTest, CoactivityHashtagSequenceAndPluggableText) {
  Dictionary dict;
  EventBatch batch;
  Event& e = batch.Add();
  e.kind = EventKind::kPost;
  e.time = 125000;  // 125 s
  e.actor = dict.accounts.Intern("a");
  std::vector<std::string_view> tags = {"#Wahl", "#Klima"};
  e.hashtags = batch.CopyList(tags);
  e.text = batch.Copy("Same   Text  for everyone, copied");
  std::vector<std::string> keys;

  ExtractOptions options;
  options.bin_seconds = 60;
  ActionKeyer coactivity(Action::kCoactivity, options, &dict);
  coactivity.Keys(e, &keys);
  EXPECT_EQ(keys, std::vector<std::string>{"2"});  // bin floor(125 / 60)

  ActionKeyer sequence(Action::kHashtagSequence, options, &dict);
  sequence.Keys(e, &keys);
  EXPECT_EQ(keys, std::vector<std::string>{"wahl klima"});  // order kept

  ActionKeyer exact_text(Action::kText, options, &dict);
  exact_text.Keys(e, &keys);
  EXPECT_EQ(keys, std::vector<std::string>{"same text for everyone, copied"});

  LengthClusters clusters;
  options.text = &clusters;
  ActionKeyer plugged(Action::kText, options, &dict);
  plugged.Keys(e, &keys);
  EXPECT_EQ(keys, std::vector<std::string>{"cluster3"});

  // A repost performs none of these post-level text actions but is co-active.
  Event& r = batch.Add();
  r.kind = EventKind::kRepost;
  r.time = 59999;
  r.actor = e.actor;
  exact_text.Keys(r, &keys);
  EXPECT_TRUE(keys.empty());
  coactivity.Keys(r, &keys);
  EXPECT_EQ(keys, std::vector<std::string>{"0"});
}

// The post-keyed actions name their object by the target post's name, and TargetPost gives
// that post for exactly the events whose Keys are not empty.
TEST(ActionKeyerTest, TargetPostAgreesWithKeysForEveryKind) {
  Dictionary dict;
  EventBatch batch;
  const PostId target = dict.posts.Intern("1234567890123456789");
  ExtractOptions options;
  const std::vector<Action> post_actions = {Action::kRepost, Action::kLike, Action::kReply,
                                            Action::kQuote, Action::kEngage};
  for (Action a : post_actions) EXPECT_TRUE(ActionKeyer(a, options, &dict).KeysTargetPost());
  for (Action a : {Action::kUrl, Action::kHashtag, Action::kText, Action::kCoactivity}) {
    EXPECT_FALSE(ActionKeyer(a, options, &dict).KeysTargetPost());
  }
  std::vector<std::string> keys;
  for (EventKind kind : {EventKind::kPost, EventKind::kRepost, EventKind::kLike, EventKind::kReply,
                         EventKind::kQuote}) {
    for (PostId t : {target, kNoPost}) {
      Event& e = batch.Add();
      e.kind = kind;
      e.actor = dict.accounts.Intern("a");
      e.target = t;
      for (Action a : post_actions) {
        ActionKeyer keyer(a, options, &dict);
        keyer.Keys(e, &keys);
        const PostId p = keyer.TargetPost(e);
        if (keys.empty()) {
          EXPECT_EQ(p, kNoPost) << ActionName(a) << " " << static_cast<int>(kind);
        } else {
          EXPECT_EQ(keys, std::vector<std::string>{"1234567890123456789"});
          EXPECT_EQ(p, target);
        }
      }
    }
  }
  // Each action shares the target of its own kind; engage of all four engagement kinds.
  Event& like = batch.Add();
  like.kind = EventKind::kLike;
  like.actor = dict.accounts.Intern("a");
  like.target = target;
  EXPECT_EQ(ActionKeyer(Action::kLike, options, &dict).TargetPost(like), target);
  EXPECT_EQ(ActionKeyer(Action::kEngage, options, &dict).TargetPost(like), target);
  EXPECT_EQ(ActionKeyer(Action::kRepost, options, &dict).TargetPost(like), kNoPost);
}

}  // namespace
}  // namespace sakimori::coord

namespace sakimori::coord {
namespace {

TEST(CoordDetectorTest, CoactivityPairsTheWholeBin) {
  Dictionary dict;
  EventBatch batch;
  auto post = [&](const std::string& account, int64_t t_s) {
    Event& e = batch.Add();
    e.kind = EventKind::kPost;
    e.time = t_s * 1000;
    e.actor = dict.accounts.Intern(account);
  };
  post("a", 61);
  post("b", 110);  // same 60 s bin as a, 49 s later (beyond the 10 s window)
  post("c", 125);  // next bin
  ExtractOptions extract;
  extract.bin_seconds = 60;
  ShareSet set({Action::kCoactivity}, extract, &dict);
  set.Add(batch);
  CoordParams params;
  params.co_share.time_window_seconds = 10;
  params.bin_seconds = 60;
  CoordDetector det(&set, params);
  ASSERT_TRUE(det.Run().ok());
  ASSERT_EQ(det.edges().size(), 1u);
  EXPECT_EQ(dict.accounts.Name(det.edges()[0].a), "a");
  EXPECT_EQ(dict.accounts.Name(det.edges()[0].b), "b");
  EXPECT_DOUBLE_EQ(det.edges()[0].mean_delay_s, 49);
}

}  // namespace
}  // namespace sakimori::coord
