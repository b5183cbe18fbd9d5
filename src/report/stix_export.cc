// File: report/stix_export.cc
// Writes the STIX 2.1 bundle. Object order: extension definition, marking, identity, attack
// patterns (by DISARM id), then per campaign: campaign, user-accounts, indicators,
// relationships, observed-data, sightings, notes, report. Timestamps per docs/sharing.md.
#include "report/stix_export.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/json_writer.h"
#include "common/strings.h"
#include "common/time.h"
#include "report/disarm.h"
#include "report/ids.h"
#include "report/signals.h"
#include "report/tlp.h"

namespace sakimori::report {
namespace {

// STIX 2.1 section 2.9: the namespace of deterministic SCO ids.
constexpr std::string_view kScoNamespace = "00abedb4-aa42-466c-9c01-fed23315a9b7";
// The producer identity and DISARM attack-patterns are static: fixed times.
constexpr TimeMs kIdentityTime = 1704067200000;  // 2024-01-01T00:00:00Z
constexpr TimeMs kDisarmTime = 1732233600000;    // 2024-11-22T00:00:00Z (DISARM v1.6 bundle)

std::string Ts(TimeMs t) {
  // STIX timestamps: always with milliseconds for a stable width.
  std::string s = FormatIso8601(t - t % 1000);
  s.pop_back();  // 'Z'
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03dZ", static_cast<int>(((t % 1000) + 1000) % 1000));
  return s + ms;
}

// The lower-case host of an absolute URL ("https://user@Host:8080/x" -> "host"); empty when
// there is none.
std::string UrlHost(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest[0] == '[') return "";  // IP literal: not a domain name
  rest = rest.substr(0, rest.find(':'));
  std::string host(rest);
  for (char& ch : host) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return host;
}

class Writer {
 public:
  Writer(const StixOptions& options) : options_(options), w_(2) {
    identity_id_ = StixId("identity", options.producer);
    marking_ = std::string(TlpMarkingId(options.tlp));
  }

  std::string Finish(const ReportData& data) {
    std::set<std::string> techniques;
    for (const CampaignData& cd : data.campaigns) {
      for (const std::string& t : cd.detail.campaign.techniques) techniques.insert(t);
    }
    std::vector<std::string> campaign_keys;
    for (const CampaignData& cd : data.campaigns) campaign_keys.push_back(cd.detail.campaign.id);
    std::string bundle_key = StrCat(StrJoin(campaign_keys, ","), "|", TlpName(options_.tlp),
                                    data.pseudonymized ? "|pseudonymized" : "");
    w_.BeginObject();
    w_.Field("type", "bundle").Field("id", StixId("bundle", bundle_key));
    w_.Key("objects").BeginArray();
    WriteTlpExtensionDefinition(&w_);
    WriteTlpMarking(options_.tlp, &w_);
    Begin("identity", identity_id_, kIdentityTime, kIdentityTime);
    w_.Field("name", options_.producer).Field("identity_class", "system");
    w_.Field("description",
             "sakimori: detection of inauthentic amplification (bots, coordinated networks)");
    End();
    for (const std::string& t : techniques) WriteAttackPattern(t);
    for (const CampaignData& cd : data.campaigns) WriteCampaign(cd);
    w_.EndArray().EndObject();
    return w_.Take() + "\n";
  }

 private:
  void Begin(std::string_view type, const std::string& id, TimeMs created, TimeMs modified) {
    w_.BeginObject();
    w_.Field("type", type).Field("spec_version", "2.1").Field("id", id);
    w_.Field("created", Ts(created)).Field("modified", Ts(std::max(created, modified)));
    w_.Field("created_by_ref", identity_id_);
  }
  void End() {
    w_.Key("object_marking_refs").BeginArray().String(marking_).EndArray();
    w_.EndObject();
  }

  static std::string AttackPatternId(std::string_view technique) {
    return StixId("attack-pattern", StrCat("DISARM:", technique));
  }

