// File: engine/store_writer.h
// Writes an engine's analysis into a Store (SQLite file or PostgreSQL; store/store.h): one
// run, accounts with automation scores, significant edges with their evidence (shared items
// and the two accounts' times, from the account trails), groups, the campaigns' items,
// campaigns with members, and alerts. Everything goes in one transaction. Flagged accounts and
// members of reported campaigns also get their explanation (top_features: the 5 largest SHAP
// contributions at the last event time, [["name", log-odds], ...]) and their activity clock
// (signals.daily_activity: {home_utc_offset_hours, utc_weekday[24], utc_weekend[24]}).
#pragma once

#include <string>

#include "absl/container/flat_hash_set.h"
#include "common/status.h"
#include "engine/engine.h"
#include "store/store.h"

namespace sakimori::engine {

struct StoreWriteOptions {
  std::string generator = "sakimori analyze";
  std::string params_json = "{}";
  std::string inputs_json = "{}";
  TimeMs started_at = 0;   // wall-clock bookkeeping of the run record only
  TimeMs finished_at = 0;
  int evidence_per_edge = 5;
};

struct StoreWriteSummary {
  int64_t run_id = 0;
  size_t accounts = 0, edges = 0, evidence = 0, groups = 0, items = 0, campaigns = 0,
         alerts = 0;
};

// `engine` must have finished. Errors: those of the store (nothing is written then).
StatusOr<StoreWriteSummary> WriteAnalysis(const Engine& engine, const StoreWriteOptions& options,
                                          Store* store);

// The live form, after any detection step of a running engine: upserts the reported
// campaigns with their members' accounts, the significant edges among members, the campaigns'
// items and the alerts, under run `run_id`, in one transaction. Evidence is appended once per
// edge: `evidenced` remembers the edges already given evidence across calls, and an edge new
// to it whose evidence is in the store (written by an earlier process) gets none again.
Status WriteCampaignState(const Engine& engine, int64_t run_id, Store* store,
                          absl::flat_hash_set<uint64_t>* evidenced, int evidence_per_edge = 5);

}  // namespace sakimori::engine
