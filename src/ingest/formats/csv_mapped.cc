// File: ingest/formats/csv_mapped.cc
#include "ingest/formats/csv_mapped.h"

#include <toml++/toml.h>

#include <array>
#include <optional>

#include "common/strings.h"
#include "ingest/formats/csv_fields.h"

namespace sakimori {
namespace {

using csv_fields::Cell;
using csv_fields::Trim;

enum Field {
  kId = 0,
  kKind,
  kTime,
  kActor,
  kTarget,
  kTargetAuthor,
  kText,
  kLang,
  kClient,
  kUrls,
  kHashtags,
  kMentions,
  kMedia,
  kPlatform,
  kNumFields,
};

constexpr std::array<std::string_view, kNumFields> kFieldNames = {
    "id",   "kind", "time",   "actor", "target",   "target_author", "text",
    "lang", "client", "urls", "hashtags", "mentions", "media", "platform"};

enum class TimeFormat { kAuto, kEpochSeconds, kEpochMillis };

struct Mapping {
  std::array<std::string, kNumFields> columns;  // empty: not mapped
  char delimiter = ',';
  std::optional<EventKind> kind;
  std::string platform;
  TimeFormat time_format = TimeFormat::kAuto;
  char list_separator = ',';
};

Status SetColumn(Mapping* m, std::string_view field, std::string_view column) {
  for (int f = 0; f < kNumFields; ++f) {
    if (kFieldNames[f] == field) {
      if (column.empty()) {
        return absl::InvalidArgumentError(StrCat("csv mapping: empty column for field ", field));
      }
      m->columns[f] = std::string(column);
      return absl::OkStatus();
    }
  }
  return absl::InvalidArgumentError(StrCat("csv mapping: unknown field '", field,
                                           "'; known: ", StrJoin(kFieldNames, ", ")));
}

Status ParseDelimiter(std::string_view s, std::string_view what, char* out) {
  if (s == "tab" || s == "\\t" || s == "\t") {
    *out = '\t';
  } else if (s.size() == 1 && s[0] != '"' && s[0] != '\n' && s[0] != '\r') {
    *out = s[0];
  } else {
    return absl::InvalidArgumentError(
        StrCat("csv mapping: ", what, " must be one character (or \"tab\"), not '", s, "'"));
  }
  return absl::OkStatus();
}

// Reads a TOML mapping file into `m` (see csv_mapped.h for the keys).
Status LoadToml(const std::string& path, Mapping* m) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return absl::InvalidArgumentError(StrCat(path, ": invalid TOML mapping: ", e.description()));
  }
  const toml::table* columns = table["columns"].as_table();
  if (columns == nullptr) {
    return absl::InvalidArgumentError(StrCat(path, ": mapping needs a [columns] table"));
  }
  for (const auto& [key, value] : *columns) {
    const std::string* column = value.as_string() ? &value.as_string()->get() : nullptr;
    if (column == nullptr) {
      return absl::InvalidArgumentError(
          StrCat(path, ": [columns] ", key.str(), " must be a string (the column name)"));
    }
    RETURN_IF_ERROR(SetColumn(m, key.str(), *column));
  }
  for (const auto& [key, value] : table) {
    std::string_view k = key.str();
    if (k == "columns") continue;
    const toml::value<std::string>* v = value.as_string();
    if (v == nullptr) {
      return absl::InvalidArgumentError(StrCat(path, ": ", k, " must be a string"));
    }
    std::string_view s = v->get();
    if (k == "delimiter") {
      RETURN_IF_ERROR(ParseDelimiter(s, "delimiter", &m->delimiter));
    } else if (k == "list_separator") {
      RETURN_IF_ERROR(ParseDelimiter(s, "list_separator", &m->list_separator));
    } else if (k == "kind") {
      EventKind kind;
      if (!ParseEventKind(s, &kind)) {
        return absl::InvalidArgumentError(StrCat(path, ": unknown kind '", s, "'"));
      }
      m->kind = kind;
    } else if (k == "platform") {
      m->platform = std::string(s);
    } else if (k == "time_format") {
      if (s == "auto") {
        m->time_format = TimeFormat::kAuto;
      } else if (s == "epoch_s") {
        m->time_format = TimeFormat::kEpochSeconds;
      } else if (s == "epoch_ms") {
        m->time_format = TimeFormat::kEpochMillis;
      } else {
        return absl::InvalidArgumentError(StrCat(
            path, ": time_format must be \"auto\", \"epoch_s\" or \"epoch_ms\", not '", s, "'"));
      }
    } else {
      return absl::InvalidArgumentError(StrCat(
          path, ": unknown key '", k,
          "' (known: columns, delimiter, kind, platform, time_format, list_separator)"));
    }
  }
  return absl::OkStatus();
}

// An integer number of seconds or milliseconds since the epoch.
bool ParseEpochInteger(std::string_view s, int64_t scale, TimeMs* out) {
  s = Trim(s);
  bool negative = !s.empty() && s[0] == '-';
  if (negative) s.remove_prefix(1);
  if (s.empty() || s.size() > 18) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v > INT64_MAX / scale) return false;
  *out = (negative ? -v : v) * scale;
  return true;
}

