// File: tests/e2e/e2e_seed.cc
// Test helper for the dashboard's end-to-end test: a small world with a planted operation,
// for the live analysis (`sakimori serve --analyze`) to find, and the store rows the test
// needs besides:
//
//   e2e_seed events OUT.jsonl TRUTH.json [SEED]
//       15 hours of canonical JSON Lines events in time order: 360 organic accounts, years
//       old, posting and engaging with each other's posts over the Japanese day (minutes to
//       hours apart), and a ring of 28 accounts made a few weeks before that reposts (and
//       about half of them like) each of 12 posts of one ordinary author within a minute, one post
//       every 45 minutes. TRUTH.json names the ring, the author, the posts and the window.
//       SEED (default 20260705, the test's world) varies the draws, to try other worlds.
//   e2e_seed large   DB N               campaign C-LARGE with N accounts in 6 groups,
//                                       3 edges per account, one piece of evidence per edge
//   e2e_seed users   DB PASSWORD        users admin, ana (analyst), vic (viewer) and
//                                       nato (partner), all with PASSWORD (Argon2id hashes,
//                                       libsodium's encoded form, as the server stores them)
//   e2e_seed lock    DB                 holds SQLite's write lock on DB (BEGIN IMMEDIATE):
//                                       prints "locked" once it holds it, releases it when
//                                       stdin closes. Readers go on (WAL); writers time out,
//                                       as in an outage of the store.
//
// Everything is a pure function of the arguments (a fixed-seed generator, no clock), so the
// test knows what the analysis may find. Exit code 0 on success, 1 with a message on error.
#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "common/strings.h"
#include "common/time.h"
#include "store/store.h"

namespace sakimori {
namespace {

// 2026-07-05T03:00:00Z: the time base of the large campaign and of the users.
constexpr TimeMs kPlantStart = 1783220400000;
// The world: 2026-07-04T21:00:00Z (06:00 JST) for 15 hours.
constexpr TimeMs kWorldStart = kPlantStart - 6 * 3600000;
constexpr TimeMs kWorldHours = 15;
constexpr TimeMs kMinuteMs = 60000;
constexpr int kOrganic = 360;
constexpr int kRing = 28;
constexpr int kTargets = 12;
constexpr char kAuthor[] = "critic_tanaka";
// The first target post 1 h into the world, then one every 45 min.
constexpr TimeMs kFirstTarget = kWorldStart + 60 * kMinuteMs;
constexpr TimeMs kTargetEvery = 45 * kMinuteMs;

// SplitMix64 (Steele, Lea and Flood 2014): the same numbers on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int64_t Below(int64_t n) { return static_cast<int64_t>(Next() % static_cast<uint64_t>(n)); }

