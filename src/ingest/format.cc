// File: ingest/format.cc
#include "ingest/format.h"

#include <array>
#include <utility>

#include "common/strings.h"

namespace sakimori {
namespace {

constexpr std::pair<Format, std::string_view> kNames[] = {
    {Format::kAuto, "auto"},
    {Format::kCanonical, "canonical"},
    {Format::kTwitterV2, "twitter-v2"},
    {Format::kTwitterV1, "twitter-v1"},
    {Format::kIoArchive, "io-archive"},
    {Format::kIra, "ira"},
    {Format::kCoortweet, "coortweet"},
    {Format::kCoortweetMulti, "coortweet-multimodal"},
    {Format::kCrowdTangle, "crowdtangle"},
    {Format::kJetstream, "jetstream"},
    {Format::kMastodon, "mastodon"},
    {Format::kCsv, "csv"},
};

bool Has(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

// True if the CSV header line names every column in `cols`.
bool HeaderHas(std::string_view header, std::initializer_list<std::string_view> cols) {
  for (std::string_view c : cols) {
    bool found = false;
    size_t pos = 0;
    while ((pos = header.find(c, pos)) != std::string_view::npos) {
      bool left = pos == 0 || header[pos - 1] == ',' || header[pos - 1] == '"' ||
                  header[pos - 1] == '\t';
      size_t end = pos + c.size();
      bool right = end == header.size() || header[end] == ',' || header[end] == '"' ||
                   header[end] == '\r' || header[end] == '\t';
      if (left && right) {
        found = true;
        break;
      }
      pos = end;
    }
    if (!found) return false;
  }
  return true;
}

}  // namespace

std::string_view FormatName(Format f) {
  for (const auto& [fmt, name] : kNames) {
    if (fmt == f) return name;
  }
  return "unknown";
}

StatusOr<Format> ParseFormat(std::string_view name) {
  for (const auto& [fmt, n] : kNames) {
    if (n == name) return fmt;
  }
  std::vector<std::string_view> names;
  for (const auto& [fmt, n] : kNames) names.push_back(n);
  return absl::InvalidArgumentError(
      StrCat("unknown format '", name, "'; known: ", StrJoin(names, ", ")));
}

std::vector<Format> AllFormats() {
  std::vector<Format> out;
  for (const auto& [fmt, n] : kNames) {
    if (fmt != Format::kAuto) out.push_back(fmt);
  }
  return out;
}

bool IsJsonFormat(Format f) {
  return f == Format::kCanonical || f == Format::kTwitterV2 || f == Format::kTwitterV1 ||
         f == Format::kJetstream || f == Format::kMastodon;
}

StatusOr<Format> DetectFormat(std::string_view head) {
  size_t i = 0;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' ||
                             head[i] == '\t')) {
    ++i;
  }
  head.remove_prefix(i);
  if (head.empty()) return Format::kCanonical;  // an empty input: nothing to misread
  if (head[0] == '{' || head[0] == '[') {
    // Look at the first record only, where we can.
    std::string_view first = head.substr(0, head.find('\n', 2) == std::string_view::npos
                                                ? head.size()
                                                : std::max<size_t>(head.find('\n', 2), 4096));
    if (Has(first, "\"kind\"") && Has(first, "\"actor\"")) return Format::kCanonical;
    if (Has(first, "\"did\"") && (Has(first, "\"time_us\"") || Has(first, "\"commit\""))) {
      return Format::kJetstream;
    }
    if (Has(first, "\"acct\"") || Has(first, "\"reblog\"") || Has(first, "\"visibility\"")) {
      return Format::kMastodon;
    }
    if (Has(first, "\"screen_name\"") || Has(first, "\"id_str\"") ||
        Has(first, "\"retweeted_status\"") || Has(first, "\"favourites_count\"")) {
      return Format::kTwitterV1;
    }
    if (Has(first, "\"referenced_tweets\"") || Has(first, "\"author_id\"") ||
        Has(first, "\"edit_history_tweet_ids\"") || Has(first, "\"conversation_id\"") ||
        Has(first, "\"public_metrics\"") || Has(first, "\"username\"") ||
        (Has(first, "\"data\"") && Has(first, "\"includes\""))) {
      return Format::kTwitterV2;
    }
    return absl::InvalidArgumentError(
        "JSON input of an unknown shape; name its format with --format");
  }
  std::string_view header = head.substr(0, head.find('\n'));
  if (HeaderHas(header, {"object_id", "account_id", "content_id", "timestamp_share"})) {
    return Format::kCoortweet;
  }
  if (HeaderHas(header, {"account_id", "post_id", "timestamp"}) &&
      (HeaderHas(header, {"url_id"}) || HeaderHas(header, {"hashtag_id"}) ||
       HeaderHas(header, {"domain_id"}) || HeaderHas(header, {"phash_id"}))) {
    return Format::kCoortweetMulti;
  }
  if (HeaderHas(header, {"tweetid", "userid", "tweet_time"})) return Format::kIoArchive;
  if (HeaderHas(header, {"author", "content", "publish_date"})) return Format::kIra;
  if (HeaderHas(header, {"Post Created"}) || HeaderHas(header, {"account.url", "date", "expanded"}) || HeaderHas(header, {"Link", "Total Interactions"})) {
    return Format::kCrowdTangle;
  }
  return absl::InvalidArgumentError(StrCat(
      "cannot detect the input format from its first line '", header.substr(0, 120),
      "'; name it with --format (for any CSV: --format csv with a column mapping)"));
}

}  // namespace sakimori
