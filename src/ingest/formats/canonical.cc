// File: ingest/formats/canonical.cc
#include "ingest/formats/canonical.h"

#include <cstring>
#include <vector>

#include "common/strings.h"
#include "ingest/json_util.h"

namespace sakimori {
namespace {

using simdjson::ondemand::value;

// True if the raw (still quoted, validated) JSON key at `p` is exactly `lit`. Keys written
// with escapes never match and are skipped like unknown keys.
template <size_t N>
bool KeyIs(const char* p, const char (&lit)[N]) {
  return std::memcmp(p, lit, N - 1) == 0 && p[N - 1] == '"';
}

// ParseEventKind for the names the writer emits, by length and first letter; anything else
// (aliases such as "retweet", unknown names) goes to ParseEventKind itself.
bool FastEventKind(std::string_view k, EventKind* kind) {
  struct Name {
    std::string_view name;
    EventKind kind;
  };
  // Indexed by length - 4; at most three names of each length.
  static constexpr Name kByLength[5][3] = {
      {{"post", EventKind::kPost}, {"like", EventKind::kLike}, {}},
      {{"reply", EventKind::kReply}, {"quote", EventKind::kQuote}, {}},
      {{"repost", EventKind::kRepost}, {"follow", EventKind::kFollow},
       {"delete", EventKind::kDelete}},
      {{"profile", EventKind::kProfileUpdate}, {}, {}},
      {{"unfollow", EventKind::kUnfollow}, {}, {}},
  };
  if (k.size() >= 4 && k.size() <= 8) {
    for (const Name& n : kByLength[k.size() - 4]) {
      if (!n.name.empty() && n.name[0] == k[0] && n.name == k) {
        *kind = n.kind;
        return true;
      }
    }
  }
  return ParseEventKind(k, kind);
}

// ParsePlatform with the common "x" first.
Platform FastPlatform(std::string_view p) {
  return p.size() == 1 && p[0] == 'x' ? Platform::kX : ParsePlatform(p);
}

// json::IdString and json::String on a value in place (see json::PlainString);
// only their slow paths copy it.
bool IdStr(value& v, std::string_view* out) {
  return json::PlainString(v, out) || json::IdString(v, out);
}
bool Str(value& v, std::string_view* out) {
  return json::PlainString(v, out) || json::String(v, out);
}

Status BadField(std::string_view what, std::string_view key) {
  return absl::InvalidArgumentError(StrCat(what, ": ", key));
}

class CanonicalParser : public JsonRecordParser {
 public:
  Status Parse(simdjson::ondemand::object object, ParseContext& ctx) override {
    EventBatch& batch = *ctx.batch;
    Event& e = batch.Add();
    e.platform = ctx.default_platform;
    FieldState st;
    // Fields and values are used in place: copying simdjson's iterators costs store-to-load
    // forwarding stalls on every field.
    for (auto field_result : object) {
      if (field_result.error()) return json::JsonError(field_result.error());
      simdjson::ondemand::field&& field = std::move(field_result).value_unsafe();
      value& v = field.value();
      Status s = ParseField(field.key().raw(), v, e, batch, st);
      if (!s.ok() && !json::IsNull(v)) return s;
    }
    if (!st.has_kind) return absl::InvalidArgumentError("missing field: kind");
    if (!st.has_time) return absl::InvalidArgumentError("missing field: time");
    if (st.actor.empty()) return absl::InvalidArgumentError("missing field: actor");
    const bool has_target = IsEngagement(e.kind) || e.kind == EventKind::kDelete;
    if (has_target && st.target.empty()) {
      return absl::InvalidArgumentError("missing field: target");
    }
    if ((e.kind == EventKind::kFollow || e.kind == EventKind::kUnfollow) &&
        st.target_author.empty()) {
      return absl::InvalidArgumentError("missing field: target_author");
    }
    if (e.kind == EventKind::kProfileUpdate && e.profile == nullptr) {
      return absl::InvalidArgumentError("missing field: profile");
    }
    if (e.profile != nullptr) {
      const_cast<Profile*>(e.profile)->observed_at = e.time;
    }
    // The record is good: intern its ids (in this order: actor, post, target, target author).
    const bool has_post = !st.id.empty() && CreatesPost(e.kind);
    if (ctx.pending == nullptr) {
      e.actor = ctx.dict->accounts.Intern(st.actor);
      if (has_post) e.post = ctx.dict->posts.Intern(st.id);
      if (has_target) e.target = ctx.dict->posts.Intern(st.target);
      if (!st.target_author.empty()) {
        e.target_account = ctx.dict->accounts.Intern(st.target_author);
      }
      return absl::OkStatus();
    }
    using Field = PendingIds::Field;
    const uint32_t index = static_cast<uint32_t>(batch.size() - 1);
    ctx.pending->Add(index, Field::kActor, batch.Copy(st.actor));
    if (has_post) ctx.pending->Add(index, Field::kPost, e.id);
    if (has_target) ctx.pending->Add(index, Field::kTarget, batch.Copy(st.target));
    if (!st.target_author.empty()) {
      ctx.pending->Add(index, Field::kTargetAccount, batch.Copy(st.target_author));
    }
    return absl::OkStatus();
  }

