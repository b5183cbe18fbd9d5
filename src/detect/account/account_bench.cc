// File: detect/account/account_bench.cc
// Micro-benchmarks of the account detector: feature updates per event, feature vectors per
// account, and model scoring (probabilities and SHAP contributions) of a batch of 1M rows.
// Run: build/src/detect/account/account_bench (docs/benchmarks.md, section "Account scores").
#include <benchmark/benchmark.h>

#include <deque>
#include <random>
#include <string>
#include <vector>

#include "detect/account/account_features.h"
#include "detect/account/account_model.h"

namespace sakimori {
namespace {

constexpr TimeMs kT0 = 1'751'846'400'000;

// A stream of `n` actions by `accounts` accounts: mixed kinds, texts drawn from a small pool
// (so some repeat), three clients, a URL on every fourth, times increasing with jitter.
struct Stream {
  std::deque<std::string> strings;
  std::vector<Event> events;
  std::string_view url = "https://example.org/x";
};

const Stream& TestStream() {
  static const Stream* stream = [] {
    auto* s = new Stream;
    std::mt19937_64 rng(1);
    std::vector<std::string_view> texts, clients;
    for (int i = 0; i < 1000; ++i) {
      texts.push_back(
          s->strings.emplace_back("post number " + std::to_string(i) + " with some words"));
    }
    for (const char* c : {"web", "iphone", "android"})
      clients.push_back(s->strings.emplace_back(c));
    const int n = 1'000'000;
    s->events.resize(n);
    TimeMs t = kT0;
    for (int i = 0; i < n; ++i) {
      Event& e = s->events[i];
      t += static_cast<TimeMs>(rng() % 2000);
      e.time = t;
      e.actor = static_cast<AccountId>(rng() % 100'000);
      e.kind = static_cast<EventKind>(rng() % 5);
      if (e.kind != EventKind::kLike && e.kind != EventKind::kRepost)
        e.text = texts[rng() % texts.size()];
      e.client = clients[rng() % clients.size()];
      if (i % 4 == 0) e.urls = StringList{&s->url, 1};
    }
    return s;
  }();
  return *stream;
}

void BM_FeatureUpdate(benchmark::State& state) {
  const Stream& s = TestStream();
  for (auto _ : state) {
    AccountFeatures features;
    for (const Event& e : s.events) features.Update(e);
    benchmark::DoNotOptimize(features.last_time());
  }
  state.SetItemsProcessed(state.iterations() * s.events.size());
  state.counters["state_bytes_per_account"] = sizeof(BehaviourState);
  state.counters["profile_bytes_per_account"] = sizeof(ProfileState);
}
BENCHMARK(BM_FeatureUpdate)->Unit(benchmark::kMillisecond);

void BM_FeatureCompute(benchmark::State& state) {
  const Stream& s = TestStream();
  AccountFeatures features;
  for (const Event& e : s.events) features.Update(e);
  const std::vector<AccountId> accounts = features.Accounts();
  std::vector<float> row(kNumAccountFeatures);
  for (auto _ : state) {
    for (AccountId a : accounts) {
      features.Compute(a, features.last_time(), row.data());
      benchmark::DoNotOptimize(row.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * accounts.size());
}
BENCHMARK(BM_FeatureCompute)->Unit(benchmark::kMillisecond);

// 1M feature rows in the shape real data has: behaviour or profile features, some missing.
const FeatureMatrix& Rows() {
  static const FeatureMatrix* m = [] {
    auto* x = new FeatureMatrix;
    x->rows = 1'000'000;
    x->cols = kNumAccountFeatures;
    x->values.resize(x->rows * x->cols);
    std::mt19937_64 rng(2);
    std::lognormal_distribution<float> heavy(3, 2);
    std::uniform_real_distribution<float> unit(0, 1);
    for (float& v : x->values) {
      const uint64_t r = rng() % 10;
      v = r == 0 ? std::numeric_limits<float>::quiet_NaN() : r < 5 ? unit(rng) : heavy(rng);
    }
    return x;
  }();
  return *m;
}

AccountModel& Model() {
  static AccountModel* model = [] {
    auto loaded = AccountModel::Load(SAKIMORI_SOURCE_DIR "/models/default-account-model.json");
    if (!loaded.ok()) std::abort();  // benchmark setup only: the shipped model must exist
    return new AccountModel(std::move(*loaded));
  }();
  return *model;
}

void BM_ScoreBatch1M(benchmark::State& state) {
  const FeatureMatrix& x = Rows();
  AccountModel& model = Model();
  if (!model.SetPredictThreads(static_cast<int>(state.range(0))).ok()) std::abort();
  for (auto _ : state) {
    auto scores = model.Predict(x);
    benchmark::DoNotOptimize(scores->data());
  }
  state.SetItemsProcessed(state.iterations() * x.rows);
}
BENCHMARK(BM_ScoreBatch1M)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ExplainBatch(benchmark::State& state) {
  FeatureMatrix x = Rows();
  x.rows = 100'000;
  x.values.resize(x.rows * x.cols);
  AccountModel& model = Model();
  if (!model.SetPredictThreads(static_cast<int>(state.range(0))).ok()) std::abort();
  for (auto _ : state) {
    auto contributions = model.Contributions(x);
    benchmark::DoNotOptimize(contributions->data());
  }
  state.SetItemsProcessed(state.iterations() * x.rows);
}
BENCHMARK(BM_ExplainBatch)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace sakimori

BENCHMARK_MAIN();
