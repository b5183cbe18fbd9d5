// File: detect/foreign/script_anomaly.cc
#include "detect/foreign/script_anomaly.h"

#include <algorithm>

#include "common/bytes.h"
#include "detect/foreign/internal/binomial.h"
#include "detect/text/script_signals.h"

namespace sakimori::foreign {
namespace {

constexpr std::string_view kMagic = "SKSA";
constexpr uint8_t kVersion = 1;
constexpr uint8_t kOtherLang = 255;

void Inc(uint32_t* c) {
  if (*c != UINT32_MAX) ++*c;
}

ScriptSignalStat Stat(ScriptSignal s, uint64_t hits, uint64_t trials, uint64_t pop_hits,
                      uint64_t pop_trials) {
  ScriptSignalStat st;
  st.signal = s;
  st.hits = hits;
  st.trials = trials;
  st.rate = trials == 0 ? 0.0 : static_cast<double>(hits) / trials;
  st.base_rate = (static_cast<double>(pop_hits) + 0.5) / (static_cast<double>(pop_trials) + 1.0);
  st.lift = st.rate / st.base_rate;
  st.confidence = hits == 0 ? 0.0 : 1.0 - internal::BinomialUpperTail(trials, hits, st.base_rate);
  return st;
}

}  // namespace

void ScriptCounts::Add(const ScriptCounts& o) {
  posts += o.posts;
  japanese += o.japanese;
  simplified += o.simplified;
  foreign_punct += o.foreign_punct;
  lang_known += o.lang_known;
  lang_mismatch += o.lang_mismatch;
}

std::string_view ScriptSignalName(ScriptSignal s) {
  switch (s) {
    case ScriptSignal::kSimplified:
      return "simplified_chinese";
    case ScriptSignal::kForeignPunctuation:
      return "foreign_punctuation";
    case ScriptSignal::kLangMismatch:
      return "lang_mismatch";
  }
  return "simplified_chinese";
}

std::string PrimaryLanguage(std::string_view tag) {
  size_t end = tag.find_first_of("-_");
  std::string p(tag.substr(0, end));
  for (char& c : p) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (p == "und" || p == "unknown") p.clear();
  return p;
}

ScriptAnomalyTracker::Account* ScriptAnomalyTracker::Slot(AccountId a) {
  if (accounts_.size() <= a) accounts_.resize(static_cast<size_t>(a) + 1);
  return &accounts_[a];
}

uint8_t ScriptAnomalyTracker::LangCode(std::string_view primary) {
  for (size_t i = 0; i < langs_.size(); ++i) {
    if (langs_[i] == primary) return static_cast<uint8_t>(i + 1);
  }
  if (langs_.size() >= 254) return kOtherLang;
  langs_.emplace_back(primary);
  return static_cast<uint8_t>(langs_.size());
}

void ScriptAnomalyTracker::Update(const Event& e) {
  if (e.actor == kNoAccount) return;
  if (e.profile != nullptr && !e.profile->lang.empty()) {
    std::string p = PrimaryLanguage(e.profile->lang);
    if (!p.empty()) Slot(e.actor)->lang = LangCode(p);
  }
  if (e.text.empty() ||
      !(e.kind == EventKind::kPost || e.kind == EventKind::kQuote || e.kind == EventKind::kReply)) {
    return;
  }
  Account* a = Slot(e.actor);
  text::ScriptSignals s = text::AnalyzeScripts(e.text);
  Inc(&a->posts);
  ++population_.posts;
  if (s.looks_japanese) {
    Inc(&a->japanese);
    ++population_.japanese;
  }
  if (s.simplified_only > 0) {
    Inc(&a->simplified);
    ++population_.simplified;
  }
  if (s.looks_japanese && s.foreign_punctuation > 0) {
    Inc(&a->foreign_punct);
    ++population_.foreign_punct;
  }
  std::string post_lang = PrimaryLanguage(e.lang);
  if (!post_lang.empty() && a->lang != 0 && a->lang != kOtherLang) {
    Inc(&a->lang_known);
    ++population_.lang_known;
    if (langs_[a->lang - 1] != post_lang) {
      Inc(&a->lang_mismatch);
      ++population_.lang_mismatch;
    }
  }
}

ScriptCounts ScriptAnomalyTracker::Get(AccountId account) const {
  ScriptCounts c;
  if (account >= accounts_.size()) return c;
  const Account& a = accounts_[account];
  c.posts = a.posts;
  c.japanese = a.japanese;
  c.simplified = a.simplified;
  c.foreign_punct = a.foreign_punct;
  c.lang_known = a.lang_known;
  c.lang_mismatch = a.lang_mismatch;
  return c;
}

std::string_view ScriptAnomalyTracker::ProfileLang(AccountId account) const {
  if (account >= accounts_.size()) return "";
  uint8_t code = accounts_[account].lang;
  if (code == 0) return "";
  if (code == kOtherLang) return "other";
  return langs_[code - 1];
}

ScriptAnomaly ScriptAnomalyTracker::Group(const std::vector<AccountId>& members) const {
  ScriptAnomaly g;
  for (AccountId m : members) {
    ScriptCounts c = Get(m);
    g.counts.Add(c);
    if (c.simplified > 0 || c.foreign_punct > 0) ++g.members_flagged;
  }
  const ScriptCounts& p = population_;
  g.signals[0] =
      Stat(ScriptSignal::kSimplified, g.counts.simplified, g.counts.posts, p.simplified, p.posts);
  g.signals[1] = Stat(ScriptSignal::kForeignPunctuation, g.counts.foreign_punct, g.counts.japanese,
                      p.foreign_punct, p.japanese);
  g.signals[2] = Stat(ScriptSignal::kLangMismatch, g.counts.lang_mismatch, g.counts.lang_known,
                      p.lang_mismatch, p.lang_known);
  return g;
}

void ScriptAnomalyTracker::Serialize(std::string* out) const {
  WriteHeader(out, kMagic, kVersion);
  ByteWriter w(out);
  const ScriptCounts& p = population_;
  for (uint64_t v :
       {p.posts, p.japanese, p.simplified, p.foreign_punct, p.lang_known, p.lang_mismatch}) {
    w.U64(v);
  }
  w.U32(static_cast<uint32_t>(langs_.size()));
  for (const std::string& l : langs_) w.Str(l);
  w.U32(static_cast<uint32_t>(accounts_.size()));
  for (const Account& a : accounts_) {
    for (uint32_t v :
         {a.posts, a.japanese, a.simplified, a.foreign_punct, a.lang_known, a.lang_mismatch}) {
      w.U32(v);
    }
    w.U8(a.lang);
  }
}

Status ScriptAnomalyTracker::Deserialize(std::string_view in) {
  constexpr std::string_view kWhat = "script anomaly tracker";
  ByteReader r(in);
  RETURN_IF_ERROR(r.Header(kMagic, kVersion, kWhat));
  ScriptCounts p;
  uint32_t n_langs;
  if (!r.U64(&p.posts) || !r.U64(&p.japanese) || !r.U64(&p.simplified) ||
      !r.U64(&p.foreign_punct) || !r.U64(&p.lang_known) || !r.U64(&p.lang_mismatch) ||
      !r.U32(&n_langs) || n_langs > 254) {
    return ByteReader::Truncated(kWhat);
  }
  std::vector<std::string> langs(n_langs);
  for (std::string& l : langs) {
    if (!r.Str(&l)) return ByteReader::Truncated(kWhat);
  }
  uint32_t n;
  if (!r.U32(&n) || !r.Has(uint64_t{n} * 25)) return ByteReader::Truncated(kWhat);
  std::vector<Account> accounts(n);
  for (Account& a : accounts) {
    r.U32(&a.posts);
    r.U32(&a.japanese);
    r.U32(&a.simplified);
    r.U32(&a.foreign_punct);
    r.U32(&a.lang_known);
    r.U32(&a.lang_mismatch);
    r.U8(&a.lang);
    if (a.lang != 0 && a.lang != kOtherLang && a.lang > n_langs) {
      return absl::InvalidArgumentError(StrCat(kWhat, ": language code out of range"));
    }
  }
  RETURN_IF_ERROR(r.Finish(kWhat));
  population_ = p;
  langs_ = std::move(langs);
  accounts_ = std::move(accounts);
  return absl::OkStatus();
}

}  // namespace sakimori::foreign
