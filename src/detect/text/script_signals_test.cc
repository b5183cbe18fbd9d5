// File: detect/text/script_signals_test.cc
#include "detect/text/script_signals.h"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

#include <cmath>
#include <memory>

#include "detect/text/simplified_table.h"

namespace sakimori::text {
namespace {

TEST(SimplifiedTableTest, IsSortedAndHasTheCommonForms) {
  for (size_t i = 1; i < kSimplifiedOnlyCount; ++i) {
    EXPECT_LT(kSimplifiedOnly[i - 1], kSimplifiedOnly[i]);
  }
  for (char32_t c :
       std::u32string(U"们这说时对为发经还问进过见间让动实现长门东车马鱼鸟书觉应电话语读认识吗")) {
    EXPECT_TRUE(IsSimplifiedOnlyHan(c)) << static_cast<uint32_t>(c);
  }
  // Characters that Japanese uses, some of them simplified in form.
  for (char32_t c : std::u32string(U"国来会个没将学气开关日本语的是了不人")) {
    if (c == U'语') continue;  // 语 is simplified-only; 語 is the Japanese form
    EXPECT_FALSE(IsSimplifiedOnlyHan(c)) << static_cast<uint32_t>(c);
  }
}

// True if ICU's converter `name` can encode `c` (no substitution).
bool Encodable(const char* name, char32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> cnv(ucnv_open(name, &status), &ucnv_close);
  if (U_FAILURE(status)) return false;
  ucnv_setFromUCallBack(cnv.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  UChar src[2];
  int32_t len = 0;
  U16_APPEND_UNSAFE(src, len, c);
  char out[16];
  ucnv_fromUChars(cnv.get(), out, sizeof(out), src, len, &status);
  return U_SUCCESS(status);
}

// An independent check of the table's provenance with ICU's own mapping tables: every listed
// character is in GB 2312 and in neither Shift_JIS (JIS X 0208), EUC-JP (+ JIS X 0212) nor
// Big5.
TEST(SimplifiedTableTest, AgreesWithIcuCharsetTables) {
  ASSERT_TRUE(Encodable("Shift_JIS", U'国'));  // the converters are available
  ASSERT_FALSE(Encodable("Shift_JIS", U'们'));
  for (size_t i = 0; i < kSimplifiedOnlyCount; ++i) {
    const char32_t c = kSimplifiedOnly[i];
    EXPECT_TRUE(Encodable("GB2312", c)) << static_cast<uint32_t>(c);
    EXPECT_FALSE(Encodable("Shift_JIS", c)) << static_cast<uint32_t>(c);
    EXPECT_FALSE(Encodable("EUC-JP", c)) << static_cast<uint32_t>(c);
    EXPECT_FALSE(Encodable("Big5", c)) << static_cast<uint32_t>(c);
  }
}

TEST(ScriptSignalsTest, NormalJapaneseHasNoEvidence) {
  const char* texts[] = {
      "明日の参議院選挙では必ず投票に行きましょう。私たちの一票が未来を変えます。",
      "今日は駅前で候補者の演説を聞きました。物価対策と子育て支援について話していました。",
      "期日前投票は市役所で受け付けています。身分証明書を忘れずに持って行ってください。",
      "経済政策について、与党と野党の意見がはっきり分かれています：詳しくは記事で。",
      "東京都の天気は晴れ、気温は25度です。週末は雨が降るでしょう！",
      "新しい内閣の顔ぶれが発表された。外交と防衛の担当大臣に注目が集まっている。",
      "ニュースを見て、本当に驚いた。こんなことが起きるなんて…",
      "会議は午後3時から、第2会議室で行います。資料は1,000部用意しました。",
  };
  for (const char* t : texts) {
    ScriptSignals s = AnalyzeScripts(t);
    EXPECT_TRUE(s.looks_japanese) << t;
    EXPECT_EQ(s.simplified_only, 0u) << t;
    EXPECT_EQ(s.foreign_punctuation, 0u) << t;
    EXPECT_DOUBLE_EQ(s.anomaly, 0.0) << t;
    EXPECT_TRUE(s.evidence.empty()) << t;
  }
}

TEST(ScriptSignalsTest, SimplifiedCharactersInJapaneseText) {
  // A Japanese sentence with simplified forms slipped in: 们 这 样 说 (選挙 is Japanese).
  ScriptSignals s = AnalyzeScripts("我们はこの選挙について这样に说明します。");
  EXPECT_TRUE(s.looks_japanese);
  EXPECT_EQ(s.simplified_only, 4u);
  ASSERT_EQ(s.evidence.size(), 4u);
  EXPECT_EQ(s.evidence[0].kind, EvidenceKind::kSimplifiedOnlyHan);
  EXPECT_EQ(s.evidence[0].character, U'们');  // by code point: 们 样 说 这
  EXPECT_EQ(s.evidence[1].character, U'样');
  EXPECT_EQ(s.evidence[2].character, U'说');
  EXPECT_EQ(s.evidence[3].character, U'这');
  EXPECT_EQ(s.evidence[3].count, 1u);
  EXPECT_NEAR(s.anomaly, 1 - std::exp(-4.0), 1e-12);
}

TEST(ScriptSignalsTest, ChineseTextIsNotJapanese) {
  ScriptSignals s = AnalyzeScripts("我们这次选举说明了很多问题，大家都应该关注。");
  EXPECT_FALSE(s.looks_japanese);
  EXPECT_EQ(s.counts.hiragana + s.counts.katakana, 0u);
  EXPECT_EQ(s.simplified_only, 9u);      // 们 这 选 举 说 问 题 应 该
  EXPECT_EQ(s.foreign_punctuation, 0u);  // punctuation counts only in Japanese text
  EXPECT_GT(s.anomaly, 0.99);
}

TEST(ScriptSignalsTest, ForeignPunctuationAndScripts) {
  ScriptSignals s = AnalyzeScripts("選挙について，私たちは考えます；投票は大切です,本当に。");
  EXPECT_TRUE(s.looks_japanese);
  EXPECT_EQ(s.foreign_punctuation, 3u);  // ， ； and an ASCII comma between kanji
  EXPECT_EQ(s.simplified_only, 0u);
  EXPECT_NEAR(s.anomaly, 1 - std::exp(-0.9), 1e-12);

  ScriptSignals k = AnalyzeScripts("明日の選挙に行きましょう 선거 Выборы");
  EXPECT_EQ(k.counts.hangul, 2u);
  EXPECT_EQ(k.counts.cyrillic, 6u);
  EXPECT_EQ(k.foreign_script, 8u);
  EXPECT_NEAR(k.Share(k.counts.hangul), 2.0 / k.counts.letters(), 1e-12);
}

TEST(ScriptSignalsTest, CountsScripts) {
  ScriptSignals s = AnalyzeScripts("カタカナとひらがなと漢字とABC");
  EXPECT_EQ(s.counts.katakana, 4u);
  EXPECT_EQ(s.counts.hiragana, 7u);  // と ひらがな と と
  EXPECT_EQ(s.counts.han, 2u);
  EXPECT_EQ(s.counts.latin, 3u);
}

TEST(ScriptSignalsTest, InvalidUtf8) {
  ScriptSignals s = AnalyzeScripts(std::string("ひらがな\xff\xfe们"));
  EXPECT_EQ(s.counts.hiragana, 4u);
  EXPECT_EQ(s.simplified_only, 1u);
}

}  // namespace
}  // namespace sakimori::text
