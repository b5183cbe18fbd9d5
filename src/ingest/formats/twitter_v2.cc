// File: ingest/formats/twitter_v2.cc
// One pass with simdjson On-Demand collects every tweet and user object of the record into
// V2Fields (views into the record); events are emitted afterwards, when the page's users and
// included tweets are known, so that tweets get their author's profile and their targets'
// authors.
#include "ingest/formats/twitter_v2.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/strings.h"
#include "ingest/formats/social_json.h"
#include "ingest/json_util.h"

namespace sakimori {
namespace {

using simdjson::ondemand::object;
using simdjson::ondemand::value;

constexpr int kMaxDepth = 4;

Status Invalid(std::string_view key) { return social::InvalidField(key); }

using social::Nested;

// A boolean, also written as a string "true"/"false" in any case and with surrounding white
// space (the TwiBot-20 files write "False ").
bool LooseBool(value v, int8_t* out) {
  bool b = false;
  if (json::Bool(v, &b)) {
    *out = b ? 1 : 0;
    return true;
  }
  std::string_view s;
  if (!json::String(v, &s)) return false;
  s = social::Trim(s);
  auto eq = [&](std::string_view w) {
    if (s.size() != w.size()) return false;
    for (size_t i = 0; i < s.size(); ++i) {
      if ((s[i] | 0x20) != w[i]) return false;
    }
    return true;
  };
  if (eq("true")) {
    *out = 1;
  } else if (eq("false")) {
    *out = 0;
  } else {
    return false;
  }
  return true;
}

// What one tweet or user object says. Views point into the record (valid during Parse).
struct V2Fields {
  std::string_view id, author_id, created_at, text, lang, source, in_reply_to_user_id;
  std::string_view retweeted_id, quoted_id, replied_id;
  bool has_text = false;
  bool entities_not_object = false;
  std::vector<std::string_view> hashtags, urls, mentions, media;
  V2Fields* author = nullptr;  // an embedded "author" user object (flattened exports)
  // User object fields.
  bool has_user_fields = false;
  std::string_view username, name, description, location, profile_image_url;
  int64_t followers = -1, following = -1, tweets = -1, listed = -1, likes = -1;
  int8_t verified = -1;
  // Page parts (top level only).
  bool is_page = false;
  std::vector<V2Fields*> data, inc_users, inc_tweets;

  // Resets every field; the vectors keep their capacity for the next record.
  void Clear() {
    id = author_id = created_at = text = lang = source = in_reply_to_user_id = {};
    retweeted_id = quoted_id = replied_id = {};
    username = name = description = location = profile_image_url = {};
    has_text = entities_not_object = has_user_fields = is_page = false;
    author = nullptr;
    followers = following = tweets = listed = likes = -1;
    verified = -1;
    for (auto* list : {&hashtags, &urls, &mentions, &media}) list->clear();
    for (auto* list : {&data, &inc_users, &inc_tweets}) list->clear();
  }
  bool IsUser() const { return has_user_fields && !has_text; }
};

class TwitterV2Parser : public JsonRecordParser {
 public:
  Status Parse(object record, ParseContext& ctx) override {
    used_ = 0;
    users_.clear();
    tweets_.clear();
    V2Fields* top = NewFields();
    RETURN_IF_ERROR(Collect(record, 0, top));
    if (!top->is_page) {
      if (top->IsUser()) return EmitUser(*top, "", ctx);
      if (top->author != nullptr && !top->author->id.empty()) {
        users_[top->author->id] = top->author;
      }
      return EmitTweet(*top, ctx);
    }
    for (V2Fields* u : top->inc_users) {
      if (!u->id.empty()) users_[u->id] = u;
    }
    for (V2Fields* t : top->inc_tweets) {
      if (!t->id.empty()) tweets_[t->id] = t;
    }
    std::unordered_set<std::string_view> in_data;
    for (V2Fields* d : top->data) {
      if (d->IsUser()) {
        RETURN_IF_ERROR(EmitUser(*d, "data.", ctx));
        continue;
      }
      if (d->author != nullptr && !d->author->id.empty()) users_[d->author->id] = d->author;
      Status s = EmitTweet(*d, ctx);
      if (!s.ok()) return Nested(s, "data");
      in_data.insert(d->id);
    }
    for (V2Fields* t : top->inc_tweets) {
      if (in_data.count(t->id) > 0) continue;
      Status s = EmitTweet(*t, ctx);
      if (!s.ok()) return Nested(s, "includes.tweets");
    }
    size_t undated = 0;
    for (V2Fields* u : top->inc_users) {
      if (u->created_at.empty()) {
        ++undated;  // counted once the whole page is known to be good
        continue;
      }
      RETURN_IF_ERROR(EmitUser(*u, "includes.users.", ctx));
    }
    for (size_t i = 0; i < undated; ++i) ctx.Skip("user object without created_at");
    return absl::OkStatus();
  }

