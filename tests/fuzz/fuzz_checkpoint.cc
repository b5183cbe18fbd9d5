// File: tests/fuzz/fuzz_checkpoint.cc
// libFuzzer target for the operators' checkpoint readers: the first byte picks the operator
// (co-action store, narrative index, account features, amplification tracker, and the foreign
// signals' activity, creation, script and domain trackers), the rest is its checkpoint (the
// amplification tracker's read in pieces of up to 64 bytes, as a stream cut anywhere). Any input
// must be refused with an error or accepted as a state that later updates, snapshots and
// feature computations work on, without a sanitizer report.
// Seeds: run with SAKIMORI_FUZZ_WRITE_SEEDS=DIR, the target writes valid checkpoints of small
// streams for each operator into DIR and exits (run_fuzz.sh does this first), so the seeds
// always follow the current formats.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <string_view>

#include "detect/account/account_features.h"
#include "detect/amplify/amplification_tracker.h"
#include "detect/coord/streaming_co_share.h"
#include "detect/foreign/activity.h"
#include "detect/foreign/creation_wave.h"
#include "detect/foreign/domains.h"
#include "detect/foreign/script_anomaly.h"
#include "detect/text/narrative_index.h"
#include "fuzz_seeds.h"  // beside this file

namespace sakimori {
namespace {

// A few events touching accounts 0-9 and posts 0-4 (ids the checkpoint may or may not know).
void FeedEvents(const std::function<void(const Event&)>& update) {
  for (int i = 0; i < 40; ++i) {
    Event e;
    e.kind = i % 3 == 0 ? EventKind::kRepost : (i % 3 == 1 ? EventKind::kLike : EventKind::kPost);
    e.time = 1'751'846'400'000 + int64_t{i} * 7'000;
    e.actor = static_cast<AccountId>(i % 10);
    if (e.kind != EventKind::kPost) e.target = static_cast<PostId>(i % 5);
    update(e);
  }
}

// Posts with profiles, texts in two scripts and links, by accounts 0-9.
void FeedTexts(const std::function<void(const Event&)>& update) {
  static const char* const kTexts[] = {"选举结果已经确定了 https://a.example/x",
                                       "選挙の結果を見に行こう https://b.example.jp/y",
                                       "plain words http://a.example/z"};
  static const std::string_view kUrls[] = {"https://a.example/x", "https://b.example.jp/y"};
  for (int i = 0; i < 12; ++i) {
    Profile profile;
    profile.lang = i % 2 == 0 ? "ja" : "zh";
    profile.created_at = 1'700'000'000'000;
    Event e;
    e.kind = EventKind::kPost;
    e.time = 1'751'846'400'000 + int64_t{i} * 60'000;
    e.actor = static_cast<AccountId>(i % 10);
    e.text = kTexts[i % 3];
    e.urls = StringList{&kUrls[i % 2], 1};
    e.profile = &profile;
    update(e);
  }
}

coord::StreamingCoShare NewStore(const Dictionary* dict) {
  coord::StreamingParams params;
  params.sweep_every = 7;
  params.track_weight = 2;
  params.track_ln_p = -0.5;
  params.single_idle_ms = 60'000;
  return coord::StreamingCoShare({coord::Action::kRepost, coord::Action::kEngage},
                                 coord::ExtractOptions{}, dict, params);
}

void Intern(Dictionary* dict) {
  for (int p = 0; p < 5; ++p) dict->posts.Intern("p" + std::to_string(p));
}

void WriteSeed(const std::string& path, char selector, const std::string& checkpoint) {
  std::ofstream(path, std::ios::binary) << selector << checkpoint;
}

// Valid checkpoints of each operator after the events of FeedEvents.
void WriteSeeds(const std::string& dir) {
  Dictionary dict;
  Intern(&dict);
  coord::StreamingCoShare store = NewStore(&dict);
  FeedEvents([&store](const Event& e) { store.Update(e); });
  std::string bytes;
  store.Serialize(&bytes);
  WriteSeed(dir + "/co_share", 0, bytes);
  auto index = text::NarrativeIndex::Create(text::NarrativeIndexOptions{});
  for (int i = 0; i < 12; ++i) {
    index->Assign(static_cast<uint64_t>(i + 1), 1'751'846'400'000 + i * 60'000,
                  i % 3 == 0 ? "同じ文章をみんなで投稿しています、よろしく"
                             : "another text entirely here " + std::to_string(i % 4));
  }
  bytes.clear();
  index->Serialize(&bytes);
  WriteSeed(dir + "/narratives", 1, bytes);
  AccountFeatures features;
  FeedEvents([&features](const Event& e) { features.Update(e); });
  bytes.clear();
  features.Serialize(&bytes);
  WriteSeed(dir + "/features", 2, bytes);
  amplify::TrackerOptions tracker_options;
  tracker_options.sample_cap = 4;  // so that items get a distinct-count sketch too
  amplify::AmplificationTracker tracker(tracker_options);
  FeedEvents([&tracker](const Event& e) { tracker.Update(e); });
  bytes.clear();
  tracker.Serialize(&bytes);
  WriteSeed(dir + "/amplification", 3, bytes);
  foreign::ActivityTracker activity;
  FeedEvents([&activity](const Event& e) { activity.Update(e); });
  bytes.clear();
  activity.Serialize(&bytes);
  WriteSeed(dir + "/activity", 4, bytes);
  foreign::CreationTracker creation;
  for (AccountId a = 0; a < 10; ++a) creation.Update(a, 1'700'000'000'000 + a * 86'400'000);
  bytes.clear();
  creation.Serialize(&bytes);
  WriteSeed(dir + "/creation", 5, bytes);
  foreign::ScriptAnomalyTracker scripts;
  FeedTexts([&scripts](const Event& e) { scripts.Update(e); });
  bytes.clear();
  scripts.Serialize(&bytes);
  WriteSeed(dir + "/scripts", 6, bytes);
  foreign::DomainTracker domains;
  FeedTexts([&domains](const Event& e) { domains.Update(e); });
  bytes.clear();
  domains.Serialize(&bytes);
  WriteSeed(dir + "/domains", 7, bytes);
}

}  // namespace
}  // namespace sakimori

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sakimori::WriteSeedsIfAsked(sakimori::WriteSeeds);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sakimori;
  if (size == 0) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 8) {
    case 0: {
      Dictionary dict;
      Intern(&dict);
      coord::StreamingCoShare store = NewStore(&dict);
      if (!store.Deserialize(in).ok()) return 0;
      FeedEvents([&store](const Event& e) { store.Update(e); });
      store.PruneTracked();
      store.Snapshot();
      store.Popularity(0);
      break;
    }
    case 1: {
      auto index = text::NarrativeIndex::Create(text::NarrativeIndexOptions{});
      if (!index.ok() || !index->Deserialize(in).ok()) return 0;
      for (int i = 0; i < 20; ++i) {
        index->Assign(uint64_t{1} << 40 | static_cast<uint64_t>(i), 1'751'846'400'000 + i * 60'000,
                      i % 2 == 0 ? "同じ文章をみんなで投稿しています、よろしく"
                                 : "another text entirely here");
      }
      break;
    }
    case 3: {
      amplify::AmplificationTracker tracker;
      std::string_view rest = in;
      const Status st = tracker.Deserialize([&rest](std::string* part) {
        const size_t n = std::min<size_t>(rest.size(), 1 + rest.size() % 64);
        part->assign(rest.substr(0, n));
        rest.remove_prefix(n);
        return absl::OkStatus();
      });
      if (!st.ok()) return 0;
      FeedEvents([&tracker](const Event& e) { tracker.Update(e); });
      amplify::CallbackAccountContext unknown;
      amplify::RankOptions all;
      all.limit = 0;
      tracker.Rank(unknown, all);
      break;
    }
    case 4: {
      foreign::ActivityTracker activity;
      if (!activity.Deserialize(in).ok()) return 0;
      FeedEvents([&activity](const Event& e) { activity.Update(e); });
      activity.Merge({0, 1, 2, 3, 100'000});
      break;
    }
    case 5: {
      foreign::CreationTracker creation;
      if (!creation.Deserialize(in).ok()) return 0;
      creation.Update(3, 1'700'000'000'000);
      creation.Find({0, 1, 2, 3, 4, 5, 100'000});
      break;
    }
    case 6: {
      foreign::ScriptAnomalyTracker scripts;
      if (!scripts.Deserialize(in).ok()) return 0;
      FeedTexts([&scripts](const Event& e) { scripts.Update(e); });
      scripts.Group({0, 1, 2, 3, 100'000});
      break;
    }
    case 7: {
      foreign::DomainTracker domains;
      if (!domains.Deserialize(in).ok()) return 0;
      FeedTexts([&domains](const Event& e) { domains.Update(e); });
      domains.Domains(1);
      domains.Shared({0, 1, 2, 3, 100'000});
      break;
    }
    default: {
      AccountFeatures features;
      if (!features.Deserialize(in).ok()) return 0;
      FeedEvents([&features](const Event& e) { features.Update(e); });
      for (AccountId a : features.Accounts()) features.Compute(a, 1'751'846'400'000);
      break;
    }
  }
  return 0;
}
