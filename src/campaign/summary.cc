// File: campaign/summary.cc
// The summaries are assembled sentence by sentence from the evidence; each signal has one
// English and one Japanese phrase, and the same presence rule in the texts and in the JSON.
#include "campaign/summary.h"

#include <algorithm>
#include <cmath>

#include "campaign/format.h"
#include "campaign/techniques.h"
#include "common/json_writer.h"
#include "common/strings.h"

namespace sakimori::campaign {
namespace {

constexpr double kJstOffsetHours = 9;
constexpr size_t kTopItems = 3;

bool HasCoordination(const CampaignEvidence& e) {
  return std::any_of(e.actions.begin(), e.actions.end(),
                     [](const auto& a) { return a.bursts > 0 || a.edges > 0; });
}

bool ForeignOffset(const CampaignEvidence& e) {
  return e.utc_offset_hours && std::abs(*e.utc_offset_hours - e.home_utc_offset_hours) >= 0.5;
}

bool HashtagCoordinated(const CampaignEvidence& e) {
  for (const auto& a : e.actions) {
    if (a.name == "hashtag" && (a.bursts > 0 || a.edges > 0)) return true;
  }
  return false;
}

// Item counts per kind in order of first appearance.
std::vector<std::pair<std::string, uint64_t>> KindCounts(const CampaignEvidence& e) {
  std::vector<std::pair<std::string, uint64_t>> out;
  for (const auto& item : e.items) {
    auto it =
        std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == item.kind; });
    if (it == out.end()) {
      out.emplace_back(item.kind, 1);
    } else {
      ++it->second;
    }
  }
  return out;
}

std::string KindEn(std::string_view kind, uint64_t n) {
  const bool one = n == 1;
  if (kind == "post") return one ? "post" : "posts";
  if (kind == "url") return one ? "URL" : "URLs";
  if (kind == "hashtag") return one ? "hashtag" : "hashtags";
  if (kind == "narrative") return one ? "narrative" : "narratives";
  if (kind == "domain") return one ? "domain" : "domains";
  if (kind == "media") return one ? "media item" : "media items";
  return one ? StrCat(kind, " item") : StrCat(kind, " items");
}

std::string KindJa(std::string_view kind) {
  if (kind == "post") return "投稿";
  if (kind == "url") return "URL";
  if (kind == "hashtag") return "ハッシュタグ";
  if (kind == "narrative") return "ナラティブ";
  if (kind == "domain") return "ドメイン";
  if (kind == "media") return "メディア";
  return std::string(kind);
}

std::string SeverityJa(std::string_view s) {
  if (s == "low") return "低";
  if (s == "medium") return "中";
  if (s == "high") return "高";
  if (s == "critical") return "重大";
  return std::string(s);
}

std::vector<std::string> TopIds(const CampaignEvidence& e) {
  std::vector<std::string> ids;
  for (size_t i = 0; i < e.items.size() && i < kTopItems; ++i) ids.push_back(e.items[i].id);
  return ids;
}

bool HasTimes(const CampaignEvidence& e) { return e.start != kNoTime && e.end != kNoTime; }

// One signal's phrases, confidence and presence, shared by the texts and the JSON.
struct SignalPhrase {
  std::string name;
  std::string en, ja;
};

