// File: report/misp_export.cc
#include "report/misp_export.h"

#include <algorithm>

#include "common/json_writer.h"
#include "common/strings.h"
#include "common/time.h"
#include "report/disarm.h"
#include "report/ids.h"

namespace sakimori::report {
namespace {

constexpr std::string_view kDisarmGalaxyUuid = "a90f2bb6-11e1-58a7-9962-ba37886720ec";

std::string Seconds(TimeMs t) { return StrCat(t / 1000); }

std::string Date(TimeMs t) { return FormatIso8601(t).substr(0, 10); }

}  // namespace

StatusOr<std::string> ExportMisp(const ReportData& data, const MispOptions& options) {
  if (data.campaigns.empty()) return absl::InvalidArgumentError("no campaign to export");
  const CampaignData& cd = data.campaigns[0];
  const CampaignRecord& c = cd.detail.campaign;
  TimeMs modified = c.end;
  for (const ReviewRecord& r : cd.reviews) modified = std::max(modified, r.created_at);
  std::string event_uuid = Uuid5(kSakimoriNamespace, StrCat("misp-event:", c.id));

  JsonWriter w(2);
  w.BeginObject().Key("Event").BeginObject();
  w.Field("uuid", event_uuid);
  w.Field("info", StrCat("sakimori: coordinated amplification campaign ", c.id,
                         c.summary_en.empty() ? "" : " - ", c.summary_en));
  w.Field("date", Date(c.start)).Field("timestamp", Seconds(modified));
  w.Field("publish_timestamp", "0").Field("published", false);
  // threat_level 3 = low, analysis 1 = ongoing, distribution 0 = your organisation only.
  w.Field("threat_level_id", "3").Field("analysis", "1").Field("distribution", "0");
  w.Key("Orgc")
      .BeginObject()
      .Field("name", options.producer)
      .Field("uuid", Uuid5(kSakimoriNamespace, StrCat("org:", options.producer)))
      .EndObject();

  std::vector<const DisarmTechnique*> in_galaxy;
  std::vector<std::string> not_in_galaxy;
  for (const std::string& t : c.techniques) {
    const DisarmTechnique* d = FindDisarmTechnique(t);
    if (d && !d->misp_uuid.empty()) {
      in_galaxy.push_back(d);
    } else {
      not_in_galaxy.push_back(t);
    }
  }
  w.Key("Tag").BeginArray();
  w.BeginObject().Field("name", StrCat("tlp:", TlpName(options.tlp))).EndObject();
  for (const DisarmTechnique* d : in_galaxy) {
    w.BeginObject()
        .Field("name", StrCat("misp-galaxy:disarm-techniques=\"", d->misp_value, "\""))
        .EndObject();
  }
  w.EndArray();
  if (!in_galaxy.empty()) {
    w.Key("Galaxy").BeginArray().BeginObject();
    w.Field("uuid", kDisarmGalaxyUuid).Field("name", "Techniques");
    w.Field("type", "disarm-techniques").Field("namespace", "disarm");
    w.Key("GalaxyCluster").BeginArray();
    for (const DisarmTechnique* d : in_galaxy) {
      w.BeginObject().Field("uuid", d->misp_uuid).Field("type", "disarm-techniques");
      w.Field("value", d->misp_value);
      w.Field("tag_name", StrCat("misp-galaxy:disarm-techniques=\"", d->misp_value, "\""));
      w.Key("meta").BeginObject().Key("external_id").BeginArray().String(d->id).EndArray();
      w.Key("kill_chain").BeginArray().String(StrCat("tactics:", d->tactic_name)).EndArray();
      w.EndObject().EndObject();
    }
    w.EndArray().EndObject().EndArray();
  }

  w.Key("Attribute").BeginArray();
  auto attribute = [&](std::string_view category, std::string_view type, std::string_view value,
                       std::string_view comment, bool to_ids) {
    w.BeginObject();
    w.Field("uuid",
            Uuid5(kSakimoriNamespace, StrCat("misp-attribute:", c.id, "|", type, "|", value)));
    w.Field("category", category).Field("type", type).Field("value", value);
    w.Field("to_ids", to_ids).Field("comment", comment);
    w.Field("timestamp", Seconds(modified)).Field("distribution", "5");
    w.EndObject();
  };
  std::vector<std::string> handled;
  for (const AccountRecord& a : cd.detail.accounts) {
    handled.push_back(a.id);
    attribute("Social network", "text", a.id, StrCat("amplifier account id (", a.platform, ")"),
              false);
    if (!a.handle.empty()) {
      bool twitter = a.platform == "twitter" || a.platform == "x";
      attribute("Social network", twitter ? "twitter-id" : "text", a.handle,
                StrCat("amplifier account handle (", a.platform, ")"), false);
    }
  }
  for (const std::string& m : c.members) {
    if (std::find(handled.begin(), handled.end(), m) == handled.end()) {
      attribute("Social network", "text", m, "amplifier account id", false);
    }
  }
  for (const ItemRef& it : c.items) {
    if (it.kind == "url") {
      attribute("Network activity", "url", it.id, "amplified url", false);
    } else {
      attribute("Other", "text", it.id, StrCat("amplified ", it.kind), false);
    }
  }
  for (const std::string& t : not_in_galaxy) {
    const DisarmTechnique* d = FindDisarmTechnique(t);
    attribute("Other", "text", t,
              d ? StrCat(kDisarmFramework, ": ", d->name, " (not in the MISP DISARM galaxy)")
                : std::string("DISARM technique id"),
              false);
  }
  for (const ReviewRecord& r : cd.reviews) {
    if (!r.note.empty()) {
      attribute("Internal reference", "comment", r.note,
                StrCat("analyst review: ", DecisionName(r.decision)), false);
    }
  }
  w.EndArray();
  w.EndObject().EndObject();
  return w.Take() + "\n";
}

}  // namespace sakimori::report
