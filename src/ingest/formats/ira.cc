// File: ingest/formats/ira.cc
#include "ingest/formats/ira.h"

#include <cstdio>

#include "common/hash.h"
#include "common/strings.h"
#include "ingest/formats/csv_fields.h"

namespace sakimori {
namespace {

using csv_fields::Cell;
using csv_fields::Trim;

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// For "http(s)://(www.|mobile.)twitter.com/HANDLE/status(es)/ID[?...]" sets handle and id.
bool ParseStatusUrl(std::string_view url, std::string_view* handle, std::string_view* id) {
  size_t host = url.find("twitter.com/");
  if (host == std::string_view::npos) return false;
  std::string_view path = url.substr(host + 12);
  size_t slash = path.find('/');
  if (slash == std::string_view::npos || slash == 0) return false;
  *handle = path.substr(0, slash);
  path.remove_prefix(slash + 1);
  if (path.starts_with("statuses/")) {
    path.remove_prefix(9);
  } else if (path.starts_with("status/")) {
    path.remove_prefix(7);
  } else {
    return false;
  }
  *id = path.substr(0, path.find_first_of("?/#"));
  return IsDigits(*id);
}

class IraParser : public CsvRecordParser {
 public:
  Status SetHeader(const CsvHeader& h) override {
    author_ = h.Find("author");
    content_ = h.Find("content");
    time_ = h.Find("publish_date");
    if (author_ < 0) return Missing("author");
    if (content_ < 0) return Missing("content");
    if (time_ < 0) return Missing("publish_date");
    region_ = h.Find("region");
    language_ = h.Find("language");
    following_ = h.Find("following");
    followers_ = h.Find("followers");
    updates_ = h.Find("updates");
    post_type_ = h.Find("post_type");
    retweet_ = h.Find("retweet");
    tweet_id_ = h.Find("tweet_id");
    article_url_ = h.Find("article_url");
    tco_[0] = h.Find("tco1_step1");
    tco_[1] = h.Find("tco2_step1");
    tco_[2] = h.Find("tco3_step1");
    return absl::OkStatus();
  }

  Status Parse(const CsvRow& row, ParseContext& ctx) override {
    std::string_view author = Trim(row[author_]);
    if (author.empty()) return absl::InvalidArgumentError("missing field: author");
    EventBatch& batch = *ctx.batch;
    Event& e = batch.Add();
    std::string_view date = row[time_];
    RETURN_IF_ERROR(csv_fields::ParseTime(date, &e.time));
    e.platform = ctx.default_platform == Platform::kUnknown ? Platform::kX : ctx.default_platform;
    e.actor = ctx.dict->accounts.Intern(Lowered(author));
    std::string_view content = row[content_];
    e.text = batch.Copy(content);
    e.lang = batch.Copy(Trim(Cell(row, language_)));

    // The tweet's own id.
    std::string_view id = Trim(Cell(row, tweet_id_));
    std::string_view url_handle, url_id;
    if (id.empty() && ParseStatusUrl(Cell(row, article_url_), &url_handle, &url_id)) id = url_id;
    std::string derived;
    if (id.empty()) {
      char hex[17];
      std::string key = StrCat(author, "\x1f", date, "\x1f", content);
      std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(Hash64(key)));
      derived = StrCat("ira:", std::string_view(hex, 16));
      id = derived;
    }
    e.id = batch.Copy(id);
    e.post = ctx.dict->posts.Intern(id);

    // Links.
    items_.clear();
    for (int col : tco_) {
      std::string_view u = Trim(Cell(row, col));
      if (!u.empty()) items_.push_back(u);
    }
    e.urls = batch.CopyList(items_);

    // Kind and target.
    std::string_view post_type = Trim(Cell(row, post_type_));
    bool retweet = post_type == "RETWEET" || Trim(Cell(row, retweet_)) == "1";
    std::string_view rt_author, rt_rest;
    if (retweet) {
      e.kind = EventKind::kRepost;
      std::string_view original = content;
      if (csv_fields::SplitRetweetPrefix(content, &rt_author, &rt_rest)) {
        original = rt_rest;
        e.target_account = ctx.dict->accounts.Intern(Lowered(rt_author));
      }
      e.target = ctx.dict->posts.Intern(csv_fields::TextPostId(original));
    } else if (post_type == "QUOTE_TWEET") {
      for (std::string_view u : items_) {
        std::string_view handle, status;
        if (ParseStatusUrl(u, &handle, &status)) {
          e.kind = EventKind::kQuote;
          e.target = ctx.dict->posts.Intern(status);
          e.target_account = ctx.dict->accounts.Intern(Lowered(handle));
          break;
        }
      }
    }

    hashtags_.clear();
    mentions_.clear();
    csv_fields::ExtractTags(content, &hashtags_, &mentions_);
    e.hashtags = batch.CopyList(hashtags_);
    e.mentions = batch.CopyList(mentions_);

    Profile* p = batch.NewProfile();
    p->observed_at = e.time;
    RETURN_IF_ERROR(csv_fields::ParseCount(Cell(row, following_), "following", &p->following));
    RETURN_IF_ERROR(csv_fields::ParseCount(Cell(row, followers_), "followers", &p->followers));
    RETURN_IF_ERROR(csv_fields::ParseCount(Cell(row, updates_), "updates", &p->posts));
    p->handle = batch.Copy(author);
    p->location = batch.Copy(Trim(Cell(row, region_)));
    e.profile = p;
    return absl::OkStatus();
  }

 private:
  static Status Missing(std::string_view col) {
    return absl::InvalidArgumentError(StrCat("missing column: ", col));
  }

  // ASCII lower case of `s` (handles are ASCII), in a buffer valid until the next call.
  std::string_view Lowered(std::string_view s) {
    lower_.assign(s);
    for (char& c : lower_) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lower_;
  }

  int author_ = -1, content_ = -1, time_ = -1, region_ = -1, language_ = -1, following_ = -1,
      followers_ = -1, updates_ = -1, post_type_ = -1, retweet_ = -1, tweet_id_ = -1,
      article_url_ = -1;
  int tco_[3] = {-1, -1, -1};
  std::vector<std::string_view> items_, hashtags_, mentions_;
  std::string lower_;
};

}  // namespace

std::unique_ptr<CsvRecordParser> MakeIraParser() { return std::make_unique<IraParser>(); }

}  // namespace sakimori
