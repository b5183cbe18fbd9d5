// File: detect/foreign/script_anomaly.h
// Script and language anomalies (SPEC 5.4): per account, how many of its own posts carry Han
// characters used only in simplified Chinese, Chinese-style punctuation in Japanese text
// (detect/text/script_signals.h), or a post language that differs from the profile's. For a
// group, the rates against the population's base rates with a binomial-tail confidence.
// Looks at characters and language tags only, never at what a post says.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/event.h"

namespace sakimori::foreign {

// One account's counts (also a group's or the population's sums).
struct ScriptCounts {
  uint64_t posts = 0;          // own posts with text (post, quote, reply)
  uint64_t japanese = 0;       // of which look Japanese (text::LooksJapanese)
  uint64_t simplified = 0;     // posts with >= 1 simplified-only Han character
  uint64_t foreign_punct = 0;  // Japanese-looking posts with foreign punctuation
  uint64_t lang_known = 0;     // posts with both a post and a profile language
  uint64_t lang_mismatch = 0;  // of which the primary language subtags differ
  void Add(const ScriptCounts& o);
};

enum class ScriptSignal : uint8_t { kSimplified = 0, kForeignPunctuation, kLangMismatch };
inline constexpr int kNumScriptSignals = 3;
// "simplified_chinese", "foreign_punctuation", "lang_mismatch".
std::string_view ScriptSignalName(ScriptSignal s);

struct ScriptSignalStat {
  ScriptSignal signal = ScriptSignal::kSimplified;
  uint64_t hits = 0;
  uint64_t trials = 0;     // posts (simplified), Japanese posts (punctuation), lang_known
  double rate = 0.0;       // hits / trials (0 when no trials)
  double base_rate = 0.0;  // the population's rate, smoothed (hits + 0.5) / (trials + 1)
  double lift = 0.0;       // rate / base_rate
  // 1 - P[X >= hits], X ~ Binomial(trials, base_rate). Posts of one account are not
  // independent (copy-paste), so read it as an upper bound on the evidence.
  double confidence = 0.0;
};

struct ScriptAnomaly {
  ScriptCounts counts;
  uint32_t members_flagged = 0;  // members with at least one simplified or punctuation hit
  ScriptSignalStat signals[kNumScriptSignals];
};

// Per-account counters: 6 x uint32 (saturating) + a profile-language code (uint8; languages
// are numbered in order of first appearance, at most 254, more share code 255 "other"),
// kBytesPerAccount = 28 bytes with padding. The population's sums are kept too. Deterministic; not
// thread-safe.
class ScriptAnomalyTracker {
 public:
  static constexpr size_t kBytesPerAccount = 28;

  // Profile snapshots (any event with a profile) set the account's profile language; posts,
  // quotes and replies with text are analysed (text::AnalyzeScripts) and counted. Other
  // events are ignored.
  void Update(const Event& e);

  ScriptCounts Get(AccountId account) const;
  const ScriptCounts& population() const { return population_; }
  // The profile language last seen for `account` ("" when unknown).
  std::string_view ProfileLang(AccountId account) const;

  // Sums `members` and compares each signal with the population's rate.
  ScriptAnomaly Group(const std::vector<AccountId>& members) const;
  size_t size() const { return accounts_.size(); }

  // Checkpoint: magic "SKSA", version 1, population sums (6 x u64), language table (u32 count
  // + strings), account count (u32), per account 6 x u32 + u8 language code.
  void Serialize(std::string* out) const;
  // InvalidArgument on bad magic/version, truncation, trailing bytes or an out-of-range
  // language code; unchanged on error.
  Status Deserialize(std::string_view in);

 private:
  struct Account {
    uint32_t posts = 0, japanese = 0, simplified = 0, foreign_punct = 0, lang_known = 0,
             lang_mismatch = 0;
    uint8_t lang = 0;  // 0 unknown, 1..254 langs_[code - 1], 255 other
  };
  static_assert(sizeof(Account) <= kBytesPerAccount);
  Account* Slot(AccountId a);
  uint8_t LangCode(std::string_view primary);

  std::vector<Account> accounts_;
  std::vector<std::string> langs_;
  ScriptCounts population_;
};

// The primary language subtag, lower-case: "ja-JP" -> "ja", "zh_Hans" -> "zh"; "" for empty,
// "und" or "unknown".
std::string PrimaryLanguage(std::string_view tag);

}  // namespace sakimori::foreign
