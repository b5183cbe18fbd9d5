// File: detect/coord/coord_output.cc
#include "detect/coord/coord_output.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/strings.h"
#include "common/time.h"
#include "detect/coord/coortweet_exact.h"

namespace sakimori::coord {
namespace {

struct FileCloser {
  void operator()(FILE* f) const {
    if (f) std::fclose(f);
  }
};
using File = std::unique_ptr<FILE, FileCloser>;

StatusOr<File> Open(const std::string& dir, const char* name) {
  std::string path = StrCat(dir, "/", name);
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return absl::InternalError(StrCat("cannot write ", path));
  return File(f);
}

Status Close(File f, const char* name) {
  FILE* raw = f.release();
  if (std::ferror(raw) || std::fclose(raw) != 0) {
    return absl::InternalError(StrCat("write error on ", name));
  }
  return absl::OkStatus();
}

void Put(FILE* f, const std::string& s) { std::fwrite(s.data(), 1, s.size(), f); }

std::string Num(double v) { return FormatR(v); }

// Field quoting for keys that may contain commas or quotes (URLs, texts).
std::string Csv(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

struct GroupAcc {
  uint32_t size = 0;
  uint32_t edges = 0;
  uint32_t actions_mask = 0;
  absl::flat_hash_set<uint64_t> objects;  // (action << 32 | object)
  uint64_t co_shares = 0;
  double delay_sum_ms = 0;
  TimeMs first = kNoTime, last = kNoTime;
};

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
  const Dictionary& dict = shares.dict();
  const Interner& names = dict.accounts;
  const size_t num_actions = shares.num_actions();
  std::string line;

  // edges.csv
  {
    ASSIGN_OR_RETURN(File f, Open(dir, "edges.csv"));
    line = "from,to,weight";
    if (num_actions > 1) {
      for (size_t i = 0; i < num_actions; ++i) {
        StrAppend(&line, ",weight_", ActionName(shares.action(i).action));
      }
    }
    line +=
        ",from_first,to_first,simultaneous,mean_delay_s,expected,p_value,log10_p,q_value,"
        "significant\n";
    Put(f.get(), line);
    for (const CoordEdge& e : detector.edges()) {
      if (options.significant_edges_only && !e.significant) continue;
      line.clear();
      StrAppend(&line, Csv(names.Name(e.a)), ",", Csv(names.Name(e.b)), ",", e.weight);
      if (num_actions > 1) {
        for (size_t i = 0; i < num_actions; ++i) StrAppend(&line, ",", detector.ByAction(e, i));
      }
      StrAppend(&line, ",", e.a_first, ",", e.b_first, ",", e.weight - e.a_first - e.b_first, ",",
                Num(e.mean_delay_s), ",", Num(e.expected), ",", Num(std::exp(e.ln_p)), ",",
                Num(e.ln_p / std::log(10.0)), ",", Num(std::exp(e.ln_q)), ",",
                e.significant ? 1 : 0, "\n");
      Put(f.get(), line);
    }
    RETURN_IF_ERROR(Close(std::move(f), "edges.csv"));
  }

  // Group lookup.
  absl::flat_hash_map<AccountId, uint32_t> group_of;
  for (const auto& [account, g] : groups.members) group_of[account] = g;
  std::vector<GroupAcc> gacc(groups.num_groups);
  for (const auto& [account, g] : groups.members) ++gacc[g].size;

  // vertices.csv: every account with an edge.
  {
    absl::flat_hash_map<AccountId, std::pair<uint32_t, uint32_t>> degree;  // all, significant
    for (const CoordEdge& e : detector.edges()) {
      for (AccountId v : {e.a, e.b}) {
        auto& d = degree[v];
        ++d.first;
        d.second += e.significant;
      }
      if (e.significant) {
        auto ga = group_of.find(e.a), gb = group_of.find(e.b);
        if (ga != group_of.end() && gb != group_of.end() && ga->second == gb->second) {
          ++gacc[ga->second].edges;
        }
      }
    }
    std::vector<AccountId> vs;
    vs.reserve(degree.size());
    for (const auto& [v, d] : degree) vs.push_back(v);
    std::sort(vs.begin(), vs.end(),
              [&](AccountId x, AccountId y) { return names.Name(x) < names.Name(y); });
    ASSIGN_OR_RETURN(File f, Open(dir, "vertices.csv"));
    Put(f.get(), "account,shares,edges,significant_edges,group\n");
    for (AccountId v : vs) {
      uint64_t n = 0;
      for (const ActionEdges& ae : detector.per_action()) {
        if (v < ae.popularity.account_shares.size()) n += ae.popularity.account_shares[v];
      }
      line.clear();
      const auto& d = degree[v];
      StrAppend(&line, Csv(names.Name(v)), ",", n, ",", d.first, ",", d.second, ",");
      auto g = group_of.find(v);
      if (g != group_of.end()) StrAppend(&line, g->second);
      line += '\n';
      Put(f.get(), line);
    }
    RETURN_IF_ERROR(Close(std::move(f), "vertices.csv"));
  }

  // groups.csv
  {
    ASSIGN_OR_RETURN(File f, Open(dir, "groups.csv"));
    Put(f.get(), "account,group\n");
    for (const auto& [account, g] : groups.members) {
      line.clear();
      StrAppend(&line, Csv(names.Name(account)), ",", g, "\n");
      Put(f.get(), line);
    }
    RETURN_IF_ERROR(Close(std::move(f), "groups.csv"));
  }

  // evidence.csv, and the per-group objects, times and delays from the same pass.
  {
    absl::flat_hash_set<uint64_t> wanted;
    for (const CoordEdge& e : detector.edges()) {
      if (e.significant || options.evidence_all_edges) wanted.insert(PairKey(e.a, e.b));
    }
    ASSIGN_OR_RETURN(File f, Open(dir, "evidence.csv"));
    Put(f.get(), "account,account_y,action,object,time,time_y,content,content_y,delay_s,group\n");
    for (size_t i = 0; i < num_actions; ++i) {
      const ActionShares& as = shares.action(i);
      const std::string_view action = ActionName(as.action);
      const ActionEdges& ae = detector.per_action()[i];
      ForEachFirstCoShare(
          ae.sorted, detector.ParamsFor(i), [&](const Share& older, const Share& newer) {
            if (!wanted.contains(PairKey(older.account, newer.account))) return;
            uint32_t group = UINT32_MAX;
            auto ga = group_of.find(older.account), gb = group_of.find(newer.account);
            if (ga != group_of.end() && gb != group_of.end() && ga->second == gb->second) {
              group = ga->second;
              GroupAcc& g = gacc[group];
              g.actions_mask |= 1u << static_cast<int>(as.action);
              g.objects.insert((uint64_t{static_cast<uint32_t>(i)} << 32) | older.object);
              ++g.co_shares;
              g.delay_sum_ms += static_cast<double>(newer.time - older.time);
              if (g.first == kNoTime || older.time < g.first) g.first = older.time;
              if (g.last == kNoTime || newer.time > g.last) g.last = newer.time;
            }
            line.clear();
            StrAppend(&line, Csv(names.Name(older.account)), ",", Csv(names.Name(newer.account)),
                      ",", action, ",", Csv(as.objects.Name(older.object)), ",",
                      FormatIso8601(older.time), ",", FormatIso8601(newer.time), ",");
            if (older.content != kNoContent) line += Csv(dict.posts.Name(older.content));
            line += ',';
            if (newer.content != kNoContent) line += Csv(dict.posts.Name(newer.content));
            StrAppend(&line, ",", Num(static_cast<double>(newer.time - older.time) / 1000.0), ",");
            if (group != UINT32_MAX) StrAppend(&line, group);
            line += '\n';
            Put(f.get(), line);
          });
    }
    RETURN_IF_ERROR(Close(std::move(f), "evidence.csv"));
  }

  // group_stats.csv
  {
    ASSIGN_OR_RETURN(File f, Open(dir, "group_stats.csv"));
    Put(f.get(),
        "group,size,edges,density,actions,objects,co_shares,mean_delay_s,first_time,"
        "last_time\n");
    for (uint32_t g = 0; g < gacc.size(); ++g) {
      const GroupAcc& a = gacc[g];
      double pairs = static_cast<double>(a.size) * (a.size - 1) / 2;
      std::string actions;
      for (int k = 0; k < kNumActions; ++k) {
        if (a.actions_mask & (1u << k)) {
          if (!actions.empty()) actions += ';';
          actions += ActionName(static_cast<Action>(k));
        }
      }
      line.clear();
      StrAppend(&line, g, ",", a.size, ",", a.edges, ",", Num(pairs > 0 ? a.edges / pairs : 0), ",",
                actions, ",", a.objects.size(), ",", a.co_shares, ",",
                Num(a.co_shares ? a.delay_sum_ms / a.co_shares / 1000.0 : 0), ",",
                a.first == kNoTime ? std::string() : FormatIso8601(a.first), ",",
                a.last == kNoTime ? std::string() : FormatIso8601(a.last), "\n");
      Put(f.get(), line);
    }
    RETURN_IF_ERROR(Close(std::move(f), "group_stats.csv"));
  }
  return absl::OkStatus();
}

}  // namespace sakimori::coord
