// File: report/report_data.h
// What every report and export reads from the store: the selected campaigns with their
// members' accounts, target items, edges, evidence, alerts, reviews and notes. Loading is
// one pass of store reads; the result is plain data that the writers (HTML, STIX, MISP,
// network) only read. Pseudonymise() rewrites it in place for research exports.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "report/pseudonym.h"
#include "store/records.h"
#include "store/store.h"

namespace sakimori::report {

struct CampaignData {
  CampaignDetail detail;              // campaign, accounts, items, edges, evidence, alerts
  std::vector<ReviewRecord> reviews;  // oldest first
  std::vector<NoteRecord> notes;      // campaign notes, oldest first
};

struct ReportData {
  std::vector<CampaignData> campaigns;  // by score descending, then id
  // Event-time span of the data: the earliest campaign start and latest campaign end (0 when
  // there are no campaigns). Used for deterministic timestamps in exports.
  TimeMs first_time = 0;
  TimeMs last_time = 0;
  bool pseudonymized = false;
  // The newest analysis run, when the store has one (its parameters are the method's
  // thresholds shown in the report).
  std::optional<RunRecord> latest_run;
};

// Which campaigns to load: one by id, all, or those overlapping [since, until].
struct Selection {
  std::optional<std::string> campaign_id;
  std::optional<TimeMs> since;
  std::optional<TimeMs> until;
  int evidence_limit = 100000;  // per campaign
};

// Loads the campaigns of `selection`. NotFound when campaign_id names no campaign; the
// store's errors otherwise. An empty selection result is not an error.
[[nodiscard]] StatusOr<ReportData> LoadReportData(Store& store, const Selection& selection);

// Replaces account ids and handles (members, accounts, edges, evidence) and post ids (items of
// kind post, evidence objects of post actions) by keyed pseudonyms, and unless keep_text
// drops free text: evidence contents, campaign summaries, review and note texts, note and
// review user names.
void Pseudonymize(const Pseudonymizer& p, bool keep_text, ReportData* data);

}  // namespace sakimori::report
