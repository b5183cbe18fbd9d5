// File: ingest/formats/twitter_v1.cc
// One pass over each record with simdjson On-Demand collects the fields of the status (and of
// its nested user, retweeted and quoted statuses) into TweetFields; the events are emitted
// afterwards, inner statuses first. The same collector reads user objects, whose fields
// (screen_name, counts, flags) live in the same struct.
#include "ingest/formats/twitter_v1.h"

#include <string>
#include <vector>

#include "common/strings.h"
#include "ingest/formats/social_json.h"
#include "ingest/json_util.h"

namespace sakimori {
namespace {

using simdjson::ondemand::object;
using simdjson::ondemand::value;

constexpr int kMaxDepth = 8;

Status Invalid(std::string_view key) { return social::InvalidField(key); }

using social::Nested;

// What one status or user object says. Views point into the record (valid during Parse).
struct TweetFields {
  std::string_view id_str, id_num, created_at, timestamp_ms, text, full_text, lang, source;
  std::string_view reply_to_status, reply_to_status_num, reply_to_user, reply_to_user_num;
  std::string_view quoted_id, quoted_id_num;
  bool has_text = false;
  std::vector<std::string_view> hashtags, urls, mentions, media, entity_media;
  TweetFields* user = nullptr;
  TweetFields* retweeted = nullptr;
  TweetFields* quoted = nullptr;
  TweetFields* extended = nullptr;  // extended_tweet (streaming API's long tweets)
  // User object fields.
  bool has_user_fields = false;
  std::string_view screen_name, name, description, location;
  int64_t followers = -1, friends = -1, statuses = -1, favourites = -1, listed = -1;
  int8_t verified = -1, default_profile = -1, default_image = -1;
  // Streaming API notices (top level only): {"delete": {"status": {...}, "timestamp_ms"}},
  // and others such as "limit" that carry no event.
  bool has_delete = false;
  std::string_view delete_id, delete_id_num, delete_user, delete_user_num, delete_time;
  bool other_notice = false;

  void Clear() { *this = TweetFields(); }
  std::string_view Id() const { return id_str.empty() ? id_num : id_str; }
};

class TwitterV1Parser : public JsonRecordParser {
 public:
  Status Parse(object record, ParseContext& ctx) override {
    used_ = 0;
    TweetFields* top = NewFields();
    RETURN_IF_ERROR(Collect(record, 0, top));
    if (top->user != nullptr) {
      if (top->Id().empty() && !top->has_text) return EmitWrapper(*top, ctx);
      return EmitTweet(*top, ctx).status();
    }
    if (top->has_user_fields) return EmitBareUser(*top, ctx);
    if (top->has_delete) return EmitDelete(*top, ctx);
    if (top->other_notice) {
      ctx.Skip("stream notice without an event (limit, withheld, ...)");
      return absl::OkStatus();
    }
    return absl::InvalidArgumentError("missing field: user");
  }

 private:
  TweetFields* NewFields() {
    if (used_ == pool_.size()) pool_.push_back(std::make_unique<TweetFields>());
    TweetFields* f = pool_[used_++].get();
    f->Clear();
    return f;
  }

  Status CollectChild(value v, std::string_view key, int depth, TweetFields** out) {
    if (depth >= kMaxDepth) {
      return absl::InvalidArgumentError(StrCat("too deeply nested: ", key));
    }
    object o;
    if (v.get_object().get(o)) return Invalid(key);
    *out = NewFields();
    Status s = Collect(o, depth + 1, *out);
    return s.ok() ? s : Nested(s, key);
  }

  static Status Str(value v, std::string_view key, std::string_view* out) {
    return json::String(v, out) ? absl::OkStatus() : Invalid(key);
  }
  static Status Id(value v, std::string_view key, std::string_view* out) {
    return json::IdString(v, out) ? absl::OkStatus() : Invalid(key);
  }
  static Status Count(value v, std::string_view key, int64_t* out) {
    return json::Int64(v, out) ? absl::OkStatus() : Invalid(key);
  }
  static Status Flag(value v, std::string_view key, int8_t* out) {
    bool b = false;
    if (!json::Bool(v, &b)) return Invalid(key);
    *out = b ? 1 : 0;
    return absl::OkStatus();
  }

