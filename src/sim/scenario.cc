// File: sim/scenario.cc
#include "sim/scenario.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "common/strings.h"
#include "sim/builtin_scenarios.h"

namespace sakimori::sim {
namespace {

// Reads typed keys from one TOML table and reports wrong types and unknown keys.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string path) : table_(table), path_(std::move(path)) {}

  void Int(std::string_view key, int64_t* out) {
    const toml::node* n = Use(key);
    if (n == nullptr) return;
    if (auto v = n->value<int64_t>(); v && n->is_integer()) {
      *out = *v;
    } else {
      Error(key, "an integer");
    }
  }
  void Int(std::string_view key, int* out) {
    int64_t v = *out;
    Int(key, &v);
    *out = static_cast<int>(v);
  }
  void Double(std::string_view key, double* out) {
    const toml::node* n = Use(key);
    if (n == nullptr) return;
    if (auto v = n->value<double>(); v && (n->is_floating_point() || n->is_integer())) {
      *out = *v;
    } else {
      Error(key, "a number");
    }
  }
  void OptDouble(std::string_view key, std::optional<double>* out) {
    if (table_.get(key) == nullptr) return;
    double v = 0;
    Double(key, &v);
    *out = v;
  }
  void String(std::string_view key, std::string* out) {
    const toml::node* n = Use(key);
    if (n == nullptr) return;
    if (auto v = n->value<std::string>(); v && n->is_string()) {
      *out = *v;
    } else {
      Error(key, "a string");
    }
  }
  void Strings(std::string_view key, std::vector<std::string>* out) {
    const toml::node* n = Use(key);
    if (n == nullptr) return;
    const toml::array* a = n->as_array();
    if (a == nullptr) return Error(key, "an array of strings");
    out->clear();
    for (const toml::node& item : *a) {
      auto s = item.value<std::string>();
      if (!s || !item.is_string()) return Error(key, "an array of strings");
      out->push_back(*s);
    }
  }
  void Time(std::string_view key, TimeMs* out) {
    const toml::node* n = Use(key);
    if (n == nullptr) return;
    if (auto s = n->value<std::string>(); s && n->is_string()) {
      if (!ParseTimestamp(*s, out)) Error(key, "an ISO 8601 time");
      return;
    }
    if (const auto* dt = n->as_date_time()) {
      const toml::date_time& v = dt->get();
      TimeMs t = DaysFromCivil(v.date.year, v.date.month, v.date.day) * kMsPerDay +
                 v.time.hour * kMsPerHour + v.time.minute * kMsPerMinute +
                 v.time.second * kMsPerSecond + v.time.nanosecond / 1000000;
      if (v.offset) t -= static_cast<TimeMs>(v.offset->minutes) * kMsPerMinute;
      *out = t;
      return;
    }
    Error(key, "a time");
  }
  const toml::table* Table(std::string_view key) {
    const toml::node* n = Use(key);
    if (n == nullptr) return nullptr;
    if (!n->is_table()) Error(key, "a table");
    return n->as_table();
  }
  const toml::array* Array(std::string_view key) {
    const toml::node* n = Use(key);
    if (n == nullptr) return nullptr;
    if (!n->is_array()) Error(key, "an array of tables");
    return n->as_array();
  }

  // An error for the first wrong or unknown key, else OK.
  Status Finish() {
    if (!error_.empty()) return absl::InvalidArgumentError(error_);
    for (const auto& [k, v] : table_) {
      if (!used_.count(std::string(k.str()))) {
        return absl::InvalidArgumentError(StrCat("unknown key '", Path(k.str()), "'"));
      }
    }
    return absl::OkStatus();
  }

 private:
  const toml::node* Use(std::string_view key) {
    used_.insert(std::string(key));
    return table_.get(key);
  }
  std::string Path(std::string_view key) const {
    return path_.empty() ? std::string(key) : StrCat(path_, ".", key);
  }
  void Error(std::string_view key, std::string_view what) {
    if (error_.empty()) error_ = StrCat("'", Path(key), "' must be ", what);
  }

