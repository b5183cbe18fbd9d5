// File: detect/foreign/creation_wave.cc
#include "detect/foreign/creation_wave.h"

#include <algorithm>

#include "common/bytes.h"
#include "detect/foreign/internal/binomial.h"

namespace sakimori::foreign {
namespace {

constexpr std::string_view kMagic = "SKCW";
constexpr uint8_t kVersion = 1;

int64_t DayOf(TimeMs t) {
  int64_t q = t / kMsPerDay;
  if (t % kMsPerDay != 0 && t < 0) --q;
  return q;
}

}  // namespace

void CreationHistogram::Add(TimeMs created_at) {
  if (created_at == kNoTime) return;
  AddDays(DayOf(created_at), 1);
}

void CreationHistogram::AddDays(int64_t day, uint64_t count) {
  if (count == 0) return;
  by_day_[day] += count;
  total_ += count;
}

uint64_t CreationHistogram::CountInRange(int64_t first_day, int days) const {
  uint64_t n = 0;
  if (days <= 0) return 0;
  if (static_cast<size_t>(days) < by_day_.size()) {
    for (int i = 0; i < days; ++i) {
      auto it = by_day_.find(first_day + i);
      if (it != by_day_.end()) n += it->second;
    }
  } else {
    for (const auto& [day, count] : by_day_) {
      if (day >= first_day && day < first_day + days) n += count;
    }
  }
  return n;
}

CreationWave FindCreationWave(const std::vector<TimeMs>& member_created,
                              const CreationHistogram& population,
                              const CreationWaveOptions& options) {
  CreationWave best;
  std::vector<int64_t> days;
  for (TimeMs t : member_created) {
    if (t != kNoTime) days.push_back(DayOf(t));
  }
  std::sort(days.begin(), days.end());
  best.members_known = static_cast<uint32_t>(days.size());
  const int w = std::max(1, options.window_days);
  if (days.size() < options.min_members || population.total() == 0) return best;
  best.found = true;

  size_t end = 0;
  for (size_t i = 0; i < days.size(); ++i) {
    if (i > 0 && days[i] == days[i - 1]) continue;  // one window per distinct start day
    while (end < days.size() && days[end] < days[i] + w) ++end;
    uint64_t k = end - i;
    uint64_t pop = std::max<uint64_t>(population.CountInRange(days[i], w), k);
    double q = static_cast<double>(pop) / static_cast<double>(std::max(population.total(), pop));
    // The window is anchored at a member's creation day, so that member is in it by
    // construction: test the other k - 1 among the other m - 1.
    double p = internal::BinomialUpperTail(days.size() - 1, k - 1, q);
    bool better = best.members_in_window == 0 || p < best.p_value ||
                  (p == best.p_value && k > best.members_in_window);
    if (better) {
      best.start_day = days[i];
      best.members_in_window = static_cast<uint32_t>(k);
      best.population_share = q;
      best.p_value = p;
    }
  }
  best.member_share = static_cast<double>(best.members_in_window) / days.size();
  // Union bound over the anchors (one per member).
  best.confidence = 1.0 - std::min(1.0, best.p_value * static_cast<double>(days.size()));
  return best;
}

void CreationTracker::Update(const Event& e) {
  if (e.profile != nullptr) Update(e.actor, e.profile->created_at);
}

void CreationTracker::Update(AccountId account, TimeMs created_at) {
  if (account == kNoAccount || created_at == kNoTime) return;
  if (days_.size() <= account) days_.resize(static_cast<size_t>(account) + 1, kUnknownDay);
  if (days_[account] != kUnknownDay) return;
  int64_t day = DayOf(created_at);
  if (day <= INT32_MIN || day > INT32_MAX) return;
  days_[account] = static_cast<int32_t>(day);
  population_.AddDays(day, 1);
}

int32_t CreationTracker::CreationDay(AccountId account) const {
  return account < days_.size() ? days_[account] : kUnknownDay;
}

CreationWave CreationTracker::Find(const std::vector<AccountId>& members,
                                   const CreationWaveOptions& options) const {
  std::vector<TimeMs> created;
  created.reserve(members.size());
  for (AccountId a : members) {
    int32_t d = CreationDay(a);
    created.push_back(d == kUnknownDay ? kNoTime : int64_t{d} * kMsPerDay);
  }
  return FindCreationWave(created, population_, options);
}

void CreationTracker::Serialize(std::string* out) const {
  WriteHeader(out, kMagic, kVersion);
  ByteWriter w(out);
  w.U32(static_cast<uint32_t>(days_.size()));
  for (int32_t d : days_) w.U32(static_cast<uint32_t>(d));
}

Status CreationTracker::Deserialize(std::string_view in) {
  constexpr std::string_view kWhat = "creation tracker";
  ByteReader r(in);
  RETURN_IF_ERROR(r.Header(kMagic, kVersion, kWhat));
  uint32_t n;
  if (!r.U32(&n) || !r.Has(uint64_t{n} * 4)) return ByteReader::Truncated(kWhat);
  std::vector<int32_t> days(n);
  CreationHistogram population;
  for (int32_t& d : days) {
    uint32_t v = 0;
    r.U32(&v);
    d = static_cast<int32_t>(v);
    if (d != kUnknownDay) population.AddDays(d, 1);
  }
  RETURN_IF_ERROR(r.Finish(kWhat));
  days_ = std::move(days);
  population_ = std::move(population);
  return absl::OkStatus();
}

}  // namespace sakimori::foreign
