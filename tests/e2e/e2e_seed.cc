// File: tests/e2e/e2e_seed.cc
// Test helper for the dashboard's end-to-end test. It writes, through the Store, what the
// detection engine would derive from a planted operation, and a large generated network:
//
//   e2e_seed events  OUT.jsonl          the planted operation as canonical JSON Lines events
//                                       (40 accounts reposting one ordinary post within
//                                       seconds, in two groups, plus the author's post)
//   e2e_seed planted DB RAISED_AT_MS    campaign C-PLANT (members, groups, edges with the
//                                       shared reposts as evidence, targets) and alert A-PLANT
//   e2e_seed large   DB N               campaign C-LARGE with N accounts in 6 groups,
//                                       3 edges per account, one piece of evidence per edge
//   e2e_seed users   DB PASSWORD        users admin, ana (analyst), vic (viewer) and
//                                       nato (partner), all with PASSWORD (Argon2id hashes,
//                                       libsodium's encoded form, as the server stores them)
//
// Everything is a pure function of the arguments (no clock, no randomness), so the test
// knows the expected node and edge counts. Exit code 0 on success, 1 with a message on error.
#include <cstdio>
#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <sodium.h>

#include "common/strings.h"
#include "common/time.h"
#include "store/store.h"

namespace sakimori {
namespace {

// 2026-07-05T03:00:00Z: the first repost of the planted operation.
constexpr TimeMs kPlantStart = 1783220400000;
constexpr int kPlantAccounts = 40;
constexpr char kTargetPost[] = "p_target_1";
constexpr char kHashtag[] = "vote2026";

std::string PlantAccount(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "op_%03d", i + 1);
  return buf;
}
// Account i reposts 7 s after account i-1; the two halves are the two groups.
TimeMs PlantTime(int i) { return kPlantStart + static_cast<TimeMs>(i) * 7000; }
std::string PlantGroup(int i) { return i < kPlantAccounts / 2 ? "G-PLANT-1" : "G-PLANT-2"; }

// Daily activity in UTC hours, concentrated at 03:00-06:00 UTC (the planted operation's hours).
std::string ActivityJson(int seed) {
  std::string out = "{\"tz_offset_hours\":0,\"hours\":[";
  for (int d = 0; d < 7; ++d) {
    out += d ? ",[" : "[";
    for (int h = 0; h < 24; ++h) {
      int c = (h >= 3 && h <= 6) ? 8 + (seed + d + h) % 5 : (seed + d * h) % 2;
      out += StrCat(h ? "," : "", c);
    }
    out += "]";
  }
  return out + "]}";
}

std::string FeaturesJson(double score, int i) {
  return StrCat("[{\"name\":\"interval_entropy\",\"value\":0.21,\"contribution\":", 0.8 * score - 0.1,
                "},{\"name\":\"repost_ratio\",\"value\":0.97,\"contribution\":", 0.35 + 0.01 * (i % 5),
                "},{\"name\":\"account_age_days\",\"value\":", 12 + i % 40,
                ",\"contribution\":0.18},{\"name\":\"followers_ratio\",\"value\":0.02,\"contribution\":0.09}"
                ",{\"name\":\"profile_description\",\"value\":1,\"contribution\":-0.12}]");
}

int WriteEvents(const char* path) {
  std::ofstream out(path);
  out << "{\"platform\":\"x\",\"id\":\"" << kTargetPost << "\",\"kind\":\"post\",\"time\":\""
      << FormatIso8601(kPlantStart - 3600000) << "\",\"actor\":\"citizen_author\",\"text\":\"an "
      << "ordinary opinion\",\"hashtags\":[\"" << kHashtag << "\"]}\n";
  for (int i = 0; i < kPlantAccounts; ++i) {
    out << "{\"platform\":\"x\",\"id\":\"rp_" << i + 1 << "\",\"kind\":\"repost\",\"time\":\""
        << FormatIso8601(PlantTime(i)) << "\",\"actor\":\"" << PlantAccount(i)
        << "\",\"target\":\"" << kTargetPost << "\",\"target_author\":\"citizen_author\","
        << "\"client\":\"autoposter\",\"profile\":{\"created_at\":\""
        << FormatIso8601(kPlantStart - (10 + i) * kMsPerDay) << "\",\"followers\":" << 3 + i
        << ",\"following\":900}}\n";
  }
  return out.good() ? 0 : 1;
}

Status WritePlanted(Store& store, TimeMs raised_at) {
  std::vector<AccountRecord> accounts;
  for (int i = 0; i < kPlantAccounts; ++i) {
    double score = i % 4 == 3 ? 0.35 : 0.72 + 0.005 * i;
    accounts.push_back({.id = PlantAccount(i), .platform = "x", .handle = StrCat("op", i + 1),
                        .automation_score = score, .top_features_json = FeaturesJson(score, i),
                        .signals_json = StrCat("{\"groups\":[\"", PlantGroup(i),
                                               "\"],\"created_at\":", kPlantStart - (10 + i) * kMsPerDay,
                                               ",\"daily_activity\":", ActivityJson(i), "}"),
                        .flagged = score >= 0.5, .updated_at = raised_at});
  }
  std::vector<EdgeRecord> edges;
  std::vector<EvidenceRecord> evidence;
  const int half = kPlantAccounts / 2;
  for (int g = 0; g < 2; ++g) {
    for (int k = 0; k < half; ++k) {
      for (int step : {1, 3}) {
        int i = g * half + k, j = g * half + (k + step) % half;
        int lo = std::min(i, j), hi = std::max(i, j);
        edges.push_back({.a = PlantAccount(lo), .b = PlantAccount(hi), .weight = 4.0 - step * 0.5,
                         .weights_json = "{\"repost\":2.0,\"hashtag\":1.0}", .p_value = 1e-4,
                         .a_leads = 2, .b_leads = 1});
        evidence.push_back({.a = PlantAccount(lo), .b = PlantAccount(hi), .action = "repost",
                            .object = kTargetPost, .time_a = PlantTime(lo), .time_b = PlantTime(hi),
                            .content_a = StrCat("rp_", lo + 1), .content_b = StrCat("rp_", hi + 1)});
        evidence.push_back({.a = PlantAccount(lo), .b = PlantAccount(hi), .action = "hashtag",
                            .object = StrCat("#", kHashtag), .time_a = PlantTime(lo) + 60000,
                            .time_b = PlantTime(hi) + 60000});
      }
    }
  }
  std::vector<GroupRecord> groups;
  for (int g = 0; g < 2; ++g) {
    GroupRecord rec{.id = PlantGroup(g * half), .score = 0.9 - 0.1 * g};
    for (int k = 0; k < half; ++k) rec.members.push_back(PlantAccount(g * half + k));
    groups.push_back(rec);
  }
  std::vector<ItemRecord> items = {
      {.kind = "post", .id = kTargetPost, .score = 0.93, .ranking_json = "{\"reposts\":40,\"expected\":3}", .flagged = true},
      {.kind = "hashtag", .id = kHashtag, .score = 0.71, .ranking_json = "{\"uses\":40}", .flagged = true}};
  CampaignRecord campaign{
      .id = "C-PLANT", .score = 0.91, .start = PlantTime(0), .end = PlantTime(kPlantAccounts - 1) + 60000,
      .reach = 48200, .utc_offset_hours = 3.0, .techniques = {"T0049.003", "T0049.002"},
      .summary_en = "40 accounts in two coordinated groups reposted one ordinary post within 5 minutes "
                    "and flooded #vote2026; most show automation.",
      .summary_ja = "2つの協調グループに属する40アカウントが、1件の一般投稿を5分以内にリポストし、"
                    "#vote2026 を大量投稿しました。多くに自動化の兆候があります。",
      .signals_json = "{\"utc_offset\":{\"confidence\":0.62,\"hours\":3},\"shared_client\":{\"confidence\":0.8,\"client\":\"autoposter\"},\"new_accounts\":0.75}"};
  for (const auto& a : accounts) campaign.members.push_back(a.id);
  campaign.items = {{"post", kTargetPost}, {"hashtag", kHashtag}};
  AlertRecord alert{.id = "A-PLANT", .campaign_id = "C-PLANT", .raised_at = raised_at,
                    .severity = Severity::kHigh, .state = AlertState::kOpen, .updated_at = raised_at};
  return store.InTransaction([&]() -> Status {
    RETURN_IF_ERROR(store.PutAccounts(accounts));
    RETURN_IF_ERROR(store.PutEdges(edges));
    RETURN_IF_ERROR(store.AddEvidence(evidence));
    RETURN_IF_ERROR(store.PutGroups(groups));
    RETURN_IF_ERROR(store.PutItems(items));
    RETURN_IF_ERROR(store.PutCampaigns({&campaign, 1}));
    return store.PutAlerts({&alert, 1});
  });
}

Status WriteLarge(Store& store, int n) {
  constexpr int kGroups = 6;
  auto id = [](int i) { return StrCat("bulk_", i); };
  auto group_of = [n](int i) { return i * kGroups / n; };
  std::vector<AccountRecord> accounts;
  CampaignRecord campaign{.id = "C-LARGE", .score = 0.77, .start = kPlantStart - 2 * kMsPerDay,
                          .end = kPlantStart - kMsPerDay, .reach = 910000, .techniques = {"T0049.003", "T0119"},
                          .summary_en = StrCat(n, " accounts in ", kGroups, " groups (generated network)."),
                          .summary_ja = StrCat(kGroups, "グループの", n, "アカウント（生成ネットワーク）。")};
  for (int i = 0; i < n; ++i) {
    accounts.push_back({.id = id(i), .platform = "x", .handle = StrCat("b", i),
                        .automation_score = (i % 10) / 10.0,
                        .signals_json = StrCat("{\"groups\":[\"G-L", group_of(i), "\"]}"),
                        .updated_at = campaign.end});
    campaign.members.push_back(id(i));
  }
  std::vector<EdgeRecord> edges;
  std::vector<EvidenceRecord> evidence;
  for (int i = 0; i < n; ++i) {
    int g = group_of(i), first = (g * n + kGroups - 1) / kGroups, last = ((g + 1) * n + kGroups - 1) / kGroups;
    int size = last - first;
    for (int step : {1, 2, 5}) {
      int j = first + (i - first + step) % size;
      if (j == i) continue;
      std::string a = id(i), b = id(j);
      if (b < a) std::swap(a, b);
      TimeMs t = campaign.start + static_cast<TimeMs>(i) * 9000;
      edges.push_back({.a = a, .b = b, .weight = 1.0 + step, .a_leads = 1});
      evidence.push_back({.a = a, .b = b, .action = "like", .object = StrCat("lp_", i % 50),
                          .time_a = t, .time_b = t + 4000 * step});
    }
  }
  campaign.items = {{"post", "lp_0"}};
  std::vector<ItemRecord> items = {{.kind = "post", .id = "lp_0", .score = 0.6}};
  AlertRecord alert{.id = "A-LARGE", .campaign_id = "C-LARGE", .raised_at = campaign.end,
                    .severity = Severity::kMedium, .updated_at = campaign.end};
  return store.InTransaction([&]() -> Status {
    RETURN_IF_ERROR(store.PutAccounts(accounts));
    RETURN_IF_ERROR(store.PutEdges(edges));
    RETURN_IF_ERROR(store.AddEvidence(evidence));
    RETURN_IF_ERROR(store.PutItems(items));
    RETURN_IF_ERROR(store.PutCampaigns({&campaign, 1}));
    return store.PutAlerts({&alert, 1});
  });
}

Status WriteUsers(Store& store, const std::string& password) {
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to initialise");
  const std::pair<const char*, Role> users[] = {
      {"admin", Role::kAdmin}, {"ana", Role::kAnalyst}, {"vic", Role::kViewer}, {"nato", Role::kPartner}};
  for (const auto& [name, role] : users) {
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
      return absl::ResourceExhaustedError("not enough memory to hash a password");
    }
    RETURN_IF_ERROR(store.PutUser({.name = name, .role = role, .password_hash = hash, .created_at = kPlantStart}));
  }
  return absl::OkStatus();
}

int Run(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "events") return WriteEvents(argv[2]);
  if (argc != 4) {
    std::fprintf(stderr, "usage: e2e_seed events OUT | planted DB RAISED_AT_MS | large DB N | users DB PASSWORD\n");
    return 2;
  }
  auto store = Store::Open(argv[2], {.migrate = true});
  if (!store.ok()) {
    std::fprintf(stderr, "e2e_seed: %s\n", std::string(Message(store.status())).c_str());
    return 1;
  }
  std::string mode = argv[1];
  Status st = mode == "planted" ? WritePlanted(**store, std::stoll(argv[3]))
              : mode == "large" ? WriteLarge(**store, std::stoi(argv[3]))
              : mode == "users" ? WriteUsers(**store, argv[3])
                                : absl::InvalidArgumentError(StrCat("unknown mode ", mode));
  if (!st.ok()) {
    std::fprintf(stderr, "e2e_seed: %s\n", std::string(Message(st)).c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace sakimori

int main(int argc, char** argv) { return sakimori::Run(argc, argv); }
