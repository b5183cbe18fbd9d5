// File: detect/text/internal/text_generator.h
// Generates Japanese-like posts and variants of them for tests and benchmarks: sentences of
// words drawn from a fixed vocabulary (election-themed, so unrelated texts share a topic), and
// the edits that near-duplicate detection must see through (width, punctuation, emoji, URLs,
// mentions, one changed word). Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace sakimori::text::internal {

class TextGenerator {
 public:
  explicit TextGenerator(uint64_t seed) : rng_(seed) {}

  // A post of `words` words (about 3 characters each) with Japanese punctuation.
  std::string Post(int words) {
    std::string out;
    for (int i = 0; i < words; ++i) {
      out += Word();
      if (i % 5 == 4) out += (i + 1 == words) ? "。" : "、";
    }
    if (words % 5 != 0) out += "。";
    return out;
  }

  // A variant of `post` made by one of the edits, chosen at random.
  std::string Variant(const std::string& post) {
    switch (rng_() % 5) {
      case 0:
        return post + Emoji() + Emoji();
      case 1:
        return "@user" + std::to_string(rng_() % 100000) + " " + post;
      case 2:
        return post + " https://example.jp/p/" + std::to_string(rng_() % 1000000);
      case 3: {
        std::string out = post;
        ReplaceAll(&out, "、", "，");
        ReplaceAll(&out, "。", "！");
        return out;
      }
      default:
        return Emoji() + post;
    }
  }

  std::string Word() { return kWords[rng_() % (sizeof(kWords) / sizeof(kWords[0]))]; }
  std::string Emoji() { return kEmoji[rng_() % (sizeof(kEmoji) / sizeof(kEmoji[0]))]; }
  std::mt19937_64& rng() { return rng_; }

  static void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
    for (size_t pos = 0; (pos = s->find(from, pos)) != std::string::npos; pos += to.size()) {
      s->replace(pos, from.size(), to);
    }
  }

 private:
  static constexpr const char* kWords[] = {
      "選挙",       "投票",     "候補者",       "政策",     "明日",   "私たち", "未来",   "社会",
      "経済",       "物価",     "子育て",       "支援",     "年金",   "増税",   "反対",   "賛成",
      "地域",       "若者",     "高齢者",       "医療",     "教育",   "防衛",   "外交",   "環境",
      "エネルギー", "デジタル", "マニフェスト", "ニュース", "討論会", "演説",   "駅前",   "会場",
      "みんな",     "きっと",   "とても",       "本当に",   "大切",   "必要",   "考える", "行こう",
      "変えよう",   "守ろう",   "知ろう",       "話そう",   "です",   "ます",   "でした", "ません",
      "だから",     "しかし",   "そして",       "もっと",   "今こそ", "一票",   "声",     "国会",
      "議員",       "首相",     "政府",         "与党",     "野党",   "改革",   "約束"};
  static constexpr const char* kEmoji[] = {"🔥", "👍", "🙏", "✨", "🗳️", "❤️", "😡", "‼️"};
  std::mt19937_64 rng_;
};

}  // namespace sakimori::text::internal
