// File: detect/account/account_features.h
// Per-account automation features (SPEC section 5.1), updated incrementally from the event
// stream with bounded state: a fixed-size behavioural record per acting account (under 200
// bytes, see BehaviourState) and, for accounts whose profile was seen, a fixed-size profile
// record. Compute() turns the state into a named feature vector; missing values are NaN
// (the tree model handles them).
//
// Behaviour only: no feature depends on what a post says. Text is used only through the
// hash of its whitespace-token sequence (duplicate share), so any one-to-one renaming of
// words leaves every feature unchanged.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/event.h"

namespace sakimori {

// The features, in the order of the vector Compute() writes. Names are FeatureNames().
enum class AccountFeature : int {
  // Behaviour (from actions: posts, reposts, quotes, replies, likes, follows, ...).
  kEventsPerDay = 0,       // actions per day from the first action to the reference time
  kMaxEventsMinute,        // most actions in one minute (two-phase tumbling windows)
  kMaxEventsHour,          // most actions in one hour (two-phase tumbling windows)
  kIetBurstiness,          // (sigma - mu) / (sigma + mu) of inter-event times (Goh & Barabasi)
  kIetEntropy,             // entropy (bits) of inter-event times in log4 bins of seconds
  kMinuteBoundaryShare,    // share of actions at an exact minute (time % 60 s == 0)
  kHourEntropy,            // entropy (bits) of the hour-of-day histogram (UTC)
  kWeekdayEntropy,         // entropy (bits) of the day-of-week histogram (UTC)
  kLongestDailyRestHours,  // longest circular run of empty hours in the hour histogram
  kRepostShare,
  kLikeShare,
  kReplyShare,
  kQuoteShare,
  kOriginalShare,
  kDuplicateTextShare,  // share of texts equal to one of the last 8 distinct texts
  kUrlShare,            // share of actions carrying a URL
  kClientDiversity,     // entropy (bits) of the client counts (Space-Saving top 3)
  // Profile (from the latest profile snapshot; growth from the earliest and the latest).
  kAccountAgeDays,
  kFollowersFriendsRatio,  // followers / max(friends, 1)
  kFollowers,
  kFriends,
  kPostsPerDay,  // lifetime posts / max(age in days, 1)
  kLikesCount,
  kListedCount,
  kDefaultProfile,
  kDefaultImage,
  kVerified,
  kHandleDigits,
  kHandleEntropy,      // character entropy (bits) of the handle
  kDescriptionLength,  // code points
  kNameLength,         // code points
  kFollowersGrowthPerDay,
  kFriendsGrowthPerDay,
  kCount,
};
inline constexpr int kNumAccountFeatures = static_cast<int>(AccountFeature::kCount);

// snake_case names, e.g. "followers_friends_ratio", in AccountFeature order.
const std::array<std::string_view, kNumAccountFeatures>& AccountFeatureNames();

// The behavioural state of one account. Histograms are uint16 and are halved together when a
// bin would overflow, so shares and entropies stay right for any number of events. Events
// older than the latest one seen for the account (out of order) count in the shares and the
// clock histograms but not in inter-event times or bursts.
struct BehaviourState {
  static constexpr int kIetBins = 12;     // 0 s, 1-3 s, 4-15 s, ... (base 4), >= 4^10 s
  static constexpr int kTextSlots = 8;    // most recently used text fingerprints
  static constexpr int kClientSlots = 3;  // Space-Saving table of client fingerprints

  TimeMs last_ms = kNoTime;  // latest action
  uint32_t first_s = 0;      // earliest action, seconds since the epoch (valid if events > 0)
  uint32_t events = 0;
  uint32_t posts = 0;
  uint32_t reposts = 0;
  uint32_t quotes = 0;
  uint32_t replies = 0;
  uint32_t likes = 0;
  uint32_t with_url = 0;
  uint32_t texts = 0;
  uint32_t duplicate_texts = 0;
  uint32_t on_minute = 0;
  uint32_t iet_n = 0;
  float iet_mean = 0;  // Welford's running mean and sum of squared deviations, in seconds
  float iet_m2 = 0;
  std::array<uint16_t, 24> hour{};
  std::array<uint16_t, 7> weekday{};
  std::array<uint16_t, kIetBins> iet_hist{};
  std::array<uint16_t, 2> minute_count{};  // current window count, phases 0 and 30 s
  std::array<uint16_t, 2> hour_count{};    // current window count, phases 0 and 30 min
  uint16_t max_minute = 0;
  uint16_t max_hour = 0;
  std::array<uint16_t, kTextSlots> text_fp{};
  std::array<uint16_t, kClientSlots> client_fp{};
  std::array<uint16_t, kClientSlots> client_count{};

