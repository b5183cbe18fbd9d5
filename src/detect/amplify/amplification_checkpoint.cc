// File: detect/amplify/amplification_checkpoint.cc
// Checkpoints of AmplificationTracker: little-endian binary, magic "SKAMPLIF", version 1.
// Layout (all integers little-endian, doubles as IEEE-754 bit patterns):
//   magic[8] version:u32 sample_cap:u32 curve_hours:u32 normalize_urls:u8
//   events:u64 engagements:u64 kind_engagements:u64[4]
//   per kind: n:u64, then n x (key:u64 t0:i64 t1:i64 a0:u32 a1:u32 count:u32 tracked:u32
//             type0:u8 type1:u8), sorted by key
//   tracked n:u64, then per item: kind:u8 key:u64 name_len:u32 name author:u32 counts:u64[5]
//             total:u64 first last peak_start:i64 peak_count:u64 curve_last_hour:i64
//             curve:u32[curve_hours] gaps:u64 gap_mean:f64 gap_m2:f64 sampled:u64
//             sample n:u32 + n x (account:u32 count:u32 first:i64) sorted by account,
//             has_hll:u8 [+ 256 registers]
//   authors n:u64, then n x (account:u32 posts:u64 engaged_posts:u64 engagements:u64)
//             sorted by account
// Sorting makes the bytes independent of hash-map iteration order. The bytes form one stream:
// Serialize(emit) cuts it into parts of about 4 MB at record ends, the readers take it cut
// anywhere.
#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>

#include "common/strings.h"
#include "common/time.h"
#include "detect/amplify/amplification_tracker.h"
#include "detect/amplify/internal/tracker_state.h"

namespace sakimori::amplify {

using internal::Counter;
using internal::TrackedItem;

namespace {

constexpr char kMagic[8] = {'S', 'K', 'A', 'M', 'P', 'L', 'I', 'F'};
constexpr uint32_t kVersion = 1;

static_assert(std::endian::native == std::endian::little,
              "checkpoints are written by memcpy of little-endian integers");

// Appends to a buffer and hands it to `emit` whenever a record ends with at least kPartBytes in
// it, so that a large checkpoint never sits in memory whole. The parts concatenated are the
// checkpoint; where they are cut does not matter to the reader.
constexpr size_t kPartBytes = size_t{4} << 20;
// The most entries reserved ahead from a count read from the input.
constexpr uint64_t kMaxReserve = uint64_t{1} << 20;

class Writer {
 public:
  explicit Writer(const std::function<Status(std::string_view)>& emit) : emit_(emit) {}
  template <typename T>
  void Put(T v) {
    char buf[sizeof(T)];
    std::memcpy(buf, &v, sizeof(T));
    buf_.append(buf, sizeof(T));
  }
  void Bytes(std::string_view s) { buf_.append(s); }
  // Ends a record: the buffer goes out once it holds kPartBytes.
  void EndRecord() {
    if (buf_.size() >= kPartBytes) Flush();
  }
  // Sends what is left; the first error of `emit`, if any.
  Status Finish() {
    if (!buf_.empty()) Flush();
    return status_;
  }

 private:
  void Flush() {
    if (status_.ok()) status_ = emit_(buf_);
    buf_.clear();
  }
  const std::function<Status(std::string_view)>& emit_;
  std::string buf_;
  Status status_;
};

// Reads the parts `next` hands out, each only when the bytes before it are used up; a value
// may span two parts. Getters return false past the end; then error() says whether `next`
// failed (its status) or the checkpoint was merely short (OK).
class Reader {
 public:
  explicit Reader(const std::function<Status(std::string*)>& next) : next_(next) {}
  template <typename T>
  bool Get(T* v) {
    char buf[sizeof(T)];
    if (!Copy(sizeof(T), buf)) return false;
    std::memcpy(v, buf, sizeof(T));
    return true;
  }
  // Appends the next n bytes to *s as they arrive (a corrupt length costs no more memory than
  // the input holds).
  bool Bytes(size_t n, std::string* s) {
    s->clear();
    while (n > 0) {
      if (pos_ == part_.size() && !Pull()) return false;
      const size_t k = std::min(n, part_.size() - pos_);
      s->append(part_, pos_, k);
      pos_ += k;
      n -= k;
    }
    return true;
  }
  // True when the current part is used up and no more are needed (no pull is attempted).
  bool AtEnd() const { return pos_ == part_.size(); }
  const Status& error() const { return error_; }

