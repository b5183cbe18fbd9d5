// File: ingest/formats/jetstream.cc
// One pass with simdjson On-Demand collects the event's fields (the commit's record is read
// whatever its collection, since keys may come in any order); the event is built afterwards.
#include "ingest/formats/jetstream.h"

#include <string>
#include <vector>

#include "common/strings.h"
#include "ingest/formats/social_json.h"
#include "ingest/json_util.h"

namespace sakimori {
namespace {

using simdjson::ondemand::json_type;
using simdjson::ondemand::object;
using simdjson::ondemand::value;

constexpr std::string_view kPost = "app.bsky.feed.post";
constexpr std::string_view kLike = "app.bsky.feed.like";
constexpr std::string_view kRepost = "app.bsky.feed.repost";
constexpr std::string_view kFollow = "app.bsky.graph.follow";
constexpr std::string_view kProfile = "app.bsky.actor.profile";

Status Invalid(std::string_view key) { return social::InvalidField(key); }
Status Missing(std::string_view key) {
  return absl::InvalidArgumentError(StrCat("missing field: ", key));
}

// The fields of one Jetstream event. Views point into the record (valid during Parse).
struct JetstreamFields {
  std::string_view did, kind, time_us;
  bool has_commit = false;
  std::string_view operation, collection, rkey;
  bool has_record = false;
  // Record fields (any collection).
  std::string_view text, lang, reply_parent, quote_uri, subject_uri, subject_did;
  std::string_view display_name, description;
  bool has_avatar = false;
  std::vector<std::string_view> hashtags, urls, mentions, media;
  // identity events
  std::string_view handle;