  const toml::table& table_;
  std::string path_;
  std::set<std::string> used_;
  std::string error_;
};

Status ReadOrganic(const toml::table& t, OrganicConfig* o) {
  TableReader r(t, "organic");
  r.Int("accounts", &o->accounts);
  r.Double("activity_median", &o->activity_median);
  r.Double("activity_sigma", &o->activity_sigma);
  r.Double("post_share", &o->post_share);
  r.Double("follows_mean", &o->follows_mean);
  r.Int("communities", &o->communities);
  r.Double("in_community", &o->in_community);
  r.Double("fitness_alpha", &o->fitness_alpha);
  r.Double("english_share", &o->english_share);
  r.Double("churn", &o->churn);
  r.Double("follows_per_day", &o->follows_per_day);
  r.Double("deletes_share", &o->deletes_share);
  r.Double("reply_share", &o->reply_share);
  r.Double("quote_share", &o->quote_share);
  r.Double("repost_share", &o->repost_share);
  r.Double("branching", &o->branching);
  r.Double("delay_scale_s", &o->delay_scale_s);
  r.Double("delay_alpha", &o->delay_alpha);
  RETURN_IF_ERROR(r.Finish());
  if (o->accounts < 100) return absl::InvalidArgumentError("organic.accounts must be >= 100");
  if (o->communities < 4) return absl::InvalidArgumentError("organic.communities must be >= 4");
  if (o->post_share <= 0 || o->post_share > 1) {
    return absl::InvalidArgumentError("organic.post_share must be in (0, 1]");
  }
  if (o->branching < 0 || o->branching >= 0.95) {
    return absl::InvalidArgumentError("organic.branching must be in [0, 0.95)");
  }
  if (o->reply_share + o->quote_share + o->repost_share > 1 || o->reply_share < 0 ||
      o->quote_share < 0 || o->repost_share < 0) {
    return absl::InvalidArgumentError(
        "organic.reply_share + quote_share + repost_share must be within [0, 1]");
  }
  if (o->activity_median <= 0 || o->activity_sigma < 0 || o->follows_mean < 1 ||
      o->fitness_alpha <= 1 || o->delay_scale_s <= 0 || o->delay_alpha <= 0) {
    return absl::InvalidArgumentError("organic: a rate, mean or shape is out of range");
  }
  return absl::OkStatus();
}

Status ReadNegatives(const toml::table& t, HardNegativeConfig* h) {
  TableReader r(t, "hard_negatives");
  r.Int("news_shocks", &h->news_shocks);
  r.Int("shock_participants", &h->shock_participants);
  r.Int("viral_posts", &h->viral_posts);
  r.Int("viral_engagements", &h->viral_engagements);
  r.Int("fan_communities", &h->fan_communities);
  r.Int("fans", &h->fans);
  r.Int("idols", &h->idols);
  r.Double("idol_posts_per_day", &h->idol_posts_per_day);
  r.Int("activist_campaigns", &h->activist_campaigns);
  r.Int("activists", &h->activists);
  r.Double("activist_posts", &h->activist_posts);
  r.Double("campaign_hours", &h->campaign_hours);
  r.Int("weather_bots", &h->weather_bots);
  r.Int("quake_bots", &h->quake_bots);
  r.Int("news_accounts", &h->news_accounts);
  RETURN_IF_ERROR(r.Finish());
  if (h->news_shocks < 0 || h->shock_participants < 0 || h->viral_posts < 0 ||
      h->viral_engagements < 0 || h->fan_communities < 0 || h->fans < 0 || h->idols < 1 ||
      h->idol_posts_per_day < 0 || h->activist_campaigns < 0 || h->activists < 0 ||
      h->activist_posts < 0 || h->campaign_hours <= 0 || h->weather_bots < 0 ||
      h->quake_bots < 0 || h->news_accounts < 0) {
    return absl::InvalidArgumentError("hard_negatives: a count is negative or out of range");
  }
  return absl::OkStatus();
}

Status ReadOperation(const toml::table& t, size_t index, OperationConfig* op) {
  TableReader r(t, StrCat("operations[", index, "]"));
  op->id = StrCat("op", index + 1);
  r.String("id", &op->id);
  r.String("name", &op->name);
  r.Strings("tactics", &op->tactics);
  r.Strings("techniques", &op->techniques);
  r.String("sophistication", &op->sophistication);
  r.Int("members", &op->members);
  r.Int("min_members", &op->min_members);
  r.Double("start_day", &op->start_day);
  r.Double("duration_days", &op->duration_days);
  r.Int("targets", &op->targets);
  r.Int("authors", &op->authors);
  r.Double("participation", &op->participation);
  r.Double("delay_median_s", &op->delay_median_s);
  r.Double("delay_sigma", &op->delay_sigma);
  r.Double("posts_per_day", &op->posts_per_day);
  r.Double("filler_per_day", &op->filler_per_day);
  r.OptDouble("utc_offset_hours", &op->utc_offset_hours);
  r.String("hashtag", &op->hashtag);
  r.String("url", &op->url);
  RETURN_IF_ERROR(r.Finish());
  std::string where = StrCat("operation ", op->id);
  if (op->tactics.empty()) return absl::InvalidArgumentError(StrCat(where, ": no tactics"));
  for (const std::string& tactic : op->tactics) {
    const auto& known = KnownTactics();
    if (std::find(known.begin(), known.end(), tactic) == known.end()) {
      return absl::InvalidArgumentError(StrCat(where, ": unknown tactic '", tactic, "'"));
    }
  }
  if (op->sophistication != "naive" && op->sophistication != "moderate" &&
      op->sophistication != "sophisticated") {
    return absl::InvalidArgumentError(
        StrCat(where, ": sophistication must be naive, moderate or sophisticated"));
  }
  if (op->members < 1 || op->min_members < 1 || op->duration_days <= 0 ||
      op->start_day < 0 || op->targets < 1 || op->authors < 1 || op->participation <= 0 ||
      op->participation > 1 || op->delay_median_s <= 0 || op->delay_sigma < 0 ||
      op->posts_per_day < 0 || op->filler_per_day < 0) {
    return absl::InvalidArgumentError(StrCat(where, ": a count or duration is out of range"));
  }
  if (op->utc_offset_hours && (*op->utc_offset_hours < -12 || *op->utc_offset_hours > 14)) {
    return absl::InvalidArgumentError(StrCat(where, ": utc_offset_hours out of range"));
  }
  if (op->name.empty()) op->name = StrCat(StrJoin(op->tactics, " + "), " operation");
  if (op->techniques.empty()) {
    for (const std::string& tactic : op->tactics) {
      for (std::string& id : TechniquesForTactic(tactic)) {
        if (std::find(op->techniques.begin(), op->techniques.end(), id) ==
            op->techniques.end()) {
          op->techniques.push_back(std::move(id));
        }
      }
    }
  }
  return absl::OkStatus();
}

StatusOr<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot read ", path.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

const std::vector<std::string_view>& KnownTactics() {
  static const std::vector<std::string_view> kTactics = {
      "like_farm", "repost_ring",  "copy_paste", "hashtag_flood",    "sleeper_activation",
      "bulk_created", "cyborg",   "evasive_bot", "foreign_timezone", "cross_posting"};
  return kTactics;
}

std::vector<std::string> TechniquesForTactic(std::string_view tactic) {
  // DISARM Red Framework v1.6 (data/standards/disarm): names checked in techniques.csv.
  if (tactic == "like_farm" || tactic == "repost_ring" || tactic == "evasive_bot") {
    return {"T0049.003"};  // Bots Amplify via Automated Forwarding and Reposting
  }
  if (tactic == "copy_paste") return {"T0084.001"};           // Use Copypasta
  if (tactic == "hashtag_flood") return {"T0049.002"};        // Flood Existing Hashtag
  if (tactic == "sleeper_activation") return {"T0049.005"};   // Conduct Swarming
  if (tactic == "bulk_created") return {"T0146.001"};         // Free Account Asset
  if (tactic == "cyborg") return {"T0049.001"};               // Trolls Amplify and Manipulate
  if (tactic == "cross_posting") return {"T0119"};            // Cross-Posting
  return {};  // foreign_timezone is a trait of the operators, not a technique
}

StatusOr<Scenario> ParseScenario(std::string_view text, std::string_view origin) {
  toml::table root;
  try {
    root = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    return absl::InvalidArgumentError(StrCat(origin, ":", src.begin.line, ":",
                                             src.begin.column, ": ", e.description()));
  }
  Scenario s;
  TableReader r(root, "");
  r.String("name", &s.name);
  r.String("description", &s.description);
  bool has_start = root.get("start") != nullptr;
  r.Time("start", &s.start);
  r.Double("days", &s.days);
  r.Double("utc_offset_hours", &s.utc_offset_hours);
  r.String("platform", &s.platform);
  const toml::table* organic = r.Table("organic");
  const toml::table* negatives = r.Table("hard_negatives");
  const toml::array* ops = r.Array("operations");
  Status st = r.Finish();
  auto fail = [&](const Status& status) {
    return absl::InvalidArgumentError(StrCat(origin, ": ", Message(status)));
  };
  if (!st.ok()) return fail(st);
  if (!has_start) return fail(absl::InvalidArgumentError("missing key 'start'"));
  if (s.days <= 0 || s.days > 366) {
    return fail(absl::InvalidArgumentError("'days' must be in (0, 366]"));
  }
  if (organic != nullptr) {
    if (Status e = ReadOrganic(*organic, &s.organic); !e.ok()) return fail(e);
  }
  if (negatives != nullptr) {
    if (Status e = ReadNegatives(*negatives, &s.negatives); !e.ok()) return fail(e);
  }
  if (ops != nullptr) {
    for (size_t i = 0; i < ops->size(); ++i) {
      const toml::table* t = (*ops)[i].as_table();
      if (t == nullptr) return fail(absl::InvalidArgumentError("'operations' must be tables"));
      OperationConfig op;
      if (Status e = ReadOperation(*t, i, &op); !e.ok()) return fail(e);
      s.operations.push_back(std::move(op));
    }
  }
  std::set<std::string> ids;
  for (const OperationConfig& op : s.operations) {
    if (!ids.insert(op.id).second) {
      return fail(absl::InvalidArgumentError(StrCat("duplicate operation id '", op.id, "'")));
    }
  }
  if (s.name.empty()) s.name = std::string(origin);
  return s;
}

StatusOr<Scenario> FindScenario(const std::string& name_or_path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(name_or_path, ec)) {
    ASSIGN_OR_RETURN(std::string text, ReadFile(name_or_path));
    std::string stem = fs::path(name_or_path).stem().string();
    return ParseScenario(text, stem);
  }
  std::vector<fs::path> candidates = {fs::path("scenarios") / (name_or_path + ".toml")};
#ifdef SAKIMORI_SCENARIO_DIR
  candidates.push_back(fs::path(SAKIMORI_SCENARIO_DIR) / (name_or_path + ".toml"));
#endif
  for (const fs::path& p : candidates) {
    if (fs::is_regular_file(p, ec)) {
      ASSIGN_OR_RETURN(std::string text, ReadFile(p));
      return ParseScenario(text, name_or_path);
    }
  }
  for (const BuiltinScenario& b : BuiltinScenarios()) {
    if (b.name == name_or_path) return ParseScenario(b.toml, b.name);
  }
  std::vector<std::string> searched;
  for (const fs::path& p : candidates) searched.push_back(p.string());
  return absl::NotFoundError(StrCat("scenario '", name_or_path, "' not found (looked for ",
                                    StrJoin(searched, ", "), " and the built-in scenarios: ",
                                    StrJoin(BuiltinScenarioNames(), ", "), ")"));
}

std::vector<std::string> BuiltinScenarioNames() {
  std::vector<std::string> names;
  for (const BuiltinScenario& b : BuiltinScenarios()) names.emplace_back(b.name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace sakimori::sim
