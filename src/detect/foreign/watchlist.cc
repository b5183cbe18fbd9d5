// File: detect/foreign/watchlist.cc
#include "detect/foreign/watchlist.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/strings.h"
#include "detect/coord/url_normalize.h"

namespace sakimori::foreign {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Key(IndicatorType type, std::string_view value) {
  std::string k(1, static_cast<char>('0' + static_cast<int>(type)));
  k.append(value);
  return k;
}

std::string NormalizeDomain(std::string_view s) {
  std::string d = Lower(Trim(s));
  while (!d.empty() && d.back() == '.') d.pop_back();
  if (d.rfind("www.", 0) == 0) d.erase(0, 4);
  return d;
}

}  // namespace

std::string_view IndicatorTypeName(IndicatorType t) {
  switch (t) {
    case IndicatorType::kAccountId:
      return "account_id";
    case IndicatorType::kHandle:
      return "handle";
    case IndicatorType::kDomain:
      return "domain";
    case IndicatorType::kUrl:
      return "url";
  }
  return "account_id";
}

bool ParseIndicatorType(std::string_view name, IndicatorType* t) {
  for (IndicatorType c : {IndicatorType::kAccountId, IndicatorType::kHandle, IndicatorType::kDomain,
                          IndicatorType::kUrl}) {
    if (name == IndicatorTypeName(c)) {
      *t = c;
      return true;
    }
  }
  return false;
}

std::string_view MatchFieldName(MatchField f) {
  switch (f) {
    case MatchField::kActor:
      return "actor";
    case MatchField::kHandle:
      return "handle";
    case MatchField::kUrl:
      return "url";
    case MatchField::kDomain:
      return "domain";
  }
  return "actor";
}

StatusOr<std::string> NormalizeIndicator(IndicatorType type, std::string_view value) {
  std::string_view v = Trim(value);
  std::string out;
  switch (type) {
    case IndicatorType::kAccountId:
      out = std::string(v);
      break;
    case IndicatorType::kHandle:
      if (!v.empty() && v.front() == '@') v.remove_prefix(1);
      out = Lower(v);
      break;
    case IndicatorType::kDomain:
      out = NormalizeDomain(v);
      if (out.find_first_of("/: \t") != std::string::npos) {
        return absl::InvalidArgumentError(StrCat("invalid domain '", v, "'"));
      }
      break;
    case IndicatorType::kUrl:
      out = coord::NormalizeUrl(v);
      break;
  }
  if (out.empty()) {
    return absl::InvalidArgumentError(StrCat("empty ", IndicatorTypeName(type), " value"));
  }
  return out;
}

StatusOr<WatchList> WatchList::Parse(std::string_view text) {
  std::vector<Indicator> list;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    char sep = line.find('\t') != std::string_view::npos ? '\t' : ',';
    size_t p = line.find(sep);
    if (p == std::string_view::npos) {
      return absl::InvalidArgumentError(
          StrCat("line ", line_no, ": expected type", sep == '\t' ? "<TAB>" : ",", "value"));
    }
    std::string_view type_name = Trim(line.substr(0, p));
    std::string_view rest = line.substr(p + 1);
    size_t q = rest.find(sep);
    std::string_view value = Trim(rest.substr(0, q));
    std::string_view source = q == std::string_view::npos ? "" : Trim(rest.substr(q + 1));
    Indicator ind;
    if (!ParseIndicatorType(type_name, &ind.type)) {
      return absl::InvalidArgumentError(StrCat("line ", line_no, ": unknown indicator type '",
                                               type_name, "' (account_id, handle, domain or url)"));
    }
    auto norm = NormalizeIndicator(ind.type, value);
    if (!norm.ok()) {
      return absl::InvalidArgumentError(StrCat("line ", line_no, ": ", Message(norm.status())));
    }
    ind.value = *std::move(norm);
    ind.source = std::string(source);
    list.push_back(std::move(ind));
  }
  return FromIndicators(std::move(list));
}

StatusOr<WatchList> WatchList::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot read watch list ", path));
  std::ostringstream buf;
  buf << in.rdbuf();
  auto list = Parse(buf.str());
  if (!list.ok()) {
    return absl::InvalidArgumentError(StrCat(path, ": ", Message(list.status())));
  }
  return list;
}

StatusOr<WatchList> WatchList::FromIndicators(std::vector<Indicator> indicators) {
  WatchList w;
  for (size_t i = 0; i < indicators.size(); ++i) {
    Indicator& ind = indicators[i];
    auto norm = NormalizeIndicator(ind.type, ind.value);
    if (!norm.ok()) {
      return absl::InvalidArgumentError(StrCat("indicator ", i, ": ", Message(norm.status())));
    }
    ind.value = *std::move(norm);
    if (std::find(w.indicators_.begin(), w.indicators_.end(), ind) == w.indicators_.end()) {
      w.indicators_.push_back(std::move(ind));
    }
  }
  w.Index();
  return w;
}

void WatchList::Index() {
  index_.clear();
  for (uint32_t i = 0; i < indicators_.size(); ++i) {
    index_[Key(indicators_[i].type, indicators_[i].value)].push_back(i);
  }
}

void WatchList::Lookup(IndicatorType type, std::string_view key, MatchField field,
                       std::vector<IndicatorMatch>* out) const {
  auto it = index_.find(Key(type, key));
  if (it == index_.end()) return;
  for (uint32_t i : it->second) out->push_back({i, field});
}

std::vector<IndicatorMatch> WatchList::Match(const Event& e, const Dictionary& dict) const {
  std::vector<IndicatorMatch> out;
  if (indicators_.empty()) return out;
  if (e.actor != kNoAccount && e.actor < dict.accounts.size()) {
    Lookup(IndicatorType::kAccountId, dict.accounts.Name(e.actor), MatchField::kActor, &out);
  }
  if (e.profile != nullptr && !e.profile->handle.empty()) {
    std::string_view h = e.profile->handle;
    if (h.front() == '@') h.remove_prefix(1);
    Lookup(IndicatorType::kHandle, Lower(h), MatchField::kHandle, &out);
  }
  auto match_domain = [&](std::string domain) {
    // The domain and each parent domain with at least two labels.
    Lookup(IndicatorType::kDomain, domain, MatchField::kDomain, &out);
    for (size_t dot = domain.find('.'); dot != std::string::npos; dot = domain.find('.')) {
      domain.erase(0, dot + 1);
      if (domain.find('.') == std::string::npos) break;
      Lookup(IndicatorType::kDomain, domain, MatchField::kDomain, &out);
    }
  };
  for (std::string_view url : e.urls) {
    Lookup(IndicatorType::kUrl, coord::NormalizeUrl(url), MatchField::kUrl, &out);
    if (e.domains.empty()) {
      std::string host = coord::UrlHost(url);
      if (!host.empty()) match_domain(std::move(host));
    }
  }
  for (std::string_view d : e.domains) {
    std::string nd = NormalizeDomain(d);
    if (!nd.empty()) match_domain(std::move(nd));
  }
  std::sort(out.begin(), out.end(), [](const IndicatorMatch& a, const IndicatorMatch& b) {
    return a.indicator != b.indicator ? a.indicator < b.indicator : a.field < b.field;
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace sakimori::foreign
