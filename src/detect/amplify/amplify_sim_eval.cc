// File: detect/amplify/amplify_sim_eval.cc
// Measures how the amplification ranking orders a simulated world's operation targets
// against everything else, hard negatives included (docs/amplification.md, "Evaluation").
//   amplify_sim_eval DIR [TOP [no-accounts]]   (DIR holds events.jsonl and truth.json from
//   `simulate`)
// Account context of the measurement: the automation score is 1 for operation members and
// 0 otherwise, the coordinated group is the member's operation (ground truth stands in for
// the account and coordination detectors), creation times come from the profiles in the
// events. An item is a target if truth lists it under an operation's `targets`; a
// non-target item is attributed to a hard negative when at least 30 % of its engagements
// come from that hard negative's members and its first engagement falls within the hard
// negative's time span (one hour of slack); the others are "other". Narrative ids come from
// text::NarrativeIndex over the texts of posts, quotes and replies (default options); narratives
// have no truth targets, so they are reported apart, labelled "op_members" when at least 30 % of
// their engagements are by operation members. Prints a summary and the TOP items as text.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/strings.h"
#include "detect/amplify/amplification_tracker.h"
#include "detect/coord/url_normalize.h"
#include "detect/text/narrative_index.h"
#include "ingest/ingest_report.h"
#include "ingest/read_inputs.h"
#include "sim/truth.h"

