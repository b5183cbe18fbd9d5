// File: ingest/canonical_writer.cc
#include "ingest/canonical_writer.h"

#include <charconv>
#include <cstring>

#include "common/time.h"

namespace sakimori {
namespace {

// True for bytes that must be escaped inside a JSON string.
constexpr bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

void Append2(int v, char* p) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

void AppendKey(std::string_view key, std::string* out) {
  // Keys are plain ASCII: ,"key": (no comma right after the opening brace).
  if (out->back() != '{') out->push_back(',');
  out->push_back('"');
  out->append(key);
  out->append("\":", 2);
}

void AppendList(std::string_view key, const StringList& list, std::string* out) {
  if (list.empty()) return;
  AppendKey(key, out);
  out->push_back('[');
  for (uint32_t i = 0; i < list.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(list[i], out);
  }
  out->push_back(']');
}

void AppendStringField(std::string_view key, std::string_view v, std::string* out) {
  if (v.empty()) return;
  AppendKey(key, out);
  AppendJsonString(v, out);
}

void AppendProfile(const Profile& p, std::string* out) {
  AppendKey("profile", out);
  out->push_back('{');
  size_t open = out->size();
  auto key = [&](std::string_view k) {
    if (out->size() != open) out->push_back(',');
    out->push_back('"');
    out->append(k);
    out->append("\":", 2);
  };
  if (p.created_at != kNoTime) {
    key("created_at");
    out->push_back('"');
    AppendIso8601(p.created_at, out);
    out->push_back('"');
  }
  auto count = [&](std::string_view k, int64_t v) {
    if (v < 0) return;
    key(k);
    AppendInt(v, out);
  };
  count("followers", p.followers);
  count("following", p.following);
  count("posts", p.posts);
  count("likes", p.likes);
  count("listed", p.listed);
  auto flag = [&](std::string_view k, int8_t v) {
    if (v < 0) return;
    key(k);
    out->append(v ? "true" : "false");
  };
  flag("verified", p.verified);
  flag("default_profile", p.default_profile);
  flag("default_image", p.default_image);
  auto str = [&](std::string_view k, std::string_view v) {
    if (v.empty()) return;
    key(k);
    AppendJsonString(v, out);
  };
  str("handle", p.handle);
  str("name", p.name);
  str("description", p.description);
  str("location", p.location);
  str("lang", p.lang);
  out->push_back('}');
}

}  // namespace

void AppendIso8601(TimeMs t, std::string* out) {
  int64_t days = FloorDiv(t, kMsPerDay);
  int64_t ms_of_day = t - days * kMsPerDay;
  // The date part changes rarely in a time-ordered stream; cache the last one.
  static thread_local int64_t cached_days = INT64_MIN;
  static thread_local char cached_date[16];
  static thread_local size_t cached_len = 0;
  if (days != cached_days) {
    int64_t y;
    int m, d;
    CivilFromDays(days, &y, &m, &d);
    char buf[16];
    char* p = buf;
    if (y >= 0 && y <= 9999) {
      int yy = static_cast<int>(y);
      *p++ = static_cast<char>('0' + yy / 1000);
      *p++ = static_cast<char>('0' + yy / 100 % 10);
      *p++ = static_cast<char>('0' + yy / 10 % 10);
      *p++ = static_cast<char>('0' + yy % 10);
    } else {
      p = std::to_chars(p, buf + 8, y).ptr;
    }
    *p++ = '-';
    Append2(m, p);
    p += 2;
    *p++ = '-';
    Append2(d, p);
    p += 2;
    *p++ = 'T';
    cached_len = static_cast<size_t>(p - buf);
    std::memcpy(cached_date, buf, cached_len);
    cached_days = days;
  }
  out->append(cached_date, cached_len);
  int secs = static_cast<int>(ms_of_day / 1000);
  int ms = static_cast<int>(ms_of_day % 1000);
  char buf[14];
  Append2(secs / 3600, buf);
  buf[2] = ':';
  Append2(secs / 60 % 60, buf + 3);
  buf[5] = ':';
  Append2(secs % 60, buf + 6);
  size_t n = 8;
  if (ms != 0) {
    buf[8] = '.';
    buf[9] = static_cast<char>('0' + ms / 100);
    buf[10] = static_cast<char>('0' + ms / 10 % 10);
    buf[11] = static_cast<char>('0' + ms % 10);
    n = 12;
  }
  buf[n++] = 'Z';
  out->append(buf, n);
}

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t i = 0, n = s.size();
  while (i < n) {
    size_t run = i;
    while (run < n && !NeedsEscape(static_cast<unsigned char>(s[run]))) ++run;
    out->append(s.data() + i, run - i);
    if (run == n) break;
    unsigned char c = static_cast<unsigned char>(s[run]);
    switch (c) {
      case '"': out->append("\\\"", 2); break;
      case '\\': out->append("\\\\", 2); break;
      case '\n': out->append("\\n", 2); break;
      case '\r': out->append("\\r", 2); break;
      case '\t': out->append("\\t", 2); break;
      case '\b': out->append("\\b", 2); break;
      case '\f': out->append("\\f", 2); break;
      default: {
        char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out->append(esc, 6);
      }
    }
    i = run + 1;
  }
  out->push_back('"');
}

void AppendCanonicalJson(const Event& e, const Dictionary& dict, std::string* out) {
  out->push_back('{');
  if (e.platform != Platform::kUnknown) AppendStringField("platform", PlatformName(e.platform), out);
  if (!e.id.empty()) {
    AppendStringField("id", e.id, out);
  } else if (e.post != kNoPost) {
    AppendStringField("id", dict.posts.Name(e.post), out);
  }
  AppendKey("kind", out);
  out->push_back('"');
  out->append(EventKindName(e.kind));
  out->append("\",\"time\":\"", 10);
  AppendIso8601(e.time, out);
  out->push_back('"');
  if (e.actor != kNoAccount) AppendStringField("actor", dict.accounts.Name(e.actor), out);
  if (e.target != kNoPost) AppendStringField("target", dict.posts.Name(e.target), out);
  if (e.target_account != kNoAccount) {
    AppendStringField("target_author", dict.accounts.Name(e.target_account), out);
  }
  AppendStringField("text", e.text, out);
  AppendStringField("lang", e.lang, out);
  AppendStringField("client", e.client, out);
  AppendList("urls", e.urls, out);
  AppendList("hashtags", e.hashtags, out);
  AppendList("mentions", e.mentions, out);
  AppendList("media", e.media, out);
  AppendList("domains", e.domains, out);
  if (e.profile != nullptr) AppendProfile(*e.profile, out);
  out->append("}\n", 2);
}

}  // namespace sakimori