std::vector<SignalPhrase> Phrases(const CampaignEvidence& e) {
  std::vector<SignalPhrase> out;
  if (e.share_automated > 0 || e.mean_automation > 0) {
    out.push_back({"automation",
                   StrCat(FormatPercent(e.share_automated),
                          " of members look automated (mean automation score ",
                          FormatFixed(e.mean_automation, 2), ")"),
                   StrCat("メンバーの", FormatPercent(e.share_automated),
                          "に自動化の特徴（平均スコア", FormatFixed(e.mean_automation, 2), "）")});
  }
  if (e.utc_offset_hours) {
    const std::string off = FormatUtcOffset(*e.utc_offset_hours);
    const std::string conf = FormatFixed(e.utc_offset_confidence, 2);
    SignalPhrase p{ForeignOffset(e) ? "foreign_timezone" : "timezone",
                   StrCat("activity fits ", off, " (confidence ", conf, ")"),
                   StrCat("活動時間帯は", off, "に適合（信頼度", conf, "）")};
    if (ForeignOffset(e)) {
      const std::string home = FormatUtcOffset(e.home_utc_offset_hours);
      StrAppend(&p.en, ", not the monitored country's ", home);
      StrAppend(&p.ja, "、対象国の", home, "とは異なる");
    }
    if (!e.rhythm_template.empty()) {
      StrAppend(&p.en, ", ", e.rhythm_template, " rhythm");
      StrAppend(&p.ja, "、リズム型「", e.rhythm_template, "」");
    }
    if (e.no_nightly_rest) {
      StrAppend(&p.en, ", no nightly rest");
      StrAppend(&p.ja, "、夜間の休止なし");
    }
    out.push_back(std::move(p));
  } else if (e.no_nightly_rest) {
    out.push_back({"no_nightly_rest", "no nightly rest", "夜間の休止なし"});
  }
  if (e.creation_wave_share > 0 && e.creation_wave_confidence > 0) {
    SignalPhrase p{
        "creation_wave",
        StrCat(FormatPercent(e.creation_wave_share), " of members were created in one wave"),
        StrCat("メンバーの", FormatPercent(e.creation_wave_share), "が一斉に作成")};
    std::string conf = FormatFixed(e.creation_wave_confidence, 2);
    if (e.creation_wave_start != kNoTime && e.creation_wave_end != kNoTime) {
      const std::string a = FormatMinute(e.creation_wave_start),
                        b = FormatMinute(e.creation_wave_end);
      StrAppend(&p.en, " (", a, " to ", b, " UTC, confidence ", conf, ")");
      StrAppend(&p.ja, "（", a, "〜", b, " UTC、信頼度", conf, "）");
    } else {
      StrAppend(&p.en, " (confidence ", conf, ")");
      StrAppend(&p.ja, "（信頼度", conf, "）");
    }
    out.push_back(std::move(p));
  }
  if (e.new_account_share > 0) {
    out.push_back(
        {"new_accounts",
         StrCat(FormatPercent(e.new_account_share),
                " of members were created less than 30 days before the start"),
         StrCat("メンバーの", FormatPercent(e.new_account_share), "が開始前30日未満に作成")});
  }
  if (e.sleeper_share > 0) {
    out.push_back(
        {"sleepers",
         StrCat(FormatPercent(e.sleeper_share), " of members had been idle for 30 days or more"),
         StrCat("メンバーの", FormatPercent(e.sleeper_share), "が30日以上の休眠後に活動")});
  }
  if (e.near_duplicate_posts > 0) {
    SignalPhrase p{"near_duplicates",
                   StrCat(FormatCount(e.near_duplicate_posts), " near-duplicate posts"),
                   StrCat("類似投稿", FormatCount(e.near_duplicate_posts), "件")};
    if (e.narratives > 0) {
      StrAppend(&p.en, " in ", FormatCount(e.narratives),
                e.narratives == 1 ? " narrative" : " narratives");
      StrAppend(&p.ja, "（ナラティブ", FormatCount(e.narratives), "件）");
    }
    out.push_back(std::move(p));
  }
  if (e.hashtag_posts > 0 && HashtagCoordinated(e)) {
    out.push_back(
        {"hashtag_flood", StrCat(FormatCount(e.hashtag_posts), " posts with the campaign hashtag"),
         StrCat("キャンペーンのハッシュタグ付き投稿", FormatCount(e.hashtag_posts), "件")});
  }
  if (e.script_anomaly_share > 0) {
    const std::string conf = FormatFixed(e.script_anomaly_confidence, 2);
    out.push_back(
        {"script_anomaly",
         StrCat("script anomalies in the texts of ", FormatPercent(e.script_anomaly_share),
                " of members (confidence ", conf, ")"),
         StrCat("メンバーの", FormatPercent(e.script_anomaly_share), "の文面に文字種の異常（信頼度",
                conf, "）")});
  }
  if (!e.domains.empty()) {
    const auto& d = e.domains.front();
    out.push_back({"domains",
                   StrCat("link domain ", d.domain, " shared ", FormatFixed(d.lift, 1),
                          " times more than by other accounts"),
                   StrCat("リンク先ドメイン", d.domain, "の共有が他のアカウントの",
                          FormatFixed(d.lift, 1), "倍")});
  }
  if (!e.watchlist_hits.empty()) {
    const std::string list = StrJoin(e.watchlist_hits, ", ");
    const uint64_t n = e.watchlist_hits.size();
    out.push_back({"watchlist",
                   StrCat(FormatCount(n), n == 1 ? " watch-list match (" : " watch-list matches (",
                          list, ")"),
                   StrCat("ウォッチリスト一致", FormatCount(n), "件（", list, "）")});
  }
  return out;
}

