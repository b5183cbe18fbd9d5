// File: ingest/formats/crowdtangle.cc
#include "ingest/formats/crowdtangle.h"

#include <cstdio>

#include "common/hash.h"
#include "common/strings.h"
#include "ingest/formats/csv_fields.h"

namespace sakimori {
namespace {

using csv_fields::Cell;
using csv_fields::Trim;

class CrowdTangleParser : public CsvRecordParser {
 public:
  Status SetHeader(const CsvHeader& h) override {
    if (h.Find("account.url") >= 0) return SetLinkShareHeader(h);
    links_ = false;
    time_ = h.Find("Post Created");
    date_ = h.Find("Post Created Date");
    clock_ = h.Find("Post Created Time");
    if (time_ < 0 && (date_ < 0 || clock_ < 0)) {
      return absl::InvalidArgumentError(
          "missing column: Post Created (or Post Created Date and Post Created Time)");
    }
    facebook_id_ = h.Find("Facebook Id");
    user_name_ = h.Find("User Name");
    page_name_ = h.Find("Page Name");
    if (facebook_id_ < 0 && user_name_ < 0 && page_name_ < 0) {
      return absl::InvalidArgumentError(
          "missing column: Facebook Id (or User Name or Page Name)");
    }
    platform_ = facebook_id_ >= 0 || page_name_ >= 0 ? Platform::kFacebook : Platform::kInstagram;
    url_ = h.Find("URL");
    link_ = h.Find("Link");
    final_link_ = h.Find("Final Link");
    message_ = h.Find("Message");
    description_ = h.Find("Description");
    page_description_ = h.Find("Page Description");
    country_ = h.Find("Page Admin Top Country");
    page_created_ = h.Find("Page Created");
    followers_ = h.FindAny({"Followers at Posting", "Likes at Posting"});
    followers_name_ = followers_ < 0 ? "" : h.names()[followers_];
    return absl::OkStatus();
  }

  Status Parse(const CsvRow& row, ParseContext& ctx) override {
    return links_ ? ParseLinkShare(row, ctx) : ParseExport(row, ctx);
  }

 private:
  Status SetLinkShareHeader(const CsvHeader& h) {
    links_ = true;
    actor_ = h.Find("account.url");
    time_ = h.Find("date");
    link_ = h.Find("expanded");
    if (time_ < 0) return absl::InvalidArgumentError("missing column: date");
    if (link_ < 0) return absl::InvalidArgumentError("missing column: expanded");
    id_ = h.Find("id");
    post_url_ = h.Find("postUrl");
    message_ = h.Find("message");
    platform_col_ = h.FindAny({"platform", "account.platform"});
    page_name_ = h.Find("account.name");
    user_name_ = h.Find("account.handle");
    followers_ = h.Find("account.subscriberCount");
    followers_name_ = "account.subscriberCount";
    verified_ = h.Find("account.verified");
    return absl::OkStatus();
  }

