// File: detect/foreign/activity.cc
#include "detect/foreign/activity.h"

#include "common/bytes.h"

namespace sakimori::foreign {
namespace {

constexpr int kSlots = 2 * kHoursPerDay;
constexpr std::string_view kMagic = "SKAC";
constexpr uint8_t kVersion = 1;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int UtcHour(TimeMs time) {
  return static_cast<int>(FloorDiv(time, kMsPerHour) - FloorDiv(time, kMsPerDay) * 24);
}

}  // namespace

bool IsWeekend(TimeMs time, int utc_offset_hours) {
  int64_t days = FloorDiv(time + utc_offset_hours * kMsPerHour, kMsPerDay);
  // 1970-01-01 was a Thursday; with 0 = Sunday the weekday is (days + 4) mod 7.
  int64_t dow = ((days + 4) % 7 + 7) % 7;
  return dow == 0 || dow == 6;
}

uint64_t DailyActivity::Total() const {
  uint64_t n = 0;
  for (int h = 0; h < kHoursPerDay; ++h) n += weekday[h] + weekend[h];
  return n;
}

void DailyActivity::Add(const DailyActivity& other) {
  for (int h = 0; h < kHoursPerDay; ++h) {
    weekday[h] += other.weekday[h];
    weekend[h] += other.weekend[h];
  }
  accounts += other.accounts;
}

void DailyActivity::AddEvent(TimeMs time, int home_utc_offset_hours) {
  if (accounts == 0) accounts = 1;
  int h = UtcHour(time);
  if (IsWeekend(time, home_utc_offset_hours)) {
    ++weekend[h];
  } else {
    ++weekday[h];
  }
}

void ActivityTracker::Update(AccountId account, TimeMs time) {
  if (account == kNoAccount) return;
  size_t need = (static_cast<size_t>(account) + 1) * kSlots;
  if (counts_.size() < need) counts_.resize(need, 0);
  int slot = UtcHour(time) + (IsWeekend(time, home_offset_) ? kHoursPerDay : 0);
  uint16_t* c = &counts_[static_cast<size_t>(account) * kSlots];
  if (c[slot] == UINT16_MAX) {
    for (int i = 0; i < kSlots; ++i) c[i] /= 2;
  }
  ++c[slot];
}

void ActivityTracker::Update(const Event& e) {
  if (e.kind == EventKind::kProfileUpdate) return;
  Update(e.actor, e.time);
}

DailyActivity ActivityTracker::Get(AccountId account) const {
  DailyActivity a;
  if (account == kNoAccount || account >= size()) return a;
  const uint16_t* c = &counts_[static_cast<size_t>(account) * kSlots];
  for (int h = 0; h < kHoursPerDay; ++h) {
    a.weekday[h] = c[h];
    a.weekend[h] = c[kHoursPerDay + h];
  }
  a.accounts = a.Total() > 0 ? 1 : 0;
  return a;
}

DailyActivity ActivityTracker::Merge(const std::vector<AccountId>& accounts) const {
  DailyActivity sum;
  for (AccountId a : accounts) sum.Add(Get(a));
  return sum;
}

void ActivityTracker::Serialize(std::string* out) const {
  WriteHeader(out, kMagic, kVersion);
  ByteWriter w(out);
  w.U8(static_cast<uint8_t>(static_cast<int8_t>(home_offset_)));
  w.U32(static_cast<uint32_t>(size()));
  for (uint16_t c : counts_) w.U16(c);
}

Status ActivityTracker::Deserialize(std::string_view in) {
  constexpr std::string_view kWhat = "activity tracker";
  ByteReader r(in);
  RETURN_IF_ERROR(r.Header(kMagic, kVersion, kWhat));
  uint8_t offset;
  uint32_t n;
  if (!r.U8(&offset) || !r.U32(&n)) return ByteReader::Truncated(kWhat);
  int home = static_cast<int8_t>(offset);
  if (home < -12 || home > 14) {
    return absl::InvalidArgumentError("activity tracker: home offset out of range");
  }
  if (!r.Has(uint64_t{n} * kSlots * 2)) return ByteReader::Truncated(kWhat);
  std::vector<uint16_t> counts(static_cast<size_t>(n) * kSlots);
  for (uint16_t& c : counts) r.U16(&c);
  RETURN_IF_ERROR(r.Finish(kWhat));
  home_offset_ = home;
  counts_ = std::move(counts);
  return absl::OkStatus();
}

}  // namespace sakimori::foreign
