// File: detect/coord/coortweet_exact.cc
#include "detect/coord/coortweet_exact.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "common/output_file.h"
#include "common/strings.h"

namespace sakimori::coord {
namespace {

constexpr uint32_t kSyntheticContent = 0x80000000u;

uint32_t ContentOf(const Share& s) {
  return s.content == kNoContent ? (kSyntheticContent | s.seq) : s.content;
}

}  // namespace

std::string_view ContentName(const Dictionary& dict, uint32_t content) {
  if (content & kSyntheticContent) {
    thread_local std::string buf;
    buf = StrCat("#", content & ~kSyntheticContent);
    return buf;
  }
  return dict.posts.Name(content);
}

CoortweetResult DetectGroups(const ActionShares& as, const Dictionary& dict,
                             const CoortweetParams& params) {
  CoortweetResult result;
  const std::vector<Share>& shares = as.shares;
  // 1. Pre-filter by share count per account; rank accounts by first appearance (the row
  //    order CooRTweet's grouped pre-filter produces).
  uint32_t bound = 0;
  for (const Share& s : shares) bound = std::max(bound, s.account + 1);
  std::vector<int64_t> count(bound, 0);
  std::vector<uint32_t> rank(bound, UINT32_MAX);
  uint32_t next_rank = 0;
  for (const Share& s : shares) {
    ++count[s.account];
    if (rank[s.account] == UINT32_MAX) rank[s.account] = next_rank++;
  }
  std::vector<uint32_t> kept;  // indices into shares
  kept.reserve(shares.size());
  for (uint32_t i = 0; i < shares.size(); ++i) {
    if (count[shares[i].account] >= params.min_participation) kept.push_back(i);
  }
  {
    // Bucket by object, then order each object's shares by (time, account rank, input).
    const size_t num_objects = as.objects.size();
    std::vector<uint32_t> offset(num_objects + 1, 0);
    for (uint32_t i : kept) ++offset[shares[i].object + 1];
    for (size_t o = 0; o < num_objects; ++o) offset[o + 1] += offset[o];
    std::vector<uint32_t> bucketed(kept.size());
    for (uint32_t i : kept) bucketed[offset[shares[i].object]++] = i;
    kept.swap(bucketed);
    size_t b = 0;
    for (size_t o = 0; o < num_objects; ++o) {
      size_t e = offset[o];  // now the end of object o
      if (e - b > 1) {
        std::sort(kept.begin() + b, kept.begin() + e, [&](uint32_t x, uint32_t y) {
          const Share& sx = shares[x];
          const Share& sy = shares[y];
          if (sx.time != sy.time) return sx.time < sy.time;
          if (rank[sx.account] != rank[sy.account]) return rank[sx.account] < rank[sy.account];
          return sx.seq < sy.seq;
        });
      }
      b = e;
    }
  }

  // The content id equal to each object's key, for the object_id == content_id loop rule;
  // looked up only for objects that form pairs (most objects have a single share).
  constexpr uint32_t kNotLookedUp = kNoContent - 1;
  std::vector<uint32_t> object_as_content(as.objects.size(), kNotLookedUp);
  auto content_of_object = [&](ObjectId o) {
    uint32_t& c = object_as_content[o];
    if (c == kNotLookedUp) c = dict.posts.Find(as.objects.Name(o));
    return c;
  };

  // 2. Sliding window per object.
  const int64_t window_ms = std::llround(params.time_window_seconds * 1000.0);
  std::vector<CoPair> pairs;
  size_t begin = 0;
  while (begin < kept.size()) {
    ObjectId object = shares[kept[begin]].object;
    size_t end = begin;
    while (end < kept.size() && shares[kept[end]].object == object) ++end;
    size_t lo = begin;
    for (size_t j = begin + 1; j < end; ++j) {
      const Share& newer = shares[kept[j]];
      while (newer.time - shares[kept[lo]].time > window_ms) ++lo;
      size_t first = lo;
      if (params.max_partners > 0 && j - lo > params.max_partners) {
        first = j - params.max_partners;
        result.partners_dropped += first - lo;
      }
      for (size_t i = first; i < j; ++i) {
        const Share& older = shares[kept[i]];
        CoPair p{object,           ContentOf(older),
                 ContentOf(newer), static_cast<double>(newer.time - older.time) / 1000.0,
                 older.account,    newer.account};
        if (params.remove_loops) {
          uint32_t oc = content_of_object(object);
          if (p.account == p.account_y || p.content == p.content_y ||
              (oc != kNoContent && (p.content == oc || p.content_y == oc))) {
            continue;
          }
        }
        pairs.push_back(p);
      }
    }
    begin = end;
  }

  // 4. Post-filter. Per content id of a kept share (a dense array for post ids, another for
  //    the seq of shares without one): whether it is in a pair, and whether its account
  //    still takes part min_participation times through contents in pairs.
  if (params.min_participation >= 1 && !pairs.empty()) {
    enum : uint8_t { kOut = 0, kInPairs = 1, kKept = 2 };
    uint32_t post_bound = 0, seq_bound = 0;
    for (uint32_t i : kept) {
      const Share& s = shares[i];
      if (s.content == kNoContent) {
        seq_bound = std::max(seq_bound, s.seq + 1);
      } else {
        post_bound = std::max(post_bound, s.content + 1);
      }
    }
    std::vector<uint8_t> post_state(post_bound, kOut), seq_state(seq_bound, kOut);
    auto state = [&](uint32_t content) -> uint8_t& {
      return content & kSyntheticContent ? seq_state[content & ~kSyntheticContent]
                                         : post_state[content];
    };
    for (const CoPair& p : pairs) {
      state(p.content) = kInPairs;
      state(p.content_y) = kInPairs;
    }
    std::vector<int64_t> n(bound, 0);
    for (uint32_t i : kept) {
      if (state(ContentOf(shares[i])) != kOut) ++n[shares[i].account];
    }
    for (uint32_t i : kept) {
      const Share& s = shares[i];
      if (n[s.account] >= params.min_participation) {
        uint8_t& st = state(ContentOf(s));
        if (st != kOut) st = kKept;
      }
    }
    std::erase_if(pairs, [&](const CoPair& p) {
      return state(p.content) != kKept && state(p.content_y) != kKept;
    });
  }

  // Output order: by object key, content id, content_y id (bytes), input order on ties. The
  // first eight bytes of each key, read big-endian, order most pairs without looking at the
  // strings (the 32-character hex ids of CooRTweet's tables nearly always differ there).
  struct Keyed {
    uint64_t object, content, content_y;
    uint32_t index;
  };
  auto prefix = [](std::string_view s) {
    uint64_t v = 0;
    for (size_t i = 0; i < 8; ++i) {
      v = (v << 8) | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0u);
    }
    return v;
  };
  std::vector<Keyed> keyed(pairs.size());
  for (uint32_t i = 0; i < pairs.size(); ++i) {
    const CoPair& p = pairs[i];
    keyed[i] = {prefix(as.objects.Name(p.object)), prefix(ContentName(dict, p.content)),
                prefix(ContentName(dict, p.content_y)), i};
  }
  auto content_less = [&](uint32_t x, uint32_t y) {
    if (x == y) return false;
    bool sx = x & kSyntheticContent, sy = y & kSyntheticContent;
    if (!sx && !sy) return dict.posts.Name(x) < dict.posts.Name(y);
    std::string nx(ContentName(dict, x));
    return nx < ContentName(dict, y);
  };
  std::stable_sort(keyed.begin(), keyed.end(), [&](const Keyed& ka, const Keyed& kb) {
    const CoPair& a = pairs[ka.index];
    const CoPair& b = pairs[kb.index];
    if (a.object != b.object) {
      if (ka.object != kb.object) return ka.object < kb.object;
      return as.objects.Name(a.object) < as.objects.Name(b.object);
    }
    if (a.content != b.content) {
      if (ka.content != kb.content) return ka.content < kb.content;
      return content_less(a.content, b.content);
    }
    if (ka.content_y != kb.content_y) return ka.content_y < kb.content_y;
    return content_less(a.content_y, b.content_y);
  });
  result.pairs.reserve(pairs.size());
  for (const Keyed& k : keyed) result.pairs.push_back(pairs[k.index]);
  return result;
}

