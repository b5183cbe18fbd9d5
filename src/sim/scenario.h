// File: sim/scenario.h
// A simulation scenario: the organic world, the hard negatives (organic look-alikes of
// coordination) and the planted operations, read from a TOML file. Every key, its unit and
// default is documented in docs/simulator.md; the shipped scenarios live in scenarios/ and are
// also compiled into the binary (see FindScenario).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace sakimori::sim {

struct OrganicConfig {
  int64_t accounts = 20000;          // organic accounts at scale 1 (news/bots/fans included)
  double activity_median = 1.2;      // median actions per account per day
  double activity_sigma = 1.5;       // lognormal sigma of the per-account rate (heavy tail)
  double post_share = 0.3;           // share of actions that are original posts
  double follows_mean = 40;          // mean followees per account in the follower graph
  int communities = 24;              // interest communities (a few are political)
  double in_community = 0.7;         // share of follows inside the own community
  double fitness_alpha = 1.3;        // Pareto tail index of popularity (follower counts)
  double english_share = 0.04;       // share of posts written in English
  double churn = 0.04;               // share of accounts created or going quiet mid-period
  double follows_per_day = 0.01;     // new follow events per account per day
  double deletes_share = 0.005;      // share of own posts deleted later
  double reply_share = 0.12;         // engagement mix: replies
  double quote_share = 0.05;         //   quotes
  double repost_share = 0.25;        //   reposts (the rest are likes)
  double branching = 0.55;           // mean re-exposure by each repost/quote (Hawkes)
  double delay_scale_s = 90;         // Lomax scale of engagement delays (seconds)
  double delay_alpha = 1.1;          // Lomax tail index of engagement delays
};

struct HardNegativeConfig {
  int news_shocks = 1;               // breaking-news bursts
  int64_t shock_participants = 3000; // accounts posting about one shock within minutes
  int viral_posts = 1;
  int64_t viral_engagements = 100000;
  int fan_communities = 2;
  int64_t fans = 300;                // members per fan community
  int idols = 2;                     // accounts each fan community follows
  double idol_posts_per_day = 3;
  int activist_campaigns = 1;
  int64_t activists = 800;           // participants per campaign
  double activist_posts = 4;         // mean posts per participant during the campaign hour(s)
  double campaign_hours = 2;
  int weather_bots = 3;              // hourly weather posts
  int quake_bots = 1;                // alerts at every news shock and a few small quakes
  int news_accounts = 6;             // scheduled news accounts (every 30 minutes, daytime)
};

struct OperationConfig {
  std::string id;                    // "op1", ...
  std::string name;
  std::vector<std::string> tactics;  // like_farm, repost_ring, copy_paste, ... (see docs)
  std::vector<std::string> techniques;  // DISARM ids; empty = derived from the tactics
  std::string sophistication = "naive";  // naive | moderate | sophisticated
  int64_t members = 100;             // accounts at scale 1 (at least min_members)
  int64_t min_members = 8;
  double start_day = 1;              // start, in days after the scenario start
  double duration_days = 2;
  int targets = 6;                   // amplified posts
  int authors = 3;                   // genuine accounts whose posts are amplified
  double participation = 1.0;        // share of members acting on each target
  double delay_median_s = 20;        // median delay of a member's engagement after the target
  double delay_sigma = 0.8;          // lognormal sigma of those delays
  double posts_per_day = 4;          // own posts per member per day (copy_paste, flood, ...)
  double filler_per_day = 0;         // organic-looking filler actions per member per day
  std::optional<double> utc_offset_hours;  // operators' zone (foreign_timezone)
  std::string hashtag;               // the hashtag flooded (hashtag_flood); default per op
  std::string url;                   // the URL pushed (copy_paste, cross_posting)
};

struct Scenario {
  std::string name;
  std::string description;
  TimeMs start = 0;                  // period start (UTC)
  double days = 1;
  double utc_offset_hours = 9;       // the country's zone (Japan)
  std::string platform = "x";
  OrganicConfig organic;
  HardNegativeConfig negatives;
  std::vector<OperationConfig> operations;
};

// Parses a scenario from TOML text. `origin` names the source in error messages.
// Errors (InvalidArgument): TOML syntax, wrong value types, unknown tactics or
// sophistication, values out of range (negative counts, days <= 0, ...).
StatusOr<Scenario> ParseScenario(std::string_view toml, std::string_view origin);

// Finds a scenario by name or path: an existing file path is read; otherwise NAME is looked
// up as scenarios/NAME.toml relative to the current directory, then in the source tree the
// binary was built from, then among the scenarios compiled into the binary.
// Errors: NotFound naming the places searched; parse errors as above.
StatusOr<Scenario> FindScenario(const std::string& name_or_path);

// The names of the scenarios compiled into the binary, sorted.
std::vector<std::string> BuiltinScenarioNames();

// The tactic names accepted in `tactics`.
const std::vector<std::string_view>& KnownTactics();

// The DISARM v1.6 technique ids used for a tactic (empty for unknown names).
std::vector<std::string> TechniquesForTactic(std::string_view tactic);

}  // namespace sakimori::sim
