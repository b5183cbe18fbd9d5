// File: tests/fuzz/fuzz_engine_state.cc
// libFuzzer target for the engine's whole checkpoint, what `analyze --resume` and `serve
// --analyze --state` read from a file: the engine's own tables checked against the dictionary,
// then every operator's part, the campaign tracker's included. The input is given a valid
// checksum first, so that mutations reach the readers behind it (a file damaged by accident
// is refused by the checksum; one built to pass it must still be refused or be a state the
// engine can continue from). An accepted input then takes more events and a final detection
// step, without a sanitizer report. The seeds are written with one watch list and read with
// another that shares some of its indicators, so that the hits are carried across lists.
// Seeds: run with SAKIMORI_FUZZ_WRITE_SEEDS=DIR, the target writes checkpoints of a small
// ring stream taken at three points into DIR and exits (run_fuzz.sh does this first).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "common/bytes.h"
#include "common/hash.h"
#include "detect/foreign/watchlist.h"
#include "engine/engine.h"
#include "engine/ring_stream_testing.h"
#include "fuzz_seeds.h"  // beside this file

namespace sakimori {
namespace {

using engine::testing_streams::kMinute;
using engine::testing_streams::kT0;

// The watch list of the engine that writes the seeds, and that of the engine that reads: r1
// and r3 in both, under other indices.
const foreign::WatchList& WatchList(bool reader) {
  static const auto make = [](std::string_view text) {
    auto list = foreign::WatchList::Parse(text);
    if (!list.ok()) std::abort();
    return *std::move(list);
  };
  static const foreign::WatchList writer_list =
      make("account_id,r0\naccount_id,r1\naccount_id,r3\n");
  static const foreign::WatchList reader_list =
      make("account_id,newcomer\naccount_id,r3\naccount_id,r1\n");
  return reader ? reader_list : writer_list;
}

engine::EngineOptions Options(bool reader) {
  engine::EngineOptions options;
  options.watchlist = &WatchList(reader);
  options.coordination.channels = {{{coord::Action::kRepost, coord::Action::kLike}, 60}};
  options.detect_every_ms = 2 * 60 * kMinute;
  options.threads = 1;
  return options;
}

// Five ring members reposting two posts within seconds, then a like from an unknown account.
void MoreEvents(Dictionary* dict, EventBatch* batch) {
  std::vector<engine::testing_streams::RawEvent> raw;
  for (int p = 0; p < 2; ++p) {
    for (int m = 0; m < 5; ++m) {
      raw.push_back({kT0 + (30 + 3 * p) * 60 * kMinute + m * 1000, EventKind::kRepost,
                     StrCat("r", m), "", StrCat("late", p), "critic"});
    }
  }
  raw.push_back({kT0 + 40 * 60 * kMinute, EventKind::kLike, "newcomer", "", "late0", "critic"});
  engine::testing_streams::AppendRawEvents(dict, batch, raw);
}

void WriteSeeds(const std::string& dir) {
  for (const size_t thirds : {0, 2, 3}) {  // none, two thirds, all of the stream
    Dictionary dict;
    EventBatch all;
    engine::testing_streams::RingStream(&dict, &all, /*ring_size=*/6);
    const std::vector<Event>& events = all.events();
    const size_t cut = events.size() * thirds / 3;
    auto eng = engine::Engine::Create(Options(/*reader=*/false), &dict);
    if (!eng.ok()) std::abort();
    EventBatch part;
    for (size_t i = 0; i < cut; ++i) part.Add() = events[i];
    if (!(*eng)->Consume(part).ok()) std::abort();
    std::string bytes;
    if (!(*eng)->Serialize(&bytes).ok()) std::abort();
    std::ofstream(StrCat(dir, "/engine_", thirds), std::ios::binary) << bytes;
  }
}

}  // namespace
}  // namespace sakimori

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sakimori::WriteSeedsIfAsked(sakimori::WriteSeeds);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sakimori;
  if (size < 8) return 0;
  std::string bytes(reinterpret_cast<const char*>(data), size - 8);
  ByteWriter(&bytes).U64(Hash64(bytes));
  Dictionary dict;
  auto eng = engine::Engine::Create(Options(/*reader=*/true), &dict);
  if (!eng.ok()) std::abort();
  if (!(*eng)->Deserialize(bytes).ok()) return 0;
  for (AccountId a = 0; a < dict.accounts.size(); ++a) (void)(*eng)->WatchHits(a);
  EventBatch batch;
  MoreEvents(&dict, &batch);
  if (!(*eng)->Consume(batch).ok()) return 0;
  std::string again;
  if (!(*eng)->Serialize(&again).ok()) std::abort();
  (void)(*eng)->Finish();
  return 0;
}