std::string CoordinationEn(const CampaignEvidence& e) {
  std::vector<std::string> parts;
  for (const auto& a : e.actions) {
    if (a.bursts > 0) {
      parts.push_back(StrCat(FormatCount(a.bursts), " ", ActionLabelEn(a.name),
                             a.bursts == 1 ? " burst" : " bursts"));
    } else if (a.edges > 0) {
      parts.push_back(StrCat(FormatCount(a.edges), " significant ", ActionLabelEn(a.name),
                             a.edges == 1 ? " link" : " links"));
    }
  }
  return JoinEnglish(parts);
}

std::string CoordinationJa(const CampaignEvidence& e) {
  std::vector<std::string> parts;
  for (const auto& a : e.actions) {
    if (a.bursts > 0) {
      parts.push_back(StrCat(ActionLabelJa(a.name), "のバースト", FormatCount(a.bursts), "件"));
    } else if (a.edges > 0) {
      parts.push_back(
          StrCat(ActionLabelJa(a.name), "の有意な結びつき", FormatCount(a.edges), "件"));
    }
  }
  return StrJoin(parts, "、");
}

// The members' own activity: "1,200 reposts, 900 likes and 12 posts".
std::vector<std::pair<uint64_t, std::pair<const char*, const char*>>> Activity(
    const CampaignEvidence& e) {
  return {{e.reposts, {"repost", "リポスト"}},
          {e.likes, {"like", "いいね"}},
          {e.quotes, {"quote", "引用"}},
          {e.replies, {"reply", "リプライ"}},
          {e.posts, {"post", "投稿"}}};
}

std::string ActivityEn(const CampaignEvidence& e) {
  std::vector<std::string> parts;
  for (const auto& [n, names] : Activity(e)) {
    if (n == 0) continue;
    std::string word = names.first;
    if (n != 1) word = word == "reply" ? "replies" : word + "s";
    parts.push_back(StrCat(FormatCount(n), " ", word));
  }
  return JoinEnglish(parts);
}

std::string ActivityJa(const CampaignEvidence& e) {
  std::vector<std::string> parts;
  for (const auto& [n, names] : Activity(e)) {
    if (n > 0) parts.push_back(StrCat(names.second, FormatCount(n), "件"));
  }
  return StrJoin(parts, "、");
}

}  // namespace

std::string SummaryEn(const CampaignEvidence& e) {
  std::vector<std::string> sentences;

  // Who, when, how.
  std::string s = StrCat("Campaign ", e.id, ": ", FormatCount(e.members),
                         e.members == 1 ? " account acted" : " accounts acted", " together");
  if (HasTimes(e)) {
    StrAppend(&s, " from ", FormatMinute(e.start), " to ", FormatMinute(e.end), " UTC (",
              FormatMinute(e.start, kJstOffsetHours), " to ", FormatMinute(e.end, kJstOffsetHours),
              " JST)");
  }
  if (HasCoordination(e)) StrAppend(&s, ", with ", CoordinationEn(e));
  if (std::isfinite(e.median_delay_s)) {
    StrAppend(&s, " (median follower delay ", FormatDelayEn(e.median_delay_s), ")");
  }
  sentences.push_back(s + ".");

  // What was amplified.
  const std::string activity = ActivityEn(e);
  if (!e.items.empty() || !activity.empty()) {
    s.clear();
    if (!activity.empty()) StrAppend(&s, "Members made ", activity);
    if (!e.items.empty()) {
      std::vector<std::string> kinds;
      for (const auto& [kind, n] : KindCounts(e)) {
        kinds.push_back(StrCat(FormatCount(n), " ", KindEn(kind, n)));
      }
      StrAppend(&s, s.empty() ? "They amplified " : "; they amplified ", JoinEnglish(kinds),
                " (top: ", StrJoin(TopIds(e), ", "), ")");
      if (e.reach > 0) {
        StrAppend(&s, ", which an estimated ", FormatCount(e.reach),
                  e.reach == 1 ? " account" : " accounts", " engaged with");
      }
      if (e.amplified_authors > 0) {
        StrAppend(&s, "; the ", FormatCount(e.amplified_authors),
                  e.amplified_authors == 1 ? " author" : " authors",
                  " of the amplified posts are targets of the amplification, not members");
      }
    }
    sentences.push_back(s + ".");
  }

  // Signals.
  const std::vector<SignalPhrase> phrases = Phrases(e);
  if (phrases.empty()) {
    sentences.push_back("No signal beyond the coordination was recorded.");
  } else {
    std::vector<std::string> en;
    for (const auto& p : phrases) en.push_back(p.en);
    sentences.push_back(StrCat("Signals: ", StrJoin(en, "; "), "."));
  }

  // Rating and techniques.
  const std::vector<std::string> ids = Techniques(e);
  if (!e.severity.empty() || !ids.empty()) {
    s.clear();
    if (!e.severity.empty()) {
      StrAppend(&s, "Severity ", e.severity, " (score ", FormatFixed(e.score, 2), ")");
    }
    if (!ids.empty()) {
      StrAppend(&s, s.empty() ? "DISARM" : "; DISARM",
                " techniques supported by the evidence: ", StrJoin(ids, ", "));
    }
    sentences.push_back(s + ".");
  }
  return StrJoin(sentences, " ");
}

