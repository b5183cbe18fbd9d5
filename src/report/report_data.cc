// File: report/report_data.cc
// Store reads for reports and exports, and pseudonymisation of the loaded data.
#include "report/report_data.h"

#include <algorithm>

#include "common/strings.h"

namespace sakimori::report {
namespace {

constexpr int kMaxCampaigns = 100000;

bool IsPostAction(std::string_view action) {
  return action == "repost" || action == "like" || action == "reply" || action == "quote";
}

}  // namespace

StatusOr<ReportData> LoadReportData(Store& store, const Selection& selection) {
  std::vector<CampaignRecord> chosen;
  if (selection.campaign_id) {
    ASSIGN_OR_RETURN(CampaignRecord c, store.GetCampaign(*selection.campaign_id));
    chosen.push_back(std::move(c));
  } else {
    ASSIGN_OR_RETURN(chosen, store.ListCampaigns(kMaxCampaigns));
    std::erase_if(chosen, [&](const CampaignRecord& c) {
      if (selection.since && c.end < *selection.since) return true;
      if (selection.until && c.start > *selection.until) return true;
      return false;
    });
  }
  ReportData data;
  for (const CampaignRecord& c : chosen) {
    CampaignData cd;
    ASSIGN_OR_RETURN(cd.detail, store.GetCampaignDetail(c.id, selection.evidence_limit));
    ASSIGN_OR_RETURN(cd.reviews, store.ListReviews("campaign", c.id));
    ASSIGN_OR_RETURN(cd.notes, store.ListNotes("campaign", c.id));
    if (data.campaigns.empty() || c.start < data.first_time) data.first_time = c.start;
    if (data.campaigns.empty() || c.end > data.last_time) data.last_time = c.end;
    data.campaigns.push_back(std::move(cd));
  }
  ASSIGN_OR_RETURN(std::vector<RunRecord> runs, store.ListRuns(1));
  if (!runs.empty()) data.latest_run = std::move(runs[0]);
  return data;
}

void Pseudonymize(const Pseudonymizer& p, bool keep_text, ReportData* data) {
  auto account = [&](std::string* id) {
    if (!id->empty()) *id = p.Pseudonym("account", *id);
  };
  for (CampaignData& cd : data->campaigns) {
    CampaignRecord& c = cd.detail.campaign;
    for (std::string& m : c.members) account(&m);
    std::sort(c.members.begin(), c.members.end());
    for (ItemRef& it : c.items) {
      if (it.kind == "post") it.id = p.Pseudonym("post", it.id);
    }
    std::sort(c.items.begin(), c.items.end());
    for (ItemRecord& it : cd.detail.items) {
      if (it.kind == "post") it.id = p.Pseudonym("post", it.id);
    }
    for (AccountRecord& a : cd.detail.accounts) {
      account(&a.id);
      if (!a.handle.empty()) a.handle = p.Pseudonym("handle", a.handle);
    }
    std::sort(cd.detail.accounts.begin(), cd.detail.accounts.end(),
              [](const AccountRecord& x, const AccountRecord& y) { return x.id < y.id; });
    for (EdgeRecord& e : cd.detail.edges) {
      account(&e.a);
      account(&e.b);
      if (e.b < e.a) {
        std::swap(e.a, e.b);
        std::swap(e.a_leads, e.b_leads);
      }
    }
    for (EvidenceRecord& ev : cd.detail.evidence) {
      account(&ev.a);
      account(&ev.b);
      if (ev.b < ev.a) {
        std::swap(ev.a, ev.b);
        std::swap(ev.time_a, ev.time_b);
        std::swap(ev.content_a, ev.content_b);
      }
      if (IsPostAction(ev.action)) ev.object = p.Pseudonym("post", ev.object);
      if (keep_text) {
        if (IsPostAction(ev.action)) {
          if (!ev.content_a.empty()) ev.content_a = p.Pseudonym("post", ev.content_a);
          if (!ev.content_b.empty()) ev.content_b = p.Pseudonym("post", ev.content_b);
        }
      } else {
        ev.content_a.clear();
        ev.content_b.clear();
      }
    }
    std::sort(cd.detail.evidence.begin(), cd.detail.evidence.end(),
              [](const EvidenceRecord& x, const EvidenceRecord& y) {
                return std::tie(x.a, x.b, x.time_a, x.id) < std::tie(y.a, y.b, y.time_a, y.id);
              });
    if (!keep_text) {
      c.summary_en.clear();
      c.summary_ja.clear();
      for (ReviewRecord& r : cd.reviews) {
        r.note.clear();
        r.user.clear();
      }
      cd.notes.clear();
    } else {
      for (ReviewRecord& r : cd.reviews) r.user = p.Pseudonym("user", r.user);
      for (NoteRecord& n : cd.notes) n.user = p.Pseudonym("user", n.user);
    }
  }
  data->pseudonymized = true;
}

}  // namespace sakimori::report
