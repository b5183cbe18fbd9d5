// File: cli/analysis_options.cc
#include "cli/analysis_options.h"

#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/strings.h"
#include "detect/account/account_scorer.h"
#include "detect/coord/action.h"
#include "store/store.h"

namespace sakimori::cli {
namespace {

// ACTIONS@SECONDS[:MIN_WEIGHT[:CROWD]] (--channel).
StatusOr<engine::CoordinationChannel> ParseChannel(const std::string& spec) {
  const size_t at = spec.rfind('@');
  if (at == std::string::npos) {
    return absl::InvalidArgumentError(
        StrCat("--channel ", spec, ": expected ACTIONS@SECONDS[:MIN_WEIGHT[:CROWD]]"));
  }
  engine::CoordinationChannel c;
  ASSIGN_OR_RETURN(c.actions, coord::ParseActionList(spec.substr(0, at)));
  const std::vector<std::string> parts = absl::StrSplit(spec.substr(at + 1), ':');
  if (parts.size() > 3) {
    return absl::InvalidArgumentError(
        StrCat("--channel ", spec, ": expected ACTIONS@SECONDS[:MIN_WEIGHT[:CROWD]]"));
  }
  if (!absl::SimpleAtod(parts[0], &c.window_seconds) || !std::isfinite(c.window_seconds) ||
      !(c.window_seconds > 0)) {
    return absl::InvalidArgumentError(StrCat("--channel ", spec, ": bad window in seconds"));
  }
  // A whole number in [lo, 1000000].
  auto number = [&](const std::string& text, uint32_t lo, const char* what,
                    uint32_t* out) -> Status {
    if (!absl::SimpleAtoi(text, out) || *out < lo || *out > 1000000) {
      return absl::InvalidArgumentError(StrCat("--channel ", spec, ": bad ", what));
    }
    return absl::OkStatus();
  };
  if (parts.size() > 1) RETURN_IF_ERROR(number(parts[1], 1, "minimum weight", &c.min_weight));
  if (parts.size() > 2) {
    RETURN_IF_ERROR(number(parts[2], 0, "crowd cap", &c.max_window_shares));
  }
  return c;
}

// The indicators imported into a store (`sakimori import stix`), with their source and TLP.
StatusOr<foreign::WatchList> WatchListFromStore(const std::string& url) {
  StoreOptions options;
  options.create_if_missing = false;
  ASSIGN_OR_RETURN(auto store, Store::Open(url, options));
  ASSIGN_OR_RETURN(const std::vector<IndicatorRecord> records, store->ListIndicators());
  std::vector<foreign::Indicator> indicators;
  for (const IndicatorRecord& r : records) {
    foreign::IndicatorType type;
    if (!foreign::ParseIndicatorType(IndicatorTypeName(r.type), &type)) {
      return absl::InternalError(StrCat("indicator type ", IndicatorTypeName(r.type)));
    }
    indicators.push_back(
        {type, r.value, StrCat(r.source, r.source.empty() ? "" : " ", "TLP:", TlpName(r.tlp))});
  }
  return foreign::WatchList::FromIndicators(std::move(indicators));
}

}  // namespace

StatusOr<std::unique_ptr<Analysis>> MakeAnalysis(const AnalysisArgs& args) {
  if (!(args.detect_every_hours > 0)) {
    return absl::InvalidArgumentError("--detect-every must be > 0");
  }
  if (!args.watchlist.empty() && !args.watchlist_db.empty()) {
    return absl::InvalidArgumentError("give --watchlist or --watchlist-db, not both");
  }
  auto a = std::make_unique<Analysis>();
  engine::EngineOptions& eo = a->options;
  if (!args.channels.empty()) {  // replace the default channels
    std::vector<engine::CoordinationChannel> channels;
    for (const std::string& spec : args.channels) {
      ASSIGN_OR_RETURN(engine::CoordinationChannel c, ParseChannel(spec));
      channels.push_back(std::move(c));
    }
    eo.coordination.channels = std::move(channels);
  }
  if (!args.watchlist.empty()) {
    ASSIGN_OR_RETURN(a->watchlist, foreign::WatchList::Load(args.watchlist));
    eo.watchlist = &a->watchlist;
  }
  if (!args.watchlist_db.empty()) {
    ASSIGN_OR_RETURN(a->watchlist, WatchListFromStore(args.watchlist_db));
    eo.watchlist = &a->watchlist;
  }
  if (!args.no_model) {
    ASSIGN_OR_RETURN(a->model, LoadAccountModelOrDefault(args.model));
    eo.account_model = &a->model;
  }
  eo.coordination.fdr = args.fdr;
  eo.coordination.single_idle_ms = static_cast<int64_t>(args.forget_single_hours * 3600 * 1000);
  eo.coordination.forget_min_expected = args.forget_min_expected;
  eo.detect_every_ms = static_cast<TimeMs>(args.detect_every_hours * 3600 * 1000);
  eo.campaigns.alert_score = args.alert_score;
  eo.campaigns.alert_confirm_ms = static_cast<TimeMs>(args.alert_confirm_hours * 3600 * 1000);
  eo.campaigns.min_members = args.min_members;
  eo.automated_score = static_cast<float>(args.automated_score);
  return a;
}

void AddAnalysisOptions(CLI::App* cmd, AnalysisArgs* args) {
  cmd->add_option("--model", args->model,
                  "Account model file (default: the shipped models/default-account-model.json)");
  cmd->add_flag("--no-model", args->no_model, "Score coordination only (no account model)");
  cmd->add_option("--watchlist", args->watchlist,
                  "Indicators to match (one per line: account_id|handle|domain|url, a tab or "
                  "comma, the value, optionally the source; see docs/foreign-signals.md)");
  cmd->add_option("--watchlist-db", args->watchlist_db,
                  "Use the indicators of this store as the watch list (e.g. partners' STIX "
                  "bundles brought in with `sakimori import stix`)");
  cmd->add_option("--channel", args->channels,
                  "Co-actions paired within a window, as ACTIONS@SECONDS[:MIN_WEIGHT[:CROWD]] "
                  "(repeatable; actions from repost,like,reply,quote,engage,url,domain,hashtag,"
                  "media,text; MIN_WEIGHT co-action bursts make an edge worth testing, default "
                  "2; a share arriving while CROWD shares of its object are in the window is "
                  "not paired, default 64, 0 = no cap). Default: "
                  "repost,like,text,url,hashtag@60:2:64 and engage,text,url@3600:3:32");
  cmd->add_option("--fdr", args->fdr, "Benjamini-Hochberg false discovery rate for edges")
      ->capture_default_str();
  cmd->add_option("--detect-every", args->detect_every_hours,
                  "Hours of event time between detection steps (alert time resolution; on "
                  "a live stream also the longest wait from a campaign crossing the alert "
                  "threshold to its alert: e.g. 0.001 for 3.6 s)")
      ->capture_default_str();
  cmd->add_option("--forget-single-hours", args->forget_single_hours,
                  "Forget a co-action edge seen in one burst only, between accounts busy "
                  "enough for it to be expected by chance (see --forget-min-expected), once "
                  "it has been idle for this many hours of event time (checked every quarter "
                  "of it). 0 = never: exact, but memory grows with the stream")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--forget-min-expected", args->forget_min_expected,
                  "Only edges whose expected co-actions under the popularity null (n_a n_b S) "
                  "are at least this are forgotten; a quiet pair's single co-action is kept "
                  "(0 = forget every idle single edge)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--alert-score", args->alert_score, "Campaign score that raises an alert")
      ->capture_default_str();
  cmd->add_option("--alert-confirm", args->alert_confirm_hours,
                  "Hours of event time from a campaign's first score at or above --alert-score "
                  "to its alert, raised at the first step after that at which the score is at "
                  "or above it again (a first high score that does not hold up raises nothing; "
                  "0 = alert at the first)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--min-members", args->min_members, "Smallest group that can be a campaign")
      ->capture_default_str();
  cmd->add_option("--automated-score", args->automated_score,
                  "Automation score at which an account counts as automated (amplification "
                  "groups, shares of automated members)")
      ->capture_default_str();
}

}  // namespace sakimori::cli