using namespace sakimori;  // NOLINT: a small measurement program
using amplify::ItemKind;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: amplify_sim_eval DIR [TOP]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const size_t top_n = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 30;
  // "no-accounts": no automation scores or groups (creation times only), to see what the
  // item-level signals achieve without the account and coordination detectors.
  const bool no_accounts = argc > 3 && std::string(argv[3]) == "no-accounts";
  auto truth_or = sim::ReadTruthFile(dir + "/truth.json");
  if (!truth_or.ok()) {
    std::fprintf(stderr, "%s\n", std::string(Message(truth_or.status())).c_str());
    return 1;
  }
  const sim::Truth& truth = *truth_or;

  Dictionary dict;
  amplify::AmplificationTracker tracker;
  // Member sets, interned as the reader will intern them.
  absl::flat_hash_map<AccountId, uint64_t> op_of;
  for (size_t i = 0; i < truth.operations.size(); ++i) {
    for (const auto& m : truth.operations[i].members) op_of[dict.accounts.Intern(m)] = i + 1;
  }
  absl::flat_hash_map<AccountId, uint32_t> hn_of;  // account -> hard negative index + 1
  for (size_t i = 0; i < truth.hard_negatives.size(); ++i) {
    for (const auto& m : truth.hard_negatives[i].members) {
      hn_of.emplace(dict.accounts.Intern(m), static_cast<uint32_t>(i + 1));
    }
  }
  absl::flat_hash_map<AccountId, TimeMs> created;
  // Per item (kind, key): engagements in all (index 0), by each hard negative's members
  // (1..n_hn) and by operation members (n_hn + 1).
  std::vector<absl::flat_hash_map<uint64_t, std::vector<uint32_t>>> hn_counts(4);
  const size_t n_hn = truth.hard_negatives.size();
  auto count_hn = [&](ItemKind kind, uint64_t key, AccountId actor) {
    auto& v = hn_counts[static_cast<int>(kind)][key];
    if (v.empty()) v.assign(n_hn + 2, 0);
    v[0]++;
    auto it = hn_of.find(actor);
    if (it != hn_of.end()) v[it->second]++;
    if (op_of.contains(actor)) v[n_hn + 1]++;
  };
  auto narratives_or = text::NarrativeIndex::Create(text::NarrativeIndexOptions{});
  if (!narratives_or.ok()) return 1;
  text::NarrativeIndex& narratives = *narratives_or;
  uint64_t seq = 0;

  IngestReport report;
  ReaderOptions options;
  Status st = ReadInputs(
      {dir + "/events.jsonl"}, options, &dict, &report, [&](const EventBatch& batch) -> Status {
        for (const Event& e : batch.events()) {
          if (e.profile != nullptr && e.profile->created_at != kNoTime) {
            created[e.actor] = e.profile->created_at;
          }
          std::optional<uint64_t> narrative;
          if ((e.kind == EventKind::kPost || e.kind == EventKind::kQuote ||
               e.kind == EventKind::kReply) &&
              !e.text.empty()) {
            text::Assignment a = narratives.Assign(seq++, e.time, e.text);
            if (a.clustered) narrative = a.narrative;
          }
          tracker.Update(e, narrative);
          if (narrative) count_hn(ItemKind::kNarrative, *narrative, e.actor);
          if (IsEngagement(e.kind) && e.target != kNoPost) {
            count_hn(ItemKind::kPost, e.target, e.actor);
          }
          if (e.kind > EventKind::kLike) continue;
          for (auto u : e.urls) {
            count_hn(ItemKind::kUrl, tracker.KeyOf(ItemKind::kUrl, u), e.actor);
          }
          for (auto h : e.hashtags) {
            count_hn(ItemKind::kHashtag, tracker.KeyOf(ItemKind::kHashtag, h), e.actor);
          }
        }
        return absl::OkStatus();
      });
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", std::string(Message(st)).c_str());
    return 1;
  }

  // Target keys.
  absl::flat_hash_set<uint64_t> targets[4];
  size_t n_targets = 0;
  for (const auto& op : truth.operations) {
    for (const auto& p : op.targets.posts) {
      uint32_t id = dict.posts.Find(p);
      if (id != Interner::kNone) targets[0].insert(id);
    }
    for (const auto& u : op.targets.urls) targets[1].insert(tracker.KeyOf(ItemKind::kUrl, u));
    for (const auto& h : op.targets.hashtags) {
      targets[2].insert(tracker.KeyOf(ItemKind::kHashtag, h));
    }
  }
  for (const auto& t : targets) n_targets += t.size();

  amplify::CallbackAccountContext ctx;
  ctx.automation = [&](AccountId a) { return !no_accounts && op_of.contains(a) ? 1.0 : 0.0; };
  ctx.group = [&](AccountId a) -> std::optional<uint64_t> {
    if (no_accounts) return std::nullopt;
    auto it = op_of.find(a);
    if (it == op_of.end()) return std::nullopt;
    return it->second;
  };
  ctx.created_at = [&](AccountId a) {
    auto it = created.find(a);
    return it == created.end() ? kNoTime : it->second;
  };
  amplify::RankOptions rank;
  rank.limit = 0;
  rank.post_names = &dict.posts;
  rank.kinds[3] = false;
  std::vector<amplify::ItemScore> ranked = tracker.Rank(ctx, rank);
  amplify::RankOptions narrative_rank = rank;
  for (bool& k : narrative_rank.kinds) k = false;
  narrative_rank.kinds[3] = true;
  std::vector<amplify::ItemScore> ranked_narratives = tracker.Rank(ctx, narrative_rank);

  auto label = [&](const amplify::ItemScore& r) -> std::string {
    int k = static_cast<int>(r.kind);
    if (k < 3 && targets[k].contains(r.key)) return "TARGET";
    auto it = hn_counts[k].find(r.key);
    if (it != hn_counts[k].end()) {
      const auto& v = it->second;
      size_t best = 0;
      for (size_t i = 1; i <= n_hn; ++i) {
        if (best == 0 || v[i] > v[best]) best = i;
      }
      if (best > 0 && v[best] * 10 >= v[0] * 3) {
        const sim::TruthHardNegative& hn = truth.hard_negatives[best - 1];
        if (r.first >= hn.start - kMsPerHour && r.first <= hn.end + kMsPerHour) return hn.kind;
      }
      if (v[n_hn + 1] * 10 >= v[0] * 3) return "op_members";
    }
    return "other";
  };

  amplify::TrackerStats stats = tracker.Stats();
  std::printf(
      "events %llu, items post/url/hashtag %llu/%llu/%llu, tracked %llu/%llu/%llu, "
      "state %.1f MiB\n",
      static_cast<unsigned long long>(stats.events),
      static_cast<unsigned long long>(stats.items[0]),
      static_cast<unsigned long long>(stats.items[1]),
      static_cast<unsigned long long>(stats.items[2]),
      static_cast<unsigned long long>(stats.tracked[0]),
      static_cast<unsigned long long>(stats.tracked[1]),
      static_cast<unsigned long long>(stats.tracked[2]),
      static_cast<double>(stats.approx_bytes) / (1 << 20));
  size_t ranked_targets = 0;
  for (const auto& r : ranked) ranked_targets += label(r) == "TARGET";
  std::printf("ranked items (>= %llu engagements): %zu; targets in truth: %zu, ranked: %zu\n",
              static_cast<unsigned long long>(rank.min_engagements), ranked.size(), n_targets,
              ranked_targets);
  for (size_t k : {10, 20, 50, 100, 200}) {
    size_t hits = 0;
    for (size_t i = 0; i < std::min(k, ranked.size()); ++i) hits += label(ranked[i]) == "TARGET";
    std::printf(
        "precision@%zu %.3f  recall@%zu %.3f\n", k,
        static_cast<double>(hits) / static_cast<double>(std::min(k, ranked.size())), k,
        ranked_targets ? static_cast<double>(hits) / static_cast<double>(ranked_targets) : 0.0);
  }
  // Best rank of each hard-negative kind.
  absl::flat_hash_map<std::string, size_t> best_rank;
  absl::flat_hash_map<std::string, size_t> count_kind;
  for (size_t i = 0; i < ranked.size(); ++i) {
    std::string l = label(ranked[i]);
    count_kind[l]++;
    if (!best_rank.contains(l)) best_rank[l] = i + 1;
  }
  std::vector<std::string> kinds;
  for (const auto& [k, v] : best_rank) kinds.push_back(k);
  std::sort(kinds.begin(), kinds.end());
  for (const auto& k : kinds) {
    std::printf("label %-18s items %6zu  best rank %zu\n", k.c_str(), count_kind[k], best_rank[k]);
  }
  std::printf("\nrank kind      engagements score  label              id / explanation\n");
  for (size_t i = 0; i < std::min(top_n, ranked.size()); ++i) {
    const auto& r = ranked[i];
    std::printf("%4zu %-9s %11llu %6.3f %-18s %s  %s\n", i + 1,
                std::string(amplify::ItemKindName(r.kind)).c_str(),
                static_cast<unsigned long long>(r.engagements), r.score, label(r).c_str(),
                r.id.substr(0, 40).c_str(), r.explanation.c_str());
  }
  std::printf("\nnarratives ranked: %zu\n", ranked_narratives.size());
  for (size_t k : {10, 20, 50}) {
    size_t op = 0;
    for (size_t i = 0; i < std::min(k, ranked_narratives.size()); ++i) {
      op += label(ranked_narratives[i]) == "op_members";
    }
    std::printf("narratives: op_members share of top %zu: %.3f\n", k,
                static_cast<double>(op) / static_cast<double>(std::max<size_t>(
                                              1, std::min(k, ranked_narratives.size()))));
  }
  for (size_t i = 0; i < std::min<size_t>(10, ranked_narratives.size()); ++i) {
    const auto& r = ranked_narratives[i];
    std::printf("%4zu %-9s %11llu %6.3f %-18s %s  %s\n", i + 1, "narrative",
                static_cast<unsigned long long>(r.engagements), r.score, label(r).c_str(),
                r.id.c_str(), r.explanation.c_str());
  }
  return 0;
}
