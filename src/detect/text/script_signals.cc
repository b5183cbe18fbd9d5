// File: detect/text/script_signals.cc
#include "detect/text/script_signals.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "detect/text/simplified_table.h"

namespace sakimori::text {

bool IsSimplifiedOnlyHan(char32_t c) {
  if (c > 0xFFFF) return false;
  return std::binary_search(kSimplifiedOnly, kSimplifiedOnly + kSimplifiedOnlyCount,
                            static_cast<uint16_t>(c));
}

bool LooksJapanese(const ScriptCounts& counts) {
  const uint32_t kana = counts.hiragana + counts.katakana;
  return kana >= 2 && kana * 10 >= kana + counts.han;
}

std::string_view EvidenceKindName(EvidenceKind kind) {
  switch (kind) {
    case EvidenceKind::kSimplifiedOnlyHan:
      return "simplified_only_han";
    case EvidenceKind::kForeignPunctuation:
      return "foreign_punctuation";
    case EvidenceKind::kForeignScript:
      return "foreign_script";
  }
  return "unknown";
}

namespace {

bool IsCjk(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

// Punctuation Chinese uses where Japanese uses 、 。 「」: the full-width comma and semicolon,
// and curly double quotes. (Japanese also uses ： and ！？, so they are not evidence.)
bool IsChinesePunctuation(char32_t c) {
  return c == 0xFF0C || c == 0xFF1B || c == 0x201C || c == 0x201D;
}

}  // namespace

ScriptSignals AnalyzeScripts(std::string_view text) {
  ScriptSignals s;
  std::vector<char32_t> chars;
  chars.reserve(text.size());
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    chars.push_back(c < 0 ? 0xFFFD : static_cast<char32_t>(c));
  }
  std::map<std::pair<int, char32_t>, uint32_t> evidence;
  uint32_t hangul_cyrillic = 0;
  for (char32_t c : chars) {
    if (!u_isalpha(static_cast<UChar32>(c))) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
    switch (script) {
      case USCRIPT_HIRAGANA:
        ++s.counts.hiragana;
        break;
      case USCRIPT_KATAKANA:
        ++s.counts.katakana;
        break;
      case USCRIPT_HAN:
        ++s.counts.han;
        if (IsSimplifiedOnlyHan(c)) {
          ++s.simplified_only;
          ++evidence[{static_cast<int>(EvidenceKind::kSimplifiedOnlyHan), c}];
        }
        break;
      case USCRIPT_LATIN:
        ++s.counts.latin;
        break;
      case USCRIPT_HANGUL:
        ++s.counts.hangul;
        ++hangul_cyrillic;
        break;
      case USCRIPT_CYRILLIC:
        ++s.counts.cyrillic;
        ++hangul_cyrillic;
        break;
      case USCRIPT_COMMON:
      case USCRIPT_INHERITED:
        break;
      default:
        ++s.counts.other;
        break;
    }
  }
  s.looks_japanese = LooksJapanese(s.counts);
  if (s.looks_japanese) {
    for (size_t i = 0; i < chars.size(); ++i) {
      const char32_t c = chars[i];
      bool foreign = IsChinesePunctuation(c);
      // An ASCII comma between two Japanese characters ("選挙,投票"), not in numbers.
      if (c == ',' && i > 0 && i + 1 < chars.size() && IsCjk(chars[i - 1]) && IsCjk(chars[i + 1])) {
        foreign = true;
      }
      if (foreign) {
        ++s.foreign_punctuation;
        ++evidence[{static_cast<int>(EvidenceKind::kForeignPunctuation), c}];
      }
    }
    if (hangul_cyrillic > 0) {
      for (char32_t c : chars) {
        if (!u_isalpha(static_cast<UChar32>(c))) continue;
        UErrorCode status = U_ZERO_ERROR;
        UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
        if (script == USCRIPT_HANGUL || script == USCRIPT_CYRILLIC) {
          ++s.foreign_script;
          ++evidence[{static_cast<int>(EvidenceKind::kForeignScript), c}];
        }
      }
    }
  }
  const double weight =
      1.0 * s.simplified_only + 0.3 * s.foreign_punctuation + 0.2 * s.foreign_script;
  s.anomaly = weight > 0 ? 1.0 - std::exp(-weight) : 0.0;
  for (const auto& [key, count] : evidence) {
    s.evidence.push_back(Evidence{static_cast<EvidenceKind>(key.first), key.second, count});
  }
  return s;
}

}  // namespace sakimori::text