 private:
  V2Fields* NewFields() {
    if (used_ == pool_.size()) pool_.push_back(std::make_unique<V2Fields>());
    V2Fields* f = pool_[used_++].get();
    f->Clear();
    return f;
  }

  static Status Str(value v, std::string_view key, std::string_view* out) {
    return json::String(v, out) ? absl::OkStatus() : Invalid(key);
  }
  static Status Id(value v, std::string_view key, std::string_view* out) {
    return json::IdString(v, out) ? absl::OkStatus() : Invalid(key);
  }

  static bool Pluck(value arr, std::string_view field, std::string_view fallback,
                    std::vector<std::string_view>* out) {
    return social::ForEachObject(arr, [&](object o) {
      std::string_view primary, second;
      bool ok = social::ForEachField(o, [&](std::string_view k, value v) {
        if (k == field) return json::IsNull(v) || json::IdString(v, &primary);
        if (!fallback.empty() && k == fallback) {
          return json::IsNull(v) || json::IdString(v, &second);
        }
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

  static Status CollectEntities(value v, V2Fields* f) {
    simdjson::ondemand::json_type type;
    if (v.type().get(type)) return Invalid("entities");
    if (type != simdjson::ondemand::json_type::object) {
      f->entities_not_object = true;  // an error for tweets only (see EmitTweet)
      return absl::OkStatus();
    }
    object o;
    if (v.get_object().get(o)) return Invalid("entities");
    bool ok = social::ForEachField(o, [&](std::string_view k, value item) {
      if (json::IsNull(item)) return true;
      if (k == "hashtags") return Pluck(item, "tag", "", &f->hashtags);
      if (k == "urls") return Pluck(item, "expanded_url", "url", &f->urls);
      if (k == "mentions") return Pluck(item, "username", "id", &f->mentions);
      return true;
    });
    return ok ? absl::OkStatus() : Invalid("entities");
  }

  static Status CollectReferences(value v, V2Fields* f) {
    bool ok = social::ForEachObject(v, [&](object o) {
      std::string_view type, id;
      bool fields_ok = social::ForEachField(o, [&](std::string_view k, value item) {
        if (k == "type") return json::String(item, &type);
        if (k == "id") return json::IdString(item, &id);
        return true;
      });
      if (!fields_ok || id.empty()) return false;
      if (type == "retweeted") {
        f->retweeted_id = id;
      } else if (type == "quoted") {
        f->quoted_id = id;
      } else if (type == "replied_to") {
        f->replied_id = id;
      } else {
        return false;
      }
      return true;
    });
    return ok ? absl::OkStatus() : Invalid("referenced_tweets");
  }

  static Status CollectMetrics(value v, V2Fields* f) {
    object o;
    if (v.get_object().get(o)) return Invalid("public_metrics");
    std::string_view bad;
    bool ok = social::ForEachField(o, [&](std::string_view k, value item) {
      int64_t* out = k == "followers_count"   ? &f->followers
                     : k == "following_count" ? &f->following
                     : k == "tweet_count"     ? &f->tweets
                     : k == "listed_count"    ? &f->listed
                     : k == "like_count"      ? &f->likes
                                              : nullptr;
      if (out == nullptr || json::IsNull(item)) return true;
      if (json::Int64(item, out)) return true;
      bad = k;
      return false;
    });
    if (ok) return absl::OkStatus();
    return Invalid(StrCat("public_metrics", bad.empty() ? "" : ".", bad));
  }

  Status CollectList(value v, std::string_view key, int depth, std::vector<V2Fields*>* out) {
    Status status;
    size_t index = 0;
    auto one = [&](object o) {
      V2Fields* f = NewFields();
      status = Collect(o, depth + 1, f);
      if (!status.ok()) {
        status = Nested(status, StrCat(key, "[", index, "]"));
        return false;
      }
      ++index;
      out->push_back(f);
      return true;
    };
    simdjson::ondemand::json_type type;
    if (v.type().get(type)) return Invalid(key);
    if (type == simdjson::ondemand::json_type::object) {
      object o;
      if (v.get_object().get(o)) return Invalid(key);
      one(o);
      return status;
    }
    if (!social::ForEachObject(v, one)) return status.ok() ? Invalid(key) : status;
    return absl::OkStatus();
  }

  Status Collect(object obj, int depth, V2Fields* f) {
    if (depth > kMaxDepth) return absl::InvalidArgumentError("too deeply nested: object");
    for (auto field : obj) {
      std::string_view key;
      if (auto err = field.unescaped_key().get(key)) return json::JsonError(err);
      value v;
      if (auto err = field.value().get(v)) return json::JsonError(err);
      if (json::IsNull(v)) continue;
      if (key == "id") {
        RETURN_IF_ERROR(Id(v, key, &f->id));
        f->id = social::Trim(f->id);
      } else if (key == "author_id") {
        RETURN_IF_ERROR(Id(v, key, &f->author_id));
      } else if (key == "created_at") {
        RETURN_IF_ERROR(Str(v, key, &f->created_at));
        f->created_at = social::Trim(f->created_at);
      } else if (key == "text") {
        RETURN_IF_ERROR(Str(v, key, &f->text));
        f->has_text = true;
      } else if (key == "lang") {
        RETURN_IF_ERROR(Str(v, key, &f->lang));
      } else if (key == "source") {
        RETURN_IF_ERROR(Str(v, key, &f->source));
      } else if (key == "in_reply_to_user_id") {
        RETURN_IF_ERROR(Id(v, key, &f->in_reply_to_user_id));
      } else if (key == "referenced_tweets") {
        RETURN_IF_ERROR(CollectReferences(v, f));
      } else if (key == "entities") {
        RETURN_IF_ERROR(CollectEntities(v, f));
      } else if (key == "attachments") {
        object o;
        if (v.get_object().get(o)) return Invalid(key);
        bool ok = social::ForEachField(o, [&](std::string_view k, value item) {
          if (k != "media_keys" || json::IsNull(item)) return true;
          return json::StringArray(item, &f->media, 64);
        });
        if (!ok) return Invalid(key);
      } else if (key == "public_metrics") {
        RETURN_IF_ERROR(CollectMetrics(v, f));
      } else if (key == "username") {
        RETURN_IF_ERROR(Str(v, key, &f->username));
        f->username = social::Trim(f->username);
        f->has_user_fields = true;
      } else if (key == "name") {
        RETURN_IF_ERROR(Str(v, key, &f->name));
      } else if (key == "description") {
        RETURN_IF_ERROR(Str(v, key, &f->description));
      } else if (key == "location") {
        RETURN_IF_ERROR(Str(v, key, &f->location));
      } else if (key == "profile_image_url") {
        RETURN_IF_ERROR(Str(v, key, &f->profile_image_url));
        f->profile_image_url = social::Trim(f->profile_image_url);
      } else if (key == "verified") {
        if (!LooseBool(v, &f->verified)) return Invalid(key);
      } else if (key == "author" && depth < kMaxDepth) {
        object o;
        if (v.get_object().get(o)) return Invalid(key);
        f->author = NewFields();
        Status s = Collect(o, depth + 1, f->author);
        if (!s.ok()) return Nested(s, key);
      } else if (depth == 0 && key == "data") {
        f->is_page = true;
        RETURN_IF_ERROR(CollectList(v, key, depth, &f->data));
      } else if (depth == 0 && key == "includes") {
        f->is_page = true;
        object o;
        if (v.get_object().get(o)) return Invalid(key);
        for (auto inc : o) {
          std::string_view k;
          if (auto err = inc.unescaped_key().get(k)) return json::JsonError(err);
          value iv;
          if (auto err = inc.value().get(iv)) return json::JsonError(err);
          if (json::IsNull(iv)) continue;
          if (k == "users") {
            RETURN_IF_ERROR(CollectList(iv, "includes.users", depth, &f->inc_users));
          } else if (k == "tweets") {
            RETURN_IF_ERROR(CollectList(iv, "includes.tweets", depth, &f->inc_tweets));
          }
        }
      }
    }
    return absl::OkStatus();
  }

  static Status ParseTime(std::string_view raw, std::string_view key, TimeMs* out) {
    if (ParseTimestamp(raw, out)) return absl::OkStatus();
    return absl::InvalidArgumentError(StrCat("invalid time: ", key, " '", raw.substr(0, 64), "'"));
  }

  Status MakeProfile(const V2Fields& u, TimeMs observed_at, std::string_view key, EventBatch& batch,
                     Profile** out) {
    Profile* p = batch.NewProfile();
    p->observed_at = observed_at;
    if (!u.created_at.empty()) {
      RETURN_IF_ERROR(ParseTime(u.created_at, StrCat(key, "created_at"), &p->created_at));
    }
    p->followers = u.followers;
    p->following = u.following;
    p->posts = u.tweets;
    p->likes = u.likes;
    p->listed = u.listed;
    p->verified = u.verified;
    if (!u.profile_image_url.empty()) {
      p->default_image =
          u.profile_image_url.find("/default_profile_images/") != std::string_view::npos;
    }
    p->handle = batch.Copy(u.username);
    p->name = batch.Copy(u.name);
    p->description = batch.Copy(u.description);
    p->location = batch.Copy(u.location);
    *out = p;
    return absl::OkStatus();
  }

  // A user object without an observation time: a profile event dated by the account's
  // creation (observed_at unknown). Errors: no id, no or a bad created_at.
  Status EmitUser(const V2Fields& u, std::string_view key, ParseContext& ctx) {
    if (u.id.empty()) return absl::InvalidArgumentError(StrCat("missing field: ", key, "id"));
    if (u.created_at.empty()) {
      return absl::InvalidArgumentError(StrCat("missing field: ", key, "created_at"));
    }
    TimeMs created;
    RETURN_IF_ERROR(ParseTime(u.created_at, StrCat(key, "created_at"), &created));
    Profile* p = nullptr;
    RETURN_IF_ERROR(MakeProfile(u, kNoTime, key, *ctx.batch, &p));
    Event& e = ctx.batch->Add();
    e.platform = Platform::kX;
    e.kind = EventKind::kProfileUpdate;
    e.time = created;
    e.actor = ctx.dict->accounts.Intern(u.id);
    e.profile = p;
    return absl::OkStatus();
  }

  Status EmitTweet(const V2Fields& t, ParseContext& ctx) {
    EventBatch& batch = *ctx.batch;
    if (t.id.empty()) return absl::InvalidArgumentError("missing field: id");
    std::string_view author = t.author_id;
    if (author.empty() && t.author != nullptr) author = t.author->id;
    if (author.empty()) return absl::InvalidArgumentError("missing field: author_id");
    if (t.created_at.empty()) return absl::InvalidArgumentError("missing field: created_at");
    if (t.entities_not_object) return Invalid("entities");
    TimeMs time;
    RETURN_IF_ERROR(ParseTime(t.created_at, "created_at", &time));

    EventKind kind = EventKind::kPost;
    std::string_view target, target_author;
    if (!t.retweeted_id.empty()) {
      kind = EventKind::kRepost;
      target = t.retweeted_id;
    } else if (!t.quoted_id.empty()) {
      kind = EventKind::kQuote;
      target = t.quoted_id;
    } else if (!t.replied_id.empty()) {
      kind = EventKind::kReply;
      target = t.replied_id;
      target_author = t.in_reply_to_user_id;
    }
    if (!target.empty() && target_author.empty()) {
      auto it = tweets_.find(target);
      if (it != tweets_.end()) target_author = it->second->author_id;
    }

    Profile* profile = nullptr;
    auto user = users_.find(author);
    if (user != users_.end()) {
      RETURN_IF_ERROR(MakeProfile(*user->second, time, "author.", batch, &profile));
    }

    Event& e = batch.Add();
    e.platform = Platform::kX;
    e.kind = kind;
    e.time = time;
    e.actor = ctx.dict->accounts.Intern(author);
    e.id = batch.Copy(t.id);
    e.post = ctx.dict->posts.Intern(t.id);
    if (!target.empty()) e.target = ctx.dict->posts.Intern(target);
    if (!target_author.empty()) e.target_account = ctx.dict->accounts.Intern(target_author);
    e.text = batch.Copy(t.text);
    e.lang = batch.Copy(t.lang);
    e.client = batch.Copy(t.source);
    e.hashtags = batch.CopyList(t.hashtags);
    e.urls = batch.CopyList(t.urls);
    e.mentions = batch.CopyList(t.mentions);
    e.media = batch.CopyList(t.media);
    e.profile = profile;
    return absl::OkStatus();
  }

  std::vector<std::unique_ptr<V2Fields>> pool_;
  size_t used_ = 0;
  std::unordered_map<std::string_view, V2Fields*> users_;
  std::unordered_map<std::string_view, V2Fields*> tweets_;
};

}  // namespace

std::unique_ptr<JsonRecordParser> MakeTwitterV2Parser() {
  return std::make_unique<TwitterV2Parser>();
}

}  // namespace sakimori
