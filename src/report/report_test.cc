// File: report/report_test.cc
// Reports and sharing on the fixture store (test_fixture.h): ids, DISARM table, STIX
// export structure and determinism, pseudonymised exports, MISP, STIX import, the HTML report.
// Schema validation of the STIX bundles runs separately (tests/stix/validate.mjs via ctest).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <map>
#include <set>

#include "common/strings.h"
#include "report/disarm.h"
#include "report/html_report.h"
#include "report/ids.h"
#include "report/layout.h"
#include "report/misp_export.h"
#include "report/network_export.h"
#include "report/pseudonym.h"
#include "report/report_data.h"
#include "report/stix_export.h"
#include "report/stix_import.h"
#include "report/test_fixture.h"
#include "report/tlp.h"
#include "store/store.h"

namespace sakimori::report {
namespace {

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.migrate = true;
    auto s = Store::Open("sqlite::memory:", options);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = *std::move(s);
    ASSERT_TRUE(testing::WriteFixture(*store_).ok());
  }

  ReportData Load(std::optional<std::string> campaign = std::nullopt) {
    Selection sel;
    sel.campaign_id = campaign;
    auto d = LoadReportData(*store_, sel);
    EXPECT_TRUE(d.ok()) << d.status();
    return d.ok() ? *std::move(d) : ReportData{};
  }

  std::unique_ptr<Store> store_;
};

TEST(IdsTest, Uuid5MatchesRfc4122) {
  // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org").
  EXPECT_EQ(Uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org"),
            "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  EXPECT_EQ(StixId("campaign", "c1"), StixId("campaign", "c1"));
  EXPECT_NE(StixId("campaign", "c1"), StixId("campaign", "c2"));
  EXPECT_EQ(StixId("campaign", "c1").substr(0, 10), "campaign--");
}

TEST(DisarmTest, TableIsV16) {
  EXPECT_EQ(DisarmTechniqueCount(), 391);
  const DisarmTechnique* t = FindDisarmTechnique("T0049.003");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->name, "Bots Amplify via Automated Forwarding and Reposting");
  EXPECT_EQ(t->tactic_id, "TA17");
  EXPECT_EQ(t->misp_uuid, "78bd9a95-4aa4-5595-90de-839c65ff6542");
  ASSERT_NE(FindDisarmTechnique("T0146.007"), nullptr);
  EXPECT_TRUE(FindDisarmTechnique("T0146.007")->misp_uuid.empty());  // not in galaxy v1.4
  EXPECT_EQ(FindDisarmTechnique("T0090.003"), nullptr);              // removed in v1.6
}

TEST(PseudonymTest, KeyedAndStable) {
  auto p = Pseudonymizer::FromKey("0123456789abcdef-secret");
  auto q = Pseudonymizer::FromKey("another key of 16+ bytes");
  ASSERT_TRUE(p.ok() && q.ok());
  EXPECT_EQ(p->Pseudonym("account", "acc01"), p->Pseudonym("account", "acc01"));
  EXPECT_NE(p->Pseudonym("account", "acc01"), q->Pseudonym("account", "acc01"));
  EXPECT_NE(p->Pseudonym("account", "acc01"), p->Pseudonym("handle", "acc01"));
  EXPECT_EQ(p->Pseudonym("account", "acc01").size(), 26u);
  EXPECT_EQ(p->Pseudonym("account", "acc01").substr(0, 2), "a_");
  EXPECT_TRUE(absl::IsInvalidArgument(Pseudonymizer::FromKey("short").status()));
}