class CsvMappedParser : public CsvRecordParser {
 public:
  explicit CsvMappedParser(Mapping mapping) : m_(std::move(mapping)) {
    if (!m_.platform.empty()) platform_ = ParsePlatform(m_.platform);
  }

  char delimiter() const override { return m_.delimiter; }

  Status SetHeader(const CsvHeader& h) override {
    if (m_.columns[kTime].empty()) {
      return absl::InvalidArgumentError("csv mapping: no column for the required field time");
    }
    if (m_.columns[kActor].empty()) {
      return absl::InvalidArgumentError("csv mapping: no column for the required field actor");
    }
    for (int f = 0; f < kNumFields; ++f) {
      col_[f] = -1;
      if (m_.columns[f].empty()) continue;
      col_[f] = h.Find(m_.columns[f]);
      if (col_[f] < 0) {
        return absl::InvalidArgumentError(
            StrCat("missing column: '", m_.columns[f], "' (mapped to field ", kFieldNames[f],
                   "); the header has ", StrJoin(h.names(), ", ").substr(0, 400)));
      }
    }
    return absl::OkStatus();
  }

  Status Parse(const CsvRow& row, ParseContext& ctx) override {
    std::string_view actor = Trim(row[col_[kActor]]);
    if (actor.empty()) return absl::InvalidArgumentError("missing field: actor");
    EventBatch& batch = *ctx.batch;
    Event& e = batch.Add();
    RETURN_IF_ERROR(ParseTime(row[col_[kTime]], &e.time));
    e.kind = m_.kind.value_or(EventKind::kPost);
    if (col_[kKind] >= 0) {
      std::string_view kind = Trim(row[col_[kKind]]);
      if (!ParseEventKind(kind, &e.kind)) {
        return absl::InvalidArgumentError(StrCat("invalid kind: '", kind.substr(0, 32), "'"));
      }
    }
    std::string_view platform = Trim(Cell(row, col_[kPlatform]));
    e.platform = !platform.empty()                       ? ParsePlatform(platform)
                 : platform_ != Platform::kUnknown ? platform_
                                                     : ctx.default_platform;
    e.actor = ctx.dict->accounts.Intern(actor);
    std::string_view id = Trim(Cell(row, col_[kId]));
    if (!id.empty()) {
      e.id = batch.Copy(id);
      if (CreatesPost(e.kind)) e.post = ctx.dict->posts.Intern(id);
    }
    std::string_view target = Trim(Cell(row, col_[kTarget]));
    std::string_view target_author = Trim(Cell(row, col_[kTargetAuthor]));
    if (IsEngagement(e.kind) || e.kind == EventKind::kDelete) {
      if (target.empty()) return absl::InvalidArgumentError("missing field: target");
      e.target = ctx.dict->posts.Intern(target);
    }
    if (!target_author.empty()) e.target_account = ctx.dict->accounts.Intern(target_author);
    if ((e.kind == EventKind::kFollow || e.kind == EventKind::kUnfollow) &&
        e.target_account == kNoAccount) {
      return absl::InvalidArgumentError("missing field: target_author");
    }
    e.text = batch.Copy(Cell(row, col_[kText]));
    e.lang = batch.Copy(Trim(Cell(row, col_[kLang])));
    e.client = batch.Copy(Cell(row, col_[kClient]));
    e.urls = List(row, kUrls, batch);
    e.hashtags = List(row, kHashtags, batch);
    e.mentions = List(row, kMentions, batch);
    e.media = List(row, kMedia, batch);
    return absl::OkStatus();
  }

 private:
  Status ParseTime(std::string_view s, TimeMs* out) const {
    bool ok = true;
    switch (m_.time_format) {
      case TimeFormat::kAuto:
        return csv_fields::ParseTime(s, out);
      case TimeFormat::kEpochSeconds:
        ok = ParseEpochInteger(s, kMsPerSecond, out);
        break;
      case TimeFormat::kEpochMillis:
        ok = ParseEpochInteger(s, 1, out);
        break;
    }
    if (!ok) return absl::InvalidArgumentError(StrCat("invalid time: '", s.substr(0, 64), "'"));
    return absl::OkStatus();
  }

  StringList List(const CsvRow& row, Field f, EventBatch& batch) {
    items_.clear();
    csv_fields::SplitList(Cell(row, col_[f]), m_.list_separator, &items_);
    return batch.CopyList(items_);
  }

  Mapping m_;
  Platform platform_ = Platform::kUnknown;
  std::array<int, kNumFields> col_{};
  std::vector<std::string_view> items_;
};

}  // namespace

StatusOr<std::unique_ptr<CsvRecordParser>> MakeCsvMappedParser(const ReaderOptions& options) {
  Mapping m;
  m.delimiter = options.csv_delimiter;
  for (const auto& [field, column] : options.csv_mapping) {
    if (field == "@file") {
      RETURN_IF_ERROR(LoadToml(column, &m));
    } else {
      RETURN_IF_ERROR(SetColumn(&m, field, column));
    }
  }
  if (options.csv_mapping.empty()) {
    return absl::InvalidArgumentError(
        "--format csv needs a column mapping: --map FIELD=COLUMN ... or --map mapping.toml "
        "(see docs/formats-csv.md)");
  }
  return std::unique_ptr<CsvRecordParser>(std::make_unique<CsvMappedParser>(std::move(m)));
}

}  // namespace sakimori
