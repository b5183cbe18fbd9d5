// File: store/store_bench.cc
// Bulk-write benchmark: 100k accounts and 1M coordination edges into a fresh SQLite file
// (each Put* is one transaction with one prepared statement). Run:
//   build/src/store/store_bench [--benchmark_filter=...] (SAKIMORI_BENCH_DB=URL to target
//   another database, e.g. a PostgreSQL URL; the schema must be empty or sakimori's).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "common/strings.h"
#include "store/store.h"

namespace sakimori {
namespace {

std::vector<AccountRecord> MakeAccounts(int n) {
  std::vector<AccountRecord> out(n);
  for (int i = 0; i < n; ++i) {
    out[i].id = StrCat("a", 1000000 + i);
    out[i].platform = "x";
    out[i].handle = StrCat("user_", i);
    out[i].automation_score = (i % 1000) / 1000.0;
    out[i].top_features_json = R"([["interval_entropy",-1.2]])";
    out[i].flagged = i % 10 == 0;
  }
  return out;
}

// Edges between account i and i + 1 + k for k in 0..9: n_accounts * 10 distinct pairs.
std::vector<EdgeRecord> MakeEdges(int n_accounts, int n_edges) {
  std::vector<EdgeRecord> out;
  out.reserve(n_edges);
  for (int i = 0; static_cast<int>(out.size()) < n_edges; ++i) {
    int x = i / 10;
    int y = (x + 1 + i % 10) % n_accounts;
    EdgeRecord e;
    e.a = StrCat("a", 1000000 + x);
    e.b = StrCat("a", 1000000 + y);
    e.weight = 1.0 + i % 7;
    e.weights_json = R"({"repost":1})";
    e.p_value = 1e-6;
    e.a_leads = i % 3;
    e.b_leads = i % 5;
    out.push_back(std::move(e));
  }
  return out;
}

void BM_WriteAccountsAndEdges(benchmark::State& state) {
  const int n_accounts = static_cast<int>(state.range(0));
  const int n_edges = static_cast<int>(state.range(1));
  std::vector<AccountRecord> accounts = MakeAccounts(n_accounts);
  std::vector<EdgeRecord> edges = MakeEdges(n_accounts, n_edges);
  const char* env = std::getenv("SAKIMORI_BENCH_DB");
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::path dir = std::filesystem::temp_directory_path() / "sakimori-store-bench";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::string url = env != nullptr ? env : "sqlite:" + (dir / "bench.db").string();
    auto store = Store::Open(url, {.migrate = true});
    if (!store.ok()) {
      state.SkipWithError(std::string(store.status().message()).c_str());
      return;
    }
    state.ResumeTiming();
    Status s = (*store)->PutAccounts(accounts);
    if (s.ok()) s = (*store)->PutEdges(edges);
    if (!s.ok()) {
      state.SkipWithError(std::string(s.message()).c_str());
      return;
    }
    state.PauseTiming();
    store->reset();
    std::filesystem::remove_all(dir);
    state.ResumeTiming();
  }
  state.counters["rows/s"] = benchmark::Counter(
      static_cast<double>(n_accounts + n_edges) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WriteAccountsAndEdges)
    ->Args({10000, 100000})
    ->Args({100000, 1000000})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

}  // namespace
}  // namespace sakimori

BENCHMARK_MAIN();