TEST(PatternTest, SupportedAndRejectedPatterns) {
  auto v = ParseIndicatorPattern(
      "[user-account:user_id = 'acc01' OR user-account:account_login = 'o\\'neil']");
  ASSERT_TRUE(v.ok()) << v.status();
  ASSERT_EQ(v->size(), 2u);
  EXPECT_EQ((*v)[0].type, IndicatorType::kAccountId);
  EXPECT_EQ((*v)[1].value, "o'neil");
  auto q = ParseIndicatorPattern(
      "[user-account:account_type = 'twitter' AND user-account:user_id = '42']");
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ((*q)[0].value, "42");
  EXPECT_TRUE(ParseIndicatorPattern("[domain-name:value = 'x.example'] OR [url:value = 'u']").ok());
  EXPECT_FALSE(ParseIndicatorPattern("[ipv4-addr:value = '1.2.3.4']").ok());
  EXPECT_FALSE(ParseIndicatorPattern("[url:value LIKE '%x%']").ok());
  EXPECT_FALSE(ParseIndicatorPattern("[url:value = 'a' AND domain-name:value = 'b']").ok());
  EXPECT_FALSE(ParseIndicatorPattern("[url:value = 'unterminated]").ok());
  EXPECT_EQ(StixQuote("a'b\\c"), "'a\\'b\\\\c'");
}

TEST(LayoutTest, DeterministicAndInsideTheCanvas) {
  std::vector<LayoutEdge> edges = {{0, 1, 1}, {1, 2, 2}, {2, 0, 1}, {3, 4, 1}};
  auto a = ForceLayout(6, edges, 700, 400);
  auto b = ForceLayout(6, edges, 700, 400);
  ASSERT_EQ(a.size(), 6u);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].x, b[i].x);
    EXPECT_EQ(a[i].y, b[i].y);
    EXPECT_GE(a[i].x, 0);
    EXPECT_LE(a[i].x, 700);
    EXPECT_GE(a[i].y, 0);
    EXPECT_LE(a[i].y, 400);
  }
  // Connected nodes end up closer than the isolated node 5 is to node 0, on average.
  auto dist = [&](int i, int j) { return std::hypot(a[i].x - a[j].x, a[i].y - a[j].y); };
  EXPECT_LT((dist(0, 1) + dist(1, 2)) / 2, dist(0, 5));
}

TEST_F(ReportTest, LoadsTheSelection) {
  ReportData all = Load();
  ASSERT_EQ(all.campaigns.size(), 2u);
  EXPECT_EQ(all.campaigns[0].detail.campaign.id, testing::kBurstCampaign);  // higher score
  EXPECT_EQ(all.campaigns[0].detail.accounts.size(), 18u);
  EXPECT_EQ(all.campaigns[1].detail.accounts.size(), 12u);
  EXPECT_EQ(all.campaigns[0].reviews.size(), 1u);
  EXPECT_EQ(all.campaigns[0].notes.size(), 1u);
  ASSERT_TRUE(all.latest_run.has_value());
  Selection late;
  late.since = all.campaigns[0].detail.campaign.end + 1;
  EXPECT_TRUE(LoadReportData(*store_, late)->campaigns.empty());
  Selection missing;
  missing.campaign_id = "nope";
  EXPECT_TRUE(absl::IsNotFound(LoadReportData(*store_, missing).status()));
}