double QuantileType7(std::vector<double> x, double p) {
  if (x.empty()) return 0;
  std::sort(x.begin(), x.end());
  const size_t n = x.size();
  double index = 1.0 + static_cast<double>(n - 1) * p;  // 1-based, as in R
  double lo = std::floor(index);
  double hi = std::ceil(index);
  double qs = x[static_cast<size_t>(lo) - 1];
  double xhi = x[static_cast<size_t>(hi) - 1];
  if (index > lo && xhi != qs) {
    double h = index - lo;
    qs = (1 - h) * qs + h * xhi;
  }
  return qs;
}

CoNetwork GenerateCoordinatedNetwork(const std::vector<CoPair>& pairs, const Dictionary& dict,
                                     double edge_weight) {
  CoNetwork net;
  struct Acc {
    AccountId a, b;  // a <= b by name
    uint32_t weight = 0;
    long double sum_delta = 0;
  };
  std::vector<Acc> accs;
  absl::flat_hash_map<uint64_t, uint32_t> index;
  // (edge, content) and (edge, content_y) of every pair, for the distinct counts.
  std::vector<uint64_t> contents, contents_y;
  contents.reserve(pairs.size());
  contents_y.reserve(pairs.size());
  for (const CoPair& p : pairs) {
    AccountId a = p.account, b = p.account_y;
    if (dict.accounts.Name(b) < dict.accounts.Name(a)) std::swap(a, b);
    uint64_t key = (uint64_t{a} << 32) | b;
    auto [it, inserted] = index.emplace(key, static_cast<uint32_t>(accs.size()));
    if (inserted) {
      accs.emplace_back();
      accs.back().a = a;
      accs.back().b = b;
    }
    Acc& acc = accs[it->second];
    ++acc.weight;
    acc.sum_delta += p.time_delta;
    contents.push_back((uint64_t{it->second} << 32) | p.content);
    contents_y.push_back((uint64_t{it->second} << 32) | p.content_y);
  }
  // Vertices: the first column's distinct values in order, then the second column's new ones.
  absl::flat_hash_map<AccountId, uint32_t> vertex_index;
  for (const Acc& acc : accs) {
    if (vertex_index.emplace(acc.a, net.vertices.size()).second) net.vertices.push_back(acc.a);
  }
  for (const Acc& acc : accs) {
    if (vertex_index.emplace(acc.b, net.vertices.size()).second) net.vertices.push_back(acc.b);
  }
  // Per edge, the number of distinct contents among its (edge, content) keys.
  auto distinct = [n = accs.size()](std::vector<uint64_t>& keys) {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::vector<uint32_t> count(n, 0);
    for (uint64_t k : keys) ++count[k >> 32];
    return count;
  };
  const std::vector<uint32_t> n_content = distinct(contents);
  const std::vector<uint32_t> n_content_y = distinct(contents_y);
  std::vector<double> weights;
  weights.reserve(accs.size());
  for (uint32_t i = 0; i < accs.size(); ++i) {
    const Acc& acc = accs[i];
    CoEdge e;
    // igraph lists an undirected edge from its lower-numbered vertex.
    bool swap = vertex_index[acc.b] < vertex_index[acc.a];
    e.from = swap ? acc.b : acc.a;
    e.to = swap ? acc.a : acc.b;
    e.weight = acc.weight;
    e.avg_time_delta = static_cast<double>(acc.sum_delta / acc.weight);
    e.n_content_id = n_content[i];
    e.n_content_id_y = n_content_y[i];
    e.edge_symmetry_score = static_cast<double>(std::min(e.n_content_id, e.n_content_id_y)) /
                            static_cast<double>(std::max(e.n_content_id, e.n_content_id_y));
    e.weight_threshold = 0;
    weights.push_back(acc.weight);
    net.edges.push_back(e);
  }
  net.threshold = QuantileType7(weights, edge_weight);
  for (CoEdge& e : net.edges) e.weight_threshold = e.weight > net.threshold ? 1 : 0;
  return net;
}

