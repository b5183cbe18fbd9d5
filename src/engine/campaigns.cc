// File: engine/campaigns.cc
#include "engine/campaigns.h"

#include <algorithm>
#include <cmath>

#include "common/bytes.h"
#include "common/strings.h"

namespace sakimori::engine {

namespace {
constexpr double kPseudoMembers = 2;
}  // namespace

double ScoreGroup(const GroupEvidence& g) {
  if (g.members.empty()) return 0;
  // How strongly the members act together: density of significant edges (half the pairs is
  // full marks), synchrony or copy-paste (co-actions within seconds score near 1, within half
  // an hour near 0; or the share of members writing near-duplicates of one narrative) and
  // repetition (items pushed by several members).
  // Copy-paste stands in for synchrony: an operation that pastes the same text at random
  // hours over days has no synchrony, and its pairs co-occur in a time window only by chance,
  // so density alone cannot show it; near-duplicate text from many accounts shows it at any
  // pace. Only the near-duplicate cluster counts, never what the text says.
  const double density = std::min(1.0, g.density * 2);
  const double timing = std::isnan(g.median_delay_s) ? 0.0 : std::exp(-g.median_delay_s / 300.0);
  const double sync = std::max(timing, std::clamp(g.copy_share, 0.0, 1.0));
  const double repeat = std::min(1.0, static_cast<double>(g.pushed_items) / 5.0);
  const double coordination = 0.5 * density + 0.25 * sync + 0.25 * repeat;
  // How inauthentic the members look on their own: automation, or freshly made accounts.
  // Organic communities (fans, activists) act together but look authentic: the product keeps
  // them below the alert threshold however tightly they coordinate.
  // Amplification groups also count how automated the members look relative to the
  // population (their members were selected by automation in the first place).
  // The share of new accounts is taken as if two more members were not new: new accounts are
  // common among organic ones, and 2 of 5 members is weak evidence where 40 of 100 is not.
  // A group of 5 otherwise scored by chance above the alert threshold at one step and far
  // below at the next (docs/evaluation.md, "Small groups").
  const double n = static_cast<double>(g.members.size());
  const double new_share = std::clamp(g.new_account_share, 0.0, 1.0) * n / (n + kPseudoMembers);
  const double inauthentic = std::max({g.mean_automation, new_share, g.relative_automation});
  return coordination * (0.3 + 0.7 * inauthentic);
}

std::string SeverityFor(double score, size_t members) {
  if (score >= 0.85 && members >= 50) return "critical";
  if (score >= 0.8) return "high";
  if (score >= 0.65) return "medium";
  return "low";
}

namespace {

double Jaccard(const std::vector<AccountId>& x, const std::vector<AccountId>& y) {
  size_t i = 0, j = 0, common = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] < y[j]) {
      ++i;
    } else if (y[j] < x[i]) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  const size_t uni = x.size() + y.size() - common;
  return uni ? static_cast<double>(common) / static_cast<double>(uni) : 0;
}

}  // namespace

void CampaignTracker::Step(TimeMs now, std::vector<GroupEvidence> groups) {
  std::vector<bool> taken(campaigns_.size(), false);
  for (GroupEvidence& g : groups) {
    if (g.members.size() < options_.min_members) continue;
    const double score = ScoreGroup(g);
    // The campaign this group continues: most similar untaken one above the threshold.
    size_t best = campaigns_.size();
    double best_j = options_.match_jaccard;
    for (size_t c = 0; c < campaigns_.size(); ++c) {
      if (taken[c]) continue;
      const double j = Jaccard(g.members, campaigns_[c].evidence.members);
      if (j >= best_j && (best == campaigns_.size() || j > best_j)) {
        best = c;
        best_j = j;
      }
    }
    if (best == campaigns_.size()) {
      if (score < options_.report_score) continue;  // not worth following yet
      Campaign c;
      c.id = StrCat("c", campaigns_.size() + 1);
      c.first_detected = now;
      campaigns_.push_back(std::move(c));
      taken.push_back(false);
    }
    taken[best] = true;
    Campaign& c = campaigns_[best];
    c.evidence = std::move(g);
    c.score = score;
    c.max_score = std::max(c.max_score, score);
    c.last_detected = now;
    c.reported = c.reported || score >= options_.report_score;
    if (score >= options_.alert_score && c.first_above == kNoTime) c.first_above = now;
    if (score >= options_.alert_score && now - c.first_above >= options_.alert_confirm_ms) {
      const std::string severity = SeverityFor(score, c.evidence.members.size());
      if (!c.alerted) {
        c.alerted = true;
        c.alert_time = now;
        c.severity = severity;
        c.alert_updated = now;
      } else if (severity != c.severity) {
        c.severity = severity;
        c.alert_updated = now;
      }
    }
  }
}