TEST_F(ReportTest, StixBundleHasTheMappedObjects) {
  ReportData data = Load();
  StixOptions options;
  options.tlp = Tlp::kAmberStrict;
  std::string json = ExportStix(data, options);
  EXPECT_EQ(json, ExportStix(Load(), options));  // same data, same bytes

  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(json);
  std::map<std::string, int> types;
  std::set<std::string> ids;
  std::string marking(TlpMarkingId(Tlp::kAmberStrict));
  std::set<std::string> account_types, external_ids, relationship_types;
  for (simdjson::dom::element o : root["objects"].get_array()) {
    std::string type(o["type"].get_string().value());
    ++types[type];
    EXPECT_TRUE(ids.insert(std::string(o["id"].get_string().value())).second);
    if (type == "marking-definition" || type == "extension-definition") continue;
    simdjson::dom::array marks = o["object_marking_refs"].get_array();
    ASSERT_EQ(marks.size(), 1u);
    EXPECT_EQ(std::string(marks.at(0).get_string().value()), marking);
    if (type == "user-account")
      account_types.insert(std::string(o["account_type"].get_string().value()));
    if (type == "attack-pattern") {
      auto ref = o["external_references"].at(0);
      EXPECT_EQ(std::string(ref["source_name"].get_string().value()), "DISARM");
      external_ids.insert(std::string(ref["external_id"].get_string().value()));
    }
    if (type == "relationship") {
      relationship_types.insert(std::string(o["relationship_type"].get_string().value()));
    }
  }
  EXPECT_EQ(types["marking-definition"], 1);
  EXPECT_EQ(types["identity"], 1);
  EXPECT_EQ(types["campaign"], 2);
  EXPECT_EQ(types["user-account"], 30);
  EXPECT_EQ(types["indicator"], 32);  // 30 accounts + 1 url + its domain
  EXPECT_EQ(types["attack-pattern"], 5);
  EXPECT_EQ(types["observed-data"], 2);
  EXPECT_EQ(types["sighting"], 32);
  EXPECT_NE(json.find(R"([domain-name:value = 'example-news.jp'])"), std::string::npos);
  EXPECT_NE(json.find(R"([url:value = 'https://example-news.jp/a/123?ref=share&x=\\'1\\''])"),
            std::string::npos);
  EXPECT_EQ(types["note"], 3);  // signals, review, note
  EXPECT_EQ(types["report"], 2);
  EXPECT_EQ(account_types, (std::set<std::string>{"twitter"}));
  EXPECT_EQ(external_ids,
            (std::set<std::string>{"T0049.003", "T0146.007", "T0049.002", "T0084.001", "T0119"}));
  // Foreign-operation signals are a note, never an attribution.
  EXPECT_EQ(relationship_types, (std::set<std::string>{"uses", "indicates"}));
  EXPECT_EQ(json.find("attributed-to"), std::string::npos);
  EXPECT_NE(json.find("signal, not attribution"), std::string::npos);

  // Re-exporting one campaign gives the same object ids as in the full export.
  std::string one = ExportStix(Load(std::string(testing::kBurstCampaign)), options);
  std::string campaign_id = StixId("campaign", testing::kBurstCampaign);
  EXPECT_NE(one.find(campaign_id), std::string::npos);
  EXPECT_NE(json.find(campaign_id), std::string::npos);
}

TEST_F(ReportTest, PseudonymisedExportsHideIdsHandlesAndTexts) {
  auto p = Pseudonymizer::FromKey("research-key-2026-07-elections");
  ASSERT_TRUE(p.ok());
  auto exports = [&](const Pseudonymizer& pz, bool keep_text) {
    ReportData data = Load();
    Pseudonymize(pz, keep_text, &data);
    return std::vector<std::string>{ExportNetworkCsv(data), ExportNetworkGraphMl(data),
                                    ExportStix(data, {}), *ExportMisp(data, {}),
                                    RenderHtmlReport(data, {})};
  };
  std::vector<std::string> first = exports(*p, false);
  EXPECT_EQ(first, exports(*p, false));  // same key, same pseudonyms
  for (const std::string& out : first) {
    for (const std::string& id : testing::FixtureAccountIds()) {
      EXPECT_EQ(out.find(id), std::string::npos) << id;
    }
    for (const std::string& h : testing::FixtureHandles()) {
      EXPECT_EQ(out.find(h), std::string::npos) << h;
    }
    for (const std::string& t : testing::FixtureTexts()) {
      EXPECT_EQ(out.find(t), std::string::npos) << t;
    }
    EXPECT_EQ(out.find("p-1001"), std::string::npos);  // post ids too
    EXPECT_EQ(out.find("analyst_tanaka"), std::string::npos);
  }
  EXPECT_NE(first[0].find(p->Pseudonym("account", "acc01")), std::string::npos);
  auto other = Pseudonymizer::FromKey("a different research key");
  EXPECT_NE(exports(*other, false)[0], first[0]);
  // --keep-text keeps the texts but still hides ids.
  std::string kept = exports(*p, true)[0];
  EXPECT_NE(kept.find(testing::FixtureTexts()[0]), std::string::npos);
  EXPECT_EQ(kept.find("acc01"), std::string::npos);
}

