// File: bench/ingest_bench.cc
// Canonical JSON Lines ingest against raw simdjson On-Demand iteration of the same file, in
// the same run (SPEC section 9: parsing within 3x of raw simdjson). The input is generated
// deterministically: simulator-like events of about 141 bytes (posts, reposts, likes with
// hashtags, ids and ISO times). Each benchmark checks that it saw every event before it
// reports a rate.
//
//   build/bench/ingest_bench --benchmark_counters_tabular=true
//   SAKIMORI_BENCH_EVENTS=2000000 build/bench/ingest_bench
//   SAKIMORI_BENCH_FILE=/tmp/sim/events.jsonl build/bench/ingest_bench
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/time.h"
#include "ingest/event_reader.h"

namespace sakimori {
namespace {

struct Corpus {
  std::string path;
  uint64_t events = 0;
  uint64_t bytes = 0;
};

// SAKIMORI_BENCH_FILE names an existing canonical JSON Lines file to read instead (e.g. a
// simulator's events.jsonl; one event per non-empty line).
Corpus FileCorpus(const char* path) {
  Corpus c;
  c.path = path;
  FILE* f = std::fopen(path, "r");
  if (f == nullptr) return c;
  char buf[1 << 16];
  char last = '\n';
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) {
    for (size_t i = 0; i < got; ++i) {
      if (buf[i] == '\n' && last != '\n') ++c.events;
      last = buf[i];
    }
    c.bytes += got;
  }
  if (last != '\n') ++c.events;
  std::fclose(f);
  return c;
}

const Corpus& GetCorpus() {
  static const Corpus corpus = [] {
    if (const char* file = std::getenv("SAKIMORI_BENCH_FILE")) return FileCorpus(file);
    Corpus c;
    const char* env = std::getenv("SAKIMORI_BENCH_EVENTS");
    c.events = env != nullptr ? std::strtoull(env, nullptr, 10) : 1'000'000;
    c.path = "/tmp/sakimori_ingest_bench.jsonl";
    FILE* f = std::fopen(c.path.c_str(), "w");
    uint64_t x = 42;
    auto next = [&x] {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      return x;
    };
    TimeMs t = 1752105600000;  // 2025-07-10T00:00:00Z
    std::string line;
    static const char* kTags[] = {"参院選", "選挙", "increase", "日本", "政治"};
    for (uint64_t i = 0; i < c.events; ++i) {
      t += next() % 200;
      uint64_t r = next();
      uint64_t actor = r % 200000;
      line.clear();
      line += "{\"platform\":\"x\",\"id\":\"e" + std::to_string(i) + "\",";
      switch (r >> 60) {
        case 0:
        case 1:
        case 2:
          line += "\"kind\":\"post\",\"time\":\"" + FormatIso8601(t) + "\",\"actor\":\"a" +
                  std::to_string(actor) + "\",\"text\":\"投票に行こう\",\"hashtags\":[\"" +
                  kTags[r % 5] + "\"]}\n";
          break;
        case 3:
        case 4:
        case 5:
        case 6:
          line += "\"kind\":\"repost\",\"time\":\"" + FormatIso8601(t) + "\",\"actor\":\"a" +
                  std::to_string(actor) + "\",\"target\":\"e" + std::to_string(i / 2) +
                  "\",\"target_author\":\"a" + std::to_string(r % 777) + "\"}\n";
          break;
        default:
          line += "\"kind\":\"like\",\"time\":\"" + FormatIso8601(t) + "\",\"actor\":\"a" +
                  std::to_string(actor) + "\",\"target\":\"e" + std::to_string(i / 3) +
                  "\",\"target_author\":\"a" + std::to_string(r % 999) + "\"}\n";
      }
      c.bytes += line.size();
      std::fwrite(line.data(), 1, line.size(), f);
    }
    std::fclose(f);
    return c;
  }();
  return corpus;
}

void Report(benchmark::State& state, const Corpus& c) {
  state.counters["events/s"] =
      benchmark::Counter(double(c.events), benchmark::Counter::kIsIterationInvariantRate);
  state.SetBytesProcessed(int64_t(c.bytes) * state.iterations());
  state.counters["bytes/event"] = double(c.bytes) / double(c.events);
}

// Raw simdjson: load the file, iterate every line as a document and read every field.
void BM_RawSimdjsonOnDemand(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  for (auto _ : state) {
    simdjson::padded_string text;
    if (simdjson::padded_string::load(c.path).get(text)) {
      state.SkipWithError("cannot load corpus");
      return;
    }
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document_stream stream;
    if (parser.iterate_many(text, 1 << 20).get(stream)) {
      state.SkipWithError("iterate_many failed");
      return;
    }
    uint64_t n = 0, fields = 0;
    for (auto doc : stream) {
      simdjson::ondemand::object obj;
      if (doc.get_object().get(obj)) continue;
      for (auto field : obj) {
        std::string_view key;
        if (field.unescaped_key().get(key)) continue;
        simdjson::ondemand::value v;
        (void)field.value().get(v);
        std::string_view s;
        if (v.get_string().get(s)) {  // arrays: walk them
          simdjson::ondemand::array arr;
          if (!v.get_array().get(arr)) {
            for (auto item : arr) fields += !item.get_string().get(s);
          }
        }
        fields += s.size() > 0;
      }
      ++n;
    }
    if (n != c.events) {
      state.SkipWithError("raw simdjson saw the wrong number of events");
      return;
    }
    benchmark::DoNotOptimize(fields);
  }
  Report(state, c);
}
BENCHMARK(BM_RawSimdjsonOnDemand)->Unit(benchmark::kMillisecond)->UseRealTime();

// sakimori: the EventReader (file -> records -> canonical events with interned ids).
void BM_CanonicalIngest(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  for (auto _ : state) {
    Dictionary dict;
    IngestReport report;
    auto reader = EventReader::Open(c.path, ReaderOptions(), &dict, &report);
    if (!reader.ok()) {
      state.SkipWithError("cannot open corpus");
      return;
    }
    EventBatch batch;
    uint64_t n = 0;
    while (true) {
      auto more = (*reader)->Next(&batch);
      if (!more.ok() || !*more) break;
      n += batch.size();
    }
    if (n != c.events || report.rejected() != 0) {
      state.SkipWithError("ingest saw the wrong number of events");
      return;
    }
    benchmark::DoNotOptimize(dict.accounts.size());
  }
  Report(state, c);
}
BENCHMARK(BM_CanonicalIngest)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same with ReaderOptions::prefetch_batches = 2: reading and parsing run on a second
// thread while this one resolves ids and consumes each batch (a light consumer: it sums the
// ids). CPU time is that of the whole process (both threads).
void BM_CanonicalIngestPrefetch(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  for (auto _ : state) {
    Dictionary dict;
    IngestReport report;
    ReaderOptions options;
    options.prefetch_batches = 2;
    auto reader = EventReader::Open(c.path, options, &dict, &report);
    if (!reader.ok()) {
      state.SkipWithError("cannot open corpus");
      return;
    }
    EventBatch batch;
    uint64_t n = 0, sum = 0;
    while (true) {
      auto more = (*reader)->Next(&batch);
      if (!more.ok() || !*more) break;
      n += batch.size();
      for (const Event& e : batch.events()) sum += e.actor + e.target;
    }
    reader->reset();
    if (n != c.events || report.rejected() != 0) {
      state.SkipWithError("ingest saw the wrong number of events");
      return;
    }
    benchmark::DoNotOptimize(sum);
  }
  Report(state, c);
}
BENCHMARK(BM_CanonicalIngestPrefetch)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace
}  // namespace sakimori

BENCHMARK_MAIN();