std::string FormatR(double v) {
  std::string out;
  AppendR(&out, v);
  return out;
}

void AppendR(std::string* out, double v) {
  if (std::isnan(v)) {
    out->append("NA");
    return;
  }
  // std::to_chars in general format with a precision is specified as printf's %.15g, and is
  // several times faster than snprintf.
  char buf[40];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 15);
  if (ec != std::errc()) {
    const int n = std::snprintf(buf, sizeof buf, "%.15g", v);
    out->append(buf, static_cast<size_t>(n));
    return;
  }
  out->append(buf, end);
}

namespace {

// The three files' texts. Formatting all of pairs.csv (3,800 rows on the Russian table) and
// writing it costs about as much as the other two files together, so it gets its own thread.
std::string PairsCsv(const ActionShares& as, const Dictionary& dict,
                     const CoortweetResult& result) {
  std::string out = "object_id,content_id,content_id_y,time_delta,account_id,account_id_y\n";
  out.reserve(result.pairs.size() * 176);
  for (const CoPair& p : result.pairs) {
    out.append(as.objects.Name(p.object)).push_back(',');
    out.append(ContentName(dict, p.content)).push_back(',');
    out.append(ContentName(dict, p.content_y)).push_back(',');
    AppendR(&out, p.time_delta);
    out.push_back(',');
    out.append(dict.accounts.Name(p.account)).push_back(',');
    out.append(dict.accounts.Name(p.account_y)).push_back('\n');
  }
  return out;
}

std::string EdgesCsv(const Dictionary& dict, const CoNetwork& net) {
  std::string out =
      "from,to,weight,avg_time_delta,n_content_id,n_content_id_y,edge_symmetry_score,"
      "weight_threshold\n";
  out.reserve(net.edges.size() * 96);
  for (const CoEdge& e : net.edges) {
    out.append(dict.accounts.Name(e.from)).push_back(',');
    out.append(dict.accounts.Name(e.to)).push_back(',');
    AppendInt(&out, e.weight);
    out.push_back(',');
    AppendR(&out, e.avg_time_delta);
    out.push_back(',');
    AppendInt(&out, e.n_content_id);
    out.push_back(',');
    AppendInt(&out, e.n_content_id_y);
    out.push_back(',');
    AppendR(&out, e.edge_symmetry_score);
    out.push_back(',');
    AppendInt(&out, e.weight_threshold);
    out.push_back('\n');
  }
  return out;
}

std::string VerticesCsv(const Dictionary& dict, const CoNetwork& net) {
  std::string out = "name\n";
  out.reserve(net.vertices.size() * 34);
  for (AccountId v : net.vertices) out.append(dict.accounts.Name(v)).push_back('\n');
  return out;
}

}  // namespace

Status WriteCoortweetOutputs(const std::string& dir, const ActionShares& as, const Dictionary& dict,
                             const CoortweetResult& result, double edge_weight, CoNetwork* net) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::InternalError(StrCat("cannot create ", dir, ": ", ec.message()));
  Status pairs_status;
  std::thread pairs([&] {
    pairs_status = WriteFileInPlace(StrCat(dir, "/pairs.csv"), PairsCsv(as, dict, result));
  });
  *net = GenerateCoordinatedNetwork(result.pairs, dict, edge_weight);
  Status status = WriteFileInPlace(StrCat(dir, "/edges.csv"), EdgesCsv(dict, *net));
  if (status.ok()) status = WriteFileInPlace(StrCat(dir, "/vertices.csv"), VerticesCsv(dict, *net));
  pairs.join();
  RETURN_IF_ERROR(pairs_status);
  return status;
}

}  // namespace sakimori::coord
