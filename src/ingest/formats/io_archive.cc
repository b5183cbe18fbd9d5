// File: ingest/formats/io_archive.cc
#include "ingest/formats/io_archive.h"

#include "common/strings.h"
#include "ingest/formats/csv_fields.h"

namespace sakimori {
namespace {

using csv_fields::Cell;

class IoArchiveParser : public CsvRecordParser {
 public:
  Status SetHeader(const CsvHeader& h) override {
    tweetid_ = h.Find("tweetid");
    userid_ = h.Find("userid");
    time_ = h.Find("tweet_time");
    if (tweetid_ < 0) return Missing("tweetid");
    if (userid_ < 0) return Missing("userid");
    if (time_ < 0) return Missing("tweet_time");
    name_ = h.Find("user_display_name");
    handle_ = h.Find("user_screen_name");
    location_ = h.Find("user_reported_location");
    description_ = h.Find("user_profile_description");
    followers_ = h.Find("follower_count");
    following_ = h.Find("following_count");
    created_ = h.Find("account_creation_date");
    account_lang_ = h.Find("account_language");
    lang_ = h.Find("tweet_language");
    text_ = h.Find("tweet_text");
    client_ = h.Find("tweet_client_name");
    reply_user_ = h.Find("in_reply_to_userid");
    reply_tweet_ = h.Find("in_reply_to_tweetid");
    quoted_tweet_ = h.Find("quoted_tweet_tweetid");
    is_retweet_ = h.Find("is_retweet");
    retweet_user_ = h.Find("retweet_userid");
    retweet_tweet_ = h.Find("retweet_tweetid");
    hashtags_ = h.Find("hashtags");
    urls_ = h.Find("urls");
    mentions_ = h.Find("user_mentions");
    return absl::OkStatus();
  }

  Status Parse(const CsvRow& row, ParseContext& ctx) override {
    std::string_view tweetid = csv_fields::Trim(row[tweetid_]);
    std::string_view userid = csv_fields::Trim(row[userid_]);
    if (tweetid.empty()) return absl::InvalidArgumentError("missing field: tweetid");
    if (userid.empty()) return absl::InvalidArgumentError("missing field: userid");
    EventBatch& batch = *ctx.batch;
    Event& e = batch.Add();
    RETURN_IF_ERROR(csv_fields::ParseTime(row[time_], &e.time));
    e.platform = ctx.default_platform == Platform::kUnknown ? Platform::kX : ctx.default_platform;
    e.actor = ctx.dict->accounts.Intern(userid);
    e.id = batch.Copy(tweetid);
    e.post = ctx.dict->posts.Intern(tweetid);
    std::string_view text = Cell(row, text_);
    e.text = batch.Copy(text);
    e.lang = batch.Copy(csv_fields::Trim(Cell(row, lang_)));
    e.client = batch.Copy(Cell(row, client_));

    bool retweet = false;
    std::string_view flag = Cell(row, is_retweet_);
    if (!csv_fields::Trim(flag).empty() && !csv_fields::ParseBool(flag, &retweet)) {
      return absl::InvalidArgumentError(
          StrCat("invalid field: is_retweet='", flag.substr(0, 16), "'"));
    }
    std::string_view reply_tweet = csv_fields::Trim(Cell(row, reply_tweet_));
    std::string_view quoted = csv_fields::Trim(Cell(row, quoted_tweet_));
    if (retweet) {
      e.kind = EventKind::kRepost;
      std::string_view target = csv_fields::Trim(Cell(row, retweet_tweet_));
      std::string_view target_user = csv_fields::Trim(Cell(row, retweet_user_));
      std::string_view rt_author, rt_rest;
      if (target.empty()) {
        // Some archive rows flag a retweet without its id: identify it by its text.
        bool has_prefix = csv_fields::SplitRetweetPrefix(text, &rt_author, &rt_rest);
        if (!has_prefix) return absl::InvalidArgumentError("missing field: retweet_tweetid");
        scratch_ = csv_fields::TextPostId(rt_rest);
        target = scratch_;
      }
      e.target = ctx.dict->posts.Intern(target);
      if (!target_user.empty()) e.target_account = ctx.dict->accounts.Intern(target_user);
    } else if (!reply_tweet.empty()) {
      e.kind = EventKind::kReply;
      e.target = ctx.dict->posts.Intern(reply_tweet);
      std::string_view reply_user = csv_fields::Trim(Cell(row, reply_user_));
      if (!reply_user.empty()) e.target_account = ctx.dict->accounts.Intern(reply_user);
    } else if (!quoted.empty()) {
      e.kind = EventKind::kQuote;
      e.target = ctx.dict->posts.Intern(quoted);
    } else {
      e.kind = EventKind::kPost;
    }

    e.hashtags = List(row, hashtags_, batch);
    e.urls = List(row, urls_, batch);
    e.mentions = List(row, mentions_, batch);

    Profile* p = batch.NewProfile();
    p->observed_at = e.time;
    RETURN_IF_ERROR(csv_fields::ParseCount(Cell(row, followers_), "follower_count", &p->followers));
    RETURN_IF_ERROR(
        csv_fields::ParseCount(Cell(row, following_), "following_count", &p->following));
    std::string_view created = csv_fields::Trim(Cell(row, created_));
    if (!created.empty()) RETURN_IF_ERROR(csv_fields::ParseTime(created, &p->created_at));
    p->handle = batch.Copy(csv_fields::Trim(Cell(row, handle_)));
    p->name = batch.Copy(Cell(row, name_));
    p->description = batch.Copy(Cell(row, description_));
    p->location = batch.Copy(Cell(row, location_));
    p->lang = batch.Copy(csv_fields::Trim(Cell(row, account_lang_)));
    e.profile = p;
    return absl::OkStatus();
  }

 private:
  static Status Missing(std::string_view col) {
    return absl::InvalidArgumentError(StrCat("missing column: ", col));
  }

  StringList List(const CsvRow& row, int col, EventBatch& batch) {
    items_.clear();
    csv_fields::SplitList(Cell(row, col), ',', &items_);
    return batch.CopyList(items_);
  }

  int tweetid_ = -1, userid_ = -1, time_ = -1, name_ = -1, handle_ = -1, location_ = -1,
      description_ = -1, followers_ = -1, following_ = -1, created_ = -1, account_lang_ = -1,
      lang_ = -1, text_ = -1, client_ = -1, reply_user_ = -1, reply_tweet_ = -1,
      quoted_tweet_ = -1, is_retweet_ = -1, retweet_user_ = -1, retweet_tweet_ = -1,
      hashtags_ = -1, urls_ = -1, mentions_ = -1;
  std::vector<std::string_view> items_;
  std::string scratch_;
};

}  // namespace

std::unique_ptr<CsvRecordParser> MakeIoArchiveParser() {
  return std::make_unique<IoArchiveParser>();
}

}  // namespace sakimori
