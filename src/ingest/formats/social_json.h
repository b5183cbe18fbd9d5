// File: ingest/formats/social_json.h
// Helpers shared by the readers of platform JSON (X/Twitter v1.1 and v2, Bluesky Jetstream,
// Mastodon): HTML to text, whitespace trimming, and walking arrays of objects with
// simdjson On-Demand. None of them throws; failures are reported as false.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "common/status.h"
#include <vector>

namespace sakimori::social {

// Converts an HTML fragment (Mastodon's `content` and `note`, Twitter's `source` anchor) to
// plain text: tags are dropped, <br> and the boundaries of <p> become line breaks, and
// character references (&amp; &lt; &gt; &quot; &apos; &#39; &nbsp; &#NNN; &#xHH;) are decoded.
// Unknown named references are kept as written. The result is written to *out.
void HtmlToText(std::string_view html, std::string* out);

// Appends the href of every <a> element of `html` that is not a mention or hashtag link
// (Mastodon marks those with class "mention" / "hashtag"). Hrefs with character references
// are skipped (they cannot be returned as views into `html`).
void HtmlLinks(std::string_view html, std::vector<std::string_view>* out);

// `s` without leading and trailing ASCII white space.
std::string_view Trim(std::string_view s);

// Calls fn(object) for each element of the array `v`; every element must be an object.
// Returns false if `v` is not an array, an element is not an object, or fn returns false.
template <typename Fn>
bool ForEachObject(simdjson::ondemand::value v, Fn&& fn) {
  simdjson::ondemand::array arr;
  if (v.get_array().get(arr)) return false;
  for (auto item : arr) {
    simdjson::ondemand::object obj;
    if (item.get_object().get(obj)) return false;
    if (!fn(obj)) return false;
  }
  return true;
}

// Calls fn(key, value) for each field of `obj`. Returns false on malformed JSON or when fn
// returns false.
template <typename Fn>
bool ForEachField(simdjson::ondemand::object obj, Fn&& fn) {
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return false;
    simdjson::ondemand::value v;
    if (field.value().get(v)) return false;
    if (!fn(key, v)) return false;
  }
  return true;
}

// "invalid field: KEY", the rejection of a value of the wrong type.
Status InvalidField(std::string_view key);

// Re-labels a nested object's error: "invalid field: x" -> "invalid field: PREFIX.x".
Status Nested(const Status& s, std::string_view prefix);

}  // namespace sakimori::social
