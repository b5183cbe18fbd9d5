// File: report/html_report.cc
// HTML and SVG generation for the report. Charts are plain SVG elements with fixed
// viewBoxes; colours come from the CSS variables so the printed version stays readable.
#include "report/html_report.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "common/json_writer.h"
#include "common/strings.h"
#include "common/time.h"
#include "report/disarm.h"
#include "report/html.h"
#include "report/layout.h"
#include "report/signals.h"

namespace sakimori::report {
namespace {

struct Labels {
  const char* title;
  const char* period;
  const char* top;
  const char* campaign;
  const char* score;
  const char* members;
  const char* reach;
  const char* since;
  const char* until;
  const char* techniques;
  const char* amplified;
  const char* kind;
  const char* item;
  const char* timeline;
  const char* hours;
  const char* network;
  const char* signals;
  const char* signals_note;
  const char* confidence;
  const char* detail;
  const char* disarm;
  const char* tactic;
  const char* reviews;
  const char* decision;
  const char* analyst;
  const char* note;
  const char* accounts;
  const char* account;
  const char* handle;
  const char* automation;
  const char* flagged;
  const char* evidence;
  const char* action;
  const char* object;
  const char* more_rows;
  const char* method;
  const char* method_text;
  const char* params;
  const char* none;
  const char* no_campaigns;
  const char* edges;
  const char* summary;
  const char* utc_offset;
  const char* reach_chart;
  const char* attribution;
};

constexpr Labels kEn = {
    "sakimori daily brief",
    "Period (event time, UTC)",
    "Top campaigns",
    "Campaign",
    "Score",
    "Amplifier accounts",
    "Reach",
    "Since",
    "Until",
    "DISARM techniques",
    "What was amplified",
    "Kind",
    "Item",
    "Coordinated actions over time",
    "Coordinated actions by hour of day (UTC)",
    "Coordination network",
    "Signals of foreign operation",
    "Signals are indications that need analyst review, never a verdict or an attribution.",
    "Confidence",
    "Detail",
    "DISARM techniques (DISARM Red Framework v1.6)",
    "Tactic",
    "Analyst reviews and notes",
    "Decision",
    "Analyst",
    "Note",
    "Accounts",
    "Account",
    "Handle",
    "Automation score",
    "Flagged",
    "Evidence",
    "Action",
    "Object",
    "more rows in the exports",
    "Method and thresholds",
    "Campaigns are groups of accounts that repeatedly act on the same items within short time "
    "windows (co-reposts, co-likes, shared URLs and hashtags, near-duplicate texts) more often "
    "than chance under a time-shuffled null model; edges carry the number of shared actions "
    "and, where computed, a p-value. Account automation scores rate behaviour only (timing, "
    "volume, client, profile), never what a post says.",
    "Parameters of the latest analysis run",
    "none",
    "No campaign in this selection.",
    "Edges",
    "Summary",
    "Activity rhythm fits UTC offset",
    "Campaigns by reach",
    "DISARM framework data: DISARM Foundation, CC BY-SA 4.0."};

constexpr Labels kJa = {
    "sakimori デイリーブリーフ",
    "期間（イベント時刻、UTC）",
    "主なキャンペーン",
    "キャンペーン",
    "スコア",
    "拡散アカウント数",
    "リーチ",
    "開始",
    "終了",
    "DISARM 手法",
    "拡散された対象",
    "種別",
    "対象",
    "協調行動の推移",
    "時間帯別の協調行動（UTC）",
    "協調ネットワーク",
    "国外からの工作を示すシグナル",
    "シグナルは分析者による確認が必要な兆候であり、判定や帰属を示すものではありません。",
    "確信度",
    "詳細",
    "DISARM 手法（DISARM Red Framework v1.6）",
    "戦術",
    "分析者のレビューとメモ",
    "判断",
    "分析者",
    "メモ",
    "アカウント",
    "アカウント",
    "ハンドル",
    "自動化スコア",
    "フラグ",
    "証拠",
    "行動",
    "対象",
    "行はエクスポートに含まれます",
    "手法としきい値",
    "キャンペーンとは、同じ対象に短い時間差で繰り返し反応する（同時リポスト、同時いいね、"
    "同じ URL やハッシュタグ、ほぼ同一の文章）アカウントの集まりで、時刻をシャッフルした帰無"
    "モデルより高い頻度で起きるものです。エッジは共有された行動の数と、計算した場合は p 値を"
    "持ちます。自動化スコアは行動（時刻、量、クライアント、プロフィール）のみで評価し、投稿の"
    "内容は評価に使いません。",
    "最新の分析実行のパラメータ",
    "なし",
    "この選択にキャンペーンはありません。",
    "エッジ",
    "概要",
    "活動リズムが一致する UTC オフセット",
    "リーチ別キャンペーン",
    "DISARM フレームワークのデータ: DISARM Foundation, CC BY-SA 4.0。"};

std::string E(std::string_view s) { return HtmlEscape(s); }

std::string Num(double v, int digits = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string Time(TimeMs t) {
  std::string s = FormatIso8601(t);
  if (s.size() >= 16) s = s.substr(0, 10) + " " + s.substr(11, 5);
  return s;
}

constexpr const char* kCss = R"CSS(
:root{--fg:#1b1f24;--muted:#59636e;--line:#d0d7de;--accent:#0b57d0;--warn:#b3261e;--bg:#fff;--soft:#f3f5f8}
*{box-sizing:border-box}
body{margin:0;padding:24px 32px;font-family:system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif;color:var(--fg);background:var(--bg);line-height:1.5;font-size:14px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}
.meta{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:12.5px}
th,td{border:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{overflow-wrap:normal}
th{background:var(--soft)}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.figs{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
.fig{background:var(--soft);border-radius:6px;padding:6px 12px;min-width:120px}
.fig b{display:block;font-size:18px}
.note{color:var(--muted);font-style:italic}
.signal{color:var(--warn)}
svg{max-width:100%;height:auto;display:block;margin:6px 0}
svg text{font-family:inherit;font-size:11px;fill:var(--fg)}
.bar{fill:var(--accent)}.axis{stroke:var(--muted);stroke-width:1}
.edge{stroke:#8c959f;stroke-opacity:.55}
section.campaign{page-break-before:always;break-before:page}
footer{margin-top:32px;color:var(--muted);font-size:12px}
@media print{body{padding:0;font-size:11px}@page{size:A4;margin:14mm}h2{break-after:avoid}table,svg,.figs{break-inside:avoid}
tr{break-inside:avoid}a{color:inherit;text-decoration:none}}
)CSS";

// Horizontal bar chart of (label, value).
std::string BarChart(const std::vector<std::pair<std::string, double>>& rows,
                     std::string_view aria) {
  const int kRow = 22, kLabel = 200, kWidth = 720;
  int height = std::max<int>(1, static_cast<int>(rows.size())) * kRow + 10;
  double max_v = 0;
  for (const auto& [l, v] : rows) max_v = std::max(max_v, v);
  if (max_v <= 0) max_v = 1;
  std::string s = StrCat("<svg class=\"chart bars\" role=\"img\" aria-label=\"", E(aria),
                         "\" viewBox=\"0 0 ", kWidth, " ", height, "\" width=\"", kWidth,
                         "\" height=\"", height, "\" xmlns=\"http://www.w3.org/2000/svg\">");
  int y = 5;
  for (const auto& [label, v] : rows) {
    double w = (kWidth - kLabel - 80) * v / max_v;
    StrAppend(&s, "<text x=\"", kLabel - 6, "\" y=\"", y + 15, "\" text-anchor=\"end\">",
              E(label.size() > 30 ? label.substr(0, 30) + "…" : label), "</text>",
              "<rect class=\"bar\" x=\"", kLabel, "\" y=\"", y + 3, "\" width=\"", Num(w, 1),
              "\" height=\"", kRow - 6, "\"/>", "<text x=\"", Num(kLabel + w + 4, 1), "\" y=\"",
              y + 15, "\">", Num(v, v == std::floor(v) ? 0 : 2), "</text>");
    y += kRow;
  }
  s += "</svg>";
  return s;
}

// Vertical histogram of counts with tick labels under some bars.
std::string Histogram(const std::vector<int64_t>& counts, const std::vector<std::string>& ticks,
                      int tick_every, std::string_view aria) {
  const int kWidth = 720, kHeight = 170, kBottom = 24, kLeft = 40;
  int64_t max_c = 1;
  for (int64_t c : counts) max_c = std::max(max_c, c);
  double bw = counts.empty() ? 0 : static_cast<double>(kWidth - kLeft - 10) / counts.size();
  std::string s = StrCat("<svg class=\"chart hist\" role=\"img\" aria-label=\"", E(aria),
                         "\" viewBox=\"0 0 ", kWidth, " ", kHeight, "\" width=\"", kWidth,
                         "\" height=\"", kHeight, "\" xmlns=\"http://www.w3.org/2000/svg\">");
  int plot_h = kHeight - kBottom - 10;
  StrAppend(&s, "<line class=\"axis\" x1=\"", kLeft, "\" y1=\"", kHeight - kBottom, "\" x2=\"",
            kWidth - 10, "\" y2=\"", kHeight - kBottom, "\"/>");
  StrAppend(&s, "<text x=\"", kLeft - 4, "\" y=\"", 18, "\" text-anchor=\"end\">", max_c,
            "</text><text x=\"", kLeft - 4, "\" y=\"", kHeight - kBottom,
            "\" text-anchor=\"end\">0</text>");
  for (size_t i = 0; i < counts.size(); ++i) {
    double h = static_cast<double>(plot_h) * counts[i] / max_c;
    double x = kLeft + i * bw;
    StrAppend(&s, "<rect class=\"bar\" x=\"", Num(x + 1, 1), "\" y=\"",
              Num(kHeight - kBottom - h, 1), "\" width=\"", Num(std::max(1.0, bw - 2), 1),
              "\" height=\"", Num(h, 1), "\"><title>", i < ticks.size() ? E(ticks[i]) : "", ": ",
              counts[i], "</title></rect>");
    if (tick_every > 0 && i % tick_every == 0 && i < ticks.size()) {
      StrAppend(&s, "<text x=\"", Num(x + bw / 2, 1), "\" y=\"", kHeight - 8,
                "\" text-anchor=\"middle\">", E(ticks[i]), "</text>");
    }
  }
  s += "</svg>";
  return s;
}

std::string NetworkSvg(const CampaignData& cd, int max_nodes, std::string_view aria) {
  // Degree per account; keep the highest-degree nodes when there are too many.
  std::map<std::string, int> degree;
  for (const std::string& m : cd.detail.campaign.members) degree[m] = 0;
  for (const EdgeRecord& e : cd.detail.edges) {
    ++degree[e.a];
    ++degree[e.b];
  }
  std::vector<std::pair<std::string, int>> nodes(degree.begin(), degree.end());
  std::stable_sort(nodes.begin(), nodes.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  if (static_cast<int>(nodes.size()) > max_nodes) nodes.resize(max_nodes);
  std::sort(nodes.begin(), nodes.end());
  std::map<std::string, int> index;
  for (size_t i = 0; i < nodes.size(); ++i) index[nodes[i].first] = static_cast<int>(i);
  std::vector<LayoutEdge> edges;
  for (const EdgeRecord& e : cd.detail.edges) {
    auto a = index.find(e.a), b = index.find(e.b);
    if (a != index.end() && b != index.end()) {
      edges.push_back({a->second, b->second, std::max(e.weight, 1e-6)});
    }
  }
  const int kW = 720, kH = 480;
  std::vector<Point> pos = ForceLayout(static_cast<int>(nodes.size()), edges, kW, kH);
  std::map<std::string, const AccountRecord*> accounts;
  for (const AccountRecord& a : cd.detail.accounts) accounts[a.id] = &a;
  double max_w = 0;
  for (const LayoutEdge& e : edges) max_w = std::max(max_w, e.weight);
  std::string s =
      StrCat("<svg class=\"chart network\" role=\"img\" aria-label=\"", E(aria),
             "\" viewBox=\"0 0 ", kW, " ", kH, "\" width=\"", kW, "\" height=\"", kH,
             "\" xmlns=\"http://www.w3.org/2000/svg\">", "<rect x=\"0\" y=\"0\" width=\"", kW,
             "\" height=\"", kH, "\" fill=\"#f8f9fb\" stroke=\"#d0d7de\"/>");
  for (const LayoutEdge& e : edges) {
    StrAppend(&s, "<line class=\"edge\" x1=\"", Num(pos[e.a].x, 1), "\" y1=\"", Num(pos[e.a].y, 1),
              "\" x2=\"", Num(pos[e.b].x, 1), "\" y2=\"", Num(pos[e.b].y, 1), "\" stroke-width=\"",
              Num(0.6 + 2.4 * e.weight / std::max(max_w, 1e-9), 2), "\"/>");
  }
  for (size_t i = 0; i < nodes.size(); ++i) {
    auto it = accounts.find(nodes[i].first);
    double score = it != accounts.end() ? it->second->automation_score : 0;
    std::string label = it != accounts.end() && !it->second->handle.empty()
                            ? "@" + it->second->handle
                            : nodes[i].first;
    // Colour from blue (low automation score) to red (high).
    int r = static_cast<int>(40 + 200 * score), b = static_cast<int>(220 - 180 * score);
    double radius = 4 + std::min(8.0, std::sqrt(static_cast<double>(nodes[i].second)) * 1.5);
    StrAppend(&s, "<circle cx=\"", Num(pos[i].x, 1), "\" cy=\"", Num(pos[i].y, 1), "\" r=\"",
              Num(radius, 1), "\" fill=\"rgb(", r, ",80,", b,
              ")\" stroke=\"#fff\" stroke-width=\"1\"><title>", E(label), " (", Num(score, 2),
              ")</title></circle>");
  }
  s += "</svg>";
  return s;
}

void Figure(std::string* out, std::string_view label, std::string_view value) {
  StrAppend(out, "<div class=\"fig\"><span class=\"meta\">", E(label), "</span><b>", E(value),
            "</b></div>");
}

void CampaignSection(const CampaignData& cd, const HtmlOptions& o, const Labels& lab,
                     std::string* out) {
  const CampaignRecord& c = cd.detail.campaign;
  StrAppend(out, "<section class=\"campaign\" id=\"c-", E(c.id), "\"><h2>", E(lab.campaign), " ",
            E(c.id), "</h2>");
  const std::string& summary = o.lang == Lang::kJa && !c.summary_ja.empty() ? c.summary_ja
                               : !c.summary_en.empty()                      ? c.summary_en
                                                                            : c.summary_ja;
  if (!summary.empty()) StrAppend(out, "<p>", E(summary), "</p>");
  *out += "<div class=\"figs\">";
  Figure(out, lab.score, Num(c.score));
  Figure(out, lab.members, StrCat(c.members.size()));
  Figure(out, lab.reach, StrCat(c.reach));
  Figure(out, lab.edges, StrCat(cd.detail.edges.size()));
  Figure(out, lab.evidence, StrCat(cd.detail.evidence.size()));
  Figure(out, lab.since, Time(c.start));
  Figure(out, lab.until, Time(c.end));
  *out += "</div>";

  // What was amplified.
  StrAppend(out, "<h3>", E(lab.amplified), "</h3>");
  std::map<std::pair<std::string, std::string>, const ItemRecord*> item_records;
  for (const ItemRecord& it : cd.detail.items) item_records[{it.kind, it.id}] = &it;
  StrAppend(out, "<table><tr><th>", E(lab.kind), "</th><th>", E(lab.item), "</th><th>", E(lab.score),
            "</th></tr>");
  for (const ItemRef& it : c.items) {
    auto rec = item_records.find({it.kind, it.id});
    StrAppend(out, "<tr><td>", E(it.kind), "</td><td>", E(it.id), "</td><td class=\"n\">",
              rec != item_records.end() ? Num(rec->second->score) : "", "</td></tr>");
  }
  *out += "</table>";

  // Timeline and hours.
  if (!cd.detail.evidence.empty()) {
    TimeMs lo = cd.detail.evidence[0].time_a, hi = lo;
    for (const EvidenceRecord& ev : cd.detail.evidence) {
      for (TimeMs t : {ev.time_a, ev.time_b}) {
        lo = std::min(lo, t);
        hi = std::max(hi, t);
      }
    }
    const int kBins = 48;
    TimeMs width = std::max<TimeMs>(kMsPerMinute, (hi - lo) / kBins + 1);
    std::vector<int64_t> bins(kBins, 0);
    std::vector<int64_t> hours(24, 0);
    for (const EvidenceRecord& ev : cd.detail.evidence) {
      for (TimeMs t : {ev.time_a, ev.time_b}) {
        ++bins[std::min<int64_t>(kBins - 1, (t - lo) / width)];
        ++hours[((t % kMsPerDay + kMsPerDay) % kMsPerDay) / kMsPerHour];
      }
    }
    std::vector<std::string> ticks;
    for (int i = 0; i < kBins; ++i) ticks.push_back(Time(lo + i * width).substr(5));
    StrAppend(out, "<h3>", E(lab.timeline), "</h3>", Histogram(bins, ticks, 12, lab.timeline));
    std::vector<std::string> hour_ticks;
    for (int h = 0; h < 24; ++h) hour_ticks.push_back(StrCat(h));
    StrAppend(out, "<h3>", E(lab.hours), "</h3>", Histogram(hours, hour_ticks, 3, lab.hours));
  }

  // Network.
  StrAppend(out, "<h3>", E(lab.network), "</h3>", NetworkSvg(cd, o.max_network_nodes, lab.network));

  // Signals.
  std::vector<Signal> signals = ParseSignals(c.signals_json);
  if (!signals.empty() || c.utc_offset_hours) {
    StrAppend(out, "<h3 class=\"signal\">", E(lab.signals), "</h3><p class=\"note\">",
              E(lab.signals_note), "</p><table><tr><th>", E(lab.signals), "</th><th>", E(lab.confidence),
              "</th><th>", E(lab.detail), "</th></tr>");
    if (c.utc_offset_hours) {
      StrAppend(out, "<tr><td>", E(lab.utc_offset), "</td><td class=\"n\"></td><td>UTC",
                *c.utc_offset_hours >= 0 ? "+" : "", Num(*c.utc_offset_hours, 1), "</td></tr>");
    }
    for (const Signal& s : signals) {
      std::string detail = s.detail;
      for (const auto& [k, v] : s.fields) StrAppend(&detail, detail.empty() ? "" : "; ", k, "=", v);
      StrAppend(out, "<tr><td>", E(s.name), "</td><td class=\"n\">",
                s.confidence ? Num(*s.confidence) : "", "</td><td>", E(detail), "</td></tr>");
    }
    *out += "</table>";
  }

  // DISARM.
  StrAppend(out, "<h3>", E(lab.disarm), "</h3>");
  if (c.techniques.empty()) {
    StrAppend(out, "<p>", E(lab.none), "</p>");
  } else {
    StrAppend(out, "<table><tr><th>ID</th><th>", E(lab.disarm), "</th><th>", E(lab.tactic),
              "</th></tr>");
    for (const std::string& t : c.techniques) {
      const DisarmTechnique* d = FindDisarmTechnique(t);
      StrAppend(out, "<tr><td>", E(t), "</td><td>", d ? E(d->name) : "?", "</td><td>",
                d ? E(StrCat(d->tactic_id, " ", d->tactic_name)) : "", "</td></tr>");
    }
    *out += "</table>";
  }

  // Reviews and notes.
  if (!cd.reviews.empty() || !cd.notes.empty()) {
    StrAppend(out, "<h3>", E(lab.reviews), "</h3><table><tr><th>", E(lab.since), "</th><th>",
              E(lab.analyst), "</th><th>", E(lab.decision), "</th><th>", E(lab.note), "</th></tr>");
    for (const ReviewRecord& r : cd.reviews) {
      StrAppend(out, "<tr><td>", Time(r.created_at), "</td><td>", E(r.user), "</td><td>",
                E(DecisionName(r.decision)), "</td><td>", E(r.note), "</td></tr>");
    }
    for (const NoteRecord& n : cd.notes) {
      StrAppend(out, "<tr><td>", Time(n.created_at), "</td><td>", E(n.user), "</td><td></td><td>",
                E(n.body), "</td></tr>");
    }
    *out += "</table>";
  }

  // Accounts.
  StrAppend(out, "<h3>", E(lab.accounts), "</h3><table><tr><th>", E(lab.account), "</th><th>",
            E(lab.handle), "</th><th>", E(lab.automation), "</th><th>", E(lab.flagged), "</th></tr>");
  std::vector<const AccountRecord*> accounts;
  for (const AccountRecord& a : cd.detail.accounts) accounts.push_back(&a);
  std::stable_sort(accounts.begin(), accounts.end(), [](const auto* x, const auto* y) {
    return x->automation_score > y->automation_score;
  });
  for (const AccountRecord* a : accounts) {
    StrAppend(out, "<tr><td>", E(a->id), "</td><td>", E(a->handle), "</td><td class=\"n\">",
              Num(a->automation_score), "</td><td>", a->flagged ? "✔" : "", "</td></tr>");
  }
  *out += "</table>";

  // Evidence.
  StrAppend(out, "<h3>", E(lab.evidence), "</h3><table><tr><th>", E(lab.account), " A</th><th>",
            E(lab.account), " B</th><th>", E(lab.action), "</th><th>", E(lab.object), "</th><th>A</th>",
            "<th>B</th><th>Δ s</th></tr>");
  int rows = 0;
  for (const EvidenceRecord& ev : cd.detail.evidence) {
    if (rows++ >= o.max_evidence_rows) break;
    StrAppend(out, "<tr><td>", E(ev.a), "</td><td>", E(ev.b), "</td><td>", E(ev.action),
              "</td><td>", E(ev.object), "</td><td>", Time(ev.time_a),
              ev.content_a.empty() ? "" : "<br>", E(ev.content_a), "</td><td>", Time(ev.time_b),
              ev.content_b.empty() ? "" : "<br>", E(ev.content_b), "</td><td class=\"n\">",
              Num(std::abs(static_cast<double>(ev.time_b - ev.time_a)) / 1000.0, 0), "</td></tr>");
  }
  *out += "</table>";
  if (static_cast<int>(cd.detail.evidence.size()) > o.max_evidence_rows) {
    StrAppend(out, "<p class=\"note\">+", cd.detail.evidence.size() - o.max_evidence_rows, " ",
              E(lab.more_rows), "</p>");
  }
  *out += "</section>\n";
}

}  // namespace

std::string RenderHtmlReport(const ReportData& data, const HtmlOptions& o) {
  const Labels& lab = o.lang == Lang::kJa ? kJa : kEn;
  std::string title = o.title.empty() ? lab.title : o.title;
  std::string out =
      StrCat("<!DOCTYPE html>\n<html lang=\"", o.lang == Lang::kJa ? "ja" : "en",
             "\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
             "'none'; style-src 'unsafe-inline'; img-src data:\">\n<title>",
             E(title), "</title>\n<style>", kCss, "</style>\n</head>\n<body>\n");
  StrAppend(&out, "<header><h1>", E(title), "</h1><p class=\"meta\">", E(lab.period), ": ");
  if (data.campaigns.empty()) {
    StrAppend(&out, "—");
  } else {
    StrAppend(&out, Time(data.first_time), " – ", Time(data.last_time));
  }
  StrAppend(&out, "</p></header>\n");

  StrAppend(&out, "<section id=\"top\"><h2>", E(lab.top), "</h2>");
  if (data.campaigns.empty()) {
    StrAppend(&out, "<p>", E(lab.no_campaigns), "</p>");
  } else {
    StrAppend(&out, "<table><tr><th>", E(lab.campaign), "</th><th>", E(lab.summary), "</th><th>",
              E(lab.score), "</th><th>", E(lab.members), "</th><th>", E(lab.reach), "</th><th>",
              E(lab.since), "</th><th>", E(lab.techniques), "</th></tr>");
    std::vector<std::pair<std::string, double>> bars;
    for (const CampaignData& cd : data.campaigns) {
      const CampaignRecord& c = cd.detail.campaign;
      const std::string& summary =
          o.lang == Lang::kJa && !c.summary_ja.empty() ? c.summary_ja : c.summary_en;
      StrAppend(&out, "<tr><td><a href=\"#c-", E(c.id), "\">", E(c.id), "</a></td><td>", E(summary),
                "</td><td class=\"n\">", Num(c.score), "</td><td class=\"n\">", c.members.size(),
                "</td><td class=\"n\">", c.reach, "</td><td>", Time(c.start), "</td><td>",
                E(StrJoin(c.techniques, ", ")), "</td></tr>");
      bars.emplace_back(c.id, static_cast<double>(c.reach));
    }
    StrAppend(&out, "</table><h3>", E(lab.reach_chart), "</h3>", BarChart(bars, lab.reach_chart));
  }
  out += "</section>\n";

  for (const CampaignData& cd : data.campaigns) CampaignSection(cd, o, lab, &out);

  StrAppend(&out, "<section id=\"method\"><h2>", E(lab.method), "</h2><p>", E(lab.method_text), "</p>");
  if (data.latest_run) {
    StrAppend(&out, "<h3>", E(lab.params), "</h3><table><tr><th>generator</th><td>",
              E(data.latest_run->generator), "</td></tr><tr><th>params</th><td><code>",
              E(data.latest_run->params_json), "</code></td></tr><tr><th>inputs</th><td><code>",
              E(data.latest_run->inputs_json), "</code></td></tr></table>");
  }
  StrAppend(&out, "</section>\n<footer>", E(lab.attribution), "</footer>\n</body>\n</html>\n");
  return out;
}

}  // namespace sakimori::report