  // Reads `arr`'s objects' `field` (a string, or for ids a number) into *out.
  static bool Pluck(value arr, std::string_view field, std::string_view fallback,
                    std::vector<std::string_view>* out) {
    return social::ForEachObject(arr, [&](object o) {
      std::string_view primary, second;
      bool ok = social::ForEachField(o, [&](std::string_view k, value v) {
        if (k == field) return json::IsNull(v) || json::IdString(v, &primary);
        if (!fallback.empty() && k == fallback)
          return json::IsNull(v) || json::IdString(v, &second);
        return true;
      });
      if (!ok) return false;
      if (!primary.empty()) {
        out->push_back(primary);
      } else if (!second.empty()) {
        out->push_back(second);
      }
      return true;
    });
  }

  static Status CollectEntities(value v, std::string_view name, TweetFields* f) {
    object o;
    if (v.get_object().get(o)) return Invalid(name);
    bool ok = social::ForEachField(o, [&](std::string_view k, value item) {
      if (json::IsNull(item)) return true;
      if (k == "hashtags") return Pluck(item, "text", "", &f->hashtags);
      if (k == "urls") return Pluck(item, "expanded_url", "url", &f->urls);
      if (k == "user_mentions") return Pluck(item, "screen_name", "id_str", &f->mentions);
      if (k == "media") {
        return Pluck(item, "id_str", "media_url_https",
                     name == "entities" ? &f->entity_media : &f->media);
      }
      return true;
    });
    return ok ? absl::OkStatus() : Invalid(name);
  }

  // {"status": {"id", "id_str", "user_id", "user_id_str"}, "timestamp_ms": "..."}
  static Status CollectDelete(value v, TweetFields* f) {
    f->has_delete = true;
    object o;
    if (v.get_object().get(o)) return Invalid("delete");
    bool ok = social::ForEachField(o, [&](std::string_view k, value item) {
      if (k == "timestamp_ms") return json::IdString(item, &f->delete_time);
      if (k != "status") return true;
      object st;
      if (item.get_object().get(st)) return false;
      return social::ForEachField(st, [&](std::string_view sk, value sv) {
        if (sk == "id_str") return json::String(sv, &f->delete_id);
        if (sk == "id") return json::IdString(sv, &f->delete_id_num);
        if (sk == "user_id_str") return json::String(sv, &f->delete_user);
        if (sk == "user_id") return json::IdString(sv, &f->delete_user_num);
        return true;
      });
    });
    return ok ? absl::OkStatus() : Invalid("delete");
  }