  // Adds one action (any kind but kProfileUpdate).
  void Update(const Event& e);
  // Writes the behavioural features (indices kEventsPerDay..kClientDiversity) into `out`.
  void Compute(TimeMs reference_time, float* out) const;
};

// The profile state of one account: the latest snapshot's values and the earliest
// snapshot's counts for growth rates.
struct ProfileState {
  TimeMs first_observed = kNoTime;
  TimeMs last_observed = kNoTime;
  TimeMs created_at = kNoTime;
  int64_t first_followers = -1;
  int64_t first_friends = -1;
  int64_t followers = -1;
  int64_t friends = -1;
  int64_t posts = -1;
  int64_t likes = -1;
  int64_t listed = -1;
  float handle_entropy = -1;
  int16_t handle_digits = -1;
  int16_t description_length = -1;
  int16_t name_length = -1;
  int8_t verified = -1;
  int8_t default_profile = -1;
  int8_t default_image = -1;

  // Adds one snapshot. A snapshot whose observed_at is unknown (a bare user object) counts as
  // the latest and takes no part in growth rates; its age is then measured at the reference
  // time given to Compute().
  void Update(const Profile& profile);
  // Writes the profile features (indices kAccountAgeDays..kFriendsGrowthPerDay) into `out`.
  void Compute(TimeMs reference_time, float* out) const;
};

// Feature state for all accounts of a stream, indexed by the dense AccountId of a
// Dictionary. Not thread-safe; one instance per partition of accounts.
class AccountFeatures {
 public:
  // Adds one event for its actor: profile snapshots (kind kProfileUpdate, or any event
  // carrying a profile) update the profile state, every other kind the behaviour state.
  void Update(const Event& e);
  void Update(const EventBatch& batch) {
    for (const Event& e : batch.events()) Update(e);
  }

  // True if `account` has any state (acted or had a profile).
  bool Has(AccountId account) const;
  // The accounts with state, ascending.
  std::vector<AccountId> Accounts() const;
  // The latest event time seen (kNoTime before any event): the default reference time.
  TimeMs last_time() const { return last_time_; }

  // The feature vector of `account` at `reference_time` (kNumAccountFeatures values, NaN where
  // unknown). `out` must hold kNumAccountFeatures floats.
  void Compute(AccountId account, TimeMs reference_time, float* out) const;
  std::vector<float> Compute(AccountId account, TimeMs reference_time) const;

  const BehaviourState* behaviour(AccountId account) const;
  const ProfileState* profile(AccountId account) const;

  // Checkpoint: little-endian bytes, magic "SKAF", version 1: the latest event time, the
  // per-account flags, then every behaviour and profile record field by field. A restored
  // object continues exactly as the original would.
  void Serialize(std::string* out) const;
  // Replaces the state with a checkpoint written by Serialize. Errors: InvalidArgument on a
  // bad magic or version, or truncated or inconsistent input; the state is then unchanged.
  Status Deserialize(std::string_view in);

 private:
  std::vector<BehaviourState> behaviour_;
  // By account id, up to the largest one with a profile; kHasProfile in present_ tells which
  // hold one (a dense array: half the bytes of a hash map at its usual load).
  std::vector<ProfileState> profiles_;
  // Per account: kPresent once it has behaviour or a profile (Has() without touching either),
  // kHasProfile once it has a profile.
  static constexpr uint8_t kPresent = 1, kHasProfile = 2;
  std::vector<uint8_t> present_;
  TimeMs last_time_ = kNoTime;
};

// Entropy in bits of a histogram; NaN when it is empty.
double HistogramEntropy(std::span<const uint16_t> counts);

}  // namespace sakimori
