// File: ingest/formats/mastodon.cc
// One pass with simdjson On-Demand collects the record (status, notification or account, with
// nested account, reblog and status objects) into MastodonFields; events are emitted after,
// inner statuses first.
#include "ingest/formats/mastodon.h"

#include <algorithm>
#include <string>
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

// What one status, notification or account object says (views into the record).
struct MastodonFields {
  std::string_view id, created_at, content, language, in_reply_to_id, in_reply_to_account_id;
  std::string_view type, application, card_url;
  bool has_content = false;
  std::vector<std::string_view> tags, mentions, media;
  MastodonFields* account = nullptr;
  MastodonFields* reblog = nullptr;
  MastodonFields* status = nullptr;
  // Quote posts (Mastodon 4.4+): quote.quoted_status (a status) or quote.quoted_status_id.
  MastodonFields* quoted = nullptr;
  std::string_view quoted_id;
  // Account fields.
  bool has_acct = false;
  std::string_view acct, display_name, note, avatar;
  int64_t followers = -1, following = -1, statuses = -1;

  void Clear() {
    id = created_at = content = language = in_reply_to_id = in_reply_to_account_id = {};
    type = application = card_url = acct = display_name = note = avatar = {};
    has_content = has_acct = false;
    tags.clear();
    mentions.clear();
    media.clear();
    account = reblog = status = quoted = nullptr;
    quoted_id = {};
    followers = following = statuses = -1;
  }
};

class MastodonParser : public JsonRecordParser {
 public:
  Status Parse(object record, ParseContext& ctx) override {
    used_ = 0;
    MastodonFields* top = NewFields();
    RETURN_IF_ERROR(Collect(record, 0, top));
    if (!top->type.empty() && !top->has_content) return EmitNotification(*top, ctx);
    if (top->has_content || top->reblog != nullptr) return EmitStatus(*top, ctx).status();
    if (top->has_acct) return EmitAccount(*top, ctx);
    return absl::InvalidArgumentError("missing field: content");
  }

 private:
  MastodonFields* NewFields() {
    if (used_ == pool_.size()) pool_.push_back(std::make_unique<MastodonFields>());
    MastodonFields* f = pool_[used_++].get();
    f->Clear();
    return f;
  }

  Status Child(value v, std::string_view key, int depth, MastodonFields** out) {
    if (depth >= kMaxDepth) return absl::InvalidArgumentError(StrCat("too deeply nested: ", key));
    object o;
    if (v.get_object().get(o)) return Invalid(key);
    *out = NewFields();
    Status s = Collect(o, depth + 1, *out);
    return s.ok() ? s : Nested(s, key);
  }