  Status Collect(object obj, int depth, TweetFields* f) {
    for (auto field : obj) {
      std::string_view key;
      if (auto err = field.unescaped_key().get(key)) return json::JsonError(err);
      value v;
      if (auto err = field.value().get(v)) return json::JsonError(err);
      if (json::IsNull(v)) continue;
      switch (key.empty() ? '\0' : key[0]) {
        case 'c':
          if (key == "created_at") RETURN_IF_ERROR(Str(v, key, &f->created_at));
          break;
        case 'd':
          if (depth == 0 && key == "delete") RETURN_IF_ERROR(CollectDelete(v, f));
          if (depth == 0 && key == "disconnect") f->other_notice = true;
          if (key == "description") RETURN_IF_ERROR(Str(v, key, &f->description));
          if (key == "default_profile") RETURN_IF_ERROR(Flag(v, key, &f->default_profile));
          if (key == "default_profile_image") RETURN_IF_ERROR(Flag(v, key, &f->default_image));
          break;
        case 'e':
          if (key == "entities" || key == "extended_entities") {
            RETURN_IF_ERROR(CollectEntities(v, key, f));
          } else if (key == "extended_tweet") {
            RETURN_IF_ERROR(CollectChild(v, key, depth, &f->extended));
          }
          break;
        case 'f':
          if (key == "full_text") {
            RETURN_IF_ERROR(Str(v, key, &f->full_text));
            f->has_text = true;
          }
          if (key == "followers_count") RETURN_IF_ERROR(Count(v, key, &f->followers));
          if (key == "friends_count") RETURN_IF_ERROR(Count(v, key, &f->friends));
          if (key == "favourites_count") RETURN_IF_ERROR(Count(v, key, &f->favourites));
          break;
        case 'i':
          if (key == "id_str") RETURN_IF_ERROR(Str(v, key, &f->id_str));
          if (key == "id") RETURN_IF_ERROR(Id(v, key, &f->id_num));
          if (key == "in_reply_to_status_id_str") RETURN_IF_ERROR(Str(v, key, &f->reply_to_status));
          if (key == "in_reply_to_status_id") RETURN_IF_ERROR(Id(v, key, &f->reply_to_status_num));
          if (key == "in_reply_to_user_id_str") RETURN_IF_ERROR(Str(v, key, &f->reply_to_user));
          if (key == "in_reply_to_user_id") RETURN_IF_ERROR(Id(v, key, &f->reply_to_user_num));
          break;
        case 'l':
          if (depth == 0 && key == "limit") f->other_notice = true;
          if (key == "lang") RETURN_IF_ERROR(Str(v, key, &f->lang));
          if (key == "listed_count") RETURN_IF_ERROR(Count(v, key, &f->listed));
          if (key == "location") RETURN_IF_ERROR(Str(v, key, &f->location));
          break;
        case 'n':
          if (key == "name") RETURN_IF_ERROR(Str(v, key, &f->name));
          break;
        case 'q':
          if (key == "quoted_status") RETURN_IF_ERROR(CollectChild(v, key, depth, &f->quoted));
          if (key == "quoted_status_id_str") RETURN_IF_ERROR(Str(v, key, &f->quoted_id));
          if (key == "quoted_status_id") RETURN_IF_ERROR(Id(v, key, &f->quoted_id_num));
          break;
        case 'r':
          if (key == "retweeted_status") {
            RETURN_IF_ERROR(CollectChild(v, key, depth, &f->retweeted));
          }
          break;
        case 's':
          if (depth == 0 && (key == "scrub_geo" || key == "status_withheld")) {
            f->other_notice = true;
          }
          if (key == "screen_name") {
            RETURN_IF_ERROR(Str(v, key, &f->screen_name));
            f->has_user_fields = true;
          }
          if (key == "source") RETURN_IF_ERROR(Str(v, key, &f->source));
          if (key == "statuses_count") RETURN_IF_ERROR(Count(v, key, &f->statuses));
          break;
        case 't':
          if (key == "text") {
            RETURN_IF_ERROR(Str(v, key, &f->text));
            f->has_text = true;
          }
          if (key == "timestamp_ms") RETURN_IF_ERROR(Id(v, key, &f->timestamp_ms));
          break;
        case 'u':
          if (key == "user") RETURN_IF_ERROR(CollectChild(v, key, depth, &f->user));
          if (depth == 0 && key == "user_withheld") f->other_notice = true;
          break;
        case 'v':
          if (key == "verified") RETURN_IF_ERROR(Flag(v, key, &f->verified));
          break;
        case 'w':
          if (depth == 0 && key == "warning") f->other_notice = true;
          break;
        default:
          break;
      }
    }
    return absl::OkStatus();
  }

  static Status ParseTime(std::string_view raw, std::string_view key, TimeMs* out) {
    if (ParseTimestamp(raw, out)) return absl::OkStatus();
    return absl::InvalidArgumentError(StrCat("invalid time: ", key, " '", raw.substr(0, 64), "'"));
  }