  void WriteAttackPattern(const std::string& t) {
    const DisarmTechnique* d = FindDisarmTechnique(t);
    Begin("attack-pattern", AttackPatternId(t), kDisarmTime, kDisarmTime);
    w_.Field("name", d ? d->name : std::string_view(t));
    if (d) {
      w_.Field("description", StrCat(kDisarmFramework, " technique ", d->id, " (tactic ",
                                     d->tactic_id, " ", d->tactic_name, ")"));
    } else {
      w_.Field("description", StrCat("DISARM technique ", t, " (not in ", kDisarmFramework, ")"));
    }
    w_.Key("external_references").BeginArray().BeginObject();
    w_.Field("source_name", "DISARM").Field("external_id", t);
    w_.Field("url", StrCat("https://github.com/DISARMFoundation/DISARMframeworks/blob/main/"
                           "generated_pages/techniques/",
                           t, ".md"));
    w_.EndObject().EndArray();
    End();
  }

  std::string UserAccountId(const AccountRecord& a) const {
    // Contributing properties (STIX 2.1 section 6.17): account_type, user_id, account_login,
    // serialised with sorted keys (RFC 8785 canonical form for these string members).
    JsonWriter j;
    j.BeginObject();
    if (!a.handle.empty()) j.Field("account_login", a.handle);
    j.Field("account_type", StixAccountType(a.platform)).Field("user_id", a.id);
    j.EndObject();
    return StrCat("user-account--", Uuid5(kScoNamespace, j.str()));
  }