  Status ParseExport(const CsvRow& row, ParseContext& ctx) {
    std::string_view actor = Trim(Cell(row, facebook_id_));
    if (actor.empty()) actor = Trim(Cell(row, user_name_));
    if (actor.empty()) actor = Trim(Cell(row, page_name_));
    if (actor.empty()) return absl::InvalidArgumentError("missing field: Facebook Id");
    EventBatch& batch = *ctx.batch;
    Event& e = batch.Add();
    if (time_ >= 0) {
      RETURN_IF_ERROR(csv_fields::ParseTime(row[time_], &e.time));
    } else {
      std::string stamp = StrCat(Trim(row[date_]), " ", Trim(row[clock_]));
      RETURN_IF_ERROR(csv_fields::ParseTime(stamp, &e.time));
    }
    e.kind = EventKind::kPost;
    e.platform = ctx.default_platform == Platform::kUnknown ? platform_ : ctx.default_platform;
    e.actor = ctx.dict->accounts.Intern(actor);
    std::string_view text = Cell(row, message_);
    if (Trim(text).empty()) text = Cell(row, description_);
    e.text = batch.Copy(text);

    std::string_view id = Trim(Cell(row, url_));
    std::string derived;
    if (id.empty()) {
      // No post address: the account, the time and a hash of the row identify the post.
      uint64_t h = 0;
      for (std::string_view f : row.fields()) h = Hash64(f, h);
      char hex[17];
      std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
      derived = StrCat(actor, "@", e.time, "#", std::string_view(hex, 16));
      id = derived;
    }
    e.id = batch.Copy(id);
    e.post = ctx.dict->posts.Intern(id);

    items_.clear();
    std::string_view link = Trim(Cell(row, link_));
    std::string_view final_link = Trim(Cell(row, final_link_));
    if (!link.empty()) items_.push_back(link);
    if (!final_link.empty() && final_link != link) items_.push_back(final_link);
    e.urls = batch.CopyList(items_);

    Profile* p = batch.NewProfile();
    p->observed_at = e.time;
    RETURN_IF_ERROR(csv_fields::ParseCount(Cell(row, followers_), followers_name_, &p->followers));
    std::string_view created = Trim(Cell(row, page_created_));
    if (!created.empty()) RETURN_IF_ERROR(csv_fields::ParseTime(created, &p->created_at));
    p->name = batch.Copy(Cell(row, page_name_));
    p->handle = batch.Copy(Trim(Cell(row, user_name_)));
    p->description = batch.Copy(Cell(row, page_description_));
    p->location = batch.Copy(Trim(Cell(row, country_)));
    e.profile = p;
    return absl::OkStatus();
  }

  Status ParseLinkShare(const CsvRow& row, ParseContext& ctx) {
    std::string_view actor = Trim(row[actor_]);
    if (actor.empty()) return absl::InvalidArgumentError("missing field: account.url");
    std::string_view link = Trim(row[link_]);
    if (link.empty()) return absl::InvalidArgumentError("missing field: expanded");
    EventBatch& batch = *ctx.batch;
    Event& e = batch.Add();
    RETURN_IF_ERROR(csv_fields::ParseTime(row[time_], &e.time));
    e.kind = EventKind::kPost;
    std::string_view platform = Trim(Cell(row, platform_col_));
    e.platform = !platform.empty() ? ParsePlatform(Lowered(platform))
                 : ctx.default_platform != Platform::kUnknown ? ctx.default_platform
                                                               : Platform::kFacebook;
    e.actor = ctx.dict->accounts.Intern(actor);
    std::string_view id = Trim(Cell(row, id_));
    if (id.empty()) id = Trim(Cell(row, post_url_));
    if (!id.empty()) {
      e.id = batch.Copy(id);
      e.post = ctx.dict->posts.Intern(id);
    }
    e.text = batch.Copy(Cell(row, message_));
    items_.clear();
    items_.push_back(link);
    e.urls = batch.CopyList(items_);

    Profile* p = batch.NewProfile();
    p->observed_at = e.time;
    RETURN_IF_ERROR(csv_fields::ParseCount(Cell(row, followers_), followers_name_, &p->followers));
    bool verified;
    if (csv_fields::ParseBool(Cell(row, verified_), &verified)) p->verified = verified ? 1 : 0;
    p->name = batch.Copy(Cell(row, page_name_));
    p->handle = batch.Copy(Trim(Cell(row, user_name_)));
    e.profile = p;
    return absl::OkStatus();
  }

  std::string_view Lowered(std::string_view s) {
    lower_.assign(s);
    for (char& c : lower_) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lower_;
  }

  bool links_ = false;
  Platform platform_ = Platform::kFacebook;
  int time_ = -1, date_ = -1, clock_ = -1, facebook_id_ = -1, user_name_ = -1, page_name_ = -1,
      url_ = -1, link_ = -1, final_link_ = -1, message_ = -1, description_ = -1,
      page_description_ = -1, country_ = -1, page_created_ = -1, followers_ = -1, actor_ = -1,
      id_ = -1, post_url_ = -1, platform_col_ = -1, verified_ = -1;
  std::string followers_name_;
  std::vector<std::string_view> items_;
  std::string lower_;
};

}  // namespace

std::unique_ptr<CsvRecordParser> MakeCrowdTangleParser() {
  return std::make_unique<CrowdTangleParser>();
}

}  // namespace sakimori
