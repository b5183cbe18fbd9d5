// File: detect/text/narrative_replay_bench.cc
// Replays the texts of an event file (posts, quotes and replies with text, in file order, as the
// engine's coordination operator feeds them) through a NarrativeIndex with default options and
// prints the thread CPU time per pass, the index statistics, MemoryBytes() and a digest of every
// Assignment, so two builds can be compared for speed and for identical results; then the CPU
// time of fingerprinting every text alone.
// With --reference, passes alternate between NarrativeIndex and the straightforward
// ReferenceNarrativeIndex (the former implementation), for a comparison under the same load.
//   bench_narrative_replay EVENTS.jsonl [passes] [--reference]
// Figures: docs/benchmarks.md ("Near-duplicate text index").
#include <time.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "common/hash.h"
#include "common/strings.h"
#include "detect/text/internal/reference_narrative_index.h"
#include "detect/text/narrative_index.h"
#include "ingest/event_reader.h"
#include "ingest/ingest_report.h"
#include "model/event.h"

namespace sakimori::text {
namespace {

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Text {
  TimeMs time;
  std::string text;
};

template <typename Index>
void Pass(const char* name, int pass, const std::vector<Text>& texts) {
  Index index = *Index::Create(NarrativeIndexOptions{});
  uint64_t digest = 0;
  const double start = ThreadCpuSeconds();
  uint64_t seq = 0;
  for (const Text& t : texts) {
    const Assignment a = index.Assign(++seq, t.time, t.text);
    uint64_t sim_bits = 0;
    static_assert(sizeof(sim_bits) == sizeof(a.similarity));
    std::memcpy(&sim_bits, &a.similarity, sizeof(sim_bits));
    digest = Mix64(digest ^ a.narrative);
    digest = Mix64(digest ^ sim_bits);
    digest = Mix64(digest ^ (uint64_t{a.clustered} << 1 | uint64_t{a.new_narrative}));
  }
  const double cpu = ThreadCpuSeconds() - start;
  const NarrativeIndexStats& s = index.stats();
  std::printf(
      "%s pass %d: cpu %.3f s (%.0f texts/s) digest %016llx memory %.1f MB\n"
      "  exact %llu near %llu short %llu verifications %llu bucket_drops %llu "
      "evicted_time %llu evicted_cap %llu expired %llu live %llu\n",
      name, pass, cpu, static_cast<double>(texts.size()) / cpu,
      static_cast<unsigned long long>(digest), static_cast<double>(index.MemoryBytes()) / 1e6,
      static_cast<unsigned long long>(s.exact_matches),
      static_cast<unsigned long long>(s.near_matches), static_cast<unsigned long long>(s.too_short),
      static_cast<unsigned long long>(s.verifications),
      static_cast<unsigned long long>(s.bucket_drops),
      static_cast<unsigned long long>(s.evicted_by_time),
      static_cast<unsigned long long>(s.evicted_by_capacity),
      static_cast<unsigned long long>(s.narratives_expired),
      static_cast<unsigned long long>(s.live_entries));
  std::fflush(stdout);
}

int Run(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s EVENTS.jsonl [passes] [--reference]\n", argv[0]);
    return 2;
  }
  const int passes = argc > 2 ? std::atoi(argv[2]) : 1;
  const bool reference = argc > 3 && std::strcmp(argv[3], "--reference") == 0;
  Dictionary dict;
  IngestReport report;
  auto reader = EventReader::Open(argv[1], ReaderOptions(), &dict, &report);
  if (!reader.ok()) {
    std::fprintf(stderr, "%s\n", std::string(Message(reader.status())).c_str());
    return 1;
  }
  std::vector<Text> texts;
  EventBatch batch;
  while (true) {
    auto more = (*reader)->Next(&batch);
    if (!more.ok()) {
      std::fprintf(stderr, "%s\n", std::string(Message(more.status())).c_str());
      return 1;
    }
    if (!*more) break;
    for (const Event& e : batch.events()) {
      if (CreatesPost(e.kind) && !e.text.empty()) texts.push_back({e.time, std::string(e.text)});
    }
  }
  std::printf("texts: %zu\n", texts.size());
  for (int pass = 0; pass < passes; ++pass) {
    Pass<NarrativeIndex>("index", pass, texts);
    if (reference) Pass<internal::ReferenceNarrativeIndex>("reference", pass, texts);
  }
  // The part of the work outside the index proper: fingerprinting every text (normalisation,
  // exact hash, shingles, MinHash, band keys, sketch), whether or not the index would need it.
  Fingerprinter fingerprinter = *Fingerprinter::Create(NearDuplicateOptions{});
  Fingerprint fp;
  const double start = ThreadCpuSeconds();
  for (const Text& t : texts) fingerprinter.Compute(t.text, &fp);
  std::printf("fingerprints alone: cpu %.3f s\n", ThreadCpuSeconds() - start);
  return 0;
}

}  // namespace
}  // namespace sakimori::text

int main(int argc, char** argv) { return sakimori::text::Run(argc, argv); }
