// File: detect/foreign/domains.h
// Shared link domains (SPEC 5.4): the domains a group's members link to, kept when several
// members use them and ranked by how much more often the group uses them than the population.
//
// Per account the tracker keeps the account's most used domains in a Space-Saving summary
// of kSlots entries (Metwally, Agrawal & El Abbadi 2005, ICDT, "Efficient computation of
// frequent and top-k elements in data streams": every domain used more than 1/kSlots of the
// account's links is guaranteed to be held). A domain's population count is the number of
// accounts whose summary holds it, so group and population are counted the same way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/status.h"
#include "model/event.h"

namespace sakimori::foreign {

struct SharedDomain {
  std::string domain;
  uint32_t members = 0;           // group members whose summary holds the domain
  uint32_t population = 0;        // accounts (all) whose summary holds it
  double member_share = 0.0;      // members / group members with any domain
  double population_share = 0.0;  // population / accounts with any domain
  double lift = 0.0;              // member_share / population_share
  // 1 - P[X >= members], X ~ Binomial(group members with any domain, population_share).
  double confidence = 0.0;
};

struct SharedDomainOptions {
  uint32_t min_members = 2;  // a domain used by fewer members is not reported
  size_t top_k = 10;
};

// Per-account domain summaries: kSlots x (uint32 domain id + uint16 count) = 48 bytes per
// account; plus the domain table (strings, one per distinct domain, up to max_domains; later
// new domains are not tracked). Domains come from Event::domains, else from the host of each
// URL (detect/coord UrlHost); they are lower-cased, without "www.". Deterministic; not
// thread-safe.
class DomainTracker {
 public:
  static constexpr int kSlots = 8;
  static constexpr size_t kBytesPerAccount = kSlots * (sizeof(uint32_t) + sizeof(uint16_t));

  explicit DomainTracker(size_t max_domains = 1 << 22) : max_domains_(max_domains) {}

  // Counts the link domains of `e` for e.actor (each distinct domain once per event).
  void Update(const Event& e);
  void Update(AccountId account, std::string_view domain);

  // The account's summary: (domain, count) by count descending then name.
  std::vector<std::pair<std::string, uint32_t>> Domains(AccountId account) const;
  // The group's shared domains, at least options.min_members members each, ordered by
  // confidence, then lift, then name; at most options.top_k.
  std::vector<SharedDomain> Shared(const std::vector<AccountId>& members,
                                   const SharedDomainOptions& options = {}) const;
  size_t domains() const { return names_.size(); }
  // Accounts with at least one domain.
  uint64_t accounts_with_domains() const { return accounts_with_domains_; }

  // Checkpoint: magic "SKDM", version 1, max_domains (u64), domain table (u32 count +
  // strings), account count (u32), per account kSlots x (u32 id, u16 count); empty slots have
  // id UINT32_MAX. Population counts are rebuilt on load.
  void Serialize(std::string* out) const;
  // InvalidArgument on bad magic/version, truncation, trailing bytes or an unknown domain id;
  // unchanged on error.
  Status Deserialize(std::string_view in);

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Summary {
    uint32_t id[kSlots];
    uint16_t count[kSlots];
    Summary() {
      for (int i = 0; i < kSlots; ++i) {
        id[i] = kEmpty;
        count[i] = 0;
      }
    }
  };
  uint32_t DomainId(std::string_view domain);
  void Count(AccountId account, uint32_t id);

  size_t max_domains_;
  std::vector<Summary> accounts_;
  std::vector<std::string> names_;
  absl::flat_hash_map<std::string, uint32_t> ids_;
  std::vector<uint32_t> holders_;  // per domain: accounts whose summary holds it
  uint64_t accounts_with_domains_ = 0;
};

}  // namespace sakimori::foreign
