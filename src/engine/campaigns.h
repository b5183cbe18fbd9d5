// File: engine/campaigns.h
// From coordinated groups to campaigns and alerts (SPEC 5.5). At each detection step the
// engine describes every Leiden group by its evidence (GroupEvidence); the tracker scores
// each group, follows it across steps (a group continues the campaign whose members it
// shares most, by Jaccard similarity), and raises one alert per campaign at the event time
// of the first step at which the campaign's score is at or above the alert threshold, at
// least `alert_confirm_ms` after it first was; later steps update the alert's severity
// instead of raising new ones. The wait keeps a group's first score, the least reliable one,
// from alerting on its own (docs/evaluation.md, "Alert confirmation").
//
// The members of a campaign are the accounts that act together; the posts and authors they
// push are its items (targets), never its members. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "model/event.h"

namespace sakimori::engine {

struct CampaignOptions {
  size_t min_members = 5;      // smaller groups are not campaigns
  double report_score = 0.35;  // campaigns reported in the results
  double alert_score = 0.5;    // the score at which an alert is raised
  // Event time from a campaign's first score at or above alert_score to the earliest step
  // that may raise its alert, at which the score must again be at or above (0: at once).
  TimeMs alert_confirm_ms = 0;
  double match_jaccard = 0.3;  // a group continues a campaign at this member similarity
};

// An item engaged with by several members of a group.
struct ItemEngagement {
  uint64_t item = 0;      // PackItem form
  uint32_t members = 0;   // distinct members who engaged with it
  TimeMs first = kNoTime, last = kNoTime;
};

// What the engine knows about one group at one step. All shares are in [0, 1].
struct GroupEvidence {
  std::vector<AccountId> members;  // sorted
  uint64_t internal_edges = 0;     // significant edges between members
  double density = 0;              // internal_edges / (n (n - 1) / 2)
  uint64_t bursts = 0;             // co-action bursts on internal edges
  std::vector<uint64_t> bursts_by_action;  // per test family (CoordinationOperator order)
  std::vector<uint64_t> edges_by_action;   // internal edges with bursts in the family
  double median_delay_s = 0;       // median over internal edges of the mean follower delay;
                                   // NaN without internal edges
  double mean_automation = 0;      // mean automation score of members
  double share_automated = 0;      // members scoring >= 0.5
  double new_account_share = 0;    // members created < 90 days before their first action
  // Amplification groups only (0 otherwise): the mean population percentile of the members'
  // automation scores, i.e. how automated they look relative to everyone who acted, for
  // models whose absolute scores are low on evasive accounts (docs/analyze.md).
  double relative_automation = 0;
  // Copy-paste: the share of members who wrote near-duplicates of one narrative, the narrative
  // written by the most members (counted when at least max(3, 10 %) of members wrote it; 0
  // otherwise). Near-duplicate text is evidence of coordination without any timing.
  double copy_share = 0;
  std::vector<ItemEngagement> items;  // engaged by >= 2 members, most members first
  uint64_t pushed_items = 0;       // items engaged by >= max(3, 10 %) of members
  TimeMs start = kNoTime, end = kNoTime;  // span of the members' engagements with the items
};

// The score of a group in [0, 1] (docs/analyze.md, "Campaign score"). Behaviour only.
double ScoreGroup(const GroupEvidence& g);

struct Campaign {
  std::string id;  // "c1", "c2", ... in order of first detection
  GroupEvidence evidence;  // at the latest step
  double score = 0;        // at the latest step
  double max_score = 0;
  TimeMs first_detected = kNoTime, last_detected = kNoTime;
  bool reported = false;   // score reached report_score at some step
  bool alerted = false;
  TimeMs alert_time = kNoTime;
  std::string severity;    // of the alert: low | medium | high | critical
  TimeMs alert_updated = kNoTime;
  // The first step that scored the campaign at or above alert_score (kNoTime: none yet).
  TimeMs first_above = kNoTime;
};

class CampaignTracker {
 public:
  explicit CampaignTracker(const CampaignOptions& options) : options_(options) {}
  // One detection step at event time `now`. Groups smaller than min_members are ignored.
  void Step(TimeMs now, std::vector<GroupEvidence> groups);
  const std::vector<Campaign>& campaigns() const { return campaigns_; }
  const CampaignOptions& options() const { return options_; }
  // Checkpoint: magic "SKCT", version 2, every campaign with its latest evidence. The options
  // are not kept (they come from the constructor). Version 1 (without first_above) is read.
  void Serialize(std::string* out) const;
  // Replaces the campaigns with a checkpoint written by Serialize. Errors: InvalidArgument
  // on a bad magic or version, or truncated input; the campaigns are then unchanged.
  Status Deserialize(std::string_view in);

 private:
  CampaignOptions options_;
  std::vector<Campaign> campaigns_;
};

// The alert severity for a campaign of `members` accounts at `score`.
std::string SeverityFor(double score, size_t members);

}  // namespace sakimori::engine
