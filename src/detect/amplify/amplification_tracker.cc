// File: detect/amplify/amplification_tracker.cc
// The streaming half of AmplificationTracker: routing events to items, the two-tier item
// state and the baselines. Ranking is in amplification_rank.cc, checkpoints in
// amplification_checkpoint.cc.
#include "detect/amplify/amplification_tracker.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "detect/amplify/internal/tracker_state.h"
#include "detect/coord/url_normalize.h"

namespace sakimori::amplify {

using internal::Counter;
using internal::kNotTracked;
using internal::kPromoteAt;
using internal::TrackedItem;

std::string_view ItemKindName(ItemKind kind) {
  switch (kind) {
    case ItemKind::kPost:
      return "post";
    case ItemKind::kUrl:
      return "url";
    case ItemKind::kHashtag:
      return "hashtag";
    case ItemKind::kNarrative:
      return "narrative";
  }
  return "unknown";
}

namespace internal {

double Hll::Estimate() const {
  constexpr double kRegisters = 256;
  double sum = 0;
  int zeros = 0;
  for (uint8_t r : reg) {
    sum += std::ldexp(1.0, -r);
    zeros += (r == 0);
  }
  double raw = (0.7213 / (1 + 1.079 / kRegisters)) * kRegisters * kRegisters / sum;
  if (raw <= 2.5 * kRegisters && zeros > 0) return kRegisters * std::log(kRegisters / zeros);
  return raw;
}

}  // namespace internal

namespace {

EngagementType TypeOf(EventKind kind) {
  switch (kind) {
    case EventKind::kLike:
      return EngagementType::kLike;
    case EventKind::kRepost:
      return EngagementType::kRepost;
    case EventKind::kQuote:
      return EngagementType::kQuote;
    case EventKind::kReply:
      return EngagementType::kReply;
    default:
      return EngagementType::kUse;
  }
}

// ASCII-lowercases `tag` without a leading '#' or '＃' into `out`.
void NormalizeHashtag(std::string_view tag, std::string* out) {
  if (!tag.empty() && tag[0] == '#') tag.remove_prefix(1);
  if (tag.starts_with("\xEF\xBC\x83")) tag.remove_prefix(3);  // fullwidth number sign
  out->assign(tag);
  for (char& c : *out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

uint64_t StringKey(std::string_view s) { return Hash64(s, 0x616d706c69667931ULL); }

// Adds one engagement by `account` at `t` to a tracked item.
void AddToTracked(const TrackerOptions& options, TrackedItem& item, TimeMs t, AccountId account,
                  EngagementType type) {
  item.counts[static_cast<int>(type)]++;
  item.total++;
  if (item.total == 1) {
    item.first = t;
    item.last = t;
  } else {
    double gap = t > item.last ? static_cast<double>(t - item.last) / kMsPerSecond : 0.0;
    item.gaps++;
    double delta = gap - item.gap_mean;
    item.gap_mean += delta / static_cast<double>(item.gaps);
    item.gap_m2 += delta * (gap - item.gap_mean);
    if (t > item.last) item.last = t;
  }
  // Hourly curve: the latest curve_hours hours.
  const uint32_t hours = options.curve_hours;
  const int64_t hour = FloorDiv(t, kMsPerHour);
  item.curve.Advance(hour, hours);
  if (hour > item.curve.last_hour() - static_cast<int64_t>(hours)) {
    const uint32_t slot = item.curve.Increment(hour, hours);
    if (slot > item.peak_hour_count ||
        (slot == item.peak_hour_count && hour * kMsPerHour < item.peak_hour_start)) {
      item.peak_hour_count = slot;
      item.peak_hour_start = hour * kMsPerHour;
    }
  }
  // Account sample.
  if (account == kNoAccount) return;
  if (internal::SampleEntry* entry = item.sample.Find(account)) {
    entry->count++;
    item.sampled_engagements++;
    return;
  }
  if (item.sample.size() < options.sample_cap) {
    item.sample.Insert(account, 1, t);
    item.sampled_engagements++;
    return;
  }
  if (!item.hll) {
    item.hll = std::make_unique<internal::Hll>();
    item.sample.ForEach([&](const internal::SampleEntry& e) { item.hll->Add(e.account); });
  }
  item.hll->Add(account);
}

}  // namespace

AmplificationTracker::AmplificationTracker(TrackerOptions options)
    : state_(std::make_unique<State>()) {
  options.sample_cap = std::clamp<uint32_t>(options.sample_cap, 1, 1u << 20);
  options.curve_hours = std::clamp<uint32_t>(options.curve_hours, 1, 720);
  state_->options = options;
}
AmplificationTracker::~AmplificationTracker() = default;
AmplificationTracker::AmplificationTracker(AmplificationTracker&&) noexcept = default;
AmplificationTracker& AmplificationTracker::operator=(AmplificationTracker&&) noexcept = default;

// Records one engagement with item (kind, key); `name` is kept if the item is promoted.
static void Engage(AmplificationTracker::State& s, ItemKind kind, uint64_t key,
                   std::string_view name, const Event& e, EngagementType type) {
  const int k = static_cast<int>(kind);
  s.engagements++;
  s.kind_engagements[k]++;
  Counter& c = s.counters[k][key];
  if (c.tracked != kNotTracked) {
    AddToTracked(s.options, s.tracked[c.tracked], e.time, e.actor, type);
    return;
  }
  if (c.count < kPromoteAt - 1) {
    c.t[c.count] = e.time;
    c.account[c.count] = e.actor;
    c.type[c.count] = static_cast<uint8_t>(type);
    c.count++;
    return;
  }
  // Promotion: replay the two held engagements, then this one.
  c.tracked = static_cast<uint32_t>(s.tracked.size());
  TrackedItem& item = s.tracked.emplace_back();
  item.kind = kind;
  item.key = key;
  if (!name.empty()) item.name = std::make_unique<std::string>(name);
  if (kind == ItemKind::kPost) item.author = e.target_account;
  for (uint32_t i = 0; i < c.count; ++i) {
    AddToTracked(s.options, item, c.t[i], c.account[i], static_cast<EngagementType>(c.type[i]));
  }
  AddToTracked(s.options, item, e.time, e.actor, type);
}

void AmplificationTracker::Update(const Event& e, std::optional<uint64_t> narrative_id) {
  State& s = *state_;
  s.events++;
  const EventKind kind = e.kind;
  if (kind == EventKind::kPost || kind == EventKind::kQuote || kind == EventKind::kReply) {
    if (e.actor != kNoAccount) s.authors[e.actor].posts++;
  }
  if (kind > EventKind::kLike) return;  // follows, deletes, profiles engage with no item
  const EngagementType type = TypeOf(kind);

  if (IsEngagement(kind) && e.target != kNoPost) {
    const size_t before = s.counters[0].size();
    Engage(s, ItemKind::kPost, e.target, {}, e, type);
    if (e.target_account != kNoAccount) {
      internal::AuthorStats& a = s.authors[e.target_account];
      a.engagements++;
      if (s.counters[0].size() != before) a.engaged_posts++;
    }
  }

  if (!e.urls.empty()) {
    uint64_t seen[8];
    uint32_t n_seen = 0;
    std::string normalized;
    for (uint32_t i = 0; i < e.urls.size(); ++i) {
      std::string_view url = e.urls[i];
      if (url.empty()) continue;
      if (s.options.normalize_urls) {
        normalized = coord::NormalizeUrl(url);
        url = normalized;
      }
      uint64_t key = StringKey(url);
      if (std::find(seen, seen + n_seen, key) != seen + n_seen) continue;
      if (n_seen < 8) seen[n_seen++] = key;
      Engage(s, ItemKind::kUrl, key, url, e, type);
    }
  }

  if (!e.hashtags.empty()) {
    uint64_t seen[8];
    uint32_t n_seen = 0;
    std::string tag;
    for (uint32_t i = 0; i < e.hashtags.size(); ++i) {
      NormalizeHashtag(e.hashtags[i], &tag);
      if (tag.empty()) continue;
      uint64_t key = StringKey(tag);
      if (std::find(seen, seen + n_seen, key) != seen + n_seen) continue;
      if (n_seen < 8) seen[n_seen++] = key;
      Engage(s, ItemKind::kHashtag, key, tag, e, type);
    }
  }

  if (narrative_id.has_value()) {
    Engage(s, ItemKind::kNarrative, *narrative_id, {}, e, type);
  }
}

uint64_t AmplificationTracker::KeyOf(ItemKind kind, std::string_view name) const {
  switch (kind) {
    case ItemKind::kPost:
    case ItemKind::kNarrative: {
      uint64_t v = 0;
      std::from_chars(name.data(), name.data() + name.size(), v);
      return v;
    }
    case ItemKind::kUrl:
      return StringKey(state_->options.normalize_urls ? coord::NormalizeUrl(name)
                                                      : std::string(name));
    case ItemKind::kHashtag: {
      std::string tag;
      NormalizeHashtag(name, &tag);
      return StringKey(tag);
    }
  }
  return 0;
}

TrackerStats AmplificationTracker::Stats() const {
  const State& s = *state_;
  TrackerStats st;
  st.events = s.events;
  st.engagements = s.engagements;
  uint64_t bytes = 0;
  for (int k = 0; k < kNumItemKinds; ++k) {
    st.items[k] = s.counters[k].size();
    bytes += s.counters[k].capacity() * (sizeof(uint64_t) + sizeof(Counter) + 1);
  }
  for (size_t i = 0; i < s.tracked.size(); ++i) {
    const TrackedItem& t = s.tracked[i];
    st.tracked[static_cast<int>(t.kind)]++;
    bytes += sizeof(TrackedItem) + (t.name ? sizeof(std::string) + t.name->capacity() : 0) + t.curve.HeapBytes(s.options.curve_hours) +
             t.sample.capacity() * sizeof(internal::SampleEntry) +
             (t.hll ? sizeof(internal::Hll) : 0);
  }
  st.authors = s.authors.size();
  bytes += s.authors.capacity() * (sizeof(AccountId) + sizeof(internal::AuthorStats) + 1);
  st.approx_bytes = bytes;
  return st;
}

}  // namespace sakimori::amplify
