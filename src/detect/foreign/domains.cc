// File: detect/foreign/domains.cc
#include "detect/foreign/domains.h"

#include <algorithm>

#include "detect/coord/url_normalize.h"
#include "common/bytes.h"
#include "detect/foreign/internal/binomial.h"

namespace sakimori::foreign {
namespace {

constexpr std::string_view kMagic = "SKDM";
constexpr uint8_t kVersion = 1;

std::string NormalizeDomain(std::string_view s) {
  std::string d(s);
  for (char& c : d) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  while (!d.empty() && d.back() == '.') d.pop_back();
  if (d.rfind("www.", 0) == 0) d.erase(0, 4);
  return d;
}

}  // namespace

uint32_t DomainTracker::DomainId(std::string_view domain) {
  auto it = ids_.find(std::string(domain));
  if (it != ids_.end()) return it->second;
  if (names_.size() >= max_domains_) return kEmpty;
  uint32_t id = static_cast<uint32_t>(names_.size());
  names_.emplace_back(domain);
  ids_.emplace(names_.back(), id);
  holders_.push_back(0);
  return id;
}

void DomainTracker::Count(AccountId account, uint32_t id) {
  if (accounts_.size() <= account) accounts_.resize(static_cast<size_t>(account) + 1);
  Summary& s = accounts_[account];
  int empty = -1, min_slot = 0;
  bool any = false;
  for (int i = 0; i < kSlots; ++i) {
    if (s.id[i] == id) {
      if (s.count[i] != UINT16_MAX) ++s.count[i];
      return;
    }
    if (s.id[i] == kEmpty) {
      if (empty < 0) empty = i;
    } else {
      any = true;
      if (s.count[i] < s.count[min_slot] || s.id[min_slot] == kEmpty) min_slot = i;
    }
  }
  if (!any) ++accounts_with_domains_;
  if (empty >= 0) {
    s.id[empty] = id;
    s.count[empty] = 1;
  } else {
    // Space-Saving: the new domain replaces the least counted one and inherits its count + 1.
    --holders_[s.id[min_slot]];
    s.id[min_slot] = id;
    if (s.count[min_slot] != UINT16_MAX) ++s.count[min_slot];
  }
  ++holders_[id];
}

void DomainTracker::Update(AccountId account, std::string_view domain) {
  if (account == kNoAccount) return;
  std::string d = NormalizeDomain(domain);
  if (d.empty()) return;
  uint32_t id = DomainId(d);
  if (id != kEmpty) Count(account, id);
}

void DomainTracker::Update(const Event& e) {
  if (e.actor == kNoAccount) return;
  std::vector<std::string> seen;
  auto add = [&](std::string d) {
    d = NormalizeDomain(d);
    if (d.empty() || std::find(seen.begin(), seen.end(), d) != seen.end()) return;
    seen.push_back(d);
    Update(e.actor, d);
  };
  if (!e.domains.empty()) {
    for (std::string_view d : e.domains) add(std::string(d));
  } else {
    for (std::string_view u : e.urls) add(coord::UrlHost(u));
  }
}

std::vector<std::pair<std::string, uint32_t>> DomainTracker::Domains(AccountId account) const {
  std::vector<std::pair<std::string, uint32_t>> out;
  if (account >= accounts_.size()) return out;
  const Summary& s = accounts_[account];
  for (int i = 0; i < kSlots; ++i) {
    if (s.id[i] != kEmpty) out.emplace_back(names_[s.id[i]], s.count[i]);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  return out;
}

std::vector<SharedDomain> DomainTracker::Shared(const std::vector<AccountId>& members,
                                                const SharedDomainOptions& options) const {
  std::vector<SharedDomain> out;
  absl::flat_hash_map<uint32_t, uint32_t> uses;
  uint64_t with_domains = 0;
  std::vector<AccountId> sorted = members;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  for (AccountId a : sorted) {
    if (a >= accounts_.size()) continue;
    const Summary& s = accounts_[a];
    bool any = false;
    for (int i = 0; i < kSlots; ++i) {
      if (s.id[i] == kEmpty) continue;
      any = true;
      ++uses[s.id[i]];
    }
    with_domains += any;
  }
  if (with_domains == 0 || accounts_with_domains_ == 0) return out;
  for (const auto& [id, m] : uses) {
    if (m < options.min_members) continue;
    SharedDomain d;
    d.domain = names_[id];
    d.members = m;
    d.population = holders_[id];
    d.member_share = static_cast<double>(m) / static_cast<double>(with_domains);
    d.population_share =
        static_cast<double>(holders_[id]) / static_cast<double>(accounts_with_domains_);
    d.lift = d.population_share > 0 ? d.member_share / d.population_share : 0.0;
    d.confidence = 1.0 - internal::BinomialUpperTail(with_domains, m, d.population_share);
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [](const SharedDomain& a, const SharedDomain& b) {
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    if (a.lift != b.lift) return a.lift > b.lift;
    return a.domain < b.domain;
  });
  if (out.size() > options.top_k) out.resize(options.top_k);
  return out;
}

void DomainTracker::Serialize(std::string* out) const {
  WriteHeader(out, kMagic, kVersion);
  ByteWriter w(out);
  w.U64(max_domains_);
  w.U32(static_cast<uint32_t>(names_.size()));
  for (const std::string& n : names_) w.Str(n);
  w.U32(static_cast<uint32_t>(accounts_.size()));
  for (const Summary& s : accounts_) {
    for (int i = 0; i < kSlots; ++i) {
      w.U32(s.id[i]);
      w.U16(s.count[i]);
    }
  }
}

Status DomainTracker::Deserialize(std::string_view in) {
  constexpr std::string_view kWhat = "domain tracker";
  ByteReader r(in);
  RETURN_IF_ERROR(r.Header(kMagic, kVersion, kWhat));
  uint64_t max_domains;
  uint32_t n_names;
  if (!r.U64(&max_domains) || !r.U32(&n_names) || !r.Has(uint64_t{n_names} * 4)) {
    return ByteReader::Truncated(kWhat);
  }
  std::vector<std::string> names(n_names);
  absl::flat_hash_map<std::string, uint32_t> ids;
  for (uint32_t i = 0; i < n_names; ++i) {
    if (!r.Str(&names[i])) return ByteReader::Truncated(kWhat);
    if (!ids.emplace(names[i], i).second) {
      return absl::InvalidArgumentError(StrCat(kWhat, ": duplicate domain in checkpoint"));
    }
  }
  uint32_t n;
  if (!r.U32(&n) || !r.Has(uint64_t{n} * kSlots * 6)) {
    return ByteReader::Truncated(kWhat);
  }
  std::vector<Summary> accounts(n);
  std::vector<uint32_t> holders(n_names, 0);
  uint64_t with = 0;
  for (Summary& s : accounts) {
    bool any = false;
    for (int i = 0; i < kSlots; ++i) {
      r.U32(&s.id[i]);
      r.U16(&s.count[i]);
      if (s.id[i] == kEmpty) continue;
      if (s.id[i] >= n_names) {
        return absl::InvalidArgumentError(StrCat(kWhat, ": domain id out of range"));
      }
      ++holders[s.id[i]];
      any = true;
    }
    with += any;
  }
  RETURN_IF_ERROR(r.Finish(kWhat));
  max_domains_ = max_domains;
  names_ = std::move(names);
  ids_ = std::move(ids);
  accounts_ = std::move(accounts);
  holders_ = std::move(holders);
  accounts_with_domains_ = with;
  return absl::OkStatus();
}

}  // namespace sakimori::foreign
