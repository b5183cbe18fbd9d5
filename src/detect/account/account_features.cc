// File: detect/account/account_features.cc
// Streaming per-account features; see account_features.h for the definitions.
#include "detect/account/account_features.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "common/bytes.h"
#include "common/hash.h"

namespace sakimori {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kDayMs = 86'400'000;

static_assert(sizeof(BehaviourState) <= 192, "behavioural state must stay under 200 bytes");

// Increments counts[i]; when it would overflow, halves every bin first (rounding up so that
// non-empty bins stay non-empty), which keeps shares and entropies.
template <size_t N>
void Increment(std::array<uint16_t, N>& counts, size_t i) {
  if (counts[i] == std::numeric_limits<uint16_t>::max()) {
    for (uint16_t& c : counts) c = static_cast<uint16_t>((c + 1) / 2);
  }
  ++counts[i];
}

uint16_t SaturatingIncrement(uint16_t v) {
  return v == std::numeric_limits<uint16_t>::max() ? v : static_cast<uint16_t>(v + 1);
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Hash of the sequence of whitespace-separated tokens: equal for texts that differ only in
// spacing, and unchanged in equality pattern under any one-to-one renaming of tokens.
uint64_t TokenSequenceHash(std::string_view text) {
  uint64_t h = 0x9e3779b97f4a7c15ULL;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    if (i > start) h = Hash64(text.substr(start, i - start), h);
  }
  return h;
}

uint16_t Fingerprint16(uint64_t h) {
  uint16_t fp = static_cast<uint16_t>(h >> 48);
  return fp == 0 ? 1 : fp;  // 0 marks an empty slot
}

// Code points of a UTF-8 string (invalid bytes count as one each).
std::vector<uint32_t> CodePoints(std::string_view s) {
  std::vector<uint32_t> out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 1;
    if (i + len > s.size()) len = 1;
    uint32_t cp = len == 1 ? c : c & (0xff >> (len + 1));
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    out.push_back(cp);
    i += len;
  }
  return out;
}

float CharacterEntropy(std::string_view s) {
  std::vector<uint32_t> cps = CodePoints(s);
  if (cps.empty()) return 0;
  std::sort(cps.begin(), cps.end());
  double h = 0;
  const double n = static_cast<double>(cps.size());
  for (size_t i = 0; i < cps.size();) {
    size_t j = i;
    while (j < cps.size() && cps[j] == cps[i]) ++j;
    double p = (j - i) / n;
    h -= p * std::log2(p);
    i = j;
  }
  return static_cast<float>(h);
}

int16_t ClampLength(size_t n) {
  return static_cast<int16_t>(std::min<size_t>(n, std::numeric_limits<int16_t>::max()));
}

float CountOrNaN(int64_t v) { return v < 0 ? kNaN : static_cast<float>(v); }
float FlagOrNaN(int8_t v) { return v < 0 ? kNaN : static_cast<float>(v); }

}  // namespace

const std::array<std::string_view, kNumAccountFeatures>& AccountFeatureNames() {
  static const std::array<std::string_view, kNumAccountFeatures> kNames = {
      "events_per_day",
      "max_events_minute",
      "max_events_hour",
      "iet_burstiness",
      "iet_entropy",
      "minute_boundary_share",
      "hour_entropy",
      "weekday_entropy",
      "longest_daily_rest_hours",
      "repost_share",
      "like_share",
      "reply_share",
      "quote_share",
      "original_share",
      "duplicate_text_share",
      "url_share",
      "client_diversity",
      "account_age_days",
      "followers_friends_ratio",
      "followers",
      "friends",
      "posts_per_day",
      "likes_count",
      "listed_count",
      "default_profile",
      "default_image",
      "verified",
      "handle_digits",
      "handle_entropy",
      "description_length",
      "name_length",
      "followers_growth_per_day",
      "friends_growth_per_day",
  };
  return kNames;
}

double HistogramEntropy(std::span<const uint16_t> counts) {
  double total = 0;
  for (uint16_t c : counts) total += c;
  if (total == 0) return std::numeric_limits<double>::quiet_NaN();
  double h = 0;
  for (uint16_t c : counts) {
    if (c == 0) continue;
    double p = c / total;
    h -= p * std::log2(p);
  }
  return h;
}