  void WriteCampaign(const CampaignData& cd) {
    const CampaignRecord& c = cd.detail.campaign;
    TimeMs modified = c.end;
    for (const ReviewRecord& r : cd.reviews) modified = std::max(modified, r.created_at);
    for (const NoteRecord& n : cd.notes) modified = std::max(modified, n.created_at);
    std::vector<std::string> refs;  // the report's object_refs
    const std::string campaign_id = StixId("campaign", c.id);
    refs.push_back(campaign_id);

    Begin("campaign", campaign_id, c.start, modified);
    w_.Field("name", StrCat("sakimori campaign ", c.id));
    std::string description = c.summary_en;
    if (!c.summary_ja.empty()) {
      description = description.empty() ? c.summary_ja : StrCat(description, "\n\n", c.summary_ja);
    }
    if (!description.empty()) w_.Field("description", description);
    w_.Key("aliases").BeginArray().String(c.id).EndArray();
    w_.Field("first_seen", Ts(c.start)).Field("last_seen", Ts(std::max(c.start, c.end)));
    w_.Field("objective", "amplification of the campaign's target items");
    w_.Field("confidence", static_cast<int64_t>(std::clamp(c.score, 0.0, 1.0) * 100 + 0.5));
    End();

    // Observables: the member accounts the store has records for; members without a record
    // still get an observable with the id only.
    std::map<std::string, AccountRecord> accounts;
    for (const AccountRecord& a : cd.detail.accounts) accounts[a.id] = a;
    for (const std::string& m : c.members) {
      if (!accounts.count(m)) {
        AccountRecord a;
        a.id = m;
        a.platform = "unknown";
        accounts[m] = std::move(a);
      }
    }
    std::vector<std::string> account_ids;
    for (const auto& [id, a] : accounts) {
      std::string sco = UserAccountId(a);
      account_ids.push_back(sco);
      refs.push_back(sco);
      // An account in several campaigns is one object in the bundle.
      if (!written_accounts_.insert(sco).second) continue;
      w_.BeginObject();
      w_.Field("type", "user-account").Field("spec_version", "2.1").Field("id", sco);
      w_.Field("user_id", a.id);
      if (!a.handle.empty()) w_.Field("account_login", a.handle);
      w_.Field("account_type", StixAccountType(a.platform));
      End();
    }

    // Indicators: one per member account, one per url item.
    struct Ind {
      std::string id, name, pattern;
    };
    std::vector<Ind> indicators;
    for (const auto& [id, a] : accounts) {
      indicators.push_back({StixId("indicator", StrCat(c.id, "|account|", a.id)),
                            StrCat("Amplifier account ", a.handle.empty() ? a.id : a.handle),
                            StrCat("[user-account:user_id = ", StixQuote(a.id), "]")});
    }
    std::set<std::string> domains;
    for (const ItemRef& it : c.items) {
      if (it.kind != "url") continue;
      indicators.push_back({StixId("indicator", StrCat(c.id, "|url|", it.id)),
                            StrCat("Amplified URL ", it.id),
                            StrCat("[url:value = ", StixQuote(it.id), "]")});
      std::string host = UrlHost(it.id);
      if (!host.empty() && domains.insert(host).second) {
        indicators.push_back({StixId("indicator", StrCat(c.id, "|domain|", host)),
                              StrCat("Domain of amplified URLs ", host),
                              StrCat("[domain-name:value = ", StixQuote(host), "]")});
      }
    }
    for (const Ind& ind : indicators) {
      refs.push_back(ind.id);
      Begin("indicator", ind.id, c.start, modified);
      w_.Field("name", ind.name);
      w_.Field("description", StrCat("Seen in sakimori campaign ", c.id,
                                     " (coordinated amplification); a signal for review, "
                                     "not proof of inauthenticity"));
      w_.Key("indicator_types").BeginArray().String("anomalous-activity").EndArray();
      w_.Field("pattern", ind.pattern).Field("pattern_type", "stix");
      w_.Field("valid_from", Ts(c.start));
      End();
    }

    // Relationships.
    auto relationship = [&](std::string_view type, const std::string& source,
                            const std::string& target, std::string_view description) {
      std::string id = StixId("relationship", StrCat(type, "|", source, "|", target));
      refs.push_back(id);
      Begin("relationship", id, c.start, modified);
      w_.Field("relationship_type", type);
      if (!description.empty()) w_.Field("description", description);
      w_.Field("source_ref", source).Field("target_ref", target);
      End();
    };
    for (const std::string& t : c.techniques) {
      refs.push_back(AttackPatternId(t));
      relationship("uses", campaign_id, AttackPatternId(t), "");
    }
    for (const Ind& ind : indicators) relationship("indicates", ind.id, campaign_id, "");

    // Observed data over the accounts, and one sighting per indicator.
    const std::string observed_id = StixId("observed-data", c.id);
    refs.push_back(observed_id);
    int64_t observations = std::max<int64_t>(1, static_cast<int64_t>(cd.detail.evidence.size()));
    if (!account_ids.empty()) {
      Begin("observed-data", observed_id, c.start, modified);
      w_.Field("first_observed", Ts(c.start)).Field("last_observed", Ts(std::max(c.start, c.end)));
      w_.Field("number_observed", observations);
      w_.Key("object_refs").BeginArray();
      for (const std::string& id : account_ids) w_.String(id);
      w_.EndArray();
      End();
      for (const Ind& ind : indicators) {
        std::string id = StixId("sighting", StrCat(c.id, "|", ind.id));
        refs.push_back(id);
        Begin("sighting", id, c.start, modified);
        w_.Field("first_seen", Ts(c.start)).Field("last_seen", Ts(std::max(c.start, c.end)));
        w_.Field("sighting_of_ref", ind.id);
        w_.Key("observed_data_refs").BeginArray().String(observed_id).EndArray();
        w_.Key("where_sighted_refs").BeginArray().String(identity_id_).EndArray();
        End();
      }
    } else {
      refs.pop_back();
    }

    // Signals of foreign operation: a note on the campaign, worded as signals.
    std::vector<Signal> signals = ParseSignals(c.signals_json);
    if (!signals.empty() || c.utc_offset_hours) {
      std::string content =
          "Signals (not a verdict or an attribution; each needs analyst review):\n";
      if (c.utc_offset_hours) {
        StrAppend(&content, "- activity rhythm fits UTC", *c.utc_offset_hours >= 0 ? "+" : "",
                  FormatNumber(*c.utc_offset_hours), "\n");
      }
      for (const Signal& s : signals) {
        StrAppend(&content, "- ", s.name);
        if (s.confidence) StrAppend(&content, " (confidence ", FormatNumber(*s.confidence), ")");
        if (!s.detail.empty()) StrAppend(&content, ": ", s.detail);
        for (const auto& [k, v] : s.fields) StrAppend(&content, "; ", k, "=", v);
        content += "\n";
      }
      std::string id = StixId("note", StrCat(c.id, "|signals"));
      refs.push_back(id);
      Begin("note", id, c.start, modified);
      w_.Field("abstract", "Signals of possible foreign operation (signal, not attribution)");
      w_.Field("content", content);
      w_.Key("authors").BeginArray().String(options_.producer).EndArray();
      w_.Key("object_refs").BeginArray().String(campaign_id).EndArray();
      End();
    }

    // Analyst reviews and notes.
    for (const ReviewRecord& r : cd.reviews) {
      std::string id = StixId("note", StrCat(c.id, "|review|", r.id, "|", r.created_at));
      refs.push_back(id);
      Begin("note", id, r.created_at, r.created_at);
      w_.Field("abstract", StrCat("Analyst review: ", DecisionName(r.decision)));
      w_.Field("content", r.note.empty() ? StrCat("Decision: ", DecisionName(r.decision)) : r.note);
      if (!r.user.empty()) w_.Key("authors").BeginArray().String(r.user).EndArray();
      w_.Key("object_refs").BeginArray().String(campaign_id).EndArray();
      End();
    }
    for (const NoteRecord& n : cd.notes) {
      if (n.body.empty()) continue;
      std::string id = StixId("note", StrCat(c.id, "|note|", n.id, "|", n.created_at));
      refs.push_back(id);
      Begin("note", id, n.created_at, n.created_at);
      w_.Field("abstract", "Analyst note");
      w_.Field("content", n.body);
      if (!n.user.empty()) w_.Key("authors").BeginArray().String(n.user).EndArray();
      w_.Key("object_refs").BeginArray().String(campaign_id).EndArray();
      End();
    }

    // The report.
    refs.push_back(identity_id_);
    std::sort(refs.begin(), refs.end());
    refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
    Begin("report", StixId("report", c.id), c.start, modified);
    w_.Field("name", StrCat("sakimori: coordinated amplification campaign ", c.id));
    if (!c.summary_en.empty()) w_.Field("description", c.summary_en);
    w_.Key("report_types").BeginArray().String("campaign").EndArray();
    w_.Field("published", Ts(modified));
    w_.Key("object_refs").BeginArray();
    for (const std::string& r : refs) w_.String(r);
    w_.EndArray();
    End();
  }

  static std::string FormatNumber(double v) {
    JsonWriter j;
    j.Double(v);
    return j.Take();
  }

  const StixOptions& options_;
  JsonWriter w_;
  std::string identity_id_;
  std::string marking_;
  std::set<std::string> written_accounts_;  // user-account ids already in the bundle
};

}  // namespace

std::string StixAccountType(std::string_view platform) {
  if (platform == "x" || platform == "twitter") return "twitter";
  if (platform.empty()) return "unknown";
  return std::string(platform);
}

std::string StixQuote(std::string_view s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'' || ch == '\\') out.push_back('\\');
    out.push_back(ch);
  }
  out.push_back('\'');
  return out;
}

std::string ExportStix(const ReportData& data, const StixOptions& options) {
  Writer w(options);
  return w.Finish(data);
}

}  // namespace sakimori::report
