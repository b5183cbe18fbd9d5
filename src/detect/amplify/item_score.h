// File: detect/amplify/item_score.h
// The value types of anomalous-amplification scoring (SPEC section 5.3): what an item is,
// the per-account context the engine supplies at ranking time, and the scored item with the
// numbers behind its score.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"
#include "model/event.h"

namespace sakimori::amplify {

// What is amplified. The numeric values are part of the checkpoint format.
enum class ItemKind : uint8_t {
  kPost = 0,       // the target post of likes, reposts, quotes and replies
  kUrl = 1,        // a normalised URL carried by events
  kHashtag = 2,    // a hashtag, ASCII-lowercased, without '#'
  kNarrative = 3,  // a near-duplicate text cluster, by the id the engine assigns
};
inline constexpr int kNumItemKinds = 4;
// "post", "url", "hashtag", "narrative".
std::string_view ItemKindName(ItemKind kind);

// How an event engages with an item. A "use" is an original post carrying the item (a URL,
// a hashtag, a post of the narrative); likes, reposts, quotes and replies keep their kind.
enum class EngagementType : uint8_t { kLike = 0, kRepost, kQuote, kReply, kUse };
inline constexpr int kNumEngagementTypes = 5;

// Per-account facts the engine knows when it ranks (from the account and coordination
// detectors and the profiles it has seen). Implementations must be deterministic for the
// duration of one Rank() call.
class AccountContext {
 public:
  virtual ~AccountContext() = default;
  // Automation score of `account` in [0, 1]; 0 when unknown.
  virtual double AutomationScore(AccountId account) const = 0;
  // The coordinated group `account` belongs to, or nullopt when none.
  virtual std::optional<uint64_t> CoordinatedGroup(AccountId account) const = 0;
  // When `account` was created, or kNoTime when unknown.
  virtual TimeMs CreatedAt(AccountId account) const = 0;
};

// An AccountContext made of callbacks; an unset callback answers "unknown" (0, nullopt,
// kNoTime).
struct CallbackAccountContext : AccountContext {
  std::function<double(AccountId)> automation;
  std::function<std::optional<uint64_t>(AccountId)> group;
  std::function<TimeMs(AccountId)> created_at;

  double AutomationScore(AccountId a) const override { return automation ? automation(a) : 0; }
  std::optional<uint64_t> CoordinatedGroup(AccountId a) const override {
    return group ? group(a) : std::nullopt;
  }
  TimeMs CreatedAt(AccountId a) const override { return created_at ? created_at(a) : kNoTime; }
};

// One scored item. Shares are fractions in [0, 1] of the item's *sampled* engagements (those
// by the first `sample_cap` distinct engaging accounts, see TrackerOptions), which are all of
// them unless distinct_exact is false. Ratios that cannot be computed are NaN.
struct ItemScore {
  ItemKind kind = ItemKind::kPost;
  std::string id;     // post id (via RankOptions::post_names), URL, hashtag or narrative id
  uint64_t key = 0;   // the item's key within its kind (PostId, hash of the URL/hashtag, id)
  double score = 0;   // volume * inauthenticity (docs/amplification.md)
  double volume = 0;  // log2(1 + max(burst_platform, burst_author))
  double inauthenticity = 0;  // weighted mean of the six signals below, in [0, 1]

  // Engagements by type (EngagementType order) and in total.
  uint64_t counts[kNumEngagementTypes] = {};
  uint64_t engagements = 0;
  uint64_t distinct_accounts = 0;  // exact while distinct_exact, else a HyperLogLog estimate
  bool distinct_exact = true;
  uint64_t sampled_engagements = 0;
  AccountId author = kNoAccount;  // posts: the target's author when the events named it

  TimeMs first = kNoTime;
  TimeMs last = kNoTime;
  TimeMs peak_hour_start = kNoTime;  // the UTC hour with the most engagements
  uint64_t peak_hour_count = 0;
  // Engagements per UTC hour from curve_start to the hour of `last` (at most
  // TrackerOptions::curve_hours hours).
  TimeMs curve_start = kNoTime;
  std::vector<uint32_t> hourly;

  // Burst: engagements over the author's running mean per post (leave-one-out; posts only,
  // NaN when the author has no other post) and over the platform mean of the kind.
  double author_baseline = 0;
  double burst_author = 0;
  double platform_baseline = 0;
  double burst_platform = 0;

  double gap_cv = 0;             // coefficient of variation of inter-arrival gaps; NaN under 5 gaps
  double automated_share = 0;    // engagements by accounts with automation >= threshold
  double coordinated_share = 0;  // engagements by accounts in a coordinated group
  double recent_share = 0;       // engagements by accounts younger than recent_age then
  double top_decile_share = 0;   // engagements by the top 10 % (ceil) of engaging accounts
  double reply_share = 0;        // replies / engagements
  // (likes + reposts) / engagements * max(0, 1 - reply_share / organic_reply_share)
  double amplification_without_conversation = 0;

  // Signals that fired, machine-readable: "name=value" joined by ',' in a fixed order, e.g.
  // "burst=66.7,automated=1.00,coordinated=1.00,recent=1.00,regular_gaps=0.02,no_replies=1.00".
  std::string explanation;
};

}  // namespace sakimori::amplify