std::string SummaryJa(const CampaignEvidence& e) {
  std::vector<std::string> sentences;

  std::string s = StrCat("キャンペーン", e.id, "：", FormatCount(e.members), "アカウントが");
  if (HasTimes(e)) {
    StrAppend(&s, FormatMinute(e.start), "〜", FormatMinute(e.end), " UTC（日本時間 ",
              FormatMinute(e.start, kJstOffsetHours), "〜", FormatMinute(e.end, kJstOffsetHours),
              "）に");
  }
  if (HasCoordination(e)) {
    StrAppend(&s, "連携して活動し、", CoordinationJa(e), "を記録しました");
  } else {
    StrAppend(&s, "連携して活動しました");
  }
  if (std::isfinite(e.median_delay_s)) {
    StrAppend(&s, "（追随の遅れの中央値", FormatDelayJa(e.median_delay_s), "）");
  }
  sentences.push_back(s + "。");

  const std::string activity = ActivityJa(e);
  if (!e.items.empty() || !activity.empty()) {
    s.clear();
    if (!activity.empty()) StrAppend(&s, "メンバーは", activity, "を行い");
    if (!e.items.empty()) {
      std::vector<std::string> kinds;
      for (const auto& [kind, n] : KindCounts(e)) {
        kinds.push_back(StrCat(KindJa(kind), FormatCount(n), "件"));
      }
      StrAppend(&s, s.empty() ? "" : "、", StrJoin(kinds, "・"), "を増幅");
      if (e.reach > 0) {
        StrAppend(&s, "し（上位：", StrJoin(TopIds(e), "、"), "）、これらに推定",
                  FormatCount(e.reach), "人が反応しました");
      } else {
        StrAppend(&s, "しました（上位：", StrJoin(TopIds(e), "、"), "）");
      }
      if (e.amplified_authors > 0) {
        StrAppend(&s, "。増幅された投稿の作成者", FormatCount(e.amplified_authors),
                  "人は増幅の標的であり、キャンペーンのメンバーではありません");
      }
    } else {
      StrAppend(&s, "ました");
    }
    sentences.push_back(s + "。");
  }

  const std::vector<SignalPhrase> phrases = Phrases(e);
  if (phrases.empty()) {
    sentences.push_back("連携以外のシグナルは記録されていません。");
  } else {
    std::vector<std::string> ja;
    for (const auto& p : phrases) ja.push_back(p.ja);
    sentences.push_back(StrCat("シグナル：", StrJoin(ja, "；"), "。"));
  }

  const std::vector<std::string> ids = Techniques(e);
  if (!e.severity.empty() || !ids.empty()) {
    s.clear();
    if (!e.severity.empty()) {
      StrAppend(&s, "深刻度：", SeverityJa(e.severity), "（スコア", FormatFixed(e.score, 2), "）");
    }
    if (!ids.empty()) {
      StrAppend(&s, s.empty() ? "" : "、", "証拠が裏付けるDISARM技法：", StrJoin(ids, "、"));
    }
    sentences.push_back(s + "。");
  }
  return StrJoin(sentences, "");
}

