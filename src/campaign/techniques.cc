// File: campaign/techniques.cc
// The rules, one block per technique, in id order of the docs table. Each rule reads only
// evidence figures and states them in its reason.
#include "campaign/techniques.h"

#include <algorithm>
#include <cmath>

#include "campaign/format.h"
#include "common/strings.h"
#include "report/disarm.h"

namespace sakimori::campaign {
namespace {

const CampaignEvidence::Action* FindAction(const CampaignEvidence& e, std::string_view name) {
  for (const auto& a : e.actions) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

uint64_t Bursts(const CampaignEvidence& e, std::string_view name) {
  const auto* a = FindAction(e, name);
  return a ? a->bursts : 0;
}

uint64_t Edges(const CampaignEvidence& e, std::string_view name) {
  const auto* a = FindAction(e, name);
  return a ? a->edges : 0;
}

bool Coordinated(const CampaignEvidence& e, std::string_view name) {
  return Bursts(e, name) > 0 || Edges(e, name) > 0;
}

// "312 co-repost bursts, 45 co-like bursts" for the actions in `names` that have bursts or
// edges (edges are named when there are no bursts).
std::string DescribeActions(const CampaignEvidence& e,
                            std::initializer_list<std::string_view> names) {
  std::vector<std::string> parts;
  for (std::string_view name : names) {
    const auto* a = FindAction(e, name);
    if (a == nullptr) continue;
    if (a->bursts > 0) {
      parts.push_back(StrCat(FormatCount(a->bursts), " ", ActionLabelEn(name), " bursts"));
    } else if (a->edges > 0) {
      parts.push_back(
          StrCat(FormatCount(a->edges), " significant ", ActionLabelEn(name), " edges"));
    }
  }
  return StrJoin(parts, ", ");
}

bool FastDelay(const CampaignEvidence& e) {
  return std::isfinite(e.median_delay_s) && e.median_delay_s <= kFastDelaySeconds;
}

bool ValidWave(const CampaignEvidence& e) {
  return e.creation_wave_share >= kWaveShare && e.creation_wave_confidence >= kWaveConfidence;
}

std::string WaveText(const CampaignEvidence& e) {
  std::string s = StrCat(FormatPercent(e.creation_wave_share), " of members created in one wave");
  if (e.creation_wave_start != kNoTime && e.creation_wave_end != kNoTime) {
    StrAppend(&s, " (", FormatMinute(e.creation_wave_start), " to ",
              FormatMinute(e.creation_wave_end), " UTC)");
  }
  StrAppend(&s, ", confidence ", FormatFixed(e.creation_wave_confidence, 2));
  return s;
}

void Add(std::vector<TechniqueFinding>* out, std::string_view id, std::string reason) {
  const report::DisarmTechnique* t = report::FindDisarmTechnique(id);
  if (t == nullptr) return;  // the table is the authority; a missing id is not reported
  out->push_back({std::string(id), std::string(t->name), std::move(reason)});
}

}  // namespace

std::vector<TechniqueFinding> FindTechniques(const CampaignEvidence& e) {
  std::vector<TechniqueFinding> out;
  const bool amplify = Coordinated(e, "repost") || Coordinated(e, "like") ||
                       Coordinated(e, "quote") || Coordinated(e, "engage");
  const std::string amplify_text = DescribeActions(e, {"repost", "like", "quote", "engage"});

  // Members that engage in co-action bursts and look automated, react within seconds or never
  // rest: automated forwarding/reposting (like farms included: the framework has no separate
  // inauthentic-like technique).
  if (amplify && (e.share_automated >= kAutomatedShare || FastDelay(e) || e.no_nightly_rest)) {
    std::vector<std::string> why = {amplify_text};
    if (e.share_automated >= kAutomatedShare) {
      why.push_back(StrCat(FormatPercent(e.share_automated), " of members automated"));
    }
    if (FastDelay(e)) why.push_back(StrCat("median delay ", FormatDelayEn(e.median_delay_s)));
    if (e.no_nightly_rest) why.push_back("no nightly rest");
    Add(&out, "T0049.003", StrJoin(why, "; "));
  }

  // Human-paced coordinated amplification with the members' own commentary (quotes, replies):
  // trolls or cyborgs rather than bots.
  const bool human_paced = !FastDelay(e) && e.share_automated < kHumanAutomatedShare;
  if ((amplify || Coordinated(e, "reply")) && human_paced && e.quotes + e.replies > 0) {
    std::string why = DescribeActions(e, {"repost", "like", "quote", "reply"});
    StrAppend(&why, "; ", FormatPercent(e.share_automated), " of members automated");
    if (std::isfinite(e.median_delay_s)) {
      StrAppend(&why, "; median delay ", FormatDelayEn(e.median_delay_s));
    }
    StrAppend(&why, "; ", FormatCount(e.quotes), " quotes and ", FormatCount(e.replies),
              " replies of their own");
    Add(&out, "T0049.001", why);
  }

  // The same hashtag pushed by many members at once.
  if (Coordinated(e, "hashtag") && e.hashtag_posts >= kMinHashtagPosts) {
    Add(&out, "T0049.002",
        StrCat(FormatCount(e.hashtag_posts), " member posts with the campaign hashtag; ",
               DescribeActions(e, {"hashtag"})));
  }

  // Dormant accounts waking together, or piling replies on the same targets.
  const bool sleepers = e.sleeper_share >= kSleeperShare;
  if ((sleepers && (amplify || Coordinated(e, "reply"))) || Bursts(e, "reply") >= kMinReplyBursts) {
    std::vector<std::string> why;
    if (sleepers && (amplify || Coordinated(e, "reply"))) {
      why.push_back(StrCat(FormatPercent(e.sleeper_share),
                           " of members idle for 30 days or more woke up together"));
      why.push_back(DescribeActions(e, {"repost", "like", "quote", "reply"}));
    } else {
      why.push_back(DescribeActions(e, {"reply"}));
    }
    Add(&out, "T0049.005", StrJoin(why, "; "));
  }

  // Near-identical texts posted by many members.
  if (e.near_duplicate_posts >= kMinNearDuplicates &&
      (Coordinated(e, "text") || e.narratives > 0)) {
    std::string why = StrCat(FormatCount(e.near_duplicate_posts), " near-duplicate member posts");
    if (e.narratives > 0) StrAppend(&why, " in ", FormatCount(e.narratives), " narrative(s)");
    if (Coordinated(e, "text")) StrAppend(&why, "; ", DescribeActions(e, {"text"}));
    Add(&out, "T0084.001", why);
  }

  // The same link posted by many accounts at once.
  if ((Coordinated(e, "url") || Coordinated(e, "domain")) && e.posts >= kMinLinkPosts) {
    Add(&out, "T0119",
        StrCat(DescribeActions(e, {"url", "domain"}), " across ", FormatCount(e.members),
               " accounts; ", FormatCount(e.posts), " member posts"));
  }

  // Account origin.
  const bool wave = ValidWave(e);
  const bool young = e.new_account_share >= kNewAccountShare;
  if (wave || young) {
    std::vector<std::string> why;
    if (wave) why.push_back(WaveText(e));
    if (young) {
      why.push_back(StrCat(FormatPercent(e.new_account_share),
                           " of members created less than 30 days before the start"));
    }
    Add(&out, "T0146.001", StrCat("accounts set up for the campaign: ", StrJoin(why, "; ")));
  }
  if (e.share_automated >= kAutomatedAssetShare) {
    Add(&out, "T0146.007",
        StrCat(FormatPercent(e.share_automated), " of members automated (mean score ",
               FormatFixed(e.mean_automation, 2), ")"));
  }
  if (young) {
    Add(&out, "T0150.001",
        StrCat(FormatPercent(e.new_account_share),
               " of members created less than 30 days before the start"));
  }
  if (sleepers) {
    Add(&out, "T0150.002",
        StrCat(FormatPercent(e.sleeper_share), " of members idle for 30 days or more before"));
  }
  if (wave) Add(&out, "T0150.008", WaveText(e));

  std::sort(out.begin(), out.end(),
            [](const TechniqueFinding& a, const TechniqueFinding& b) { return a.id < b.id; });
  return out;
}

std::vector<std::string> Techniques(const CampaignEvidence& evidence) {
  std::vector<std::string> ids;
  for (auto& f : FindTechniques(evidence)) ids.push_back(std::move(f.id));
  return ids;
}

std::string Why(std::string_view id, const CampaignEvidence& evidence) {
  for (auto& f : FindTechniques(evidence)) {
    if (f.id == id) return std::move(f.reason);
  }
  return "";
}

}  // namespace sakimori::campaign
