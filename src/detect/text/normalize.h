// File: detect/text/normalize.h
// Text normalisation for near-duplicate detection: variants of one message that differ only in
// width, case, punctuation, emoji, URLs, mentions or spacing normalise to the same sequence of
// characters (docs/text.md lists the steps). Works for Japanese, which has no spaces.
#pragma once

#include <unicode/uversion.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

U_NAMESPACE_BEGIN
class Normalizer2;
U_NAMESPACE_END

namespace sakimori::text {

struct NormalizeOptions {
  bool remove_urls = true;      // http://..., https://..., www....
  bool remove_mentions = true;  // @name
  // Drops punctuation (Unicode general category P*), symbols (S*: emoji, marks, currency,
  // math), format characters (Cf: joiners), enclosing marks and variation selectors.
  bool drop_punctuation_and_symbols = true;
};

// Normalises texts. Steps, in order:
//   1. decode UTF-8; an invalid byte sequence becomes U+FFFD (which step 4 then drops);
//   2. NFKC with case folding (ICU's NFKC_Casefold: compatibility composition, so full-width
//      and half-width forms fold together, ｶﾀｶﾅ -> カタカナ, ＡＢＣ -> abc, plus full case
//      folding and removal of default-ignorable code points such as U+200D and U+FE0F);
//   3. remove URLs and @mentions;
//   4. drop punctuation, symbols and emoji (by general category);
//   5. collapse every run of white space to one space and trim both ends.
// ASCII-only input takes a fast path with identical results (tested).
// Thread safety: one instance per thread (it keeps scratch buffers); instances are cheap.
class TextNormalizer {
 public:
  // Fails (Internal) only if ICU's normalisation data cannot be loaded.
  static StatusOr<TextNormalizer> Create(NormalizeOptions options = {});

  // Normalises `text` into `out` as Unicode code points (replacing its contents).
  void NormalizeToCodePoints(std::string_view text, std::u32string* out);
  // Normalises `text` and returns it as UTF-8.
  std::string Normalize(std::string_view text);

  const NormalizeOptions& options() const { return options_; }

 private:
  TextNormalizer(NormalizeOptions options, const icu::Normalizer2* nfkc_cf)
      : options_(options), nfkc_cf_(nfkc_cf) {}
  // Steps 3-5 on `chars` (already NFKC-case-folded) into `out`.
  void Filter(const std::u32string& chars, std::u32string* out) const;

  NormalizeOptions options_;
  const icu::Normalizer2* nfkc_cf_;  // owned by ICU, process lifetime
  std::u32string scratch_;
};

// Encodes code points as UTF-8 (appending to `out`); invalid code points become U+FFFD.
void AppendUtf8(std::u32string_view chars, std::string* out);

}  // namespace sakimori::text
