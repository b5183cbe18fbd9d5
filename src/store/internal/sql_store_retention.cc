// File: store/internal/sql_store_retention.cc
// Retention: deleting event-derived rows older than a cut-off, and the newest event time.
// One SQL text for both dialects.
#include "common/strings.h"
#include "store/internal/sql_store.h"

namespace sakimori::store_internal {

StatusOr<PurgeCounts> SqlStore::PurgeBefore(TimeMs cutoff) {
  PurgeCounts n;
  RETURN_IF_ERROR(InTransaction([&]() -> Status {
    // Alerts of campaigns about to go are counted with the campaigns' cascade.
    RETURN_IF_ERROR(
        Query("SELECT COUNT(*) FROM alerts WHERE raised_at < $1 OR campaign_id IN"
              " (SELECT id FROM campaigns WHERE end_time < $1)",
              {cutoff}, [&](const SqlRow& r) {
                n.alerts = r.Int(0);
                return absl::OkStatus();
              }));
    RETURN_IF_ERROR(Exec("DELETE FROM alerts WHERE raised_at < $1", {cutoff}).status());
    ASSIGN_OR_RETURN(n.campaigns, Exec("DELETE FROM campaigns WHERE end_time < $1", {cutoff}));
    RETURN_IF_ERROR(Query("SELECT COUNT(*) FROM evidence WHERE time_a < $1 AND time_b < $1",
                          {cutoff}, [&](const SqlRow& r) {
                            n.evidence = r.Int(0);
                            return absl::OkStatus();
                          }));
    ASSIGN_OR_RETURN(
        n.edges,
        Exec("DELETE FROM edges WHERE EXISTS (SELECT 1 FROM evidence v WHERE v.a = edges.a AND"
             " v.b = edges.b) AND NOT EXISTS (SELECT 1 FROM evidence v WHERE v.a = edges.a AND"
             " v.b = edges.b AND (v.time_a >= $1 OR v.time_b >= $1))",
             {cutoff}));
    RETURN_IF_ERROR(
        Exec("DELETE FROM evidence WHERE time_a < $1 AND time_b < $1", {cutoff}).status());
    ASSIGN_OR_RETURN(
        n.accounts,
        Exec("DELETE FROM accounts WHERE updated_at < $1"
             " AND NOT EXISTS (SELECT 1 FROM campaign_members m WHERE m.account_id = accounts.id)"
             " AND NOT EXISTS (SELECT 1 FROM edges e WHERE e.a = accounts.id OR e.b = accounts.id)",
             {cutoff}));
    return absl::OkStatus();
  }));
  return n;
}

StatusOr<std::optional<TimeMs>> SqlStore::NewestEventTime() {
  std::optional<TimeMs> newest;
  auto take = [&](const SqlRow& r) {
    if (auto v = r.OptInt(0); v && (!newest || *v > *newest)) newest = v;
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(Query("SELECT MAX(time_a) FROM evidence", {}, take));
  RETURN_IF_ERROR(Query("SELECT MAX(time_b) FROM evidence", {}, take));
  RETURN_IF_ERROR(Query("SELECT MAX(end_time) FROM campaigns", {}, take));
  RETURN_IF_ERROR(Query("SELECT MAX(raised_at) FROM alerts", {}, take));
  RETURN_IF_ERROR(Query("SELECT MAX(last_event) FROM runs", {}, take));
  return newest;
}

}  // namespace sakimori::store_internal