 private:
  // Per-record values collected while fields are read in any order.
  struct FieldState {
    std::string_view actor, target, target_author, id;
    bool has_time = false, has_kind = false;
  };

  // Reads one field into `e` / `st`. Unknown keys are allowed (forward compatibility) and
  // skipped. An error for a value of the wrong type; the caller forgives JSON null.
  Status ParseField(const char* key, value& v, Event& e, EventBatch& batch, FieldState& st) {
    switch (key[0]) {
      case 'a':
        if (KeyIs(key, "actor")) {
          if (!IdStr(v, &st.actor)) return BadField("invalid field", "actor");
          return absl::OkStatus();
        }
        break;
      case 'c':
        if (KeyIs(key, "client")) {
          std::string_view s;
          if (!Str(v, &s)) return BadField("invalid field", "client");
          e.client = batch.Copy(s);
          return absl::OkStatus();
        }
        break;
      case 'd':
        if (KeyIs(key, "domains")) {
          if (!ReadList(v, &e.domains, batch)) return BadField("invalid field", "domains");
          return absl::OkStatus();
        }
        break;
      case 'h':
        if (KeyIs(key, "hashtags")) {
          if (!ReadList(v, &e.hashtags, batch)) return BadField("invalid field", "hashtags");
          return absl::OkStatus();
        }
        break;
      case 'i':
        if (KeyIs(key, "id")) {
          if (!IdStr(v, &st.id)) return BadField("invalid field", "id");
          e.id = batch.Copy(st.id);
          return absl::OkStatus();
        }
        break;
      case 'k':
        if (KeyIs(key, "kind")) {
          std::string_view kind;
          if (!Str(v, &kind)) return BadField("invalid field", "kind");
          if (!FastEventKind(kind, &e.kind)) {
            return absl::InvalidArgumentError(StrCat("unknown kind: '", kind, "'"));
          }
          st.has_kind = true;
          return absl::OkStatus();
        }
        break;
      case 'l':
        if (KeyIs(key, "lang")) {
          std::string_view s;
          if (!Str(v, &s)) return BadField("invalid field", "lang");
          e.lang = batch.Copy(s);
          return absl::OkStatus();
        }
        break;
      case 'm':
        if (KeyIs(key, "mentions")) {
          if (!ReadList(v, &e.mentions, batch)) return BadField("invalid field", "mentions");
          return absl::OkStatus();
        }
        if (KeyIs(key, "media")) {
          if (!ReadList(v, &e.media, batch)) return BadField("invalid field", "media");
          return absl::OkStatus();
        }
        break;
      case 'p':
        if (KeyIs(key, "platform")) {
          std::string_view platform;
          if (!Str(v, &platform)) return BadField("invalid field", "platform");
          e.platform = FastPlatform(platform);
          return absl::OkStatus();
        }
        if (KeyIs(key, "profile")) {
          simdjson::ondemand::object po;
          if (v.get_object().get(po)) return BadField("invalid field", "profile");
          Profile* p = batch.NewProfile();
          RETURN_IF_ERROR(ParseCanonicalProfile(po, &batch, p));
          e.profile = p;
          return absl::OkStatus();
        }
        break;
      case 't':
        if (KeyIs(key, "time")) {
          if (!TimeOf(v, &e.time)) {
            std::string_view raw = v.raw_json_token();
            return absl::InvalidArgumentError(
                StrCat("invalid time: ", raw.substr(0, 64)));
          }
          st.has_time = true;
          return absl::OkStatus();
        }
        if (KeyIs(key, "target")) {
          if (!IdStr(v, &st.target)) return BadField("invalid field", "target");
          return absl::OkStatus();
        }
        if (KeyIs(key, "target_author") || KeyIs(key, "target_account")) {
          if (!IdStr(v, &st.target_author)) return BadField("invalid field", "target_author");
          return absl::OkStatus();
        }
        if (KeyIs(key, "text")) {
          std::string_view s;
          if (!Str(v, &s)) return BadField("invalid field", "text");
          e.text = batch.Copy(s);
          return absl::OkStatus();
        }
        break;
      case 'u':
        if (KeyIs(key, "urls")) {
          if (!ReadList(v, &e.urls, batch)) return BadField("invalid field", "urls");
          return absl::OkStatus();
        }
        break;
      default:
        break;
    }
    return absl::OkStatus();
  }

