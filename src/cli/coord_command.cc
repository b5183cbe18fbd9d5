// File: cli/coord_command.cc
// `sakimori coord`: coordination detection (docs/coordination.md). Two modes:
//  - CooRTweet-exact (default for CooRTweet share tables, or --coortweet): pairs.csv,
//    edges.csv and vertices.csv exactly as CooRTweet's detect_groups and
//    generate_coordinated_network;
//  - significance (default otherwise, or --significance): co-action edges over one or more
//    actions with p-values against the popularity and audience null models (--null) and a
//    Benjamini-Hochberg FDR cut, leader/follower counts, Leiden groups, group statistics and
//    per-edge evidence;
//    optionally a results.json (--results) for `sakimori eval`;
//  - target co-selection (--co-selection): no time window; object pairs that share
//    unexpectedly many accounts, grouped, and the accounts behind each group
//    (detect/coord/co_selection.h).
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "cli/commands.h"
#include "cli/input_options.h"
#include "common/progress.h"
#include "common/strings.h"
#include "detect/coord/co_selection.h"
#include "detect/coord/coord_detector.h"
#include "detect/coord/coord_output.h"
#include "detect/coord/coortweet_exact.h"
#include "detect/coord/groups.h"
#include "eval/results_file.h"

namespace sakimori::cli {
namespace {

struct CoordArgs {
  InputOptions input;
  std::string actions = "repost";
  double time_window = 10;
  int64_t min_participation = 2;
  bool keep_loops = false;
  double edge_weight = 0.5;
  std::string out;
  bool coortweet = false;
  bool significance = false;
  double fdr = 0.05;
  uint32_t min_weight = 2;
  std::string null_model = "audience";
  uint32_t max_partners = 10000;
  uint32_t max_window_shares = 0;
  int64_t bin = 60;
  uint64_t seed = 42;
  double resolution = 1.0;
  bool significant_only = false;
  bool evidence_all = false;
  std::string results;
  bool co_selection = false;
  coord::CoSelectionParams co_selection_params;
  double split_resolution = 10;
};

// Ends the process once every output is written, without destroying this one-shot command's
// data: freeing the interners, shares and arenas (tens of thousands of blocks and mappings)
// took 2-4 ms of a 30 ms run on CooRTweet's Russian table, for memory the kernel reclaims
// anyway. The rejects file and the standard streams are flushed and closed first; nothing
// else of this command buffers output.
[[noreturn]] void ExitWithoutTeardown(std::shared_ptr<FILE> rejects) {
  if (rejects != nullptr && std::fflush(rejects.get()) != 0) {
    Fail(absl::InternalError("write error on the rejects file"));
  }
  rejects.reset();  // closes it
  spdlog::default_logger()->flush();
  std::fflush(nullptr);
  std::_Exit(0);
}

double MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// The results.json of a significance run: every account with an edge, scored by its most
// significant edge (-log10 p), flagged when it has a significant edge (it is then in a
// group); the groups as g1, g2, ... in group order. Accounts by name.
Results CoordResults(const coord::CoordDetector& detector, const coord::GroupAssignment& groups,
                     const Interner& names) {
  absl::flat_hash_map<AccountId, double> score;
  for (const coord::CoordEdge& e : detector.edges()) {
    const double s = -e.ln_p / std::log(10.0);
    for (AccountId v : {e.a, e.b}) {
      auto [it, inserted] = score.try_emplace(v, s);
      if (!inserted) it->second = std::max(it->second, s);
    }
  }
  Results r;
  r.generator = "sakimori coord";
  absl::flat_hash_map<AccountId, bool> in_group;
  for (const auto& [account, g] : groups.members) {
    in_group[account] = true;
    if (r.groups.size() <= g) r.groups.resize(g + 1);
    r.groups[g].members.emplace_back(names.Name(account));
  }
  for (size_t g = 0; g < r.groups.size(); ++g) r.groups[g].id = StrCat("g", g + 1);
  for (const auto& [account, s] : score) {
    r.accounts.push_back({std::string(names.Name(account)), s, in_group.contains(account)});
  }
  std::sort(r.accounts.begin(), r.accounts.end(),
            [](const AccountResult& a, const AccountResult& b) { return a.id < b.id; });
  return r;
}

// The results.json of a co-selection run: the members of each group, flagged and scored by
// their most significant membership (-log10 p); groups as g1, g2, ... Accounts by name.
Results CoSelectionResults(const coord::CoSelectionResult& result, const Interner& names) {
  Results r;
  r.generator = "sakimori coord --co-selection";
  absl::flat_hash_map<AccountId, double> score;
  for (size_t g = 0; g < result.groups.size(); ++g) {
    GroupResult group;
    group.id = StrCat("g", g + 1);
    for (const coord::CoSelectionMember& m : result.groups[g].members) {
      group.members.emplace_back(names.Name(m.account));
      const double s = -m.ln_p / std::log(10.0);
      auto [it, inserted] = score.try_emplace(m.account, s);
      if (!inserted) it->second = std::max(it->second, s);
    }
    r.groups.push_back(std::move(group));
  }
  for (const auto& [account, s] : score) {
    r.accounts.push_back({std::string(names.Name(account)), s, true});
  }
  std::sort(r.accounts.begin(), r.accounts.end(),
            [](const AccountResult& a, const AccountResult& b) { return a.id < b.id; });
  return r;
}

// Target co-selection over the shares read (detect/coord/co_selection.h): writes its files
// and results, prints the summary and ends the process.
[[noreturn]] void RunCoSelection(const CoordArgs& args, const std::vector<coord::Action>& actions,
                                 const coord::ShareSet& shares, const Dictionary& dict,
                                 const IngestReport& report, std::shared_ptr<FILE> rejects) {
  if (args.coortweet) Fail(absl::InvalidArgumentError("--co-selection excludes --coortweet"));
  if (actions.size() != 1) {
    Fail(absl::InvalidArgumentError("--co-selection takes exactly one --action"));
  }
  coord::CoSelectionParams params = args.co_selection_params;
  params.fdr = args.fdr;
  coord::LeidenParams leiden;
  leiden.seed = args.seed;
  leiden.resolution = args.split_resolution;
  auto result =
      coord::DetectCoSelection(shares.action(0), shares.authored_posts(), params, leiden);
  CheckOk(result.status());
  CheckOk(coord::WriteCoSelectionOutputs(args.out, shares.action(0), dict, *result));
  if (!args.results.empty()) {
    CheckOk(eval::WriteResultsFile(CoSelectionResults(*result, dict.accounts), args.results));
  }
  PrintSkipSummary("coord", report);
  const coord::CoSelectionStats& st = result->stats;
  size_t members = 0;
  for (const auto& g : result->groups) members += g.members.size();
  std::fprintf(stderr,
               "coord (co-selection): %llu objects with >= %u accounts, %llu pairs tested, "
               "%llu significant (FDR %.3g), %zu groups, %zu memberships -> %s\n",
               (unsigned long long)st.eligible_objects, params.min_object_accounts,
               (unsigned long long)st.pairs_tested, (unsigned long long)st.significant_pairs,
               params.fdr, result->groups.size(), members, args.out.c_str());
  if (st.accounts_over_cap > 0) {
    std::fprintf(stderr,
                 "coord: %llu accounts acting on more than %u objects were left out "
                 "(--max-account-objects)\n",
                 (unsigned long long)st.accounts_over_cap, params.max_account_objects);
  }
  ExitWithoutTeardown(std::move(rejects));
}

void Run(const CoordArgs& args) {
  const auto t_start = std::chrono::steady_clock::now();
  // Keep freed memory in the process: by default glibc serves blocks of 128 KB and more
  // (event batches, arenas, interner tables as they grow) with fresh mappings and returns
  // them on free, so every reuse faults in new zeroed pages. This one-shot command's peak
  // memory is what it is anyway (docs/benchmarks.md: 20-30 % fewer page faults, ~8 % CPU).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  auto options = MakeReaderOptions(args.input);
  CheckOk(options.status());
  // Split and parse ahead on a second thread while shares are extracted (canonical JSON
  // Lines and CooRTweet tables). That thread also interns the account ids (this one does not
  // look at account names until all is read); post ids are interned here.
  options->prefetch_batches = 2;
  options->accounts_on_reader_thread = true;
  options->prefetch_separate_cpus = true;
  auto actions = coord::ParseActionList(args.actions);
  CheckOk(actions.status());
  // Only the lists the actions key on (the German URL shares: URLs, not the hashtags, domains
  // and media hashes the table also holds).
  options->lists = coord::ListsRead(*actions);
  options->skip_rows_without_lists = coord::KeysOnListsOnly(*actions);
  if (args.coortweet && args.significance) {
    Fail(absl::InvalidArgumentError("--coortweet and --significance exclude each other"));
  }
  if (!(args.time_window > 0)) Fail(absl::InvalidArgumentError("--time-window must be > 0"));
  if (args.edge_weight < 0 || args.edge_weight > 1) {
    Fail(absl::InvalidArgumentError("--edge-weight must be in [0, 1]"));
  }
  Dictionary dict;
  IngestReport report;
  auto rejects = ConnectRejectsFile(args.input, &report);
  CheckOk(rejects.status());
  coord::ExtractOptions extract;
  extract.bin_seconds = args.bin;
  coord::ShareSet shares(*actions, extract, &dict);

  // Read, noting the first input's format for the mode decision.
  Format first_format = Format::kAuto;
  {
    EventBatch batch;
    Progress progress("events");
    uint64_t events = 0;
    for (const std::string& path : args.input.files) {
      auto reader = EventReader::Open(path, *options, &dict, &report);
      CheckOk(reader.status());
      if (first_format == Format::kAuto) first_format = (*reader)->format();
      while (true) {
        auto more = (*reader)->Next(&batch);
        CheckOk(more.status());
        if (!*more) break;
        if (events == 0) {
          // Room for all shares at once rather than copying them as the vectors double.
          const uint64_t estimate = (*reader)->EstimateTotalEvents(batch.size());
          if (estimate > 0) shares.Reserve(estimate + estimate / 16);
        }
        shares.Add(batch);
        events += batch.size();
        progress.Update(events);
      }
    }
    progress.Finish(events);
  }
  PrintRejectSummary(report);
  const auto t_read = std::chrono::steady_clock::now();
  spdlog::debug("coord: read {} shares in {:.1f} ms", shares.total_shares(), MsSince(t_start));

  if (args.co_selection) RunCoSelection(args, *actions, shares, dict, report, std::move(*rejects));

  bool exact = args.coortweet ||
               (!args.significance && first_format == Format::kCoortweet && actions->size() == 1);
  if (exact) {
    if (!args.results.empty()) {
      Fail(absl::InvalidArgumentError("--results needs significance mode (--significance)"));
    }
    if (actions->size() != 1) {
      Fail(absl::InvalidArgumentError("--coortweet takes exactly one --action"));
    }
    coord::CoortweetParams params;
    params.time_window_seconds = args.time_window;
    params.min_participation = args.min_participation;
    params.remove_loops = !args.keep_loops;
    params.max_partners = 0;  // exact: no cap (the pairs are the output)
    coord::CoortweetResult result = coord::DetectGroups(shares.action(0), dict, params);
    spdlog::debug("coord: pairs in {:.1f} ms", MsSince(t_read));
    coord::CoNetwork net;
    CheckOk(coord::WriteCoortweetOutputs(args.out, shares.action(0), dict, result,
                                         args.edge_weight, &net));
    spdlog::debug("coord: total {:.1f} ms", MsSince(t_start));
    PrintSkipSummary("coord", report);
    std::fprintf(stderr, "coord (CooRTweet): %zu pairs, %zu accounts, %zu edges -> %s\n",
                 result.pairs.size(), net.vertices.size(), net.edges.size(), args.out.c_str());
    ExitWithoutTeardown(std::move(*rejects));
  }

  coord::CoordParams params;
  params.co_share.time_window_seconds = args.time_window;
  params.co_share.max_partners = args.max_partners;
  params.co_share.max_window_shares = args.max_window_shares;
  params.co_share.min_participation = args.min_participation;
  params.fdr = args.fdr;
  params.min_weight = args.min_weight;
  params.bin_seconds = args.bin;
  params.audience_null = args.null_model == "audience";
  coord::CoordDetector detector(&shares, params);
  CheckOk(detector.Run());
  coord::LeidenParams leiden;
  leiden.seed = args.seed;
  leiden.resolution = args.resolution;
  auto groups = coord::LeidenGroups(coord::SignificantEdges(detector), dict.accounts, leiden);
  CheckOk(groups.status());
  coord::CoordOutputOptions out_options;
  out_options.significant_edges_only = args.significant_only;
  out_options.evidence_all_edges = args.evidence_all;
  spdlog::debug("coord: edges, significance and groups in {:.1f} ms", MsSince(t_read));
  CheckOk(coord::WriteCoordOutputs(args.out, shares, detector, *groups, out_options));
  if (!args.results.empty()) {
    CheckOk(eval::WriteResultsFile(CoordResults(detector, *groups, dict.accounts), args.results));
  }
  spdlog::debug("coord: total {:.1f} ms", MsSince(t_start));
  PrintSkipSummary("coord", report);
  const coord::CoordStats& s = detector.stats();
  std::fprintf(
      stderr,
      "coord: %llu shares, %llu edges, %llu significant (%s null, FDR %.3g), %u groups -> %s\n",
      (unsigned long long)s.shares, (unsigned long long)s.edges,
      (unsigned long long)s.significant_edges, args.null_model.c_str(), args.fdr,
      groups->num_groups, args.out.c_str());
  if (s.partners_dropped > 0) {
    std::fprintf(stderr,
                 "coord: %llu share pairs inside the window were not formed (--max-partners "
                 "%u)\n",
                 (unsigned long long)s.partners_dropped, args.max_partners);
  }
  if (s.crowd_skipped > 0) {
    std::fprintf(stderr,
                 "coord: %llu share pairs inside crowded windows were not formed "
                 "(--max-window-shares %u)\n",
                 (unsigned long long)s.crowd_skipped, args.max_window_shares);
  }
  ExitWithoutTeardown(std::move(*rejects));
}

}  // namespace

void RegisterCoord(CLI::App& app) {
  auto args = std::make_shared<CoordArgs>();
  CLI::App* cmd = app.add_subcommand(
      "coord",
      "Find accounts that act together (same post, URL, hashtag, media, ... within a time "
      "window): CooRTweet-exact pairs and network, or significant edges, groups and evidence");
  AddInputOptions(cmd, &args->input, /*positional=*/false);
  cmd->add_option("--action", args->actions,
                  "Actions, comma-separated: repost,like,reply,quote,url,domain,hashtag,media,"
                  "text,coactivity,hashtag_sequence. When all are url, domain, hashtag, "
                  "hashtag_sequence or media, rows of multi-modal tables holding none of those "
                  "objects are skipped (and counted)")
      ->capture_default_str();
  cmd->add_option("--time-window", args->time_window,
                  "Seconds within which two actions are "
                  "co-actions (inclusive)")
      ->capture_default_str();
  cmd->add_option("--min-participation", args->min_participation,
                  "Accounts with fewer shares are dropped (CooRTweet min_participation)")
      ->capture_default_str();
  cmd->add_flag("--keep-loops", args->keep_loops,
                "CooRTweet mode: keep pairs of an account with itself (remove_loops = FALSE)");
  cmd->add_option("--edge-weight", args->edge_weight,
                  "CooRTweet mode: weight_threshold quantile (0..1)")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Output directory")->required();
  cmd->add_flag("--coortweet", args->coortweet, "Force CooRTweet-exact mode");
  cmd->add_flag("--significance", args->significance, "Force significance mode");
  cmd->add_option("--fdr", args->fdr, "Benjamini-Hochberg false discovery rate")
      ->capture_default_str();
  cmd->add_option("--min-weight", args->min_weight,
                  "Significance mode: co-share bursts an edge needs to be significant")
      ->capture_default_str();
  cmd->add_option("--null", args->null_model,
                  "Significance mode: null model. popularity = accounts act on objects in "
                  "proportion to their popularity; audience = also, per author, spread over "
                  "all of that author's posts, so an author's regular audience (fans acting on "
                  "every post within seconds) is expected and a ring acting on a few chosen "
                  "posts is not (docs/coordination.md)")
      ->check(CLI::IsMember({"popularity", "audience"}))
      ->capture_default_str();
  cmd->add_option("--max-partners", args->max_partners,
                  "Significance mode: per share, earlier shares of the object paired at most "
                  "(0 = all)")
      ->capture_default_str();
  cmd->add_option("--max-window-shares", args->max_window_shares,
                  "Significance mode: a share arriving while more than N earlier shares of its "
                  "object are inside the window is not paired (0 = no cap)")
      ->capture_default_str();
  cmd->add_option("--bin", args->bin, "Seconds per time bin for --action coactivity")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Leiden random seed")->capture_default_str();
  cmd->add_option("--resolution", args->resolution,
                  "Significance mode: Leiden modularity resolution")
      ->capture_default_str();
  cmd->add_flag("--significant-only", args->significant_only,
                "edges.csv lists only significant edges");
  cmd->add_flag("--evidence-all", args->evidence_all,
                "evidence.csv covers every edge, not only significant ones");
  cmd->add_option("--results", args->results,
                  "Significance mode: also write a results.json for `sakimori eval` (accounts "
                  "scored by their most significant edge, flagged when they have a significant "
                  "edge; the groups); with --co-selection, the groups' members");
  cmd->add_flag("--co-selection", args->co_selection,
                "Target co-selection instead of time windows: objects (posts, URLs, ...) that "
                "share unexpectedly many of their accounts, from different authors, are "
                "grouped, and each group's members are the accounts that acted on several of "
                "its objects more than their activity explains. Finds operations that spread "
                "their actions over hours and rotate their members (docs/coordination.md). "
                "Writes co_selection_pairs.csv, co_selection_objects.csv and "
                "co_selection_members.csv; --fdr applies to pairs and members");
  cmd->add_option("--min-object-accounts", args->co_selection_params.min_object_accounts,
                  "Co-selection: objects acted on by fewer distinct accounts are ignored")
      ->check(CLI::Range(2u, 1000000u))
      ->capture_default_str();
  cmd->add_option("--min-shared", args->co_selection_params.min_shared,
                  "Co-selection: object pairs sharing fewer accounts are not tested")
      ->check(CLI::Range(1u, 1000000u))
      ->capture_default_str();
  cmd->add_option("--split-resolution", args->split_resolution,
                  "Co-selection: Leiden modularity resolution for splitting components of more "
                  "than 100 objects (high: among hundreds of thousands of chance pairs, "
                  "modularity at 1 merges small dense groups)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--max-account-objects", args->co_selection_params.max_account_objects,
                  "Co-selection: accounts acting on more objects are left out (bounds the "
                  "cost; counted)")
      ->check(CLI::Range(1u, 100000000u))
      ->capture_default_str();
  cmd->callback([args] { Run(*args); });
}

}  // namespace sakimori::cli