  // Reads `field` of each object of the array `arr` (falling back to `fallback`).
  static bool Pluck(value arr, std::string_view field, std::string_view fallback,
                    std::vector<std::string_view>* out) {
    return social::ForEachObject(arr, [&](object o) {
      std::string_view primary, second;
      bool ok = social::ForEachField(o, [&](std::string_view k, value v) {
        if (k == field) return json::IsNull(v) || json::IdString(v, &primary);
        if (k == fallback) return json::IsNull(v) || json::IdString(v, &second);
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

  // The string `field` of object `v`.
  static bool Member(value v, std::string_view field, std::string_view* out) {
    object o;
    if (v.get_object().get(o)) return false;
    return social::ForEachField(o, [&](std::string_view k, value item) {
      return k != field || json::IsNull(item) || json::String(item, out);
    });
  }

  // {"state": ..., "quoted_status": {...}} or {"state": ..., "quoted_status_id": "..."}.
  Status CollectQuote(value v, int depth, MastodonFields* f) {
    object o;
    if (v.get_object().get(o)) return Invalid("quote");
    for (auto field : o) {
      std::string_view key;
      if (auto err = field.unescaped_key().get(key)) return json::JsonError(err);
      value item;
      if (auto err = field.value().get(item)) return json::JsonError(err);
      if (json::IsNull(item)) continue;
      if (key == "quoted_status") {
        Status s = Child(item, key, depth, &f->quoted);
        if (!s.ok()) return Nested(s, "quote");
      } else if (key == "quoted_status_id") {
        if (!json::IdString(item, &f->quoted_id)) return Invalid("quote.quoted_status_id");
      }
    }
    return absl::OkStatus();
  }

  Status Collect(object obj, int depth, MastodonFields* f) {
    for (auto field : obj) {
      std::string_view key;
      if (auto err = field.unescaped_key().get(key)) return json::JsonError(err);
      value v;
      if (auto err = field.value().get(v)) return json::JsonError(err);
      if (json::IsNull(v)) continue;
      bool ok = true;
      if (key == "id") {
        ok = json::IdString(v, &f->id);
      } else if (key == "created_at") {
        ok = json::String(v, &f->created_at);
      } else if (key == "content") {
        ok = json::String(v, &f->content);
        f->has_content = true;
      } else if (key == "language") {
        ok = json::String(v, &f->language);
      } else if (key == "in_reply_to_id") {
        ok = json::IdString(v, &f->in_reply_to_id);
      } else if (key == "in_reply_to_account_id") {
        ok = json::IdString(v, &f->in_reply_to_account_id);
      } else if (key == "type") {
        ok = json::String(v, &f->type);
      } else if (key == "application") {
        ok = Member(v, "name", &f->application);
      } else if (key == "card") {
        ok = Member(v, "url", &f->card_url);
      } else if (key == "tags") {
        ok = Pluck(v, "name", "", &f->tags);
      } else if (key == "mentions") {
        ok = Pluck(v, "acct", "id", &f->mentions);
      } else if (key == "media_attachments") {
        ok = Pluck(v, "blurhash", "id", &f->media);
      } else if (key == "account") {
        RETURN_IF_ERROR(Child(v, key, depth, &f->account));
      } else if (key == "reblog") {
        RETURN_IF_ERROR(Child(v, key, depth, &f->reblog));
      } else if (key == "status") {
        RETURN_IF_ERROR(Child(v, key, depth, &f->status));
      } else if (key == "quote") {
        RETURN_IF_ERROR(CollectQuote(v, depth, f));
      } else if (key == "acct") {
        ok = json::String(v, &f->acct);
        f->has_acct = true;
      } else if (key == "display_name") {
        ok = json::String(v, &f->display_name);
      } else if (key == "note") {
        ok = json::String(v, &f->note);
      } else if (key == "avatar") {
        ok = json::String(v, &f->avatar);
      } else if (key == "followers_count") {
        ok = json::Int64(v, &f->followers);
      } else if (key == "following_count") {
        ok = json::Int64(v, &f->following);
      } else if (key == "statuses_count") {
        ok = json::Int64(v, &f->statuses);
      }
      if (!ok) return Invalid(key);
    }
    return absl::OkStatus();
  }

  static Status ParseTime(std::string_view raw, std::string_view key, TimeMs* out) {
    if (ParseTimestamp(raw, out)) return absl::OkStatus();
    return absl::InvalidArgumentError(StrCat("invalid time: ", key, " '", raw.substr(0, 64), "'"));
  }

  Status MakeProfile(const MastodonFields& a, TimeMs observed_at, std::string_view key,
                     EventBatch& batch, Profile** out) {
    Profile* p = batch.NewProfile();
    p->observed_at = observed_at;
    if (!a.created_at.empty()) {
      RETURN_IF_ERROR(ParseTime(a.created_at, StrCat(key, "created_at"), &p->created_at));
    }
    p->followers = a.followers;
    p->following = a.following;
    p->posts = a.statuses;
    if (!a.avatar.empty()) {
      p->default_image = a.avatar.find("/avatars/original/missing.png") != std::string_view::npos;
    }
    p->handle = batch.Copy(a.acct);
    p->name = batch.Copy(a.display_name);
    if (!a.note.empty()) {
      social::HtmlToText(a.note, &scratch_);
      p->description = batch.Copy(scratch_);
    }
    *out = p;
    return absl::OkStatus();
  }

  // An account object alone: a profile event dated by the account's creation.
  Status EmitAccount(const MastodonFields& a, ParseContext& ctx) {
    if (a.id.empty()) return absl::InvalidArgumentError("missing field: id");
    if (a.created_at.empty()) return absl::InvalidArgumentError("missing field: created_at");
    TimeMs created;
    RETURN_IF_ERROR(ParseTime(a.created_at, "created_at", &created));
    Profile* p = nullptr;
    RETURN_IF_ERROR(MakeProfile(a, kNoTime, "", *ctx.batch, &p));
    Event& e = ctx.batch->Add();
    e.platform = Platform::kMastodon;
    e.kind = EventKind::kProfileUpdate;
    e.time = created;
    e.actor = ctx.dict->accounts.Intern(a.id);
    e.profile = p;
    return absl::OkStatus();
  }

  static std::string_view AccountId(const MastodonFields& s) {
    return s.account == nullptr ? std::string_view() : s.account->id;
  }

  // Emits status `s` (a reblogged status first); returns its author's account id.
  StatusOr<std::string_view> EmitStatus(const MastodonFields& s, ParseContext& ctx) {
    EventBatch& batch = *ctx.batch;
    if (s.id.empty()) return absl::InvalidArgumentError("missing field: id");
    if (s.account == nullptr) return absl::InvalidArgumentError("missing field: account");
    std::string_view author = s.account->id;
    if (author.empty()) return absl::InvalidArgumentError("missing field: account.id");
    if (s.created_at.empty()) return absl::InvalidArgumentError("missing field: created_at");
    TimeMs time;
    RETURN_IF_ERROR(ParseTime(s.created_at, "created_at", &time));

    EventKind kind = EventKind::kPost;
    std::string_view target, target_author;
    if (s.reblog != nullptr) {
      auto inner = EmitStatus(*s.reblog, ctx);
      if (!inner.ok()) return Nested(inner.status(), "reblog");
      kind = EventKind::kRepost;
      target = s.reblog->id;
      target_author = *inner;
    } else if (s.quoted != nullptr || !s.quoted_id.empty()) {
      kind = EventKind::kQuote;
      target = s.quoted_id;
      if (s.quoted != nullptr) {
        auto inner = EmitStatus(*s.quoted, ctx);
        if (!inner.ok()) return Nested(inner.status(), "quote.quoted_status");
        target = s.quoted->id;
        target_author = *inner;
      }
    } else if (!s.in_reply_to_id.empty()) {
      kind = EventKind::kReply;
      target = s.in_reply_to_id;
      target_author = s.in_reply_to_account_id;
    }

    Profile* profile = nullptr;
    RETURN_IF_ERROR(MakeProfile(*s.account, time, "account.", batch, &profile));

    links_.clear();
    social::HtmlLinks(s.content, &links_);
    if (!s.card_url.empty() &&
        std::find(links_.begin(), links_.end(), s.card_url) == links_.end()) {
      links_.push_back(s.card_url);
    }
    social::HtmlToText(s.content, &scratch_);

    Event& e = batch.Add();
    e.platform = Platform::kMastodon;
    e.kind = kind;
    e.time = time;
    e.actor = ctx.dict->accounts.Intern(author);
    e.id = batch.Copy(s.id);
    e.post = ctx.dict->posts.Intern(s.id);
    if (!target.empty()) e.target = ctx.dict->posts.Intern(target);
    if (!target_author.empty()) e.target_account = ctx.dict->accounts.Intern(target_author);
    e.text = batch.Copy(scratch_);
    e.lang = batch.Copy(s.language);
    e.client = batch.Copy(s.application);
    e.hashtags = batch.CopyList(s.tags);
    e.urls = batch.CopyList(links_);
    e.mentions = batch.CopyList(s.mentions);
    e.media = batch.CopyList(s.media);
    e.profile = profile;
    return author;
  }

  Status EmitNotification(const MastodonFields& n, ParseContext& ctx) {
    const std::string_view type = n.type;
    if (type == "mention" || type == "status") {
      if (n.status == nullptr) return absl::InvalidArgumentError("missing field: status");
      auto s = EmitStatus(*n.status, ctx);
      return s.ok() ? absl::OkStatus() : Nested(s.status(), "status");
    }
    if (type == "follow") {
      ctx.Skip("follow notification (the followed account is not in the record)");
      return absl::OkStatus();
    }
    if (type != "favourite" && type != "reblog") {
      ctx.Skip("notification of another type");
      return absl::OkStatus();
    }
    if (n.account == nullptr || n.account->id.empty()) {
      return absl::InvalidArgumentError("missing field: account.id");
    }
    if (n.status == nullptr || n.status->id.empty()) {
      return absl::InvalidArgumentError("missing field: status.id");
    }
    if (n.created_at.empty()) return absl::InvalidArgumentError("missing field: created_at");
    TimeMs time;
    RETURN_IF_ERROR(ParseTime(n.created_at, "created_at", &time));
    Profile* profile = nullptr;
    RETURN_IF_ERROR(MakeProfile(*n.account, time, "account.", *ctx.batch, &profile));
    Event& e = ctx.batch->Add();
    e.platform = Platform::kMastodon;
    e.kind = type == "favourite" ? EventKind::kLike : EventKind::kRepost;
    e.time = time;
    e.actor = ctx.dict->accounts.Intern(n.account->id);
    e.id = ctx.batch->Copy(n.id);
    e.target = ctx.dict->posts.Intern(n.status->id);
    std::string_view target_author = AccountId(*n.status);
    if (!target_author.empty()) e.target_account = ctx.dict->accounts.Intern(target_author);
    e.profile = profile;
    return absl::OkStatus();
  }

  std::vector<std::unique_ptr<MastodonFields>> pool_;
  size_t used_ = 0;
  std::string scratch_;
  std::vector<std::string_view> links_;
};

}  // namespace

std::unique_ptr<JsonRecordParser> MakeMastodonParser() {
  return std::make_unique<MastodonParser>();
}

}  // namespace sakimori