void BehaviourState::Update(const Event& e) {
  const TimeMs t = e.time;
  ++events;
  switch (e.kind) {
    case EventKind::kPost:
      ++posts;
      break;
    case EventKind::kRepost:
      ++reposts;
      break;
    case EventKind::kQuote:
      ++quotes;
      break;
    case EventKind::kReply:
      ++replies;
      break;
    case EventKind::kLike:
      ++likes;
      break;
    default:
      break;
  }
  if (!e.urls.empty()) ++with_url;
  if (!e.text.empty() &&
      (e.kind == EventKind::kPost || e.kind == EventKind::kQuote || e.kind == EventKind::kReply)) {
    ++texts;
    // A most-recently-used list of fingerprints: a hit moves to the front, a miss enters at
    // the front and pushes the least recently used one out. Which texts count as duplicates
    // depends only on which texts are equal (up to 16-bit fingerprint collisions), never on
    // the hash values, so renaming words cannot change it.
    const uint16_t fp = Fingerprint16(TokenSequenceHash(e.text));
    int pos = kTextSlots - 1;
    for (int i = 0; i < kTextSlots; ++i) {
      if (text_fp[i] == fp) {
        ++duplicate_texts;
        pos = i;
        break;
      }
    }
    for (int i = pos; i > 0; --i) text_fp[i] = text_fp[i - 1];
    text_fp[0] = fp;
  }
  if (!e.client.empty()) {
    // Space-Saving (Metwally, Agrawal & El Abbadi 2005): a new item replaces the least
    // counted slot and inherits its count plus one.
    uint16_t fp = Fingerprint16(Hash64(e.client));
    int found = -1;
    int smallest = 0;
    for (int i = 0; i < kClientSlots; ++i) {
      if (client_fp[i] == fp) found = i;
      if (client_count[i] < client_count[smallest]) smallest = i;
    }
    if (found >= 0) {
      Increment(client_count, found);
    } else {
      client_fp[smallest] = fp;
      Increment(client_count, smallest);
    }
  }
  Increment(hour, static_cast<size_t>(FloorDiv(t, kHourMs) % 24 + 24) % 24);
  // 1970-01-01 was a Thursday; weekday 0 is Sunday.
  Increment(weekday, static_cast<size_t>((FloorDiv(t, kDayMs) + 4) % 7 + 7) % 7);
  if (t % kMinuteMs == 0) ++on_minute;
  const uint32_t t_s = static_cast<uint32_t>(
      std::clamp<int64_t>(FloorDiv(t, 1000), 0, std::numeric_limits<uint32_t>::max()));
  if (events == 1 || t_s < first_s) first_s = t_s;

  if (last_ms == kNoTime) {
    last_ms = t;
    minute_count = {1, 1};
    hour_count = {1, 1};
    max_minute = 1;
    max_hour = 1;
    return;
  }
  if (t < last_ms) return;  // out of order: no inter-event time, no burst window

  // Inter-event time: Welford's running mean and variance (Welford 1962).
  const double dt = static_cast<double>(t - last_ms) / 1000.0;
  ++iet_n;
  const double delta = dt - iet_mean;
  const double mean = iet_mean + delta / iet_n;
  iet_m2 = static_cast<float>(iet_m2 + delta * (dt - mean));
  iet_mean = static_cast<float>(mean);
  const uint64_t seconds = static_cast<uint64_t>((t - last_ms) / 1000);
  // Base-4 bins of whole seconds: 0, 1-3, 4-15, ..., 4^9-4^10-1, >= 4^10 (12 days).
  Increment(iet_hist, std::min<size_t>((std::bit_width(seconds) + 1) / 2, kIetBins - 1));

  // Bursts: windows of length W at phases 0 and W/2; the largest count is at least the
  // sliding maximum over W/2 and at most the sliding maximum over W.
  for (int phase = 0; phase < 2; ++phase) {
    const int64_t m_off = phase * kMinuteMs / 2;
    if (FloorDiv(t - m_off, kMinuteMs) == FloorDiv(last_ms - m_off, kMinuteMs)) {
      minute_count[phase] = SaturatingIncrement(minute_count[phase]);
    } else {
      minute_count[phase] = 1;
    }
    max_minute = std::max(max_minute, minute_count[phase]);
    const int64_t h_off = phase * kHourMs / 2;
    if (FloorDiv(t - h_off, kHourMs) == FloorDiv(last_ms - h_off, kHourMs)) {
      hour_count[phase] = SaturatingIncrement(hour_count[phase]);
    } else {
      hour_count[phase] = 1;
    }
    max_hour = std::max(max_hour, hour_count[phase]);
  }
  last_ms = t;
}

