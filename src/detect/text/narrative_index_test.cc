// File: detect/text/narrative_index_test.cc
#include "detect/text/narrative_index.h"

#include <gtest/gtest.h>

#include <random>

#include "detect/text/fingerprint.h"
#include "detect/text/internal/reference_narrative_index.h"
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

TEST(NarrativeIndexTest, RejectsBadOptions) {
  NarrativeIndexOptions options;
  options.bucket_cap = 0;
  EXPECT_FALSE(NarrativeIndex::Create(options).ok());
  options.bucket_cap = size_t{1} << 24;
  EXPECT_FALSE(NarrativeIndex::Create(options).ok());
  options.bucket_cap = 32;
  options.max_entries = size_t{1} << 23;  // 25 bands: 2^23 * 25 > 2^27 memberships
  EXPECT_FALSE(NarrativeIndex::Create(options).ok());
  options.max_entries = size_t{5} << 20;  // 5 * 2^20 * 25 < 2^27
  EXPECT_TRUE(NarrativeIndex::Create(options).ok());
  options.near_duplicate.sketch_capacity = (size_t{1} << 20) + 1;
  EXPECT_FALSE(NarrativeIndex::Create(options).ok());
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

// The index keeps entries, band links and sketches in power-of-two rings that grow and wrap;
// the straightforward ReferenceNarrativeIndex (deque, one vector per entry, sorting) must give
// the same Assignment, statistics and narratives for every call, across ring growth, wrap-around
// of entries and sketches, eviction by time and by capacity, full buckets and truncated
// sketches.
struct RingCase {
  const char* name;
  size_t max_entries;
  TimeMs window_ms;
  size_t bucket_cap;
  size_t max_verifications;
  size_t sketch_capacity;
};

void PrintTo(const RingCase& c, std::ostream* os) { *os << c.name; }

class NarrativeIndexRingTest : public testing::TestWithParam<RingCase> {};

TEST_P(NarrativeIndexRingTest, SameAssignmentsAsReference) {
  const RingCase& c = GetParam();
  NarrativeIndexOptions options;
  options.max_entries = c.max_entries;
  options.window_ms = c.window_ms;
  options.bucket_cap = c.bucket_cap;
  options.max_verifications = c.max_verifications;
  options.near_duplicate.sketch_capacity = c.sketch_capacity;
  NarrativeIndex fast = *NarrativeIndex::Create(options);
  internal::ReferenceNarrativeIndex ref = *internal::ReferenceNarrativeIndex::Create(options);
  internal::TextGenerator gen(31);
  std::vector<std::string> texts;
  size_t joined = 0, exact = 0;
  for (uint64_t i = 0; i < 6000; ++i) {
    std::string t;
    const uint64_t r = gen.rng()() % 10;
    if (texts.empty() || r < 4) {
      t = gen.Post(4 + static_cast<int>(gen.rng()() % 60));  // short to over 128 shingles
    } else if (r < 6) {
      t = texts[texts.size() - 1 - gen.rng()() % std::min<size_t>(texts.size(), 300)];
    } else if (r < 9) {
      t = gen.Variant(texts[texts.size() - 1 - gen.rng()() % std::min<size_t>(texts.size(), 300)]);
    } else {
      t = "短い" + gen.Word();  // too short to cluster
    }
    texts.push_back(t);
    // Event time: mostly increasing, sometimes a late event (the watermark does not move back).
    const TimeMs time = static_cast<TimeMs>(i) * 1000 - (i % 17 == 0 ? 5000 : 0);
    const Assignment a = fast.Assign(i + 1, time, t);
    const Assignment b = ref.Assign(i + 1, time, t);
    ASSERT_EQ(a.narrative, b.narrative) << "text " << i;
    ASSERT_EQ(a.similarity, b.similarity) << "text " << i;
    ASSERT_EQ(a.clustered, b.clustered) << "text " << i;
    ASSERT_EQ(a.new_narrative, b.new_narrative) << "text " << i;
    joined += a.clustered && !a.new_narrative;
    exact += a.similarity == 1.0;
    if (i % 500 == 0) {
      const NarrativeInfo* x = fast.Find(a.narrative);
      const NarrativeInfo* y = ref.Find(b.narrative);
      ASSERT_EQ(x == nullptr, y == nullptr);
      if (x != nullptr) {
        EXPECT_EQ(x->representative, y->representative);
        EXPECT_EQ(x->texts, y->texts);
        EXPECT_EQ(x->live_entries, y->live_entries);
        EXPECT_EQ(x->last_time, y->last_time);
      }
    }
  }
  const NarrativeIndexStats& s = fast.stats();
  const NarrativeIndexStats& t = ref.stats();
  EXPECT_EQ(s.exact_matches, t.exact_matches);
  EXPECT_EQ(s.near_matches, t.near_matches);
  EXPECT_EQ(s.too_short, t.too_short);
  EXPECT_EQ(s.verifications, t.verifications);
  EXPECT_EQ(s.evicted_by_time, t.evicted_by_time);
  EXPECT_EQ(s.evicted_by_capacity, t.evicted_by_capacity);
  EXPECT_EQ(s.bucket_drops, t.bucket_drops);
  EXPECT_EQ(s.narratives_expired, t.narratives_expired);
  EXPECT_EQ(s.live_entries, t.live_entries);
  // The workload exercises what it is meant to.
  EXPECT_GT(joined, 1000u);
  EXPECT_GT(exact, 500u);
  EXPECT_GT(s.evicted_by_time + s.evicted_by_capacity, 1000u);
  if (c.bucket_cap < 8) {
    EXPECT_GT(s.bucket_drops, 100u);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rings, NarrativeIndexRingTest,
    testing::Values(
        // 100 live entries at most: the 128-entry ring wraps many times, never grows.
        RingCase{"capacity_wraps", 100, 24LL * 3600 * 1000, 32, 64, 128},
        // A 40-minute window of ~2400 live entries: the ring grows from 1024 while wrapping,
        // and so does the sketch pool.
        RingCase{"window_grows", size_t{1} << 20, 40 * 60 * 1000, 32, 64, 128},
        // Short buckets, few verifications (partial sort), small truncated sketches.
        RingCase{"small_buckets", 300, 10 * 60 * 1000, 2, 3, 16},
        // Capacity exactly the ring size, long chains.
        RingCase{"exact_power_of_two", 1024, 24LL * 3600 * 1000, 200, 1000, 128}),
    [](const testing::TestParamInfo<RingCase>& info) { return std::string(info.param.name); });

// Bursts of variants of one hot post fill its buckets past bucket_cap, then the window
// evicts most of them (the buckets shrink) while new variants still arrive and must find exactly
// the live members the reference finds.
TEST(NarrativeIndexTest, BucketsGrowAndShrinkLikeReference) {
  NarrativeIndexOptions options;
  options.window_ms = 60 * 1000;
  NarrativeIndex fast = *NarrativeIndex::Create(options);
  internal::ReferenceNarrativeIndex ref = *internal::ReferenceNarrativeIndex::Create(options);
  internal::TextGenerator gen(77);
  std::string hot = gen.Post(20);
  uint64_t seq = 0;
  TimeMs time = 0;
  size_t near = 0;
  for (int burst = 0; burst < 40; ++burst) {
    if (burst % 4 == 0) hot = gen.Post(20);
    // 50 variants in 50 s, then one every 10 s for 100 s (the burst's members leave the
    // 60 s window one by one), then a pause.
    for (int i = 0; i < 60; ++i) {
      std::string v = hot;
      size_t cut = gen.rng()() % v.size();
      while (cut < v.size() && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) ++cut;
      v.insert(cut, gen.Word());
      time += i < 50 ? 1000 : 10000;
      const Assignment a = fast.Assign(++seq, time, v);
      const Assignment b = ref.Assign(seq, time, v);
      ASSERT_EQ(a.narrative, b.narrative) << seq;
      ASSERT_EQ(a.similarity, b.similarity) << seq;
      ASSERT_EQ(a.new_narrative, b.new_narrative) << seq;
      near += a.similarity < 1.0 && !a.new_narrative;
    }
    time += 30000;
  }
  EXPECT_EQ(fast.stats().verifications, ref.stats().verifications);
  EXPECT_EQ(fast.stats().bucket_drops, ref.stats().bucket_drops);
  EXPECT_GT(fast.stats().bucket_drops, 500u);
  EXPECT_GT(near, 1500u);
}

TEST(FingerprintTest, ComputeInTwoStepsEqualsCompute) {
  Fingerprinter f = *Fingerprinter::Create({});
  internal::TextGenerator gen(5);
  Fingerprint one, two;
  for (int i = 0; i < 200; ++i) {
    const std::string t = i % 10 == 0 ? "短い" : gen.Post(1 + i % 40);
    f.Compute(t, &one);
    f.ComputeExact(t, &two);
    if (two.clusterable) f.ComputeRest(&two);
    EXPECT_EQ(one.clusterable, two.clusterable);
    EXPECT_EQ(one.length, two.length);
    EXPECT_EQ(one.exact_hash, two.exact_hash);
    EXPECT_EQ(one.band_keys, two.band_keys);
    EXPECT_EQ(one.sketch.values(), two.sketch.values());
  }
}

// Checkpoints. The stream mixes new posts, exact copies, word-insertion variants and
// too-short texts of a few recent posts, in bursts (the entry cap evicts) and lulls (the window
// evicts); the options are small so that buckets overflow bucket_cap and shrink again, and
// differ from the defaults (the band keys too), so that a restore into a default index must
// take them from the checkpoint.
NarrativeIndexOptions CheckpointOptions() {
  NarrativeIndexOptions options;
  options.window_ms = 2 * kMinute;
  options.max_entries = 120;
  options.bucket_cap = 4;
  options.max_verifications = 8;
  options.representative_bytes = 40;
  NearDuplicateOptions& nd = options.near_duplicate;
  nd.threshold = 0.5;
  nd.num_hashes = 64;
  nd.scheme = MinHashScheme::kIndependent;
  nd.shingle_width = 2;
  nd.min_chars = 8;
  nd.sketch_capacity = 32;
  nd.fn_weight = 4.0;
  nd.normalize.remove_mentions = false;
  return options;
}

struct Text {
  TimeMs time;
  std::string text;
};

std::vector<Text> CheckpointStream(size_t n, uint64_t seed) {
  internal::TextGenerator gen(seed);
  std::vector<std::string> posts;
  std::vector<Text> out;
  TimeMs time = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint64_t r = gen.rng()() % 10;
    // One of the last 8 posts, or of the last 50 (copies outlive their first entries).
    const size_t back = gen.rng()() % (r % 2 == 0 ? 8 : 50);
    const std::string recent = posts.empty() ? "" : posts[posts.size() - 1 - back % posts.size()];
    std::string t;
    if (posts.empty() || r < 3) {
      t = gen.Post(3 + static_cast<int>(gen.rng()() % 30));
      posts.push_back(t);
    } else if (r < 5) {
      t = gen.Variant(recent);
    } else if (r < 9) {
      t = recent;
      size_t cut = gen.rng()() % t.size();
      while (cut < t.size() && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) ++cut;
      t.insert(cut, gen.Word());
    } else {
      t = "短い" + gen.Word();
    }
    // 150 texts in 30 s, then 50 in 150 s; now and then a late event.
    time += i % 200 < 150 ? 200 : 3000;
    out.push_back({time - (i % 23 == 0 ? 20000 : 0), std::move(t)});
  }
  return out;
}

void ExpectSameStats(const NarrativeIndexStats& a, const NarrativeIndexStats& b) {
  EXPECT_EQ(a.texts, b.texts);
  EXPECT_EQ(a.too_short, b.too_short);
  EXPECT_EQ(a.exact_matches, b.exact_matches);
  EXPECT_EQ(a.near_matches, b.near_matches);
  EXPECT_EQ(a.verifications, b.verifications);
  EXPECT_EQ(a.evicted_by_time, b.evicted_by_time);
  EXPECT_EQ(a.evicted_by_capacity, b.evicted_by_capacity);
  EXPECT_EQ(a.bucket_drops, b.bucket_drops);
  EXPECT_EQ(a.narratives_expired, b.narratives_expired);
  EXPECT_EQ(a.live_entries, b.live_entries);
}

std::string Checkpoint(const NarrativeIndex& index) {
  std::string bytes;
  index.Serialize(&bytes);
  return bytes;
}

// Assigns texts [from, to) of `stream` (sequence number = index + 1) and compares each
// Assignment with `expected`.
void Continue(NarrativeIndex* index, const std::vector<Text>& stream, size_t from, size_t to,
              const std::vector<Assignment>& expected) {
  for (size_t i = from; i < to; ++i) {
    const Assignment a = index->Assign(i + 1, stream[i].time, stream[i].text);
    const Assignment& b = expected[i];
    ASSERT_EQ(a.narrative, b.narrative) << "text " << i;
    ASSERT_EQ(a.similarity, b.similarity) << "text " << i;
    ASSERT_EQ(a.clustered, b.clustered) << "text " << i;
    ASSERT_EQ(a.new_narrative, b.new_narrative) << "text " << i;
  }
}

TEST(NarrativeIndexCheckpointTest, RestoredIndexContinuesExactly) {
  const std::vector<Text> stream = CheckpointStream(3000, 41);
  const NarrativeIndexOptions options = CheckpointOptions();
  NarrativeIndex full = *NarrativeIndex::Create(options);
  std::vector<Assignment> expected;
  for (size_t i = 0; i < stream.size(); ++i) {
    expected.push_back(full.Assign(i + 1, stream[i].time, stream[i].text));
  }
  // The stream crosses every path.
  const NarrativeIndexStats& s = full.stats();
  EXPECT_GT(s.too_short, 100u);
  EXPECT_GT(s.exact_matches, 200u);
  EXPECT_GT(s.near_matches, 500u);
  EXPECT_GT(s.evicted_by_time, 500u);
  EXPECT_GT(s.evicted_by_capacity, 500u);
  EXPECT_GT(s.bucket_drops, 300u);
  EXPECT_GT(s.narratives_expired, 500u);

  for (size_t cut : {size_t{0}, size_t{1}, size_t{777}, size_t{1500}, stream.size() - 3}) {
    SCOPED_TRACE(cut);
    NarrativeIndex before = *NarrativeIndex::Create(options);
    Continue(&before, stream, 0, cut, expected);
    const std::string bytes = Checkpoint(before);
    NarrativeIndex restored = *NarrativeIndex::Create({});
    ASSERT_TRUE(restored.Deserialize(bytes).ok());
    ExpectSameStats(restored.stats(), before.stats());
    EXPECT_EQ(Checkpoint(restored), bytes);
    // Halfway, a checkpoint of the restored index is restored again.
    const size_t mid = (cut + stream.size()) / 2;
    Continue(&restored, stream, cut, mid, expected);
    NarrativeIndex again = *NarrativeIndex::Create({});
    ASSERT_TRUE(again.Deserialize(Checkpoint(restored)).ok());
    Continue(&again, stream, mid, stream.size(), expected);
    ExpectSameStats(again.stats(), full.stats());
    for (size_t i = stream.size() - 300; i < stream.size(); ++i) {
      const NarrativeInfo* x = again.Find(expected[i].narrative);
      const NarrativeInfo* y = full.Find(expected[i].narrative);
      ASSERT_EQ(x == nullptr, y == nullptr) << i;
      if (x == nullptr) continue;
      EXPECT_EQ(x->id, y->id);
      EXPECT_EQ(x->representative, y->representative);
      EXPECT_EQ(x->first_time, y->first_time);
      EXPECT_EQ(x->last_time, y->last_time);
      EXPECT_EQ(x->texts, y->texts);
      EXPECT_EQ(x->live_entries, y->live_entries);
    }
  }
}

TEST(NarrativeIndexCheckpointTest, SameStateGivesSameBytes) {
  const std::vector<Text> stream = CheckpointStream(1000, 42);
  NarrativeIndex a = *NarrativeIndex::Create(CheckpointOptions());
  NarrativeIndex b = *NarrativeIndex::Create(CheckpointOptions());
  for (size_t i = 0; i < stream.size(); ++i) {
    a.Assign(i + 1, stream[i].time, stream[i].text);
    b.Assign(i + 1, stream[i].time, stream[i].text);
  }
  EXPECT_EQ(Checkpoint(a), Checkpoint(b));
  EXPECT_EQ(Checkpoint(*NarrativeIndex::Create({})), Checkpoint(*NarrativeIndex::Create({})));
}

// Hostile input: every failure is InvalidArgument and leaves the index as it was; a corrupt
// checkpoint that passes validation gives an index that still works.
TEST(NarrativeIndexCheckpointTest, RejectsBadCheckpoints) {
  NarrativeIndexOptions options = CheckpointOptions();
  options.near_duplicate.num_hashes = 16;  // a small checkpoint (few bands, short sketches)
  options.near_duplicate.sketch_capacity = 8;
  const std::vector<Text> stream = CheckpointStream(60, 43);
  NarrativeIndex source = *NarrativeIndex::Create(options);
  for (size_t i = 0; i < 50; ++i) source.Assign(i + 1, stream[i].time, stream[i].text);
  const std::string bytes = Checkpoint(source);
  ASSERT_GT(source.stats().live_entries, 20u);

  NarrativeIndex target = *NarrativeIndex::Create({});
  for (size_t i = 0; i < 20; ++i) target.Assign(i + 1, stream[i].time, stream[i].text);
  const std::string kept = Checkpoint(target);
  const auto expect_rejected = [&](std::string_view in, const std::string& what) {
    EXPECT_EQ(target.Deserialize(in).code(), absl::StatusCode::kInvalidArgument) << what;
    ASSERT_EQ(Checkpoint(target), kept) << what;
  };
  std::string bad = bytes;
  bad[0] = 'X';
  expect_rejected(bad, "magic");
  bad = bytes;
  bad[4] = 2;
  expect_rejected(bad, "version");
  expect_rejected(bytes + '\0', "trailing byte");
  for (size_t n = 0; n < bytes.size(); ++n) expect_rejected(bytes.substr(0, n), "prefix");
  // Options that Create rejects: sketch_capacity (after the 5-byte header, threshold,
  // fn_weight, num_hashes, scheme, shingle_width and min_chars) set to 2^40.
  bad = bytes;
  bad[5 + 8 + 8 + 4 + 1 + 4 + 8 + 5] = 1;
  expect_rejected(bad, "sketch capacity");

  std::mt19937_64 rng(7);
  size_t accepted = 0;
  for (int k = 0; k < 400; ++k) {
    bad = bytes;
    bad[rng() % bad.size()] ^= static_cast<char>(1 + rng() % 255);
    const Status status = target.Deserialize(bad);
    if (!status.ok()) {
      ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << k << ": " << status;
      ASSERT_EQ(Checkpoint(target), kept) << k;
      continue;
    }
    ++accepted;  // e.g. a changed band key or time: a valid, different state
    for (size_t i = 50; i < 60; ++i) target.Assign(i + 1, stream[i].time, stream[i].text);
    ASSERT_TRUE(target.Deserialize(kept).ok());
  }
  EXPECT_GT(accepted, 0u);
  EXPECT_LT(accepted, 400u);

  // After all the failures the index gives what an untouched twin gives.
  NarrativeIndex twin = *NarrativeIndex::Create({});
  for (size_t i = 0; i < 20; ++i) twin.Assign(i + 1, stream[i].time, stream[i].text);
  std::vector<Assignment> expected;
  for (size_t i = 0; i < stream.size(); ++i) {
    expected.push_back(i < 20 ? Assignment{} : twin.Assign(i + 1, stream[i].time, stream[i].text));
  }
  Continue(&target, stream, 20, stream.size(), expected);
  ExpectSameStats(target.stats(), twin.stats());
}

}  // namespace
}  // namespace sakimori::text