  void Clear() {
    did = kind = time_us = operation = collection = rkey = {};
    text = lang = reply_parent = quote_uri = subject_uri = subject_did = {};
    display_name = description = handle = {};
    has_commit = has_record = has_avatar = false;
    hashtags.clear();
    urls.clear();
    mentions.clear();
    media.clear();
  }
};

// A blob's content id: {"$type":"blob","ref":{"$link":CID},...} or the legacy {"cid":CID}.
bool BlobCid(value v, std::string_view* out) {
  object o;
  if (v.get_object().get(o)) return false;
  return social::ForEachField(o, [&](std::string_view k, value item) {
    if (k == "cid") return json::String(item, out);
    if (k != "ref") return true;
    object ref;
    if (item.get_object().get(ref)) return false;
    return social::ForEachField(ref, [&](std::string_view rk, value link) {
      return rk != "$link" || json::String(link, out);
    });
  });
}

// {"uri": ..., "cid": ...} (a strong reference) -> its uri.
bool StrongRefUri(value v, std::string_view* uri) {
  object o;
  if (v.get_object().get(o)) return false;
  return social::ForEachField(
      o, [&](std::string_view k, value item) { return k != "uri" || json::String(item, uri); });
}

class JetstreamParser : public JsonRecordParser {
 public:
  Status Parse(object record, ParseContext& ctx) override {
    JetstreamFields& f = fields_;
    f.Clear();
    for (auto field : record) {
      std::string_view key;
      if (auto err = field.unescaped_key().get(key)) return json::JsonError(err);
      value v;
      if (auto err = field.value().get(v)) return json::JsonError(err);
      if (json::IsNull(v)) continue;
      if (key == "did") {
        if (!json::String(v, &f.did)) return Invalid(key);
      } else if (key == "time_us") {
        if (!json::IdString(v, &f.time_us)) return Invalid(key);
      } else if (key == "kind") {
        if (!json::String(v, &f.kind)) return Invalid(key);
      } else if (key == "commit") {
        f.has_commit = true;
        RETURN_IF_ERROR(CollectCommit(v));
      } else if (key == "identity") {
        object o;
        if (v.get_object().get(o)) return Invalid(key);
        bool ok = social::ForEachField(o, [&](std::string_view k, value item) {
          return k != "handle" || json::IsNull(item) || json::String(item, &f.handle);
        });
        if (!ok) return Invalid("identity.handle");
      }
    }
    if (f.did.empty()) return Missing("did");
    if (f.did.substr(0, 4) != "did:") return Invalid("did");
    if (f.time_us.empty()) return Missing("time_us");
    int64_t us = 0;
    if (!ParseInt(f.time_us, &us) || us < 0) {
      return absl::InvalidArgumentError(
          StrCat("invalid time: time_us '", f.time_us.substr(0, 32), "'"));
    }
    TimeMs time = us / 1000;

    if (f.kind == "identity") {
      if (f.handle.empty()) {
        ctx.Skip("identity event without handle");
        return absl::OkStatus();
      }
      Profile* p = ctx.batch->NewProfile();
      p->observed_at = time;
      p->handle = ctx.batch->Copy(f.handle);
      AddEvent(ctx, EventKind::kProfileUpdate, time, {}).profile = p;
      return absl::OkStatus();
    }
    if (f.kind == "account") {
      ctx.Skip("account status event");
      return absl::OkStatus();
    }
    if (f.kind.empty() && !f.has_commit) return Missing("kind");
    if (f.kind != "commit" && !f.kind.empty()) {
      ctx.Skip("unknown event kind");
      return absl::OkStatus();
    }
    if (!f.has_commit) return Missing("commit");
    if (f.operation.empty()) return Missing("commit.operation");
    if (f.collection.empty()) return Missing("commit.collection");
    if (f.rkey.empty()) return Missing("commit.rkey");
    own_uri_.assign("at://")
        .append(f.did)
        .append("/")
        .append(f.collection)
        .append("/")
        .append(f.rkey);

    if (f.operation == "delete") return EmitDelete(time, ctx);
    if (f.operation != "create" && f.operation != "update") return Invalid("commit.operation");
    if (f.collection == kProfile) return EmitProfile(time, ctx);
    if (f.operation == "update") {
      ctx.Skip("record update");
      return absl::OkStatus();
    }
    if (f.collection != kPost && f.collection != kLike && f.collection != kRepost &&
        f.collection != kFollow) {
      ctx.Skip("unknown collection");
      return absl::OkStatus();
    }
    if (!f.has_record) return Missing("commit.record");
    if (f.collection == kFollow) {
      if (f.subject_did.empty()) return Missing("commit.record.subject");
      if (f.subject_did.substr(0, 4) != "did:") return Invalid("commit.record.subject");
      Event& e = AddEvent(ctx, EventKind::kFollow, time, own_uri_);
      e.target_account = ctx.dict->accounts.Intern(f.subject_did);
      return absl::OkStatus();
    }
    if (f.collection == kLike || f.collection == kRepost) {
      if (f.subject_uri.empty()) return Missing("commit.record.subject.uri");
      std::string_view author = AtUriAuthority(f.subject_uri);
      if (author.empty()) return Invalid("commit.record.subject.uri");
      bool like = f.collection == kLike;
      Event& e = AddEvent(ctx, like ? EventKind::kLike : EventKind::kRepost, time, own_uri_);
      if (!like) e.post = ctx.dict->posts.Intern(own_uri_);
      e.target = ctx.dict->posts.Intern(f.subject_uri);
      if (author.substr(0, 4) == "did:") e.target_account = ctx.dict->accounts.Intern(author);
      return absl::OkStatus();
    }
    return EmitPost(time, ctx);
  }

 private:
  static bool ParseInt(std::string_view s, int64_t* out) {
    if (s.empty() || s.size() > 18) return false;
    int64_t n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + (c - '0');
    }
    *out = n;
    return true;
  }

  Event& AddEvent(ParseContext& ctx, EventKind kind, TimeMs time, std::string_view id) {
    Event& e = ctx.batch->Add();
    e.platform = Platform::kBluesky;
    e.kind = kind;
    e.time = time;
    e.actor = ctx.dict->accounts.Intern(fields_.did);
    e.id = ctx.batch->Copy(id);
    return e;
  }

  Status CollectCommit(value v) {
    JetstreamFields& f = fields_;
    object o;
    if (v.get_object().get(o)) return Invalid("commit");
    for (auto field : o) {
      std::string_view key;
      if (auto err = field.unescaped_key().get(key)) return json::JsonError(err);
      value item;
      if (auto err = field.value().get(item)) return json::JsonError(err);
      if (json::IsNull(item)) continue;
      if (key == "operation") {
        if (!json::String(item, &f.operation)) return Invalid("commit.operation");
      } else if (key == "collection") {
        if (!json::String(item, &f.collection)) return Invalid("commit.collection");
      } else if (key == "rkey") {
        if (!json::String(item, &f.rkey)) return Invalid("commit.rkey");
      } else if (key == "record") {
        f.has_record = true;
        RETURN_IF_ERROR(CollectRecord(item));
      }
    }
    return absl::OkStatus();
  }