void BehaviourState::Compute(TimeMs reference_time, float* out) const {
  const int first = static_cast<int>(AccountFeature::kEventsPerDay);
  const int last = static_cast<int>(AccountFeature::kClientDiversity);
  if (events == 0) {
    std::fill(out + first, out + last + 1, kNaN);
    return;
  }
  auto set = [out](AccountFeature f, double v) {
    out[static_cast<int>(f)] = static_cast<float>(v);
  };
  const double n = events;
  const TimeMs end = std::max(reference_time, last_ms);
  const double span_days =
      std::max(static_cast<double>(end - int64_t{first_s} * 1000) / kDayMs, 1.0 / 24.0);
  set(AccountFeature::kEventsPerDay, n / span_days);
  set(AccountFeature::kMaxEventsMinute, max_minute);
  set(AccountFeature::kMaxEventsHour, max_hour);
  double burstiness = kNaN;
  if (iet_n >= 2) {
    const double sigma = std::sqrt(std::max(0.0, static_cast<double>(iet_m2) / iet_n));
    const double mu = iet_mean;
    if (sigma + mu > 0) burstiness = (sigma - mu) / (sigma + mu);
  }
  set(AccountFeature::kIetBurstiness, burstiness);
  set(AccountFeature::kIetEntropy, iet_n >= 1 ? HistogramEntropy(iet_hist) : kNaN);
  set(AccountFeature::kMinuteBoundaryShare, on_minute / n);
  set(AccountFeature::kHourEntropy, HistogramEntropy(hour));
  set(AccountFeature::kWeekdayEntropy, HistogramEntropy(weekday));
  // Longest circular run of empty hour bins.
  int longest = 0;
  int run = 0;
  for (int i = 0; i < 48; ++i) {
    if (hour[i % 24] == 0) {
      run = std::min(run + 1, 24);
      longest = std::max(longest, run);
    } else {
      run = 0;
    }
  }
  set(AccountFeature::kLongestDailyRestHours, longest);
  set(AccountFeature::kRepostShare, reposts / n);
  set(AccountFeature::kLikeShare, likes / n);
  set(AccountFeature::kReplyShare, replies / n);
  set(AccountFeature::kQuoteShare, quotes / n);
  set(AccountFeature::kOriginalShare, posts / n);
  set(AccountFeature::kDuplicateTextShare,
      texts > 0 ? static_cast<double>(duplicate_texts) / texts : kNaN);
  set(AccountFeature::kUrlShare, with_url / n);
  set(AccountFeature::kClientDiversity, HistogramEntropy(client_count));
}

void ProfileState::Update(const Profile& p) {
  const TimeMs observed = p.observed_at;
  if (observed != kNoTime) {
    if (first_observed == kNoTime || observed < first_observed) {
      first_observed = observed;
      first_followers = p.followers;
      first_friends = p.following;
    }
    if (last_observed != kNoTime && observed < last_observed) return;
    last_observed = observed;
  }
  if (p.created_at != kNoTime) created_at = p.created_at;
  if (p.followers >= 0) followers = p.followers;
  if (p.following >= 0) friends = p.following;
  if (p.posts >= 0) posts = p.posts;
  if (p.likes >= 0) likes = p.likes;
  if (p.listed >= 0) listed = p.listed;
  if (p.verified >= 0) verified = p.verified;
  if (p.default_profile >= 0) default_profile = p.default_profile;
  if (p.default_image >= 0) default_image = p.default_image;
  if (!p.handle.empty()) {
    handle_digits = static_cast<int16_t>(std::count_if(
        p.handle.begin(), p.handle.end(), [](char c) { return c >= '0' && c <= '9'; }));
    handle_entropy = CharacterEntropy(p.handle);
  }
  description_length = ClampLength(CodePoints(p.description).size());
  name_length = ClampLength(CodePoints(p.name).size());
}