std::string SignalsJson(const CampaignEvidence& e) {
  JsonWriter w;
  w.BeginObject();
  const std::vector<SignalPhrase> phrases = Phrases(e);
  if (HasCoordination(e)) {
    w.Key("coordination").BeginObject();
    if (std::isfinite(e.coordination_confidence)) {
      w.Field("confidence", std::clamp(e.coordination_confidence, 0.0, 1.0));
    }
    w.Field("detail", StrCat(CoordinationEn(e), " among ", FormatCount(e.members), " accounts"));
    w.Key("actions").BeginObject();
    for (const auto& a : e.actions) {
      if (a.bursts == 0 && a.edges == 0) continue;
      w.Key(a.name).BeginObject().Field("bursts", a.bursts).Field("edges", a.edges).EndObject();
    }
    w.EndObject();
    if (std::isfinite(e.median_delay_s)) w.Field("median_delay_s", e.median_delay_s);
    w.EndObject();
  }
  for (const auto& p : phrases) {
    w.Key(p.name).BeginObject();
    if (p.name == "automation") {
      w.Field("confidence", std::clamp(e.mean_automation, 0.0, 1.0))
          .Field("detail", p.en)
          .Field("share_automated", e.share_automated)
          .Field("mean_automation", e.mean_automation);
    } else if (p.name == "timezone" || p.name == "foreign_timezone") {
      w.Field("confidence", std::clamp(e.utc_offset_confidence, 0.0, 1.0))
          .Field("detail", p.en)
          .Field("utc_offset_hours", *e.utc_offset_hours)
          .Field("home_utc_offset_hours", e.home_utc_offset_hours);
      if (!e.rhythm_template.empty()) w.Field("rhythm_template", e.rhythm_template);
      w.Field("no_nightly_rest", e.no_nightly_rest);
    } else if (p.name == "no_nightly_rest") {
      w.Field("detail", p.en);
    } else if (p.name == "creation_wave") {
      w.Field("confidence", std::clamp(e.creation_wave_confidence, 0.0, 1.0))
          .Field("detail", p.en)
          .Field("share", e.creation_wave_share);
      if (e.creation_wave_start != kNoTime) w.Field("start", FormatIso8601(e.creation_wave_start));
      if (e.creation_wave_end != kNoTime) w.Field("end", FormatIso8601(e.creation_wave_end));
    } else if (p.name == "new_accounts") {
      w.Field("confidence", std::clamp(e.new_account_share, 0.0, 1.0))
          .Field("detail", p.en)
          .Field("share", e.new_account_share);
    } else if (p.name == "sleepers") {
      w.Field("confidence", std::clamp(e.sleeper_share, 0.0, 1.0))
          .Field("detail", p.en)
          .Field("share", e.sleeper_share);
    } else if (p.name == "near_duplicates") {
      if (e.posts > 0) {
        w.Field("confidence", std::min(1.0, static_cast<double>(e.near_duplicate_posts) / e.posts));
      }
      w.Field("detail", p.en)
          .Field("posts", e.near_duplicate_posts)
          .Field("narratives", static_cast<uint64_t>(e.narratives));
    } else if (p.name == "hashtag_flood") {
      if (e.posts > 0) {
        w.Field("confidence", std::min(1.0, static_cast<double>(e.hashtag_posts) / e.posts));
      }
      w.Field("detail", p.en).Field("posts", e.hashtag_posts);
    } else if (p.name == "script_anomaly") {
      w.Field("confidence", std::clamp(e.script_anomaly_confidence, 0.0, 1.0))
          .Field("detail", p.en)
          .Field("share", e.script_anomaly_share);
    } else if (p.name == "domains") {
      w.Field("detail", p.en).Key("domains").BeginArray();
      for (const auto& d : e.domains) {
        w.BeginObject()
            .Field("domain", d.domain)
            .Field("lift", d.lift)
            .Field("uses", d.uses)
            .EndObject();
      }
      w.EndArray();
    } else if (p.name == "watchlist") {
      w.Field("confidence", 1.0).Field("detail", p.en).Key("hits").BeginArray();
      for (const auto& h : e.watchlist_hits) w.String(h);
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndObject();
  return w.Take();
}

}  // namespace sakimori::campaign
