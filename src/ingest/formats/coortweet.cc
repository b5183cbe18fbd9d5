// File: ingest/formats/coortweet.cc
#include "ingest/formats/coortweet.h"

#include "common/strings.h"

namespace sakimori {
namespace {

Status Missing(std::string_view col) {
  return absl::InvalidArgumentError(StrCat("missing column: ", col));
}

// Sets event `index`'s `field` to the id of `key` in `interner`: deferred to the end of the
// batch when the context collects requests (the key is then copied into the batch, unless
// `key_in_batch` says it already lives there), else at once.
void InternField(ParseContext& ctx, Interner& interner, uint32_t index, PendingIds::Field field,
                 std::string_view key, bool key_in_batch, uint32_t* id) {
  if (ctx.pending != nullptr) {
    ctx.pending->Add(index, field, key_in_batch ? key : ctx.batch->Copy(key));
  } else {
    *id = interner.Intern(key);
  }
}

Status ParseTime(std::string_view s, TimeMs* t) {
  if (!ParseAnyTime(s, t)) {
    return absl::InvalidArgumentError(StrCat("invalid time: '", s.substr(0, 64), "'"));
  }
  return absl::OkStatus();
}

class CoortweetParser : public CsvRecordParser {
 public:
  Status SetHeader(const CsvHeader& h) override {
    object_ = h.Find("object_id");
    account_ = h.Find("account_id");
    content_ = h.Find("content_id");
    time_ = h.Find("timestamp_share");
    if (object_ < 0) return Missing("object_id");
    if (account_ < 0) return Missing("account_id");
    if (content_ < 0) return Missing("content_id");
    if (time_ < 0) return Missing("timestamp_share");
    return absl::OkStatus();
  }

  Status Parse(const CsvRow& row, ParseContext& ctx) override {
    std::string_view object = row[object_], account = row[account_], content = row[content_];
    if (object.empty()) return absl::InvalidArgumentError("missing field: object_id");
    if (account.empty()) return absl::InvalidArgumentError("missing field: account_id");
    if (content.empty()) return absl::InvalidArgumentError("missing field: content_id");
    Event& e = ctx.batch->Add();
    RETURN_IF_ERROR(ParseTime(row[time_], &e.time));
    e.kind = EventKind::kRepost;
    e.platform = ctx.default_platform;
    const uint32_t index = static_cast<uint32_t>(ctx.batch->size() - 1);
    e.id = ctx.batch->Copy(content);
    InternField(ctx, ctx.dict->accounts, index, PendingIds::Field::kActor, account, false,
                &e.actor);
    InternField(ctx, ctx.dict->posts, index, PendingIds::Field::kPost, e.id, true, &e.post);
    InternField(ctx, ctx.dict->posts, index, PendingIds::Field::kTarget, object, false, &e.target);
    return absl::OkStatus();
  }

 private:
  int object_ = -1, account_ = -1, content_ = -1, time_ = -1;
};

class CoortweetMultiParser : public CsvRecordParser {
 public:
  Status SetHeader(const CsvHeader& h) override {
    account_ = h.Find("account_id");
    post_ = h.Find("post_id");
    time_ = h.Find("timestamp");
    url_ = h.Find("url_id");
    hashtag_ = h.Find("hashtag_id");
    domain_ = h.Find("domain_id");
    phash_ = h.Find("phash_id");
    if (account_ < 0) return Missing("account_id");
    if (post_ < 0) return Missing("post_id");
    if (time_ < 0) return Missing("timestamp");
    return absl::OkStatus();
  }

  // One event per row: the row's objects become the post's URL, domain, hashtag and media
  // hash. Rows of the same post stay separate events with the same id, so every object
  // keeps its own share time.
  Status Parse(const CsvRow& row, ParseContext& ctx) override {
    std::string_view account = row[account_], post = row[post_];
    if (account.empty()) return absl::InvalidArgumentError("missing field: account_id");
    TimeMs time;
    RETURN_IF_ERROR(ParseTime(row[time_], &time));
    const EventLists& lists = ctx.options->lists;
    if (ctx.options->skip_rows_without_lists && !HasSelectedObject(row, lists)) {
      ctx.Skip("row without a selected object");
      return absl::OkStatus();
    }
    EventBatch& batch = *ctx.batch;
    Event& e = batch.Add();
    e.time = time;
    e.kind = EventKind::kPost;
    Platform p = ctx.default_platform;
    if (account.starts_with("fb_")) p = Platform::kFacebook;
    if (account.starts_with("tw_")) p = Platform::kX;
    e.platform = p;
    const uint32_t index = static_cast<uint32_t>(batch.size() - 1);
    InternField(ctx, ctx.dict->accounts, index, PendingIds::Field::kActor, account, false,
                &e.actor);
    if (!post.empty()) {  // a few upstream rows have neither post id nor objects
      e.id = batch.Copy(post);
      InternField(ctx, ctx.dict->posts, index, PendingIds::Field::kPost, e.id, true, &e.post);
    }
    // One list of at most one item per object column, and only the lists the caller reads.
    if (lists.urls && url_ >= 0 && !row[url_].empty()) e.urls = batch.CopyOne(row[url_]);
    if (lists.hashtags && hashtag_ >= 0 && !row[hashtag_].empty()) {
      e.hashtags = batch.CopyOne(row[hashtag_]);
    }
    if (lists.media && phash_ >= 0 && !row[phash_].empty()) e.media = batch.CopyOne(row[phash_]);
    if (lists.domains && domain_ >= 0 && !row[domain_].empty()) {
      e.domains = batch.CopyOne(row[domain_]);
    }
    return absl::OkStatus();
  }

 private:
  // Whether the row has a value in a column of a list in `lists`.
  bool HasSelectedObject(const CsvRow& row, const EventLists& lists) const {
    auto has = [&row](int column) { return column >= 0 && !row[column].empty(); };
    return (lists.urls && has(url_)) || (lists.hashtags && has(hashtag_)) ||
           (lists.media && has(phash_)) || (lists.domains && has(domain_));
  }

  int account_ = -1, post_ = -1, time_ = -1, url_ = -1, hashtag_ = -1, domain_ = -1, phash_ = -1;
};

}  // namespace

std::unique_ptr<CsvRecordParser> MakeCoortweetParser() {
  return std::make_unique<CoortweetParser>();
}
std::unique_ptr<CsvRecordParser> MakeCoortweetMultiParser() {
  return std::make_unique<CoortweetMultiParser>();
}

}  // namespace sakimori