void ProfileState::Compute(TimeMs reference_time, float* out) const {
  auto set = [out](AccountFeature f, double v) {
    out[static_cast<int>(f)] = static_cast<float>(v);
  };
  const TimeMs at = last_observed != kNoTime ? last_observed : reference_time;
  double age = kNaN;
  if (created_at != kNoTime && at != kNoTime) {
    age = std::max(0.0, static_cast<double>(at - created_at) / kDayMs);
  }
  set(AccountFeature::kAccountAgeDays, age);
  set(AccountFeature::kFollowersFriendsRatio,
      followers >= 0 && friends >= 0
          ? static_cast<double>(followers) / static_cast<double>(std::max<int64_t>(friends, 1))
          : kNaN);
  set(AccountFeature::kFollowers, CountOrNaN(followers));
  set(AccountFeature::kFriends, CountOrNaN(friends));
  set(AccountFeature::kPostsPerDay,
      posts >= 0 && !std::isnan(age) ? static_cast<double>(posts) / std::max(age, 1.0) : kNaN);
  set(AccountFeature::kLikesCount, CountOrNaN(likes));
  set(AccountFeature::kListedCount, CountOrNaN(listed));
  set(AccountFeature::kDefaultProfile, FlagOrNaN(default_profile));
  set(AccountFeature::kDefaultImage, FlagOrNaN(default_image));
  set(AccountFeature::kVerified, FlagOrNaN(verified));
  set(AccountFeature::kHandleDigits, handle_digits < 0 ? kNaN : handle_digits);
  set(AccountFeature::kHandleEntropy, handle_entropy < 0 ? kNaN : handle_entropy);
  set(AccountFeature::kDescriptionLength, description_length < 0 ? kNaN : description_length);
  set(AccountFeature::kNameLength, name_length < 0 ? kNaN : name_length);
  double followers_growth = kNaN;
  double friends_growth = kNaN;
  if (first_observed != kNoTime && last_observed - first_observed >= kHourMs) {
    const double days = static_cast<double>(last_observed - first_observed) / kDayMs;
    if (first_followers >= 0 && followers >= 0) {
      followers_growth = (followers - first_followers) / days;
    }
    if (first_friends >= 0 && friends >= 0) friends_growth = (friends - first_friends) / days;
  }
  set(AccountFeature::kFollowersGrowthPerDay, followers_growth);
  set(AccountFeature::kFriendsGrowthPerDay, friends_growth);
}

void AccountFeatures::Update(const Event& e) {
  if (e.actor == kNoAccount) return;
  if (last_time_ == kNoTime || e.time > last_time_) last_time_ = e.time;
  if (e.actor >= present_.size()) present_.resize(size_t{e.actor} + 1, 0);
  if (e.profile != nullptr) {
    if (e.actor >= profiles_.size()) profiles_.resize(size_t{e.actor} + 1);
    profiles_[e.actor].Update(*e.profile);
    present_[e.actor] |= kPresent | kHasProfile;
  }
  if (e.kind == EventKind::kProfileUpdate) return;
  if (e.actor >= behaviour_.size()) behaviour_.resize(e.actor + 1);
  behaviour_[e.actor].Update(e);
  if (behaviour_[e.actor].events > 0) present_[e.actor] |= kPresent;
}

bool AccountFeatures::Has(AccountId account) const {
  return account < present_.size() && present_[account] != 0;
}

