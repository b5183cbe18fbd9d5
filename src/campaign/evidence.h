// File: campaign/evidence.h
// What the analysis gathered about one campaign (a group of coordinated accounts and what it
// amplified), as a plain value the engine fills and the technique mapping (techniques.h) and
// the summaries (summary.h) read. Counts are over the campaign's members unless a comment says
// otherwise. The authors of the amplified items are targets, never members.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "model/event.h"  // kNoTime

namespace sakimori::campaign {

struct CampaignEvidence {
  std::string id;
  size_t members = 0;
  TimeMs start = kNoTime, end = kNoTime;  // the campaign's active span (event time)

  // Coordination per action: "repost", "like", "reply", "quote", "url", "domain", "hashtag",
  // "media" or "text" (near-identical text); co-action bursts and significant member edges.
  struct Action {
    std::string name;
    uint64_t bursts = 0;
    uint64_t edges = 0;
  };
  std::vector<Action> actions;
  // The confidence of the coordination finding in [0, 1] (e.g. 1 - the largest corrected
  // q-value of the group's edges); NaN when the engine has none.
  double coordination_confidence = std::numeric_limits<double>::quiet_NaN();
  double median_delay_s = std::numeric_limits<double>::quiet_NaN();  // follower delay in co-actions

  double mean_automation = 0;  // mean account automation score of the members, 0..1
  double share_automated = 0;  // share of members with automation score >= 0.5

  // An amplified item: kind "post", "url", "hashtag", "narrative", "domain" or "media".
  // `by_members` = the members' actions on it, `total` = all actions on it, `author` = the
  // account that posted it (posts only; a target, not a member).
  struct Item {
    std::string kind;
    std::string id;
    uint64_t by_members = 0;
    uint64_t total = 0;
    std::string author;
  };
  std::vector<Item> items;       // most pushed first
  size_t amplified_authors = 0;  // distinct authors of the amplified posts (targets)
  uint64_t reach = 0;            // distinct accounts that engaged with the items (estimate)

  uint64_t near_duplicate_posts = 0;  // member posts in near-duplicate clusters
  size_t narratives = 0;              // near-duplicate narrative clusters the members pushed
  uint64_t hashtag_posts = 0;         // member posts carrying the campaign's top hashtag
  uint64_t likes = 0, reposts = 0, replies = 0, quotes = 0, posts = 0;  // by members

  // Operator time zone from the members' daily rhythm.
  std::optional<double> utc_offset_hours;
  double utc_offset_confidence = 0;
  std::string rhythm_template;       // e.g. "office-hours", "evening-peak"; empty when unknown
  bool no_nightly_rest = false;      // members active around the clock
  double home_utc_offset_hours = 9;  // the monitored country's offset (Japan: +9)

  // Account creation.
  double creation_wave_share = 0, creation_wave_confidence = 0;
  TimeMs creation_wave_start = kNoTime, creation_wave_end = kNoTime;
  double new_account_share = 0;  // members created < 30 days before `start`
  double sleeper_share = 0;      // members idle >= 30 days before `start`

  // Writing: share of members whose texts carry script anomalies (e.g. simplified-Chinese-only
  // characters in Japanese text), with the detector's confidence.
  double script_anomaly_share = 0, script_anomaly_confidence = 0;

  // Link domains the members share more than everyone else: lift = members' share / base share.
  struct Domain {
    std::string domain;
    double lift = 0;
    uint64_t uses = 0;
  };
  std::vector<Domain> domains;

  std::vector<std::string> watchlist_hits;  // "type:value" of matched watch-list entries

  double score = 0;
  std::string severity;  // "low", "medium", "high" or "critical"; empty when unrated
};

}  // namespace sakimori::campaign