TEST_F(ReportTest, NetworkCsvHasOneRowPerEvidence) {
  ReportData data = Load();
  size_t evidence = 0, edges = 0;
  for (const CampaignData& cd : data.campaigns) {
    evidence += cd.detail.evidence.size();
    edges += cd.detail.edges.size();
  }
  std::string csv = ExportNetworkCsv(data);
  EXPECT_EQ(static_cast<size_t>(std::count(csv.begin(), csv.end(), '\n')), evidence + 1);
  std::string graphml = ExportNetworkGraphMl(data);
  size_t edge_tags = 0;
  for (size_t pos = 0; (pos = graphml.find("<edge ", pos)) != std::string::npos; ++pos) ++edge_tags;
  EXPECT_EQ(edge_tags, edges);
  EXPECT_EQ(edges, 18u + 13u + 12u + 9u);  // two rings plus chords
}

TEST_F(ReportTest, MispEventTagsDisarmAndTlp) {
  auto json = ExportMisp(Load(std::string(testing::kBurstCampaign)), {.tlp = Tlp::kGreen});
  ASSERT_TRUE(json.ok());
  EXPECT_NE(json->find("\"tlp:green\""), std::string::npos);
  EXPECT_NE(
      json->find(
          R"(misp-galaxy:disarm-techniques=\"Bots Amplify via Automated Forwarding and Reposting\")"),
      std::string::npos);
  EXPECT_NE(json->find("78bd9a95-4aa4-5595-90de-839c65ff6542"), std::string::npos);
  // T0146.007 is newer than the galaxy: listed as a text attribute.
  EXPECT_NE(json->find("\"T0146.007\""), std::string::npos);
  EXPECT_EQ(*json, *ExportMisp(Load(std::string(testing::kBurstCampaign)), {.tlp = Tlp::kGreen}));
  EXPECT_TRUE(absl::IsInvalidArgument(ExportMisp(ReportData{}, {}).status()));
}

TEST_F(ReportTest, ImportedIndicatorsBecomeExactlyTheWatchList) {
  const std::string bundle =
      R"({"type":"bundle","id":"bundle--0d0a5b8e-9a4c-4c3b-8f0e-1d2c3b4a5f60","objects":[
    {"type":"identity","spec_version":"2.1","id":"identity--11111111-1111-4111-8111-111111111111","created":"2026-07-01T00:00:00Z","modified":"2026-07-01T00:00:00Z","name":"Partner CERT"},
    {"type":"indicator","spec_version":"2.1","id":"indicator--22222222-2222-4222-8222-222222222222","created":"2026-07-02T00:00:00Z","modified":"2026-07-02T00:00:00Z","created_by_ref":"identity--11111111-1111-4111-8111-111111111111","pattern":"[user-account:user_id = 'acc03'] OR [user-account:user_id = 'acc07']","pattern_type":"stix","valid_from":"2026-07-02T00:00:00Z","object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]},
    {"type":"indicator","spec_version":"2.1","id":"indicator--33333333-3333-4333-8333-333333333333","created":"2026-07-02T00:00:00Z","modified":"2026-07-02T00:00:00Z","created_by_ref":"identity--11111111-1111-4111-8111-111111111111","pattern":"[user-account:account_login = 'yamato_voice21']","pattern_type":"stix","valid_from":"2026-07-02T00:00:00Z","object_marking_refs":["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"]},
    {"type":"indicator","spec_version":"2.1","id":"indicator--44444444-4444-4444-8444-444444444444","created":"2026-07-02T00:00:00Z","modified":"2026-07-02T00:00:00Z","pattern":"[ipv4-addr:value = '198.51.100.7']","pattern_type":"stix","valid_from":"2026-07-02T00:00:00Z"},
    {"type":"indicator","spec_version":"2.1","id":"indicator--55555555-5555-4555-8555-555555555555","created":"2026-07-02T00:00:00Z","modified":"2026-07-02T00:00:00Z","pattern":"alert tcp any any","pattern_type":"snort","valid_from":"2026-07-02T00:00:00Z"}
  ]})";
  auto result = ImportStixIndicators(bundle);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->objects, 5);
  EXPECT_EQ(result->stix_indicators, 4);
  EXPECT_EQ(result->accepted, 2);
  EXPECT_EQ(result->rejected.size(), 2u);
  EXPECT_EQ(result->rejected["unsupported object path ipv4-addr:value"], 1);
  EXPECT_EQ(result->rejected["pattern_type 'snort' not supported"], 1);
  ASSERT_TRUE(store_->PutIndicators(result->indicators).ok());
  auto list = store_->ListIndicators();
  ASSERT_TRUE(list.ok());
  std::set<std::string> got;
  for (const IndicatorRecord& r : *list) {
    got.insert(StrCat(IndicatorTypeName(r.type), ":", r.value, "|", r.source, "|", TlpName(r.tlp)));
  }
  EXPECT_EQ(got, (std::set<std::string>{"account_id:acc03|Partner CERT|green",
                                        "account_id:acc07|Partner CERT|green",
                                        "handle:yamato_voice21|Partner CERT|red"}));
  EXPECT_FALSE(ImportStixIndicators("{not json").ok());
  EXPECT_FALSE(ImportStixIndicators(R"({"type":"campaign"})").ok());
}