namespace {

constexpr std::string_view kTrackerMagic = "SKCT";
// 2: each campaign ends with first_above. Version 1 is read as well: alerts were raised at the
// first step at or above the threshold, so first_above is the alert time (kNoTime if none).
constexpr uint8_t kTrackerVersion = 2;
constexpr std::string_view kTrackerWhat = "campaign checkpoint";

// Calls io on every field of a campaign, in checkpoint order; io.List for the vectors.
template <typename C, typename Io>
void VisitCampaign(C& c, Io& io) {
  auto& g = c.evidence;
  io(c.id), io(c.score), io(c.max_score), io(c.first_detected), io(c.last_detected);
  io(c.reported), io(c.alerted), io(c.alert_time), io(c.severity), io(c.alert_updated);
  io.List(g.members), io(g.internal_edges), io(g.density), io(g.bursts);
  io.List(g.bursts_by_action), io.List(g.edges_by_action), io(g.median_delay_s);
  io(g.mean_automation), io(g.share_automated), io(g.new_account_share);
  io(g.relative_automation), io(g.copy_share), io.List(g.items), io(g.pushed_items);
  io(g.start), io(g.end);
  if (io.version >= 2) io(c.first_above);
}

template <typename I, typename Io>
void VisitItem(I& i, Io& io) {
  io(i.item), io(i.members), io(i.first), io(i.last);
}

// Bytes an element of a list takes at least.
template <typename T>
constexpr uint64_t kElementBytes = sizeof(T);
template <>
constexpr uint64_t kElementBytes<ItemEngagement> = 28;

struct CampaignWriter : FieldWriter {
  uint8_t version = kTrackerVersion;
  using FieldWriter::operator();
  void operator()(const ItemEngagement& i) { VisitItem(i, *this); }
  template <typename T>
  void List(const std::vector<T>& v) {
    w.U32(static_cast<uint32_t>(v.size()));
    for (const T& x : v) (*this)(x);
  }
};

struct CampaignReader : FieldReader {
  uint8_t version = kTrackerVersion;
  using FieldReader::operator();
  void operator()(ItemEngagement& i) { VisitItem(i, *this); }
  // The length is checked against the bytes left before allocating.
  template <typename T>
  void List(std::vector<T>& v) {
    uint32_t n = 0;
    ok = r.U32(&n) && r.Has(uint64_t{n} * kElementBytes<T>) && ok;
    if (!ok) return;
    v.resize(n);
    for (T& x : v) (*this)(x);
  }
};

}  // namespace

void CampaignTracker::Serialize(std::string* out) const {
  WriteHeader(out, kTrackerMagic, kTrackerVersion);
  CampaignWriter io{{ByteWriter(out)}};
  io.w.U32(static_cast<uint32_t>(campaigns_.size()));
  for (const Campaign& c : campaigns_) VisitCampaign(c, io);
}

Status CampaignTracker::Deserialize(std::string_view in) {
  ByteReader r(in);
  uint8_t version = 1;
  if (!r.Header(kTrackerMagic, version, kTrackerWhat).ok()) {
    version = kTrackerVersion;
    RETURN_IF_ERROR(r.Header(kTrackerMagic, version, kTrackerWhat));
  }
  uint32_t n = 0;
  if (!r.U32(&n) || !r.Has(n)) return ByteReader::Truncated(kTrackerWhat);
  std::vector<Campaign> campaigns(n);
  CampaignReader io{{r}};
  io.version = version;
  for (Campaign& c : campaigns) {
    VisitCampaign(c, io);
    if (!io.ok) return ByteReader::Truncated(kTrackerWhat);
  }
  RETURN_IF_ERROR(r.Finish(kTrackerWhat));
  // Times outside the range of events would overflow the differences taken of them.
  for (const Campaign& c : campaigns) {
    const auto& g = c.evidence;
    bool ok = InTimeRangeOrNone(c.first_detected) && InTimeRangeOrNone(c.last_detected) &&
              InTimeRangeOrNone(c.alert_time) && InTimeRangeOrNone(c.alert_updated) &&
              InTimeRangeOrNone(c.first_above) && InTimeRangeOrNone(g.start) &&
              InTimeRangeOrNone(g.end);
    for (const ItemEngagement& i : g.items) {
      ok = ok && InTimeRangeOrNone(i.first) && InTimeRangeOrNone(i.last);
    }
    if (!ok) return absl::InvalidArgumentError(StrCat(kTrackerWhat, ": a time out of range"));
  }
  if (version == 1) {
    for (Campaign& c : campaigns) c.first_above = c.alert_time;
  }
  campaigns_ = std::move(campaigns);
  return absl::OkStatus();
}

}  // namespace sakimori::engine
