// File: detect/text/normalize.cc
// Normalisation with ICU: NFKC_Casefold, then URL/mention removal and a filter by general
// category (see normalize.h for the steps).
#include "detect/text/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

namespace sakimori::text {
namespace {

bool IsAsciiAlnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool HasPrefix(const std::u32string& s, size_t i, std::string_view prefix) {
  if (s.size() - i < prefix.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k) {
    if (s[i + k] != static_cast<char32_t>(prefix[k])) return false;
  }
  return true;
}

// A URL runs over printable ASCII up to white space or the first non-ASCII character (in
// Japanese text a URL is often followed by text without a space).
bool IsUrlChar(char32_t c) { return c > 0x20 && c < 0x7F; }

bool IsMentionChar(char32_t c) { return IsAsciiAlnum(c) || c == '_'; }

bool IsMentionDomainChar(char32_t c) { return IsAsciiAlnum(c) || c == '.' || c == '-'; }

enum class CharClass { kKeep, kDrop, kSpace };

CharClass Classify(char32_t c, bool drop_punct) {
  if (c < 0x80) {
    if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return CharClass::kSpace;
    if (c < 0x20 || c == 0x7F) return CharClass::kSpace;
    if (IsAsciiAlnum(c)) return CharClass::kKeep;
    return drop_punct ? CharClass::kDrop : CharClass::kKeep;
  }
  if (u_isUWhiteSpace(static_cast<UChar32>(c))) return CharClass::kSpace;
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_CONTROL_CHAR:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
    case U_SPACE_SEPARATOR:
      return CharClass::kSpace;
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL:
    case U_FORMAT_CHAR:
    case U_ENCLOSING_MARK:
    case U_PRIVATE_USE_CHAR:
    case U_SURROGATE:
    case U_UNASSIGNED:
      return drop_punct ? CharClass::kDrop : CharClass::kKeep;
    default:
      // Variation selectors are non-spacing marks; NFKC_Casefold removes them already, this
      // covers the normaliser-free options too.
      if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)) {
        return drop_punct ? CharClass::kDrop : CharClass::kKeep;
      }
      return CharClass::kKeep;
  }
}

}  // namespace

StatusOr<TextNormalizer> TextNormalizer::Create(NormalizeOptions options) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || n == nullptr) {
    return absl::InternalError("ICU NFKC_Casefold normalisation data is not available");
  }
  return TextNormalizer(options, n);
}

void TextNormalizer::NormalizeToCodePoints(std::string_view text, std::u32string* out) {
  out->clear();
  scratch_.clear();
  bool ascii = true;
  for (unsigned char c : text) {
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    // NFKC leaves ASCII unchanged and case folding of ASCII is lower-casing.
    scratch_.reserve(text.size());
    for (unsigned char c : text) {
      scratch_.push_back((c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c);
    }
  } else {
    icu::UnicodeString source = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    icu::UnicodeString folded;
    UErrorCode status = U_ZERO_ERROR;
    nfkc_cf_->normalize(source, folded, status);
    const icu::UnicodeString& chars = U_SUCCESS(status) ? folded : source;
    const char16_t* p = chars.getBuffer();
    int32_t n = chars.length();
    scratch_.reserve(n);
    for (int32_t i = 0; i < n;) {
      UChar32 c;
      U16_NEXT(p, i, n, c);
      if (U_IS_SURROGATE(c)) c = 0xFFFD;  // unpaired surrogate
      scratch_.push_back(static_cast<char32_t>(c));
    }
  }
  Filter(scratch_, out);
}

void TextNormalizer::Filter(const std::u32string& chars, std::u32string* out) const {
  out->reserve(chars.size());
  bool pending_space = false;
  const size_t n = chars.size();
  // A removed URL or mention leaves no space of its own: "見てhttps://t.co/xください" and
  // "見てください" normalise alike; the spaces around a removed token still count.
  for (size_t i = 0; i < n;) {
    const char32_t c = chars[i];
    const bool at_word_start = i == 0 || !IsAsciiAlnum(chars[i - 1]);
    if (options_.remove_urls && at_word_start && (c == 'h' || c == 'w') &&
        (HasPrefix(chars, i, "https://") || HasPrefix(chars, i, "http://") ||
         HasPrefix(chars, i, "www."))) {
      while (i < n && IsUrlChar(chars[i])) ++i;
      continue;
    }
    if (options_.remove_mentions && c == '@' && at_word_start && i + 1 < n &&
        IsMentionChar(chars[i + 1])) {
      ++i;
      while (i < n && IsMentionChar(chars[i])) ++i;
      // Fediverse form @name@instance.example
      if (i + 1 < n && chars[i] == '@' && IsMentionDomainChar(chars[i + 1])) {
        ++i;
        while (i < n && IsMentionDomainChar(chars[i])) ++i;
      }
      continue;
    }
    switch (Classify(c, options_.drop_punctuation_and_symbols)) {
      case CharClass::kSpace:
        pending_space = true;
        break;
      case CharClass::kDrop:
        break;
      case CharClass::kKeep:
        if (pending_space && !out->empty()) out->push_back(U' ');
        pending_space = false;
        out->push_back(c);
        break;
    }
    ++i;
  }
}

std::string TextNormalizer::Normalize(std::string_view text) {
  std::u32string chars;
  NormalizeToCodePoints(text, &chars);
  std::string out;
  AppendUtf8(chars, &out);
  return out;
}

void AppendUtf8(std::u32string_view chars, std::string* out) {
  for (char32_t c : chars) {
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
    if (c < 0x80) {
      out->push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (c >> 6)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (c >> 12)));
      out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (c >> 18)));
      out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
}

}  // namespace sakimori::text