TEST_F(ReportTest, OwnStixExportImportsAsTheCampaignMembers) {
  std::string json = ExportStix(Load(std::string(testing::kCopyCampaign)), {.tlp = Tlp::kGreen});
  auto result = ImportStixIndicators(json);
  ASSERT_TRUE(result.ok());
  std::set<std::string> got;
  for (const IndicatorRecord& r : result->indicators) {
    EXPECT_EQ(r.type, IndicatorType::kAccountId);
    EXPECT_EQ(r.source, "sakimori");
    EXPECT_EQ(r.tlp, Tlp::kGreen);
    got.insert(r.value);
  }
  std::vector<std::string> ids = testing::FixtureAccountIds();
  EXPECT_EQ(got, std::set<std::string>(ids.begin() + 18, ids.end()));
  EXPECT_TRUE(result->rejected.empty());
}

TEST_F(ReportTest, HtmlReportIsSelfContainedEscapedAndBilingual) {
  ReportData data = Load();
  std::string en = RenderHtmlReport(data, {});
  std::string ja = RenderHtmlReport(data, {.lang = Lang::kJa});
  EXPECT_EQ(en, RenderHtmlReport(Load(), {}));
  EXPECT_NE(ja.find("<html lang=\"ja\">"), std::string::npos);
  EXPECT_NE(ja.find("国外からの工作を示すシグナル"), std::string::npos);
  EXPECT_NE(ja.find("18アカウントが投稿"), std::string::npos);  // the Japanese summary
  EXPECT_NE(en.find("Signals of foreign operation"), std::string::npos);
  EXPECT_NE(en.find("Bots Amplify via Automated Forwarding and Reposting"), std::string::npos);
  for (const std::string& html : {en, ja}) {
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find(" src="), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
    EXPECT_EQ(html.find("url("), std::string::npos);
    // The review note's markup is escaped, not interpreted.
    EXPECT_EQ(html.find("<b>要追跡</b>"), std::string::npos);
    EXPECT_NE(html.find("&lt;b&gt;要追跡&lt;/b&gt; &amp; &quot;partner&quot;"), std::string::npos);
    // One reach chart, and per campaign a timeline, an hour histogram and a network.
    size_t svgs = 0;
    for (size_t pos = 0; (pos = html.find("<svg", pos)) != std::string::npos; ++pos) ++svgs;
    EXPECT_EQ(svgs, 1u + 2u * 3u);
    size_t circles = 0;
    for (size_t pos = 0; (pos = html.find("<circle", pos)) != std::string::npos; ++pos) ++circles;
    EXPECT_EQ(circles, 30u);
  }
  EXPECT_NE(en.find("UTC+3.0"), std::string::npos);
  EXPECT_NE(en.find("0.72"), std::string::npos);  // the signal's confidence
}

}  // namespace
}  // namespace sakimori::report