  Status CollectRecord(value v) {
    JetstreamFields& f = fields_;
    object o;
    if (v.get_object().get(o)) return Invalid("commit.record");
    for (auto field : o) {
      std::string_view key;
      if (auto err = field.unescaped_key().get(key)) return json::JsonError(err);
      value item;
      if (auto err = field.value().get(item)) return json::JsonError(err);
      if (json::IsNull(item)) continue;
      bool ok = true;
      if (key == "text") {
        ok = json::String(item, &f.text);
      } else if (key == "langs") {
        langs_.clear();
        ok = json::StringArray(item, &langs_, 16);
        if (ok && !langs_.empty()) f.lang = langs_[0];
      } else if (key == "tags") {
        ok = json::StringArray(item, &f.hashtags, 64);
      } else if (key == "reply") {
        object r;
        ok = !item.get_object().get(r) && social::ForEachField(r, [&](std::string_view k, value p) {
          return k != "parent" || StrongRefUri(p, &f.reply_parent);
        });
      } else if (key == "embed") {
        ok = CollectEmbed(item, 0);
      } else if (key == "facets") {
        ok = social::ForEachObject(item, [&](object facet) {
          return social::ForEachField(facet, [&](std::string_view k, value features) {
            return k != "features" || social::ForEachObject(features, [&](object feat) {
                     return CollectFeature(feat);
                   });
          });
        });
      } else if (key == "subject") {
        json_type type;
        if (item.type().get(type)) return Invalid("commit.record.subject");
        ok = type == json_type::string ? json::String(item, &f.subject_did)
                                       : StrongRefUri(item, &f.subject_uri);
      } else if (key == "displayName") {
        ok = json::String(item, &f.display_name);
      } else if (key == "description") {
        ok = json::String(item, &f.description);
      } else if (key == "avatar") {
        f.has_avatar = true;
      }
      if (!ok) return Invalid(StrCat("commit.record.", key));
    }
    return absl::OkStatus();
  }

  // A rich-text facet feature: #tag, #link or #mention.
  bool CollectFeature(object feat) {
    std::string_view type, tag, uri, did;
    bool ok = social::ForEachField(feat, [&](std::string_view k, value v) {
      if (k == "$type") return json::String(v, &type);
      if (k == "tag") return json::String(v, &tag);
      if (k == "uri") return json::String(v, &uri);
      if (k == "did") return json::String(v, &did);
      return true;
    });
    if (!ok) return false;
    if (type == "app.bsky.richtext.facet#tag" && !tag.empty()) fields_.hashtags.push_back(tag);
    if (type == "app.bsky.richtext.facet#link" && !uri.empty()) fields_.urls.push_back(uri);
    if (type == "app.bsky.richtext.facet#mention" && !did.empty()) {
      fields_.mentions.push_back(did);
    }
    return true;
  }

  // Embeds: record (a quote when it points to a post), recordWithMedia, external (a link),
  // images and video (their blob content ids become media hashes).
  bool CollectEmbed(value v, int depth) {
    if (depth > 3) return false;
    object o;
    if (v.get_object().get(o)) return false;
    return social::ForEachField(o, [&](std::string_view k, value item) {
      if (json::IsNull(item)) return true;
      if (k == "record") return CollectEmbeddedRecord(item, depth);
      if (k == "media") return CollectEmbed(item, depth + 1);
      if (k == "external") {
        object ext;
        if (item.get_object().get(ext)) return false;
        return social::ForEachField(ext, [&](std::string_view ek, value ev) {
          if (ek != "uri") return true;
          std::string_view uri;
          if (!json::String(ev, &uri)) return false;
          fields_.urls.push_back(uri);
          return true;
        });
      }
      if (k == "images") {
        return social::ForEachObject(item, [&](object img) {
          return social::ForEachField(img, [&](std::string_view ik, value iv) {
            if (ik != "image") return true;
            std::string_view cid;
            if (!BlobCid(iv, &cid)) return false;
            if (!cid.empty()) fields_.media.push_back(cid);
            return true;
          });
        });
      }
      if (k == "video") {
        std::string_view cid;
        if (!BlobCid(item, &cid)) return false;
        if (!cid.empty()) fields_.media.push_back(cid);
      }
      return true;
    });
  }

