// File: report/network_export.cc
// CSV per RFC 4180 (quoted when needed) and GraphML 1.0.
#include "report/network_export.h"

#include <map>
#include <set>
#include <utility>

#include "common/json_writer.h"
#include "common/strings.h"
#include "common/time.h"
#include "report/html.h"

namespace sakimori::report {
namespace {

struct EdgeEntry {
  EdgeRecord edge;
  std::set<std::string> campaigns;
  std::vector<EvidenceRecord> evidence;
};

using Key = std::pair<std::string, std::string>;

std::map<Key, EdgeEntry> CollectEdges(const ReportData& data) {
  std::map<Key, EdgeEntry> edges;
  for (const CampaignData& cd : data.campaigns) {
    for (const EdgeRecord& e : cd.detail.edges) {
      EdgeEntry& entry = edges[{e.a, e.b}];
      entry.edge = e;
      entry.campaigns.insert(cd.detail.campaign.id);
    }
    std::set<int64_t> seen;
    for (const EvidenceRecord& ev : cd.detail.evidence) {
      auto it = edges.find({ev.a, ev.b});
      if (it == edges.end()) continue;
      bool dup = false;
      for (const EvidenceRecord& x : it->second.evidence) dup |= (x.id == ev.id && x.id != 0);
      if (!dup) it->second.evidence.push_back(ev);
    }
  }
  return edges;
}

std::string Csv(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string Num(double v) {
  JsonWriter j;
  j.Double(v);
  return j.Take();
}

}  // namespace

std::string ExportNetworkCsv(const ReportData& data) {
  std::string out =
      "a,b,campaigns,weight,p_value,a_leads,b_leads,weights,action,object,time_a,time_b,"
      "content_a,content_b\n";
  for (const auto& [key, entry] : CollectEdges(data)) {
    const EdgeRecord& e = entry.edge;
    std::string prefix =
        StrCat(Csv(e.a), ",", Csv(e.b), ",", Csv(StrJoin(entry.campaigns, ";")), ",", Num(e.weight),
               ",", e.p_value ? Num(*e.p_value) : std::string(), ",", e.a_leads, ",", e.b_leads,
               ",", Csv(e.weights_json), ",");
    if (entry.evidence.empty()) {
      StrAppend(&out, prefix, ",,,,,\n");
      continue;
    }
    for (const EvidenceRecord& ev : entry.evidence) {
      StrAppend(&out, prefix, Csv(ev.action), ",", Csv(ev.object), ",", FormatIso8601(ev.time_a),
                ",", FormatIso8601(ev.time_b), ",", Csv(ev.content_a), ",", Csv(ev.content_b),
                "\n");
    }
  }
  return out;
}

std::string ExportNetworkGraphMl(const ReportData& data) {
  std::map<std::string, AccountRecord> nodes;
  for (const CampaignData& cd : data.campaigns) {
    for (const std::string& m : cd.detail.campaign.members) nodes[m].id = m;
    for (const AccountRecord& a : cd.detail.accounts) nodes[a.id] = a;
  }
  auto edges = CollectEdges(data);
  for (const auto& [key, entry] : edges) {
    nodes[key.first].id = key.first;
    nodes[key.second].id = key.second;
  }
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
      "  <key id=\"handle\" for=\"node\" attr.name=\"handle\" attr.type=\"string\"/>\n"
      "  <key id=\"platform\" for=\"node\" attr.name=\"platform\" attr.type=\"string\"/>\n"
      "  <key id=\"automation_score\" for=\"node\" attr.name=\"automation_score\" "
      "attr.type=\"double\"/>\n"
      "  <key id=\"flagged\" for=\"node\" attr.name=\"flagged\" attr.type=\"boolean\"/>\n"
      "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
      "  <key id=\"p_value\" for=\"edge\" attr.name=\"p_value\" attr.type=\"double\"/>\n"
      "  <key id=\"a_leads\" for=\"edge\" attr.name=\"a_leads\" attr.type=\"long\"/>\n"
      "  <key id=\"b_leads\" for=\"edge\" attr.name=\"b_leads\" attr.type=\"long\"/>\n"
      "  <key id=\"campaigns\" for=\"edge\" attr.name=\"campaigns\" attr.type=\"string\"/>\n"
      "  <key id=\"evidence_count\" for=\"edge\" attr.name=\"evidence_count\" "
      "attr.type=\"long\"/>\n"
      "  <key id=\"evidence\" for=\"edge\" attr.name=\"evidence\" attr.type=\"string\"/>\n"
      "  <graph id=\"coordination\" edgedefault=\"undirected\">\n";
  for (const auto& [id, a] : nodes) {
    StrAppend(&out, "    <node id=\"", HtmlEscape(id), "\">");
    if (!a.handle.empty())
      StrAppend(&out, "<data key=\"handle\">", HtmlEscape(a.handle), "</data>");
    if (!a.platform.empty()) {
      StrAppend(&out, "<data key=\"platform\">", HtmlEscape(a.platform), "</data>");
    }
    StrAppend(&out, "<data key=\"automation_score\">", Num(a.automation_score),
              "</data><data key=\"flagged\">", a.flagged ? "true" : "false", "</data></node>\n");
  }
  int n = 0;
  for (const auto& [key, entry] : edges) {
    const EdgeRecord& e = entry.edge;
    JsonWriter ev;
    ev.BeginArray();
    for (const EvidenceRecord& x : entry.evidence) {
      ev.BeginObject().Field("action", x.action).Field("object", x.object);
      ev.Field("time_a", FormatIso8601(x.time_a)).Field("time_b", FormatIso8601(x.time_b));
      if (!x.content_a.empty()) ev.Field("content_a", x.content_a);
      if (!x.content_b.empty()) ev.Field("content_b", x.content_b);
      ev.EndObject();
    }
    ev.EndArray();
    StrAppend(&out, "    <edge id=\"e", n++, "\" source=\"", HtmlEscape(e.a), "\" target=\"",
              HtmlEscape(e.b), "\"><data key=\"weight\">", Num(e.weight), "</data>");
    if (e.p_value) StrAppend(&out, "<data key=\"p_value\">", Num(*e.p_value), "</data>");
    StrAppend(&out, "<data key=\"a_leads\">", e.a_leads, "</data><data key=\"b_leads\">", e.b_leads,
              "</data><data key=\"campaigns\">", HtmlEscape(StrJoin(entry.campaigns, ";")),
              "</data><data key=\"evidence_count\">", entry.evidence.size(),
              "</data><data key=\"evidence\">", HtmlEscape(ev.str()), "</data></edge>\n");
  }
  out += "  </graph>\n</graphml>\n";
  return out;
}

}  // namespace sakimori::report
