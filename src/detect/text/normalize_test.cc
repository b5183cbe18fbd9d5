// File: detect/text/normalize_test.cc
#include "detect/text/normalize.h"

#include <gtest/gtest.h>

#include <string>

namespace sakimori::text {
namespace {

class NormalizeTest : public ::testing::Test {
 protected:
  std::string N(std::string_view s) { return normalizer_.Normalize(s); }
  TextNormalizer normalizer_ = *TextNormalizer::Create();
};

TEST_F(NormalizeTest, FoldsWidthAndCase) {
  EXPECT_EQ(N("ｶﾀｶﾅ"), "カタカナ");
  EXPECT_EQ(N("ＡＢＣ"), "abc");
  EXPECT_EQ(N("ABC def"), "abc def");
  EXPECT_EQ(N("ｶﾞｲﾄﾞ"), "ガイド");  // half-width voiced marks compose
  EXPECT_EQ(N("１２３"), "123");
  EXPECT_EQ(N("Straße"), "strasse");  // full case folding
}

TEST_F(NormalizeTest, DropsPunctuationEmojiAndSymbols) {
  EXPECT_EQ(N("今日は、晴れ。"), "今日は晴れ");
  EXPECT_EQ(N("今日は晴れ🌞✨！！"), "今日は晴れ");
  EXPECT_EQ(N("今日は👍🏽晴れ"), "今日は晴れ");            // skin-tone modifier
  EXPECT_EQ(N("今日は👨‍👩‍👧晴れ"), "今日は晴れ");  // ZWJ sequence
  EXPECT_EQ(N("今日は❤️晴れ"), "今日は晴れ");              // variation selector
  EXPECT_EQ(N("「拡散希望」【緊急】"), "拡散希望緊急");
  EXPECT_EQ(N("Hello, world!"), "hello world");
}

TEST_F(NormalizeTest, RemovesUrlsAndMentions) {
  EXPECT_EQ(N("見て https://example.com/a?b=1 ください"), "見て ください");
  EXPECT_EQ(N("見てhttps://t.co/xyzください"), "見てください");
  EXPECT_EQ(N("@tanaka_01 そう思います"), "そう思います");
  EXPECT_EQ(N("＠ｔａｎａｋａ そう思います"), "そう思います");  // full-width mention
  EXPECT_EQ(N("hi @alice@mastodon.example bye"), "hi bye");
  EXPECT_EQ(N("mail me at user@example.com"), "mail me at userexamplecom");
  EXPECT_EQ(N("www.example.jp を見て"), "を見て");
}

TEST_F(NormalizeTest, CollapsesWhitespace) {
  EXPECT_EQ(N("  a \t\n b　　c  "), "a b c");  // includes U+3000 ideographic space
  EXPECT_EQ(N(""), "");
  EXPECT_EQ(N("   "), "");
}

TEST_F(NormalizeTest, InvalidUtf8DoesNotCrash) {
  EXPECT_EQ(N(std::string("ab\xff\xfe"
                          "cd")),
            "abcd");
  EXPECT_EQ(N(std::string("\xe3\x81")), "");              // truncated sequence
  EXPECT_EQ(N(std::string("日本\xc0\xaf語")), "日本語");  // overlong encoding
  EXPECT_EQ(N(std::string("\xed\xa0\x80x")), "x");        // encoded surrogate
}

TEST_F(NormalizeTest, AsciiFastPathMatchesIcuPath) {
  // The same ASCII text with one non-ASCII character appended goes through ICU; the ASCII part
  // must normalise identically.
  const char* samples[] = {"Vote NOW!!! https://x.example/p @bob", "A\tB  C...D", "x@y @z_1 q",
                           "WWW.EXAMPLE.COM test", "(hello) [world] {ok} #tag"};
  for (const char* s : samples) {
    EXPECT_EQ(N(std::string(s) + " 日"), N(s) + " 日") << s;
  }
}

TEST_F(NormalizeTest, OptionsKeepWhatIsAskedFor) {
  NormalizeOptions options;
  options.remove_urls = false;
  options.remove_mentions = false;
  options.drop_punctuation_and_symbols = false;
  TextNormalizer keep = *TextNormalizer::Create(options);
  EXPECT_EQ(keep.Normalize("@Bob: https://X.example!"), "@bob: https://x.example!");
}

}  // namespace
}  // namespace sakimori::text
