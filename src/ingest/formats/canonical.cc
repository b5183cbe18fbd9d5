// File: ingest/formats/canonical.cc
#include "ingest/formats/canonical.h"

#include <vector>

#include "common/strings.h"
#include "ingest/json_util.h"

namespace sakimori {
namespace {

using simdjson::ondemand::value;

Status BadField(std::string_view what, std::string_view key) {
  return absl::InvalidArgumentError(StrCat(what, ": ", key));
}

class CanonicalParser : public JsonRecordParser {
 public:
  Status Parse(simdjson::ondemand::object object, ParseContext& ctx) override {
    EventBatch& batch = *ctx.batch;
    Event& e = batch.Add();
    e.platform = ctx.default_platform;
    std::string_view actor, target, target_author, kind, id, platform;
    bool has_time = false, has_kind = false;
    for (auto field : object) {
      std::string_view key;
      if (auto err = field.unescaped_key().get(key)) return json::JsonError(err);
      value v;
      if (auto err = field.value().get(v)) return json::JsonError(err);
      if (json::IsNull(v)) continue;
      switch (key.empty() ? '\0' : key[0]) {
        case 'a':
          if (key == "actor") {
            if (!json::IdString(v, &actor)) return BadField("invalid field", key);
            continue;
          }
          break;
        case 'c':
          if (key == "client") {
            std::string_view s;
            if (!json::String(v, &s)) return BadField("invalid field", key);
            e.client = batch.Copy(s);
            continue;
          }
          break;
        case 'd':
          if (key == "domains") {
            if (!ReadList(v, &e.domains, batch)) return BadField("invalid field", key);
            continue;
          }
          break;
        case 'h':
          if (key == "hashtags") {
            if (!ReadList(v, &e.hashtags, batch)) return BadField("invalid field", key);
            continue;
          }
          break;
        case 'i':
          if (key == "id") {
            if (!json::IdString(v, &id)) return BadField("invalid field", key);
            e.id = batch.Copy(id);
            continue;
          }
          break;
        case 'k':
          if (key == "kind") {
            if (!json::String(v, &kind)) return BadField("invalid field", key);
            if (!ParseEventKind(kind, &e.kind)) {
              return absl::InvalidArgumentError(StrCat("unknown kind: '", kind, "'"));
            }
            has_kind = true;
            continue;
          }
          break;
        case 'l':
          if (key == "lang") {
            std::string_view s;
            if (!json::String(v, &s)) return BadField("invalid field", key);
            e.lang = batch.Copy(s);
            continue;
          }
          break;
        case 'm':
          if (key == "mentions") {
            if (!ReadList(v, &e.mentions, batch)) return BadField("invalid field", key);
            continue;
          }
          if (key == "media") {
            if (!ReadList(v, &e.media, batch)) return BadField("invalid field", key);
            continue;
          }
          break;
        case 'p':
          if (key == "platform") {
            if (!json::String(v, &platform)) return BadField("invalid field", key);
            e.platform = ParsePlatform(platform);
            continue;
          }
          if (key == "profile") {
            simdjson::ondemand::object po;
            if (v.get_object().get(po)) return BadField("invalid field", key);
            Profile* p = batch.NewProfile();
            RETURN_IF_ERROR(ParseCanonicalProfile(po, &batch, p));
            e.profile = p;
            continue;
          }
          break;
        case 't':
          if (key == "time") {
            if (!json::Time(v, &e.time)) {
              std::string_view raw = v.raw_json_token();
              return absl::InvalidArgumentError(
                  StrCat("invalid time: ", raw.substr(0, 64)));
            }
            has_time = true;
            continue;
          }
          if (key == "target") {
            if (!json::IdString(v, &target)) return BadField("invalid field", key);
            continue;
          }
          if (key == "target_author" || key == "target_account") {
            if (!json::IdString(v, &target_author)) return BadField("invalid field", key);
            continue;
          }
          if (key == "text") {
            std::string_view s;
            if (!json::String(v, &s)) return BadField("invalid field", key);
            e.text = batch.Copy(s);
            continue;
          }
          break;
        case 'u':
          if (key == "urls") {
            if (!ReadList(v, &e.urls, batch)) return BadField("invalid field", key);
            continue;
          }
          break;
        default:
          break;
      }
      // Unknown keys are allowed (forward compatibility) and skipped.
    }
    if (!has_kind) return absl::InvalidArgumentError("missing field: kind");
    if (!has_time) return absl::InvalidArgumentError("missing field: time");
    if (actor.empty()) return absl::InvalidArgumentError("missing field: actor");
    e.actor = ctx.dict->accounts.Intern(actor);
    if (!id.empty() && CreatesPost(e.kind)) e.post = ctx.dict->posts.Intern(id);
    if (IsEngagement(e.kind) || e.kind == EventKind::kDelete) {
      if (target.empty()) return absl::InvalidArgumentError("missing field: target");
      e.target = ctx.dict->posts.Intern(target);
    }
    if (!target_author.empty()) e.target_account = ctx.dict->accounts.Intern(target_author);
    if ((e.kind == EventKind::kFollow || e.kind == EventKind::kUnfollow) &&
        e.target_account == kNoAccount) {
      return absl::InvalidArgumentError("missing field: target_author");
    }
    if (e.kind == EventKind::kProfileUpdate && e.profile == nullptr) {
      return absl::InvalidArgumentError("missing field: profile");
    }
    if (e.profile != nullptr) {
      const_cast<Profile*>(e.profile)->observed_at = e.time;
    }
    return absl::OkStatus();
  }

 private:
  bool ReadList(value v, StringList* out, EventBatch& batch) {
    scratch_.clear();
    if (!json::StringArray(v, &scratch_)) return false;
    *out = batch.CopyList(scratch_);
    return true;
  }

  std::vector<std::string_view> scratch_;
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