  // The profile a user object describes, observed at `observed_at` (kNoTime if unknown).
  Status MakeProfile(const TweetFields& u, TimeMs observed_at, std::string_view key,
                     EventBatch& batch, Profile** out) {
    Profile* p = batch.NewProfile();
    p->observed_at = observed_at;
    if (!u.created_at.empty()) {
      RETURN_IF_ERROR(ParseTime(u.created_at, StrCat(key, "created_at"), &p->created_at));
    }
    p->followers = u.followers;
    p->following = u.friends;
    p->posts = u.statuses;
    p->likes = u.favourites;
    p->listed = u.listed;
    p->verified = u.verified;
    p->default_profile = u.default_profile;
    p->default_image = u.default_image;
    p->handle = batch.Copy(u.screen_name);
    p->name = batch.Copy(u.name);
    p->description = batch.Copy(u.description);
    p->location = batch.Copy(u.location);
    p->lang = batch.Copy(u.lang);
    *out = p;
    return absl::OkStatus();
  }

  Status EmitProfileEvent(const TweetFields& u, TimeMs time, TimeMs observed_at,
                          std::string_view key, ParseContext& ctx) {
    std::string_view id = u.Id();
    if (id.empty()) return absl::InvalidArgumentError(StrCat("missing field: ", key, "id_str"));
    Profile* p = nullptr;
    RETURN_IF_ERROR(MakeProfile(u, observed_at, key, *ctx.batch, &p));
    Event& e = ctx.batch->Add();
    e.platform = Platform::kX;
    e.kind = EventKind::kProfileUpdate;
    e.time = time;
    e.actor = ctx.dict->accounts.Intern(id);
    e.profile = p;
    return absl::OkStatus();
  }

  // {"created_at": <probe time>, "user": {...}}: the profile as probed.
  Status EmitWrapper(const TweetFields& w, ParseContext& ctx) {
    if (w.created_at.empty()) return absl::InvalidArgumentError("missing field: created_at");
    TimeMs probe;
    RETURN_IF_ERROR(ParseTime(w.created_at, "created_at", &probe));
    return EmitProfileEvent(*w.user, probe, probe, "user.", ctx);
  }

  // A user object with no observation time: dated by the account's creation.
  Status EmitBareUser(const TweetFields& u, ParseContext& ctx) {
    if (u.created_at.empty()) return absl::InvalidArgumentError("missing field: created_at");
    TimeMs created;
    RETURN_IF_ERROR(ParseTime(u.created_at, "created_at", &created));
    return EmitProfileEvent(u, created, kNoTime, "", ctx);
  }

  // A streaming delete notice: the user deleted their status.
  Status EmitDelete(const TweetFields& d, ParseContext& ctx) {
    std::string_view id = d.delete_id.empty() ? d.delete_id_num : d.delete_id;
    std::string_view user = d.delete_user.empty() ? d.delete_user_num : d.delete_user;
    if (id.empty()) return absl::InvalidArgumentError("missing field: delete.status.id_str");
    if (user.empty()) return absl::InvalidArgumentError("missing field: delete.status.user_id_str");
    if (d.delete_time.empty())
      return absl::InvalidArgumentError("missing field: delete.timestamp_ms");
    TimeMs time;
    if (!ParseEpoch(d.delete_time, &time)) {
      return absl::InvalidArgumentError(
          StrCat("invalid time: delete.timestamp_ms '", d.delete_time.substr(0, 32), "'"));
    }
    Event& e = ctx.batch->Add();
    e.platform = Platform::kX;
    e.kind = EventKind::kDelete;
    e.time = time;
    e.actor = ctx.dict->accounts.Intern(user);
    e.target = ctx.dict->posts.Intern(id);
    return absl::OkStatus();
  }

