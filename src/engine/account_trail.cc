// File: engine/account_trail.cc
#include "engine/account_trail.h"

#include <cstring>

#include "common/bytes.h"

namespace sakimori::engine {

void AccountTrails::Add(AccountId account, uint64_t item, EventKind kind, TimeMs time) {
  if (account >= rings_.size()) {
    rings_.resize(size_t{account} + 1);
    next_.resize(size_t{account} + 1, 0);
  }
  uint8_t& pos = next_[account];
  const int i = pos & 0x7f;
  rings_[account][i] =
      Packed{(item & ~(uint64_t{7} << 58)) | (uint64_t{static_cast<uint8_t>(kind) & 7u} << 58),
             time};
  const int j = i + 1;
  pos = static_cast<uint8_t>((j == kTrailLength ? 0x80 : (pos & 0x80)) | (j % kTrailLength));
}

std::vector<TrailEntry> AccountTrails::Of(AccountId account) const {
  std::vector<TrailEntry> out;
  if (account >= rings_.size()) return out;
  const uint8_t pos = next_[account];
  const int start = (pos & 0x80) ? (pos & 0x7f) : 0;
  const int n = (pos & 0x80) ? kTrailLength : (pos & 0x7f);
  out.reserve(n);
  for (int k = 0; k < n; ++k) {
    const Packed& p = rings_[account][(start + k) % kTrailLength];
    out.push_back(TrailEntry{p.item_and_kind & ~(uint64_t{7} << 58), p.time,
                             static_cast<EventKind>((p.item_and_kind >> 58) & 7)});
  }
  return out;
}

namespace {
constexpr std::string_view kMagic = "SKTR";
constexpr uint8_t kVersion = 1;
constexpr std::string_view kWhat = "account trails";
}  // namespace

void AccountTrails::Serialize(std::string* out) const {
  WriteHeader(out, kMagic, kVersion);
  ByteWriter w(out);
  w.U64(rings_.size());
  for (size_t a = 0; a < rings_.size(); ++a) {
    w.U8(next_[a]);
    for (const Packed& e : rings_[a]) {
      w.U64(e.item_and_kind);
      w.I64(e.time);
    }
  }
}

Status AccountTrails::Deserialize(std::string_view bytes) {
  ByteReader r(bytes);
  RETURN_IF_ERROR(r.Header(kMagic, kVersion, kWhat));
  uint64_t n = 0;
  constexpr uint64_t kRingBytes = 1 + kTrailLength * 16;
  if (!r.U64(&n) || n > bytes.size() / kRingBytes || !r.Has(n * kRingBytes)) {
    return ByteReader::Truncated(kWhat);
  }
  std::vector<Ring> rings(n);
  std::vector<uint8_t> next(n);
  for (size_t a = 0; a < n; ++a) {
    if (!r.U8(&next[a])) return ByteReader::Truncated(kWhat);
    if ((next[a] & 0x7f) >= kTrailLength) {
      return absl::InvalidArgumentError(StrCat(kWhat, ": bad ring position at ", a));
    }
    for (Packed& e : rings[a]) {
      if (!r.U64(&e.item_and_kind) || !r.TimeOrNone(&e.time)) return ByteReader::Truncated(kWhat);
    }
  }
  RETURN_IF_ERROR(r.Finish(kWhat));
  rings_ = std::move(rings);
  next_ = std::move(next);
  return absl::OkStatus();
}

}  // namespace sakimori::engine
