// File: detect/coord/coord_output.cc
#include "detect/coord/coord_output.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/output_file.h"
#include "common/strings.h"
#include "common/time.h"
#include "detect/coord/coortweet_exact.h"

namespace sakimori::coord {
namespace {

// Appends a field, quoted when it holds a comma, quote or line break (URLs, texts).
void AppendCsv(std::string* out, std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) {
    out->append(s);
    return;
  }
  out->push_back('"');
  for (char c : s) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendComma(std::string* out) { out->push_back(','); }

struct GroupAcc {
  uint32_t size = 0;
  uint32_t edges = 0;
  uint32_t actions_mask = 0;
  absl::flat_hash_set<uint64_t> objects;  // (action << 32 | object)
  uint64_t co_shares = 0;
  double delay_sum_ms = 0;
  TimeMs first = kNoTime, last = kNoTime;
};

// What the files share: each account's group, its degree (all edges, significant ones) and
// the per-group accumulators that evidence.csv completes.
struct Tables {
  absl::flat_hash_map<AccountId, uint32_t> group_of;
  absl::flat_hash_map<AccountId, std::pair<uint32_t, uint32_t>> degree;
  std::vector<GroupAcc> gacc;
};

std::string EdgesCsv(const ShareSet& shares, const CoordDetector& detector,
                     const CoordOutputOptions& options) {
  const Interner& names = shares.dict().accounts;
  const size_t num_actions = shares.num_actions();
  std::string out = "from,to,weight";
  if (num_actions > 1) {
    for (size_t i = 0; i < num_actions; ++i) {
      StrAppend(&out, ",weight_", ActionName(shares.action(i).action));
    }
  }
  out +=
      ",from_first,to_first,simultaneous,mean_delay_s,expected,p_value,log10_p,q_value,"
      "significant\n";
  out.reserve(detector.edges().size() * 128);
  for (const CoordEdge& e : detector.edges()) {
    if (options.significant_edges_only && !e.significant) continue;
    AppendCsv(&out, names.Name(e.a));
    AppendComma(&out);
    AppendCsv(&out, names.Name(e.b));
    AppendComma(&out);
    AppendInt(&out, e.weight);
    if (num_actions > 1) {
      for (size_t i = 0; i < num_actions; ++i) {
        AppendComma(&out);
        AppendInt(&out, detector.ByAction(e, i));
      }
    }
    AppendComma(&out);
    AppendInt(&out, e.a_first);
    AppendComma(&out);
    AppendInt(&out, e.b_first);
    AppendComma(&out);
    AppendInt(&out, e.weight - e.a_first - e.b_first);
    for (double v : {e.mean_delay_s, e.expected, std::exp(e.ln_p), e.ln_p / std::log(10.0),
                     std::exp(e.ln_q)}) {
      AppendComma(&out);
      AppendR(&out, v);
    }
    out += e.significant ? ",1\n" : ",0\n";
  }
  return out;
}

// vertices.csv: every account with an edge, by name.
std::string VerticesCsv(const ShareSet& shares, const CoordDetector& detector, const Tables& t) {
  const Interner& names = shares.dict().accounts;
  std::vector<AccountId> vs;
  vs.reserve(t.degree.size());
  for (const auto& [v, d] : t.degree) vs.push_back(v);
  std::sort(vs.begin(), vs.end(),
            [&](AccountId x, AccountId y) { return names.Name(x) < names.Name(y); });
  std::string out = "account,shares,edges,significant_edges,group\n";
  out.reserve(vs.size() * 40);
  for (AccountId v : vs) {
    uint64_t n = 0;
    for (const ActionEdges& ae : detector.per_action()) {
      if (v < ae.popularity.account_shares.size()) n += ae.popularity.account_shares[v];
    }
    const auto& d = t.degree.at(v);
    AppendCsv(&out, names.Name(v));
    AppendComma(&out);
    AppendInt(&out, n);
    AppendComma(&out);
    AppendInt(&out, d.first);
    AppendComma(&out);
    AppendInt(&out, d.second);
    AppendComma(&out);
    auto g = t.group_of.find(v);
    if (g != t.group_of.end()) AppendInt(&out, g->second);
    out.push_back('\n');
  }
  return out;
}

std::string GroupsCsv(const ShareSet& shares, const GroupAssignment& groups) {
  const Interner& names = shares.dict().accounts;
  std::string out = "account,group\n";
  out.reserve(groups.members.size() * 24);
  for (const auto& [account, g] : groups.members) {
    AppendCsv(&out, names.Name(account));
    AppendComma(&out);
    AppendInt(&out, g);
    out.push_back('\n');
  }
  return out;
}

// evidence.csv, completing the per-group objects, times and delays in t->gacc from the same
// pass.
std::string EvidenceCsv(const ShareSet& shares, const CoordDetector& detector,
                        const CoordOutputOptions& options, Tables* t) {
  const Dictionary& dict = shares.dict();
  const Interner& names = dict.accounts;
  absl::flat_hash_set<uint64_t> wanted;
  for (const CoordEdge& e : detector.edges()) {
    if (e.significant || options.evidence_all_edges) wanted.insert(PairKey(e.a, e.b));
  }
  std::string out = "account,account_y,action,object,time,time_y,content,content_y,delay_s,group\n";
  for (size_t i = 0; i < shares.num_actions(); ++i) {
    const ActionShares& as = shares.action(i);
    const std::string_view action = ActionName(as.action);
    const ActionEdges& ae = detector.per_action()[i];
    ForEachFirstCoShare(
        ae.sorted, detector.ParamsFor(i), [&](const Share& older, const Share& newer) {
          if (!wanted.contains(PairKey(older.account, newer.account))) return;
          uint32_t group = UINT32_MAX;
          auto ga = t->group_of.find(older.account), gb = t->group_of.find(newer.account);
          if (ga != t->group_of.end() && gb != t->group_of.end() && ga->second == gb->second) {
            group = ga->second;
            GroupAcc& g = t->gacc[group];
            g.actions_mask |= 1u << static_cast<int>(as.action);
            g.objects.insert((uint64_t{static_cast<uint32_t>(i)} << 32) | older.object);
            ++g.co_shares;
            g.delay_sum_ms += static_cast<double>(newer.time - older.time);
            if (g.first == kNoTime || older.time < g.first) g.first = older.time;
            if (g.last == kNoTime || newer.time > g.last) g.last = newer.time;
          }
          AppendCsv(&out, names.Name(older.account));
          AppendComma(&out);
          AppendCsv(&out, names.Name(newer.account));
          AppendComma(&out);
          out.append(action);
          AppendComma(&out);
          AppendCsv(&out, as.objects.Name(older.object));
          AppendComma(&out);
          out += FormatIso8601(older.time);
          AppendComma(&out);
          out += FormatIso8601(newer.time);
          AppendComma(&out);
          if (older.content != kNoContent) AppendCsv(&out, dict.posts.Name(older.content));
          AppendComma(&out);
          if (newer.content != kNoContent) AppendCsv(&out, dict.posts.Name(newer.content));
          AppendComma(&out);
          AppendR(&out, static_cast<double>(newer.time - older.time) / 1000.0);
          AppendComma(&out);
          if (group != UINT32_MAX) AppendInt(&out, group);
          out.push_back('\n');
        });
  }
  return out;
}

std::string GroupStatsCsv(const Tables& t) {
  std::string out =
      "group,size,edges,density,actions,objects,co_shares,mean_delay_s,first_time,"
      "last_time\n";
  for (uint32_t g = 0; g < t.gacc.size(); ++g) {
    const GroupAcc& a = t.gacc[g];
    double pairs = static_cast<double>(a.size) * (a.size - 1) / 2;
    std::string actions;
    for (int k = 0; k < kNumActions; ++k) {
      if (a.actions_mask & (1u << k)) {
        if (!actions.empty()) actions += ';';
        actions += ActionName(static_cast<Action>(k));
      }
    }
    StrAppend(&out, g, ",", a.size, ",", a.edges, ",", FormatR(pairs > 0 ? a.edges / pairs : 0),
              ",", actions, ",", a.objects.size(), ",", a.co_shares, ",",
              FormatR(a.co_shares ? a.delay_sum_ms / a.co_shares / 1000.0 : 0), ",",
              a.first == kNoTime ? std::string() : FormatIso8601(a.first), ",",
              a.last == kNoTime ? std::string() : FormatIso8601(a.last), "\n");
  }
  return out;
}

}  // namespace

std::vector<WeightedEdge> SignificantEdges(const CoordDetector& detector) {
  std::vector<WeightedEdge> out;
  for (const CoordEdge& e : detector.edges()) {
    if (e.significant) out.push_back({e.a, e.b, static_cast<double>(e.weight)});
  }
  return out;
}

Status WriteCoordOutputs(const std::string& dir, const ShareSet& shares,
                         const CoordDetector& detector, const GroupAssignment& groups,
                         const CoordOutputOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::InternalError(StrCat("cannot create ", dir, ": ", ec.message()));

  Tables t;
  for (const auto& [account, g] : groups.members) t.group_of[account] = g;
  t.gacc.resize(groups.num_groups);
  for (const auto& [account, g] : groups.members) ++t.gacc[g].size;
  for (const CoordEdge& e : detector.edges()) {
    for (AccountId v : {e.a, e.b}) {
      auto& d = t.degree[v];
      ++d.first;
      d.second += e.significant;
    }
    if (e.significant) {
      auto ga = t.group_of.find(e.a), gb = t.group_of.find(e.b);
      if (ga != t.group_of.end() && gb != t.group_of.end() && ga->second == gb->second) {
        ++t.gacc[ga->second].edges;
      }
    }
  }

  // edges.csv, vertices.csv and groups.csv only read what is built above: they are formatted
  // and written on a second thread while evidence.csv (the largest file: 5,600 rows on the
  // German URL shares) and group_stats.csv, which needs evidence's pass, are on this one.
  // Each file is written whole, in place (common/output_file.h).
  Status side_status;
  std::thread side([&] {
    side_status = WriteFileInPlace(StrCat(dir, "/edges.csv"), EdgesCsv(shares, detector, options));
    if (side_status.ok()) {
      side_status =
          WriteFileInPlace(StrCat(dir, "/vertices.csv"), VerticesCsv(shares, detector, t));
    }
    if (side_status.ok()) {
      side_status = WriteFileInPlace(StrCat(dir, "/groups.csv"), GroupsCsv(shares, groups));
    }
  });
  Status status =
      WriteFileInPlace(StrCat(dir, "/evidence.csv"), EvidenceCsv(shares, detector, options, &t));
  side.join();  // t.gacc's edge counts were final before the thread started
  RETURN_IF_ERROR(side_status);
  RETURN_IF_ERROR(status);
  return WriteFileInPlace(StrCat(dir, "/group_stats.csv"), GroupStatsCsv(t));
}

Status WriteCoSelectionOutputs(const std::string& dir, const ActionShares& shares,
                               const Dictionary& dict, const CoSelectionResult& result) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::InternalError(StrCat("cannot create ", dir, ": ", ec.message()));
  const double ln10 = std::log(10.0);
  std::string pairs = "object_a,object_b,shared,expected,log10_p\n";
  for (const CoSelectedPair& p : result.pairs) {
    AppendCsv(&pairs, shares.objects.Name(p.a));
    AppendComma(&pairs);
    AppendCsv(&pairs, shares.objects.Name(p.b));
    AppendComma(&pairs);
    AppendInt(&pairs, p.shared);
    for (double v : {p.expected, p.ln_p / ln10}) {
      AppendComma(&pairs);
      AppendR(&pairs, v);
    }
    pairs.push_back('\n');
  }
  std::string objects = "group,object,author\n", members =
      "group,account,objects,authors,expected,log10_p\n";
  std::string groups = "group,objects,authors,members,engagements,member_share\n";
  for (size_t g = 0; g < result.groups.size(); ++g) {
    const std::string id = StrCat("g", g + 1);
    const CoSelectionGroup& group = result.groups[g];
    StrAppend(&groups, id, ",", group.objects.size(), ",", group.authors, ",",
              group.members.size(), ",", group.engagements, ",");
    AppendR(&groups, group.member_share);
    groups.push_back('\n');
    for (ObjectId o : result.groups[g].objects) {
      StrAppend(&objects, id, ",");
      AppendCsv(&objects, shares.objects.Name(o));
      AppendComma(&objects);
      const AccountId author =
          o < shares.object_author.size() ? shares.object_author[o] : kNoAccount;
      if (author != kNoAccount) AppendCsv(&objects, dict.accounts.Name(author));
      objects.push_back('\n');
    }
    for (const CoSelectionMember& m : result.groups[g].members) {
      StrAppend(&members, id, ",");
      AppendCsv(&members, dict.accounts.Name(m.account));
      AppendComma(&members);
      AppendInt(&members, m.hits);
      AppendComma(&members);
      AppendInt(&members, m.authors);
      for (double v : {m.expected, m.ln_p / ln10}) {
        AppendComma(&members);
        AppendR(&members, v);
      }
      members.push_back('\n');
    }
  }
  RETURN_IF_ERROR(WriteFileInPlace(StrCat(dir, "/co_selection_pairs.csv"), pairs));
  RETURN_IF_ERROR(WriteFileInPlace(StrCat(dir, "/co_selection_groups.csv"), groups));
  RETURN_IF_ERROR(WriteFileInPlace(StrCat(dir, "/co_selection_objects.csv"), objects));
  return WriteFileInPlace(StrCat(dir, "/co_selection_members.csv"), members);
}

}  // namespace sakimori::coord