 private:
  // Replaces the used-up part with the next one; false when there is none.
  bool Pull() {
    if (done_) return false;
    pos_ = 0;
    part_.clear();
    error_ = next_(&part_);
    if (!error_.ok() || part_.empty()) done_ = true;
    return !done_;
  }
  bool Copy(size_t n, char* out) {
    while (n > 0) {
      if (pos_ == part_.size() && !Pull()) return false;
      const size_t k = std::min(n, part_.size() - pos_);
      std::memcpy(out, part_.data() + pos_, k);
      pos_ += k;
      out += k;
      n -= k;
    }
    return true;
  }
  const std::function<Status(std::string*)>& next_;
  std::string part_;
  size_t pos_ = 0;
  bool done_ = false;
  Status error_;
};

Status Corrupt(std::string_view what) {
  return absl::InvalidArgumentError(StrCat("amplification checkpoint: ", what));
}

}  // namespace

void AmplificationTracker::Serialize(std::string* out) const {
  const Status appended = Serialize([out](std::string_view part) {
    out->append(part);
    return absl::OkStatus();
  });
  (void)appended;  // appending to a string cannot fail
}

Status AmplificationTracker::Deserialize(std::string_view data) {
  bool given = false;
  return Deserialize([&](std::string* part) {
    if (!given) part->assign(data);
    given = true;
    return absl::OkStatus();
  });
}

Status AmplificationTracker::Serialize(const std::function<Status(std::string_view)>& emit) const {
  const State& s = *state_;
  Writer w(emit);
  w.Bytes(std::string_view(kMagic, sizeof(kMagic)));
  w.Put<uint32_t>(kVersion);
  w.Put<uint32_t>(s.options.sample_cap);
  w.Put<uint32_t>(s.options.curve_hours);
  w.Put<uint8_t>(s.options.normalize_urls ? 1 : 0);
  w.Put<uint64_t>(s.events);
  w.Put<uint64_t>(s.engagements);
  for (uint64_t v : s.kind_engagements) w.Put<uint64_t>(v);
  for (const auto& map : s.counters) {
    std::vector<std::pair<uint64_t, const Counter*>> sorted;
    sorted.reserve(map.size());
    for (const auto& [key, c] : map) sorted.emplace_back(key, &c);
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    w.Put<uint64_t>(sorted.size());
    for (const auto& [key, c] : sorted) {
      w.Put<uint64_t>(key);
      w.Put<int64_t>(c->t[0]);
      w.Put<int64_t>(c->t[1]);
      w.Put<uint32_t>(c->account[0]);
      w.Put<uint32_t>(c->account[1]);
      w.Put<uint32_t>(c->count);
      w.Put<uint32_t>(c->tracked);
      w.Put<uint8_t>(c->type[0]);
      w.Put<uint8_t>(c->type[1]);
      w.EndRecord();
    }
  }
  w.Put<uint64_t>(s.tracked.size());
  std::vector<uint32_t> ring;
  for (size_t ti = 0; ti < s.tracked.size(); ++ti) {
    const TrackedItem& t = s.tracked[ti];
    w.Put<uint8_t>(static_cast<uint8_t>(t.kind));
    w.Put<uint64_t>(t.key);
    const std::string_view item_name = t.name ? std::string_view(*t.name) : std::string_view();
    w.Put<uint32_t>(static_cast<uint32_t>(item_name.size()));
    w.Bytes(item_name);
    w.Put<uint32_t>(t.author);
    for (uint64_t v : t.counts) w.Put<uint64_t>(v);
    w.Put<uint64_t>(t.total);
    w.Put<int64_t>(t.first);
    w.Put<int64_t>(t.last);
    w.Put<int64_t>(t.peak_hour_start);
    w.Put<uint64_t>(t.peak_hour_count);
    w.Put<int64_t>(t.curve.last_hour());
    ring.resize(s.options.curve_hours);
    t.curve.ToRing(s.options.curve_hours, ring.data());
    for (uint32_t v : ring) w.Put<uint32_t>(v);
    w.Put<uint64_t>(t.gaps);
    w.Put<uint64_t>(std::bit_cast<uint64_t>(t.gap_mean));
    w.Put<uint64_t>(std::bit_cast<uint64_t>(t.gap_m2));
    w.Put<uint64_t>(t.sampled_engagements);
    std::vector<internal::SampleEntry> sample;
    sample.reserve(t.sample.size());
    t.sample.ForEach([&](const internal::SampleEntry& e) { sample.push_back(e); });
    std::sort(sample.begin(), sample.end(),
              [](const auto& a, const auto& b) { return a.account < b.account; });
    w.Put<uint32_t>(static_cast<uint32_t>(sample.size()));
    for (const internal::SampleEntry& e : sample) {
      w.Put<uint32_t>(e.account);
      w.Put<uint32_t>(e.count);
      w.Put<int64_t>(e.first);
    }
    w.Put<uint8_t>(t.hll ? 1 : 0);
    if (t.hll) {
      w.Bytes(
          std::string_view(reinterpret_cast<const char*>(t.hll->reg.data()), t.hll->reg.size()));
    }
    w.EndRecord();
  }
  std::vector<std::pair<AccountId, internal::AuthorStats>> authors(s.authors.begin(),
                                                                   s.authors.end());
  std::sort(authors.begin(), authors.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  w.Put<uint64_t>(authors.size());
  for (const auto& [a, st] : authors) {
    w.Put<uint32_t>(a);
    w.Put<uint64_t>(st.posts);
    w.Put<uint64_t>(st.engaged_posts);
    w.Put<uint64_t>(st.engagements);
    w.EndRecord();
  }
  return w.Finish();
}

Status AmplificationTracker::Deserialize(const std::function<Status(std::string*)>& next) {
  auto fresh = std::make_unique<State>();
  State& s = *fresh;
  Reader r(next);
  std::string magic;
  // On any failure the tracker is left empty (with default options).
  // A failure of `next` (an unreadable file) is reported as itself.
  auto fail = [&](std::string_view what) {
    state_ = std::make_unique<State>();
    return r.error().ok() ? Corrupt(what) : r.error();
  };
  if (!r.Bytes(sizeof(kMagic), &magic) || magic != std::string_view(kMagic, sizeof(kMagic))) {
    return fail("bad magic");
  }
  uint32_t version = 0;
  if (!r.Get(&version)) return fail("truncated header");
  if (version != kVersion) return fail("unsupported version");
  uint8_t normalize = 0;
  if (!r.Get(&s.options.sample_cap) || !r.Get(&s.options.curve_hours) || !r.Get(&normalize) ||
      !r.Get(&s.events) || !r.Get(&s.engagements)) {
    return fail("truncated header");
  }
  if (s.options.sample_cap < 1 || s.options.sample_cap > (1u << 20) || s.options.curve_hours < 1 ||
      s.options.curve_hours > 720 || normalize > 1) {
    return fail("bad options");
  }
  s.options.normalize_urls = normalize == 1;
  for (uint64_t& v : s.kind_engagements) {
    if (!r.Get(&v)) return fail("truncated header");
  }
  for (auto& map : s.counters) {
    uint64_t n = 0;
    // Counts come from the input: reservations are capped, so a corrupt count fails as
    // truncated instead of allocating for it.
    if (!r.Get(&n)) return fail("truncated counters");
    map.reserve(std::min<uint64_t>(n, kMaxReserve));
    uint64_t prev = 0;
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t key = 0;
      Counter c;
      uint32_t count = 0;
      if (!r.Get(&key) || !r.Get(&c.t[0]) || !r.Get(&c.t[1]) || !r.Get(&c.account[0]) ||
          !r.Get(&c.account[1]) || !r.Get(&count) || !r.Get(&c.tracked) || !r.Get(&c.type[0]) ||
          !r.Get(&c.type[1])) {
        return fail("truncated counters");
      }
      if (count >= internal::kPromoteAt || !InTimeRange(c.t[0]) || !InTimeRange(c.t[1])) {
        return fail("corrupt counter");
      }
      c.count = static_cast<uint8_t>(count);
      if ((i > 0 && key <= prev) || c.type[0] >= kNumEngagementTypes ||
          c.type[1] >= kNumEngagementTypes ||
          (c.tracked == internal::kNotTracked && c.count >= internal::kPromoteAt)) {
        return fail("corrupt counter");
      }
      prev = key;
      map.emplace(key, c);
    }
  }
  uint64_t n_tracked = 0;
  if (!r.Get(&n_tracked)) return fail("truncated items");
  std::vector<uint32_t> ring;
  std::string name;
  for (uint64_t ti = 0; ti < n_tracked; ++ti) {
    TrackedItem& t = s.tracked.emplace_back();
    int64_t curve_last_hour = 0;
    uint8_t kind = 0;
    uint32_t name_len = 0;
    if (!r.Get(&kind) || !r.Get(&t.key) || !r.Get(&name_len) || !r.Bytes(name_len, &name) ||
        !r.Get(&t.author)) {
      return fail("truncated item");
    }
    if (kind >= kNumItemKinds) return fail("bad item kind");
    t.kind = static_cast<ItemKind>(kind);
    if (!name.empty()) t.name = std::make_unique<std::string>(name);
    for (uint64_t& v : t.counts) {
      if (!r.Get(&v)) return fail("truncated item");
    }
    if (!r.Get(&t.total) || !r.Get(&t.first) || !r.Get(&t.last) || !r.Get(&t.peak_hour_start) ||
        !r.Get(&t.peak_hour_count) || !r.Get(&curve_last_hour)) {
      return fail("truncated item");
    }
    if (!InTimeRange(t.first) || !InTimeRange(t.last) || t.first > t.last ||
        !InTimeRange(t.peak_hour_start) || curve_last_hour != FloorDiv(t.last, kMsPerHour)) {
      return fail("corrupt item times");
    }
    ring.resize(s.options.curve_hours);
    for (uint32_t& v : ring) {
      if (!r.Get(&v)) return fail("truncated item");
    }
    t.curve.FromRing(curve_last_hour, s.options.curve_hours, ring.data());
    uint64_t mean_bits = 0, m2_bits = 0;
    uint32_t n_sample = 0;
    if (!r.Get(&t.gaps) || !r.Get(&mean_bits) || !r.Get(&m2_bits) ||
        !r.Get(&t.sampled_engagements) || !r.Get(&n_sample)) {
      return fail("truncated item");
    }
    t.gap_mean = std::bit_cast<double>(mean_bits);
    t.gap_m2 = std::bit_cast<double>(m2_bits);
    if (n_sample > s.options.sample_cap) {
      return fail("corrupt sample");
    }
    t.sample.Reserve(n_sample);
    for (uint32_t i = 0; i < n_sample; ++i) {
      AccountId a = 0;
      uint32_t count = 0;
      TimeMs first = 0;
      if (!r.Get(&a) || !r.Get(&count) || !r.Get(&first)) return fail("truncated sample");
      if (a == kNoAccount || !InTimeRange(first)) return fail("corrupt sample account");
      if (!t.sample.Insert(a, count, first)) return fail("duplicate sample account");
    }
    uint8_t has_hll = 0;
    if (!r.Get(&has_hll) || has_hll > 1) return fail("truncated item");
    if (has_hll) {
      std::string regs;
      if (!r.Bytes(256, &regs)) return fail("truncated item");
      t.hll = std::make_unique<internal::Hll>();
      std::memcpy(t.hll->reg.data(), regs.data(), 256);
    }
    if (t.total < internal::kPromoteAt) return fail("corrupt item");
  }
  // Every tracked index must point at an item of the same kind and key, exactly once.
  std::vector<uint8_t> referenced(s.tracked.size(), 0);
  for (int k = 0; k < kNumItemKinds; ++k) {
    for (const auto& [key, c] : s.counters[k]) {
      if (c.tracked == internal::kNotTracked) continue;
      if (c.tracked >= s.tracked.size() || referenced[c.tracked] ||
          s.tracked[c.tracked].key != key || static_cast<int>(s.tracked[c.tracked].kind) != k) {
        return fail("corrupt item index");
      }
      referenced[c.tracked] = 1;
    }
  }
  if (std::find(referenced.begin(), referenced.end(), 0) != referenced.end()) {
    return fail("unreferenced item");
  }
  uint64_t n_authors = 0;
  if (!r.Get(&n_authors)) return fail("truncated authors");
  s.authors.reserve(std::min<uint64_t>(n_authors, kMaxReserve));
  for (uint64_t i = 0; i < n_authors; ++i) {
    AccountId a = 0;
    internal::AuthorStats st;
    if (!r.Get(&a) || !r.Get(&st.posts) || !r.Get(&st.engaged_posts) || !r.Get(&st.engagements)) {
      return fail("truncated authors");
    }
    if (!s.authors.emplace(a, st).second) return fail("duplicate author");
  }
  if (!r.AtEnd()) return fail("trailing bytes");
  state_ = std::move(fresh);
  return absl::OkStatus();
}

}  // namespace sakimori::amplify