 private:
  uint64_t s_;
};

std::string Numbered(const char* prefix, int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%03d", prefix, i + 1);
  return buf;
}
std::string OrganicAccount(int i) { return Numbered("citizen_", i); }
std::string RingAccount(int i) { return Numbered("op_", i); }
std::string TargetPost(int i) { return Numbered("t_", i); }

struct WorldEvent {
  TimeMs time;
  std::string line;  // JSON without the time
};

// A time of organic activity: uniform over the world's 15 hours (06:00-21:00 JST).
TimeMs OrganicTime(Rng& rng) {
  return kWorldStart + rng.Below(kWorldHours * 60) * kMinuteMs + rng.Below(60) * 1000;
}

std::string Profile(TimeMs created, int64_t followers, int64_t following, int64_t posts,
                    bool default_image, const std::string& handle, const std::string& name) {
  return StrCat(",\"profile\":{\"created_at\":\"", FormatIso8601(created), "\",\"followers\":",
                followers, ",\"following\":", following, ",\"posts\":", posts, ",\"likes\":",
                default_image ? 0 : posts * 3, ",\"listed\":", default_image ? 0 : followers / 40,
                ",\"default_profile\":", default_image ? "true" : "false",
                ",\"default_image\":", default_image ? "true" : "false", ",\"handle\":\"", handle,
                "\",\"name\":\"", name, "\",\"description\":\"",
                default_image ? "" : "news, local politics, cats and the weather", "\",\"lang\":\"ja\"}");
}

// A post's text: 6-13 words drawn from a small vocabulary, so that texts differ (no
// near-duplicate narratives among organic posts).
std::string Text(Rng& rng) {
  static constexpr const char* kWords[] = {
      "station", "rain", "train", "late", "lunch", "ramen", "school", "election", "budget",
      "city", "council", "bridge", "festival", "summer", "heat", "rice", "price", "tax", "vote",
      "candidate", "debate", "morning", "evening", "park", "river", "dog", "cat", "bus",
      "shop", "closed", "open", "new", "old", "road", "works", "noise", "library", "hospital",
      "nurse", "teacher", "farm", "harbour", "fish", "market", "cheap", "expensive", "queue",
      "ticket", "baseball", "score", "game", "win", "lose", "today", "tomorrow", "again"};
  constexpr int kN = sizeof kWords / sizeof kWords[0];
  std::string out;
  const int n = 6 + static_cast<int>(rng.Below(8));
  for (int i = 0; i < n; ++i) StrAppend(&out, i ? " " : "", kWords[rng.Below(kN)]);
  return out;
}

int WriteEvents(const char* out_path, const char* truth_path, uint64_t seed) {
  Rng rng(seed);
  std::vector<WorldEvent> events;
  static constexpr const char* kHandles[] = {"sakura", "kaze", "umi", "yama", "hoshi", "sora",
                                            "kawa", "mori", "tsuki", "hana", "yuki", "ame"};
  // Each account's profile rides on its first generated event.
  std::vector<bool> profiled(kOrganic + 1, false);  // the last one: the author
  auto organic_profile = [&](int i) -> std::string {
    if (profiled[i]) return "";
    profiled[i] = true;
    Rng prng(1000 + i);
    return Profile(kWorldStart - (700 + prng.Below(3000)) * kMsPerDay, 30 + prng.Below(3000),
                   40 + prng.Below(600), 200 + prng.Below(20000), false,
                   i == kOrganic ? "tanaka_critic" : StrCat(kHandles[i % 12], "_", kHandles[(i / 12) % 12]),
                   i == kOrganic ? "Tanaka" : StrCat("Citizen ", i + 1));
  };
  auto name_of = [&](int i) { return i == kOrganic ? std::string(kAuthor) : OrganicAccount(i); };
  // Organic posts and the engagement they draw from other organic accounts, minutes to hours
  // later; replies are a fifth of it.
  struct Post {
    std::string id;
    int author;
    TimeMs time;
  };
  std::vector<Post> posts;
  for (int i = 0; i < kOrganic; ++i) {
    const int n = 2 + static_cast<int>(rng.Below(4));
    for (int k = 0; k < n; ++k) posts.push_back({StrCat("o_", i + 1, "_", k + 1), i, OrganicTime(rng)});
  }
  for (int k = 0; k < kTargets; ++k) {
    posts.push_back({TargetPost(k), kOrganic, kFirstTarget + k * kTargetEvery});
  }
  std::sort(posts.begin(), posts.end(), [](const Post& x, const Post& y) { return x.time < y.time; });
  for (const Post& p : posts) {
    events.push_back({p.time, StrCat("\"platform\":\"x\",\"id\":\"", p.id, "\",\"kind\":\"post\",\"actor\":\"",
                                     name_of(p.author), "\",\"text\":\"", Text(rng),
                                     "\",\"lang\":\"ja\",\"client\":\"web\"",
                                     organic_profile(p.author))});
    const int engagements = static_cast<int>(rng.Below(9));
    for (int e = 0; e < engagements; ++e) {
      const int who = static_cast<int>(rng.Below(kOrganic));
      if (who == p.author) continue;
      const TimeMs t = p.time + (2 + rng.Below(240)) * kMinuteMs + rng.Below(60) * 1000;
      if (t >= kWorldStart + kWorldHours * 3600000) continue;
      const uint64_t r = rng.Below(10);
      const char* kind = r < 5 ? "like" : r < 8 ? "repost" : "reply";
      std::string line = StrCat("\"platform\":\"x\",\"id\":\"e_", events.size(), "\",\"kind\":\"", kind,
                                "\",\"actor\":\"", OrganicAccount(who), "\",\"target\":\"", p.id,
                                "\",\"target_author\":\"", name_of(p.author), "\",\"client\":\"",
                                who % 3 ? "android" : "iphone", "\"",
                                r >= 8 ? StrCat(",\"text\":\"", Text(rng), "\"") : std::string(),
                                organic_profile(who));
      events.push_back({t, std::move(line)});
    }
  }
  // The ring: every target post reposted by all members within a minute of each other, and
  // liked by about half of them (a different half each time) in the two minutes after.
  for (int k = 0; k < kTargets; ++k) {
    const TimeMs t0 = kFirstTarget + k * kTargetEvery + 20000 + rng.Below(40) * 1000;
    for (int m = 0; m < kRing; ++m) {
      std::string profile;
      if (k == 0) {
        profile = Profile(kWorldStart - (8 + 3 * m % 28) * kMsPerDay, rng.Below(15), 400 + rng.Below(500),
                          rng.Below(40), true, StrCat("user", 38104 + 7 * m), StrCat("op", m + 1));
      }
      events.push_back({t0 + rng.Below(60000),
                        StrCat("\"platform\":\"x\",\"id\":\"rp_", k + 1, "_", m + 1,
                               "\",\"kind\":\"repost\",\"actor\":\"", RingAccount(m), "\",\"target\":\"",
                               TargetPost(k), "\",\"target_author\":\"", kAuthor,
                               "\",\"client\":\"autoposter\"", profile)});
      if (rng.Below(2) == 0) {
        events.push_back({t0 + 60000 + rng.Below(60000),
                          StrCat("\"platform\":\"x\",\"id\":\"lk_", k + 1, "_", m + 1,
                                 "\",\"kind\":\"like\",\"actor\":\"", RingAccount(m), "\",\"target\":\"",
                                 TargetPost(k), "\",\"target_author\":\"", kAuthor,
                                 "\",\"client\":\"autoposter\"")});
      }
    }
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const WorldEvent& x, const WorldEvent& y) { return x.time < y.time; });
  std::ofstream out(out_path);
  for (const WorldEvent& e : events) {
    out << "{\"time\":\"" << FormatIso8601(e.time) << "\"," << e.line << "}\n";
  }
  std::ofstream truth(truth_path);
  truth << "{\"events\":" << events.size() << ",\"ring\":[";
  for (int m = 0; m < kRing; ++m) truth << (m ? "," : "") << "\"" << RingAccount(m) << "\"";
  truth << "],\"author\":\"" << kAuthor << "\",\"targets\":[";
  for (int k = 0; k < kTargets; ++k) truth << (k ? "," : "") << "\"" << TargetPost(k) << "\"";
  truth << "],\"organic\":" << kOrganic << ",\"organic_prefix\":\"citizen_\",\"start\":" << kWorldStart
        << ",\"end\":" << kWorldStart + kWorldHours * 3600000 << "}\n";
  return out.good() && truth.good() ? 0 : 1;
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

// Holds the write lock of the SQLite file `path` until stdin closes.
int HoldWriteLock(const char* path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK ||
      sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "e2e_seed: cannot lock %s: %s\n", path, sqlite3_errmsg(db));
    sqlite3_close(db);
    return 1;
  }
  std::printf("locked\n");
  std::fflush(stdout);
  while (std::getchar() != EOF) {
  }
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return 0;
}

int Run(int argc, char** argv) {
  if ((argc == 4 || argc == 5) && std::string(argv[1]) == "events") {
    return WriteEvents(argv[2], argv[3], argc == 5 ? std::stoull(argv[4]) : 20260705);
  }
  if (argc == 3 && std::string(argv[1]) == "lock") return HoldWriteLock(argv[2]);
  if (argc != 4) {
    std::fprintf(
        stderr,
        "usage: e2e_seed events OUT.jsonl TRUTH.json [SEED] | large DB N | users DB PASSWORD | "
        "lock DB\n");
    return 2;
  }
  auto store = Store::Open(argv[2], {.migrate = true});
  if (!store.ok()) {
    std::fprintf(stderr, "e2e_seed: %s\n", std::string(Message(store.status())).c_str());
    return 1;
  }
  std::string mode = argv[1];
  Status st = mode == "large" ? WriteLarge(**store, std::stoi(argv[3]))
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
