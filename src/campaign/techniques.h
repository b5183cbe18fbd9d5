// File: campaign/techniques.h
// Maps a campaign's evidence to the DISARM Red Framework v1.6 techniques it supports. Every
// technique comes from one documented rule on the evidence (docs/campaigns.md has the table);
// the rules cover what the behaviour data can show (amplification, copied text, hashtag
// flooding, account origin). Traits of the operators such as a foreign time zone, script
// anomalies or watch-list matches are signals, not techniques, and map to nothing.
// Pure functions of their argument: thread-safe and deterministic.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "campaign/evidence.h"

namespace sakimori::campaign {

// One supported technique: the DISARM id, its v1.6 name and the reason in plain English,
// built from the evidence figures (e.g. "312 co-repost bursts; 62% of members automated").
struct TechniqueFinding {
  std::string id;
  std::string name;
  std::string reason;
};

// The techniques `evidence` supports, sorted by id, each once. Every id is in the DISARM v1.6
// table of report/disarm.h. Evidence without any of the rule's signals gives an empty list.
std::vector<TechniqueFinding> FindTechniques(const CampaignEvidence& evidence);

// The ids of FindTechniques(evidence), sorted.
std::vector<std::string> Techniques(const CampaignEvidence& evidence);

// The reason `evidence` supports technique `id`, or "" when it does not (or `id` is not one of
// the mapped techniques).
std::string Why(std::string_view id, const CampaignEvidence& evidence);

// The thresholds of the rules (docs/campaigns.md).
inline constexpr double kAutomatedShare = 0.3;       // T0049.003: share of automated members
inline constexpr double kAutomatedAssetShare = 0.5;  // T0146.007
inline constexpr double kFastDelaySeconds = 60;      // T0049.003: median follower delay
inline constexpr double kHumanAutomatedShare = 0.3;  // T0049.001: below this share
inline constexpr uint64_t kMinNearDuplicates = 10;   // T0084.001
inline constexpr uint64_t kMinHashtagPosts = 20;     // T0049.002
inline constexpr uint64_t kMinLinkPosts = 10;        // T0119
inline constexpr double kNewAccountShare = 0.5;      // T0150.001, T0146.001
inline constexpr double kWaveShare = 0.3;            // T0150.008, T0146.001
inline constexpr double kWaveConfidence = 0.5;
inline constexpr double kSleeperShare = 0.3;    // T0150.002, T0049.005
inline constexpr uint64_t kMinReplyBursts = 3;  // T0049.005

}  // namespace sakimori::campaign