std::vector<AccountId> AccountFeatures::Accounts() const {
  std::vector<AccountId> out;
  for (AccountId a = 0; a < behaviour_.size(); ++a) {
    if (behaviour_[a].events > 0) out.push_back(a);
  }
  for (AccountId a = 0; a < profiles_.size(); ++a) {
    if ((present_[a] & kHasProfile) && (a >= behaviour_.size() || behaviour_[a].events == 0)) {
      out.push_back(a);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

const BehaviourState* AccountFeatures::behaviour(AccountId account) const {
  if (account >= behaviour_.size() || behaviour_[account].events == 0) return nullptr;
  return &behaviour_[account];
}

const ProfileState* AccountFeatures::profile(AccountId account) const {
  if (account >= profiles_.size() || !(present_[account] & kHasProfile)) return nullptr;
  return &profiles_[account];
}

void AccountFeatures::Compute(AccountId account, TimeMs reference_time, float* out) const {
  static const BehaviourState kEmptyBehaviour;
  static const ProfileState kEmptyProfile;
  const BehaviourState* b = behaviour(account);
  const ProfileState* p = profile(account);
  (b != nullptr ? *b : kEmptyBehaviour).Compute(reference_time, out);
  (p != nullptr ? *p : kEmptyProfile).Compute(reference_time, out);
}

std::vector<float> AccountFeatures::Compute(AccountId account, TimeMs reference_time) const {
  std::vector<float> out(kNumAccountFeatures);
  Compute(account, reference_time, out.data());
  return out;
}

namespace {

constexpr std::string_view kFeaturesMagic = "SKAF";
constexpr uint8_t kFeaturesVersion = 1;
constexpr std::string_view kFeaturesWhat = "account features checkpoint";

// Calls io(field) for every field of a record, in checkpoint order (one list for both
// directions).
template <typename State, typename Io>
void VisitFields(State& b, Io& io) {
  if constexpr (std::is_same_v<std::remove_const_t<State>, BehaviourState>) {
    io(b.last_ms), io(b.first_s), io(b.events), io(b.posts), io(b.reposts), io(b.quotes);
    io(b.replies), io(b.likes), io(b.with_url), io(b.texts), io(b.duplicate_texts);
    io(b.on_minute), io(b.iet_n), io(b.iet_mean), io(b.iet_m2);
    const auto each = [&io](auto& array) {
      for (auto& v : array) io(v);
    };
    each(b.hour), each(b.weekday), each(b.iet_hist), each(b.minute_count);
    each(b.hour_count), each(b.text_fp), each(b.client_fp), each(b.client_count);
    io(b.max_minute), io(b.max_hour);
  } else {
    io(b.first_observed), io(b.last_observed), io(b.created_at), io(b.first_followers);
    io(b.first_friends), io(b.followers), io(b.friends), io(b.posts), io(b.likes);
    io(b.listed), io(b.handle_entropy), io(b.handle_digits), io(b.description_length);
    io(b.name_length), io(b.verified), io(b.default_profile), io(b.default_image);
  }
}

}  // namespace

void AccountFeatures::Serialize(std::string* out) const {
  WriteHeader(out, kFeaturesMagic, kFeaturesVersion);
  FieldWriter io{ByteWriter(out)};
  io.w.I64(last_time_);
  io.w.U32(static_cast<uint32_t>(present_.size()));
  for (uint8_t p : present_) io.w.U8(p);
  io.w.U32(static_cast<uint32_t>(behaviour_.size()));
  for (const BehaviourState& b : behaviour_) VisitFields(b, io);
  io.w.U32(static_cast<uint32_t>(profiles_.size()));
  for (const ProfileState& p : profiles_) VisitFields(p, io);
}

Status AccountFeatures::Deserialize(std::string_view in) {
  ByteReader r(in);
  RETURN_IF_ERROR(r.Header(kFeaturesMagic, kFeaturesVersion, kFeaturesWhat));
  AccountFeatures f;
  uint32_t n;
  if (!r.TimeOrNone(&f.last_time_) || !r.U32(&n) || !r.Has(n)) {
    return ByteReader::Truncated(kFeaturesWhat);
  }
  f.present_.resize(n);
  for (uint8_t& p : f.present_) r.U8(&p);
  FieldReader io{r};
  // Every record is at least one byte: a count beyond the input is refused before allocating.
  if (!r.U32(&n) || !r.Has(n)) return ByteReader::Truncated(kFeaturesWhat);
  f.behaviour_.resize(n);
  for (BehaviourState& b : f.behaviour_) VisitFields(b, io);
  if (!io.ok || !r.U32(&n) || !r.Has(n)) return ByteReader::Truncated(kFeaturesWhat);
  f.profiles_.resize(n);
  for (ProfileState& p : f.profiles_) VisitFields(p, io);
  if (!io.ok) return ByteReader::Truncated(kFeaturesWhat);
  RETURN_IF_ERROR(r.Finish(kFeaturesWhat));
  // Times outside the range of events would overflow the differences taken of them.
  const bool times_ok =
      std::all_of(f.behaviour_.begin(), f.behaviour_.end(),
                  [&](const BehaviourState& b) { return InTimeRangeOrNone(b.last_ms); }) &&
      std::all_of(f.profiles_.begin(), f.profiles_.end(), [&](const ProfileState& p) {
        return InTimeRangeOrNone(p.first_observed) && InTimeRangeOrNone(p.last_observed) &&
               InTimeRangeOrNone(p.created_at);
      });
  if (!times_ok) {
    return absl::InvalidArgumentError(StrCat(kFeaturesWhat, ": a time out of range"));
  }
  if (f.behaviour_.size() > f.present_.size() || f.profiles_.size() > f.present_.size() ||
      std::any_of(f.present_.begin(), f.present_.end(),
                  [](uint8_t p) { return (p & ~(kPresent | kHasProfile)) != 0; })) {
    return absl::InvalidArgumentError(
        StrCat(kFeaturesWhat, ": account flags do not match the records"));
  }
  *this = std::move(f);
  return absl::OkStatus();
}

}  // namespace sakimori