  bool ReadList(value& v, StringList* out, EventBatch& batch) {
    scratch_.clear();
    if (!json::StringArray(v, &scratch_)) return false;
    *out = batch.CopyList(scratch_);
    return true;
  }

  // json::Time on a value in place, with the memo of the last date (see TimeParser).
  bool TimeOf(value& v, TimeMs* out) {
    std::string_view s;
    if (json::PlainString(v, &s)) return time_parser_.Parse(s, out);
    return json::Time(v, out);
  }

  std::vector<std::string_view> scratch_;
  TimeParser time_parser_;
};

}  // namespace

Status ParseCanonicalProfile(simdjson::ondemand::object object, EventBatch* batch,
                             Profile* p) {
  for (auto field : object) {
    std::string_view key;
    if (auto err = field.unescaped_key().get(key)) return json::JsonError(err);
    value v;
    if (auto err = field.value().get(v)) return json::JsonError(err);
    if (json::IsNull(v)) continue;
    bool ok = true;
    std::string_view s;
    bool b = false;
    if (key == "created_at") {
      ok = json::Time(v, &p->created_at);
    } else if (key == "followers") {
      ok = json::Int64(v, &p->followers);
    } else if (key == "following") {
      ok = json::Int64(v, &p->following);
    } else if (key == "posts") {
      ok = json::Int64(v, &p->posts);
    } else if (key == "likes") {
      ok = json::Int64(v, &p->likes);
    } else if (key == "listed") {
      ok = json::Int64(v, &p->listed);
    } else if (key == "verified") {
      ok = json::Bool(v, &b);
      p->verified = b;
    } else if (key == "default_profile") {
      ok = json::Bool(v, &b);
      p->default_profile = b;
    } else if (key == "default_image") {
      ok = json::Bool(v, &b);
      p->default_image = b;
    } else if (key == "handle" || key == "name" || key == "description" || key == "location" ||
               key == "lang") {
      ok = json::String(v, &s);
      s = batch->Copy(s);
      if (key == "handle") p->handle = s;
      if (key == "name") p->name = s;
      if (key == "description") p->description = s;
      if (key == "location") p->location = s;
      if (key == "lang") p->lang = s;
    }
    if (!ok) return absl::InvalidArgumentError(StrCat("invalid field: profile.", key));
  }
  return absl::OkStatus();
}

std::unique_ptr<JsonRecordParser> MakeCanonicalParser() {
  return std::make_unique<CanonicalParser>();
}

}  // namespace sakimori
