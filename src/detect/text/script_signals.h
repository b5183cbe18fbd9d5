// File: detect/text/script_signals.h
// Script and character signals of a post (SPEC 5.4): the mix of writing systems, Han
// characters used only in simplified Chinese, and punctuation foreign to Japanese. A signal of
// a possible foreign operation with its evidence, never a verdict. It looks at scripts and
// characters only, never at what the text means.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sakimori::text {

// Counts of letters by script (ICU uscript_getScript; common and inherited characters such as
// digits, punctuation and the long-vowel mark are not counted as letters of any script).
struct ScriptCounts {
  uint32_t hiragana = 0;
  uint32_t katakana = 0;
  uint32_t han = 0;
  uint32_t latin = 0;
  uint32_t hangul = 0;
  uint32_t cyrillic = 0;
  uint32_t other = 0;  // letters of any other script
  uint32_t letters() const { return hiragana + katakana + han + latin + hangul + cyrillic + other; }
};

enum class EvidenceKind {
  kSimplifiedOnlyHan,   // a Han character used in simplified Chinese but not in Japanese
  kForeignPunctuation,  // Chinese-style punctuation in Japanese text (，；“ ” or ASCII ",")
  kForeignScript,       // Hangul or Cyrillic letters mixed into Japanese text
};

struct Evidence {
  EvidenceKind kind;
  char32_t character;
  uint32_t count;
};

struct ScriptSignals {
  ScriptCounts counts;
  bool looks_japanese = false;
  uint32_t simplified_only = 0;
  uint32_t foreign_punctuation = 0;
  uint32_t foreign_script = 0;
  // In [0, 1]: 1 - exp(-(1.0 * simplified_only + 0.3 * foreign_punctuation
  //                      + 0.2 * foreign_script)), where the punctuation and script terms count
  // only in text that looks Japanese. 0 when there is no evidence.
  double anomaly = 0.0;
  std::vector<Evidence> evidence;  // by kind, then character
  // Share of letters of each script, in [0, 1] (0 when there are no letters).
  double Share(uint32_t count) const {
    return counts.letters() == 0 ? 0.0 : static_cast<double>(count) / counts.letters();
  }
};

// True for a Han character of the simplified-only table (scripts/gen_simplified_table.py).
bool IsSimplifiedOnlyHan(char32_t c);

// Looks Japanese: at least 2 kana, and kana are at least 10% of the Han + kana letters
// (Chinese text has no kana; Japanese prose rarely falls below a third).
bool LooksJapanese(const ScriptCounts& counts);

// Computes the signals of `text` (UTF-8; invalid sequences count as U+FFFD, which is no
// letter). Thread-safe.
ScriptSignals AnalyzeScripts(std::string_view text);

std::string_view EvidenceKindName(EvidenceKind kind);

}  // namespace sakimori::text
