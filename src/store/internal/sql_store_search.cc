// File: store/internal/sql_store_search.cc
// SqlStore::Search: the dashboard's search box over accounts, handles, hashtags, urls and
// free text (campaign summaries in both languages, analysts' notes). Terms are matched
// literally with LIKE ... ESCAPE, case-insensitively for ASCII letters.
#include <algorithm>

#include "common/strings.h"
#include "store/internal/sql_store.h"

namespace sakimori::store_internal {
namespace {

constexpr size_t kLabelBytes = 200;

// `term` with LIKE's wildcards and the escape character escaped.
std::string EscapeLike(std::string_view term) {
  std::string out;
  for (char c : term) {
    if (c == '\\' || c == '%' || c == '_') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// At most kLabelBytes of `s`, cut at a UTF-8 character boundary.
std::string Label(std::string s) {
  if (s.size() <= kLabelBytes) return s;
  size_t n = kLabelBytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s;
}

bool HitOrder(const SearchHit& x, const SearchHit& y) {
  if (x.score != y.score) return x.score > y.score;
  if (x.kind != y.kind) return x.kind < y.kind;
  return x.id < y.id;
}

}  // namespace

StatusOr<std::vector<SearchHit>> SqlStore::Search(const SearchQuery& query) {
  RETURN_IF_ERROR(CheckLimit(query.limit));
  std::string_view term = query.term;
  if (query.field == SearchField::kHashtag && term.starts_with('#')) term.remove_prefix(1);
  if (term.empty()) return absl::InvalidArgumentError("empty search term");
  const std::string contains = StrCat("%", EscapeLike(term), "%");
  std::vector<SearchHit> hits;
  auto item_hit = [&](const SqlRow& r) {
    hits.push_back(
        SearchHit{"item", StrCat(r.Text(0), ":", r.Text(1)), Label(r.Text(1)), r.Double(2)});
    return absl::OkStatus();
  };
  auto account_hit = [&](const SqlRow& r) {
    hits.push_back(SearchHit{"account", r.Text(0), Label(r.Text(1)), r.Double(2)});
    return absl::OkStatus();
  };
  switch (query.field) {
    case SearchField::kAccount:
      RETURN_IF_ERROR(
          Query("SELECT id, handle, automation_score FROM accounts"
                " WHERE id LIKE $1 ESCAPE '\\'"
                " ORDER BY automation_score DESC, id LIMIT $2",
                {StrCat(EscapeLike(term), "%"), query.limit}, account_hit));
      break;
    case SearchField::kHandle:
      RETURN_IF_ERROR(
          Query("SELECT id, handle, automation_score FROM accounts"
                " WHERE lower(handle) LIKE lower($1) ESCAPE '\\'"
                " ORDER BY automation_score DESC, id LIMIT $2",
                {contains, query.limit}, account_hit));
      break;
    case SearchField::kHashtag:
    case SearchField::kUrl:
      RETURN_IF_ERROR(
          Query("SELECT kind, id, score FROM items"
                " WHERE kind = $1 AND lower(id) LIKE lower($2) ESCAPE '\\'"
                " ORDER BY score DESC, id LIMIT $3",
                {query.field == SearchField::kHashtag ? "hashtag" : "url", contains, query.limit},
                item_hit));
      break;
    case SearchField::kText:
      return SearchText(query, contains);
  }
  std::stable_sort(hits.begin(), hits.end(), HitOrder);
  return hits;
}

StatusOr<std::vector<SearchHit>> SqlStore::SearchText(const SearchQuery& query,
                                                      const std::string& pattern) {
  std::vector<SearchHit> hits;
  RETURN_IF_ERROR(
      Query("SELECT id, summary_en, summary_ja, score FROM campaigns"
            " WHERE lower(summary_en) LIKE lower($1) ESCAPE '\\'"
            " OR summary_ja LIKE $1 ESCAPE '\\'"
            " ORDER BY score DESC, id LIMIT $2",
            {pattern, query.limit}, [&](const SqlRow& r) {
              std::string en = r.Text(1);
              hits.push_back(SearchHit{"campaign", r.Text(0), Label(en.empty() ? r.Text(2) : en),
                                       r.Double(3)});
              return absl::OkStatus();
            }));
  RETURN_IF_ERROR(
      Query("SELECT id, body FROM notes WHERE lower(body) LIKE lower($1) ESCAPE '\\'"
            " ORDER BY id LIMIT $2",
            {pattern, query.limit}, [&](const SqlRow& r) {
              hits.push_back(SearchHit{"note", r.Text(0), Label(r.Text(1)), 0.0});
              return absl::OkStatus();
            }));
  std::stable_sort(hits.begin(), hits.end(), HitOrder);
  if (hits.size() > static_cast<size_t>(query.limit)) hits.resize(query.limit);
  return hits;
}

}  // namespace sakimori::store_internal