  // Emits the events of status `t` (inner statuses first); returns its author's id.
  StatusOr<std::string_view> EmitTweet(const TweetFields& t, ParseContext& ctx) {
    EventBatch& batch = *ctx.batch;
    std::string_view id = t.Id();
    if (id.empty()) return absl::InvalidArgumentError("missing field: id_str");
    if (t.user == nullptr) return absl::InvalidArgumentError("missing field: user");
    std::string_view author = t.user->Id();
    if (author.empty()) return absl::InvalidArgumentError("missing field: user.id_str");
    TimeMs time;
    if (!t.created_at.empty()) {
      RETURN_IF_ERROR(ParseTime(t.created_at, "created_at", &time));
    } else if (!t.timestamp_ms.empty()) {
      if (!ParseEpoch(t.timestamp_ms, &time)) {
        return absl::InvalidArgumentError(
            StrCat("invalid time: timestamp_ms '", t.timestamp_ms.substr(0, 32), "'"));
      }
    } else {
      return absl::InvalidArgumentError("missing field: created_at");
    }

    EventKind kind = EventKind::kPost;
    std::string_view target, target_author;
    if (t.retweeted != nullptr) {
      kind = EventKind::kRepost;
      auto inner = EmitTweet(*t.retweeted, ctx);
      if (!inner.ok()) return Nested(inner.status(), "retweeted_status");
      target = t.retweeted->Id();
      target_author = *inner;
    } else if (t.quoted != nullptr || !t.quoted_id.empty() || !t.quoted_id_num.empty()) {
      kind = EventKind::kQuote;
      target = t.quoted_id.empty() ? t.quoted_id_num : t.quoted_id;
      if (t.quoted != nullptr) {
        if (!t.quoted->Id().empty()) target = t.quoted->Id();
        if (t.quoted->user != nullptr) {
          auto inner = EmitTweet(*t.quoted, ctx);
          if (!inner.ok()) return Nested(inner.status(), "quoted_status");
          target_author = *inner;
        }
      }
      if (target.empty()) return absl::InvalidArgumentError("missing field: quoted_status.id_str");
    } else if (!t.reply_to_status.empty() || !t.reply_to_status_num.empty()) {
      kind = EventKind::kReply;
      target = t.reply_to_status.empty() ? t.reply_to_status_num : t.reply_to_status;
      target_author = t.reply_to_user.empty() ? t.reply_to_user_num : t.reply_to_user;
    }

    Profile* profile = nullptr;
    RETURN_IF_ERROR(MakeProfile(*t.user, time, "user.", batch, &profile));

    const TweetFields& body = t.extended != nullptr ? *t.extended : t;
    std::string_view text = !body.full_text.empty() ? body.full_text
                            : !t.full_text.empty()  ? t.full_text
                                                    : t.text;
    const std::vector<std::string_view>& media =
        !body.media.empty() ? body.media : body.entity_media;

    Event& e = batch.Add();
    e.platform = Platform::kX;
    e.kind = kind;
    e.time = time;
    e.actor = ctx.dict->accounts.Intern(author);
    e.id = batch.Copy(id);
    e.post = ctx.dict->posts.Intern(id);
    if (!target.empty()) e.target = ctx.dict->posts.Intern(target);
    if (!target_author.empty()) e.target_account = ctx.dict->accounts.Intern(target_author);
    e.text = batch.Copy(text);
    e.lang = batch.Copy(t.lang);
    if (!t.source.empty()) {
      social::HtmlToText(t.source, &scratch_);
      e.client = batch.Copy(social::Trim(scratch_));
    }
    e.hashtags = batch.CopyList(body.hashtags);
    e.urls = batch.CopyList(body.urls);
    e.mentions = batch.CopyList(body.mentions);
    e.media = batch.CopyList(media);
    e.profile = profile;
    return author;
  }

  std::vector<std::unique_ptr<TweetFields>> pool_;
  size_t used_ = 0;
  std::string scratch_;
};

}  // namespace

std::unique_ptr<JsonRecordParser> MakeTwitterV1Parser() {
  return std::make_unique<TwitterV1Parser>();
}

}  // namespace sakimori
