// File: detect/foreign/watchlist.h
// Watch lists (SPEC 5.4, 6): indicators received from partners or typed in by analysts
// (account ids, handles, link domains, URLs; the types of the store's `indicators` table,
// migration 0003) and their matches in events.
//
// Text form, one indicator per line:
//   type<TAB or ,>value[<TAB or ,>source]
// with type one of account_id, handle, domain, url; lines starting with '#' and blank lines
// are skipped. The separator is the first TAB on the line if there is one, else ','.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/status.h"
#include "model/event.h"

namespace sakimori::foreign {

enum class IndicatorType : uint8_t { kAccountId = 0, kHandle, kDomain, kUrl };

// "account_id", "handle", "domain", "url".
std::string_view IndicatorTypeName(IndicatorType t);
bool ParseIndicatorType(std::string_view name, IndicatorType* t);

struct Indicator {
  IndicatorType type = IndicatorType::kAccountId;
  std::string value;   // normalised (see NormalizeIndicator)
  std::string source;  // free text: partner, report, STIX id; may be empty
  bool operator==(const Indicator&) const = default;
};

// The normalised form of a value: account ids as given (trimmed); handles lower-case without
// a leading '@'; domains lower-case without a leading "www." or a trailing '.'; URLs through
// coord::NormalizeUrl. InvalidArgument if the result is empty or a domain contains '/', ':'
// or white space.
StatusOr<std::string> NormalizeIndicator(IndicatorType type, std::string_view value);

// Where an event matched an indicator.
enum class MatchField : uint8_t { kActor = 0, kHandle, kUrl, kDomain };
std::string_view MatchFieldName(MatchField f);

struct IndicatorMatch {
  uint32_t indicator;  // index into WatchList::indicators()
  MatchField field;
  bool operator==(const IndicatorMatch&) const = default;
};

// An immutable set of indicators with lookup tables. Copyable; const methods are thread-safe.
class WatchList {
 public:
  WatchList() = default;

  // Parses the text form. InvalidArgument naming the first bad line ("line 7: unknown
  // indicator type 'ip'"): a line without a separator, an unknown type, an empty or invalid
  // value. Duplicates (same type, value and source) are kept once.
  static StatusOr<WatchList> Parse(std::string_view text);
  // Reads and parses the file at `path`. NotFound if it cannot be read, else as Parse (the
  // message also names the file).
  static StatusOr<WatchList> Load(const std::string& path);
  // From (type, value, source) triples, values normalised; InvalidArgument naming the index
  // of the first invalid value.
  static StatusOr<WatchList> FromIndicators(std::vector<Indicator> indicators);

  const std::vector<Indicator>& indicators() const { return indicators_; }
  size_t size() const { return indicators_.size(); }
  bool empty() const { return indicators_.empty(); }

  // The indicators `e` matches, sorted by (indicator, field) and unique: the actor's id
  // (dict.accounts name), the handle of the event's profile, each URL (normalised), each
  // link domain (from Event::domains, or the host of each URL) and its parent domains
  // ("a.evil.example" matches the indicator "evil.example").
  std::vector<IndicatorMatch> Match(const Event& e, const Dictionary& dict) const;

 private:
  void Index();
  void Lookup(IndicatorType type, std::string_view key, MatchField field,
              std::vector<IndicatorMatch>* out) const;

  std::vector<Indicator> indicators_;
  // (type, value) -> indicator indices, in order.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> index_;
};

}  // namespace sakimori::foreign