  // embed.record: {"uri", "cid"} (app.bsky.embed.record) or {"record": {"uri", "cid"}}
  // (app.bsky.embed.recordWithMedia).
  bool CollectEmbeddedRecord(value v, int depth) {
    object o;
    if (v.get_object().get(o)) return false;
    return social::ForEachField(o, [&](std::string_view k, value item) {
      if (k == "uri") {
        std::string_view uri;
        if (!json::String(item, &uri)) return false;
        if (AtUriCollection(uri) == kPost) fields_.quote_uri = uri;
        return true;
      }
      if (k == "record" && depth < 3) return CollectEmbeddedRecord(item, depth + 1);
      return true;
    });
  }

  Status EmitPost(TimeMs time, ParseContext& ctx) {
    JetstreamFields& f = fields_;
    EventKind kind = EventKind::kPost;
    std::string_view target;
    if (!f.quote_uri.empty()) {
      kind = EventKind::kQuote;
      target = f.quote_uri;
    } else if (!f.reply_parent.empty()) {
      kind = EventKind::kReply;
      target = f.reply_parent;
      if (AtUriAuthority(target).empty()) return Invalid("commit.record.reply.parent.uri");
    }
    EventBatch& batch = *ctx.batch;
    Event& e = AddEvent(ctx, kind, time, own_uri_);
    e.post = ctx.dict->posts.Intern(own_uri_);
    if (!target.empty()) {
      e.target = ctx.dict->posts.Intern(target);
      std::string_view author = AtUriAuthority(target);
      if (author.substr(0, 4) == "did:") e.target_account = ctx.dict->accounts.Intern(author);
    }
    e.text = batch.Copy(f.text);
    e.lang = batch.Copy(f.lang);
    e.hashtags = batch.CopyList(f.hashtags);
    e.urls = batch.CopyList(f.urls);
    e.mentions = batch.CopyList(f.mentions);
    e.media = batch.CopyList(f.media);
    return absl::OkStatus();
  }

  Status EmitDelete(TimeMs time, ParseContext& ctx) {
    JetstreamFields& f = fields_;
    if (f.collection == kPost || f.collection == kRepost) {
      Event& e = AddEvent(ctx, EventKind::kDelete, time, {});
      e.target = ctx.dict->posts.Intern(own_uri_);
      return absl::OkStatus();
    }
    if (f.collection == kLike) {
      ctx.Skip("like deleted");
    } else if (f.collection == kFollow) {
      ctx.Skip("follow deleted (subject not in the event)");
    } else {
      ctx.Skip("unknown collection");
    }
    return absl::OkStatus();
  }

  Status EmitProfile(TimeMs time, ParseContext& ctx) {
    JetstreamFields& f = fields_;
    if (!f.has_record) return Missing("commit.record");
    Profile* p = ctx.batch->NewProfile();
    p->observed_at = time;
    p->name = ctx.batch->Copy(f.display_name);
    p->description = ctx.batch->Copy(f.description);
    p->default_image = f.has_avatar ? 0 : 1;
    AddEvent(ctx, EventKind::kProfileUpdate, time, {}).profile = p;
    return absl::OkStatus();
  }

  JetstreamFields fields_;
  std::vector<std::string_view> langs_;
  std::string own_uri_;
};

}  // namespace

std::string_view AtUriAuthority(std::string_view uri) {
  constexpr std::string_view kScheme = "at://";
  if (uri.substr(0, kScheme.size()) != kScheme) return {};
  uri.remove_prefix(kScheme.size());
  return uri.substr(0, uri.find('/'));
}

std::string_view AtUriCollection(std::string_view uri) {
  std::string_view authority = AtUriAuthority(uri);
  if (authority.empty()) return {};
  uri.remove_prefix(5 + authority.size());
  if (uri.empty() || uri[0] != '/') return {};
  uri.remove_prefix(1);
  return uri.substr(0, uri.find('/'));
}

std::unique_ptr<JsonRecordParser> MakeJetstreamParser() {
  return std::make_unique<JetstreamParser>();
}

}  // namespace sakimori
