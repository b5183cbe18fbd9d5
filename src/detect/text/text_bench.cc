// File: detect/text/text_bench.cc
// Micro-benchmarks of near-duplicate detection on generated Japanese posts: normalisation,
// fingerprints (normalise + shingle + MinHash + band keys) for both MinHash schemes, the
// estimation error of each scheme, batch clustering of 1M texts and streaming assignment.
// Commands and figures: docs/benchmarks.md ("Text").
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "detect/text/fingerprint.h"
#include "detect/text/internal/text_generator.h"
#include "detect/text/narrative_index.h"
#include "detect/text/near_duplicate_clusterer.h"

namespace sakimori::text {
namespace {

// `n` posts of 10-29 words (about 40-120 characters); a third are variants of earlier ones.
std::vector<std::string> MakeTexts(size_t n, uint64_t seed) {
  internal::TextGenerator gen(seed);
  std::vector<std::string> texts;
  texts.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && gen.rng()() % 3 == 0) {
      texts.push_back(gen.Variant(texts[gen.rng()() % texts.size()]));
    } else {
      texts.push_back(gen.Post(10 + gen.rng()() % 20));
    }
  }
  return texts;
}

const std::vector<std::string>& SmallCorpus() {
  static const auto* texts = new std::vector<std::string>(MakeTexts(10000, 1));
  return *texts;
}

void SetThroughput(benchmark::State& state, const std::vector<std::string>& texts,
                   size_t processed) {
  size_t bytes = 0;
  for (const std::string& t : texts) bytes += t.size();
  state.SetItemsProcessed(static_cast<int64_t>(processed));
  state.SetBytesProcessed(static_cast<int64_t>(bytes * (processed / texts.size())));
}

void BM_Normalize(benchmark::State& state) {
  const auto& texts = SmallCorpus();
  TextNormalizer normalizer = *TextNormalizer::Create();
  std::u32string out;
  size_t done = 0;
  for (auto _ : state) {
    for (const std::string& t : texts) {
      normalizer.NormalizeToCodePoints(t, &out);
      benchmark::DoNotOptimize(out.data());
    }
    done += texts.size();
  }
  SetThroughput(state, texts, done);
}
BENCHMARK(BM_Normalize)->Unit(benchmark::kMillisecond);

// Arg: 0 = one permutation hashing with densification, 1 = 128 independent hash functions.
void BM_Fingerprint(benchmark::State& state) {
  const auto& texts = SmallCorpus();
  NearDuplicateOptions options;
  options.scheme =
      state.range(0) == 0 ? MinHashScheme::kOnePermutation : MinHashScheme::kIndependent;
  Fingerprinter f = *Fingerprinter::Create(options);
  Fingerprint fp;
  size_t done = 0;
  for (auto _ : state) {
    for (const std::string& t : texts) {
      f.Compute(t, &fp);
      benchmark::DoNotOptimize(fp.band_keys.data());
    }
    done += texts.size();
  }
  SetThroughput(state, texts, done);
}
BENCHMARK(BM_Fingerprint)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Signing alone, and the root-mean-square error of the Jaccard estimate over 4000 pairs of
// shingle sets of real generated texts (a post and a variant with one word inserted).
void BM_SignAndError(benchmark::State& state) {
  const MinHashScheme scheme =
      state.range(0) == 0 ? MinHashScheme::kOnePermutation : MinHashScheme::kIndependent;
  MinHasher hasher(MinHashOptions{128, scheme});
  internal::TextGenerator gen(4);
  TextNormalizer norm = *TextNormalizer::Create();
  std::vector<std::vector<uint64_t>> sets;
  std::u32string chars;
  for (int i = 0; i < 4000; ++i) {
    std::string a = gen.Post(6 + gen.rng()() % 20);
    std::string b = a;
    for (int k = 0; k < 1 + static_cast<int>(gen.rng()() % 4); ++k) {
      size_t cut = gen.rng()() % b.size();
      while (cut < b.size() && (static_cast<unsigned char>(b[cut]) & 0xC0) == 0x80) ++cut;
      b.insert(cut, gen.Word());
    }
    for (const std::string* t : {&a, &b}) {
      norm.NormalizeToCodePoints(*t, &chars);
      ShingleHashes(chars, kDefaultShingleWidth, &sets.emplace_back());
    }
  }
  std::vector<uint32_t> sa, sb;
  double sq = 0, var = 0;
  for (size_t i = 0; i < sets.size(); i += 2) {
    hasher.Sign(sets[i], &sa);
    hasher.Sign(sets[i + 1], &sb);
    double exact = ExactJaccard(sets[i], sets[i + 1]);
    double err = MinHasher::EstimateJaccard(sa.data(), sb.data(), 128) - exact;
    sq += err * err;
    var += exact * (1 - exact) / 128;
  }
  size_t done = 0;
  for (auto _ : state) {
    for (const auto& s : sets) {
      hasher.Sign(s, &sa);
      benchmark::DoNotOptimize(sa.data());
    }
    done += sets.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(done));
  state.counters["rms_error"] = std::sqrt(sq / (sets.size() / 2));
  state.counters["theory_rms"] = std::sqrt(var / (sets.size() / 2));
}
BENCHMARK(BM_SignAndError)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// Batch clustering of range(0) texts, a third of them variants (fingerprinting included).
void BM_Cluster(benchmark::State& state) {
  const std::vector<std::string> texts = MakeTexts(state.range(0), 2);
  size_t clustered = 0, clusters = 0;
  for (auto _ : state) {
    NearDuplicateClusterer c = *NearDuplicateClusterer::Create(NearDuplicateOptions{},
                                                               /*keep_texts=*/false);
    for (size_t i = 0; i < texts.size(); ++i) c.Add(i, texts[i]);
    if (!c.Run().ok()) state.SkipWithError("Run failed");
    clustered = c.stats().clustered_texts;
    clusters = c.clusters().size();
  }
  SetThroughput(state, texts, texts.size() * state.iterations());
  state.counters["clusters"] = static_cast<double>(clusters);
  state.counters["clustered_texts"] = static_cast<double>(clustered);
}
BENCHMARK(BM_Cluster)->Arg(100000)->Arg(1000000)->Iterations(1)->Unit(benchmark::kMillisecond);

// Streaming assignment of 200k texts with a one-hour window (one text per 10 ms of event time).
void BM_NarrativeIndex(benchmark::State& state) {
  const std::vector<std::string> texts = MakeTexts(200000, 3);
  size_t memory = 0;
  for (auto _ : state) {
    NarrativeIndexOptions options;
    options.window_ms = 3600 * 1000;
    NarrativeIndex index = *NarrativeIndex::Create(options);
    for (size_t i = 0; i < texts.size(); ++i) {
      benchmark::DoNotOptimize(index.Assign(i, static_cast<TimeMs>(i) * 10, texts[i]));
    }
    memory = index.MemoryBytes();
  }
  SetThroughput(state, texts, texts.size() * state.iterations());
  state.counters["index_MB"] = memory / 1e6;
}
BENCHMARK(BM_NarrativeIndex)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sakimori::text

BENCHMARK_MAIN();
