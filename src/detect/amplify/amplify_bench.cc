// File: detect/amplify/amplify_bench.cc
// Throughput of AmplificationTracker::Update on a synthetic stream shaped like scale-10m:
// 4M events by 400k accounts: 1M posts, 3M likes/reposts/quotes/replies, 70 % of them spread
// uniformly over the latest 200k posts (most posts get 0-3) and 30 % heavy-tailed over the
// 20k first posts (up to tens of thousands); 5 % of events carry a URL, 10 % a hashtag, 2 % a
// narrative id; plus one planted push (300 automated accounts, every 2 s, no replies). The
// benchmark checks that the push ranks first before it reports events per second.
//   build/src/detect/amplify/amplify_bench --benchmark_min_time=0.1
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "detect/amplify/amplification_tracker.h"

namespace sakimori::amplify {
namespace {

constexpr TimeMs kT0 = 1751328000000;  // 2025-07-01T00:00:00Z
constexpr size_t kEvents = 4'000'000;
constexpr AccountId kAccounts = 400'000;
constexpr PostId kPushPost = 2'000'000;  // beyond the ~1M organic posts
constexpr AccountId kBotBase = 1'000'000;

struct Stream {
  std::vector<Event> events;
  std::vector<std::optional<uint64_t>> narratives;
  std::vector<std::string> urls;
  std::vector<std::string> tags;
  std::vector<std::string_view> url_views;
  std::vector<std::string_view> tag_views;
};

uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Next(uint64_t& x) {
  x += 0x9e3779b97f4a7c15ULL;
  uint64_t z = x;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

const Stream& MakeStream() {
  static Stream* stream = [] {
    auto* s = new Stream;
    uint64_t rng = 7;
    for (int i = 0; i < 5000; ++i)
      s->urls.push_back("https://news" + std::to_string(i % 300) + ".example/a/" +
                        std::to_string(i) + "?utm_source=feed");
    for (int i = 0; i < 2000; ++i) s->tags.push_back("#Tag" + std::to_string(i));
    for (const auto& u : s->urls) s->url_views.push_back(u);
    for (const auto& t : s->tags) s->tag_views.push_back(t);
    s->events.reserve(kEvents + 300);
    s->narratives.reserve(kEvents + 300);
    PostId next_post = 0;
    for (size_t i = 0; i < kEvents; ++i) {
      Event e;
      e.time = kT0 + static_cast<TimeMs>(i) * 200;  // 4M events over about 9 days
      e.actor = static_cast<AccountId>(Next(rng) % kAccounts);
      uint64_t k = Next(rng) % 100;
      e.kind = k < 25   ? EventKind::kPost
               : k < 65 ? EventKind::kLike
               : k < 82 ? EventKind::kRepost
               : k < 87 ? EventKind::kQuote
                        : EventKind::kReply;
      if (e.kind == EventKind::kPost || next_post == 0) {
        e.kind = EventKind::kPost;
        e.post = next_post++;
      } else {
        // 70 %: a uniformly chosen post among the latest 200k (most get 0-3 engagements);
        // 30 %: a popular post, heavy-tailed (cube of a uniform) over the first 20k.
        PostId target;
        if (Next(rng) % 10 < 7) {
          PostId window = std::min<PostId>(next_post, 200'000);
          target = next_post - 1 - static_cast<PostId>(Next(rng) % window);
        } else {
          double u = static_cast<double>(Next(rng) >> 11) / 9007199254740992.0;
          target = static_cast<PostId>(u * u * u * std::min<PostId>(next_post, 20'000));
        }
        if (target == kPushPost) target++;
        e.target = target;
        e.target_account = static_cast<AccountId>(Mix(target) % kAccounts);
      }
      if (k % 20 == 0) e.urls = {&s->url_views[Next(rng) % s->url_views.size()], 1};
      if (k % 10 == 1) e.hashtags = {&s->tag_views[Next(rng) % s->tag_views.size()], 1};
      s->events.push_back(e);
      s->narratives.push_back(k % 50 == 2 ? std::optional<uint64_t>(Next(rng) % 20000)
                                          : std::nullopt);
    }
    // The planted push, inserted at its times.
    TimeMs start = kT0 + 3 * kMsPerDay;
    std::vector<Event> push;
    for (int i = 0; i < 300; ++i) {
      Event e;
      e.time = start + i * 2 * kMsPerSecond;
      e.kind = i % 2 ? EventKind::kRepost : EventKind::kLike;
      e.actor = kBotBase + i;
      e.target = kPushPost;
      e.target_account = 77;
      push.push_back(e);
    }
    std::vector<Event> merged;
    std::vector<std::optional<uint64_t>> merged_n;
    merged.reserve(s->events.size() + push.size());
    size_t j = 0;
    for (size_t i = 0; i < s->events.size(); ++i) {
      while (j < push.size() && push[j].time <= s->events[i].time) {
        merged.push_back(push[j++]);
        merged_n.push_back(std::nullopt);
      }
      merged.push_back(s->events[i]);
      merged_n.push_back(s->narratives[i]);
    }
    s->events = std::move(merged);
    s->narratives = std::move(merged_n);
    return s;
  }();
  return *stream;
}

void BM_AmplifyUpdate(benchmark::State& state) {
  const Stream& s = MakeStream();
  CallbackAccountContext ctx;
  ctx.automation = [](AccountId a) { return a >= kBotBase ? 0.9 : 0.1; };
  ctx.group = [](AccountId a) -> std::optional<uint64_t> {
    if (a >= kBotBase) return 1;
    return std::nullopt;
  };
  ctx.created_at = [](AccountId a) { return a >= kBotBase ? kT0 : kT0 - 1000 * kMsPerDay; };
  TrackerStats stats;
  for (auto _ : state) {
    AmplificationTracker tracker;
    for (size_t i = 0; i < s.events.size(); ++i) tracker.Update(s.events[i], s.narratives[i]);
    state.PauseTiming();
    RankOptions options;
    options.limit = 10;
    std::vector<ItemScore> top = tracker.Rank(ctx, options);
    if (top.empty() || top[0].kind != ItemKind::kPost || top[0].key != kPushPost) {
      state.SkipWithError("the planted push is not ranked first");
      break;
    }
    stats = tracker.Stats();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * s.events.size()));
  state.counters["items"] =
      static_cast<double>(stats.items[0] + stats.items[1] + stats.items[2] + stats.items[3]);
  state.counters["tracked"] = static_cast<double>(stats.tracked[0] + stats.tracked[1] +
                                                  stats.tracked[2] + stats.tracked[3]);
  state.counters["MiB"] = static_cast<double>(stats.approx_bytes) / (1 << 20);
}
BENCHMARK(BM_AmplifyUpdate)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_AmplifyRank(benchmark::State& state) {
  const Stream& s = MakeStream();
  AmplificationTracker tracker;
  for (size_t i = 0; i < s.events.size(); ++i) tracker.Update(s.events[i], s.narratives[i]);
  CallbackAccountContext ctx;
  ctx.automation = [](AccountId a) { return a >= kBotBase ? 0.9 : 0.1; };
  for (auto _ : state) {
    RankOptions options;
    options.limit = 100;
    benchmark::DoNotOptimize(tracker.Rank(ctx, options));
  }
}
BENCHMARK(BM_AmplifyRank)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sakimori::amplify

BENCHMARK_MAIN();
