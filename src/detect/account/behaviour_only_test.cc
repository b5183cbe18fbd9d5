// File: detect/account/behaviour_only_test.cc
// Behaviour only: renaming every word of every post through a fixed one-to-one vocabulary
// permutation (and every CJK/kana character through a fixed bijection of its range) must not
// change any feature or any score.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "detect/account/account_features.h"
#include "detect/account/account_model.h"

namespace sakimori {
namespace {

constexpr TimeMs kT0 = 1'751'846'400'000;

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// Bijection of the CJK unified ideographs U+4E00..U+9FFF (x -> a x + b mod n, a coprime to n)
// and of hiragana/katakana U+3040..U+30FF.
uint32_t PermuteCodePoint(uint32_t cp) {
  if (cp >= 0x4e00 && cp <= 0x9fff) return 0x4e00 + ((cp - 0x4e00) * 7919u + 101u) % 0x5200u;
  if (cp >= 0x3040 && cp <= 0x30ff) return 0x3040 + ((cp - 0x3040) * 37u + 11u) % 0xc0u;
  return cp;
}

std::string PermuteCharacters(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xe0) {
      uint32_t cp = ((c & 0x0f) << 12) | ((s[i + 1] & 0x3f) << 6) | (s[i + 2] & 0x3f);
      AppendUtf8(PermuteCodePoint(cp), &out);
      i += 3;
    } else {
      out.push_back(s[i]);
      ++i;
    }
  }
  return out;
}

// Words (ASCII tokens) go through a permutation of the vocabulary; tokens with non-ASCII
// characters through the character bijection.
class Renamer {
 public:
  explicit Renamer(const std::vector<std::string>& vocabulary) {
    std::vector<std::string> shuffled = vocabulary;
    std::mt19937_64 rng(2024);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    for (size_t i = 0; i < vocabulary.size(); ++i) map_[vocabulary[i]] = shuffled[i];
  }

  std::string Rename(std::string_view text) const {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
      if (text[i] == ' ') {
        out.push_back(' ');
        ++i;
        continue;
      }
      size_t j = i;
      while (j < text.size() && text[j] != ' ') ++j;
      std::string token(text.substr(i, j - i));
      auto it = map_.find(token);
      out += it != map_.end() ? it->second : PermuteCharacters(token);
      i = j;
    }
    return out;
  }

 private:
  std::map<std::string, std::string> map_;
};

struct Stream {
  std::deque<std::string> texts;
  std::vector<Event> events;
};

const std::vector<std::string> kWords = {"vote", "for",   "the",   "plan", "tax",   "rise",
                                         "now",  "never", "again", "news", "today", "party"};
const std::vector<std::string> kJapanese = {"選挙",       "投票",     "日本", "政治",
                                            "ありがとう", "カタカナ", "改革"};

// 30 accounts: even ones copy-paste a few texts on a clock, odd ones write varied texts at
// irregular times.
Stream MakeStream() {
  Stream s;
  std::mt19937_64 rng(11);
  for (AccountId a = 0; a < 30; ++a) {
    const bool bot = a % 2 == 0;
    TimeMs t = kT0 + a * 1000;
    for (int i = 0; i < 60; ++i) {
      std::string text;
      const int words = bot ? 4 : 3 + static_cast<int>(rng() % 5);
      for (int w = 0; w < words; ++w) {
        const uint64_t r = bot ? (i % 3) * 7 + w : rng();
        if (w > 0) text.push_back(' ');
        text += (r % 3 == 0) ? kJapanese[r % kJapanese.size()] : kWords[r % kWords.size()];
      }
      Event e;
      e.actor = a;
      e.time = t;
      e.kind = bot || i % 4 != 0 ? EventKind::kPost : EventKind::kReply;
      e.text = s.texts.emplace_back(std::move(text));
      s.events.push_back(e);
      t += bot ? 120'000 : 1000 * static_cast<TimeMs>(30 + rng() % 20000);
    }
  }
  return s;
}

FeatureMatrix Features(const Stream& s, std::vector<float>* y) {
  AccountFeatures features;
  for (const Event& e : s.events) features.Update(e);
  FeatureMatrix x;
  x.cols = kNumAccountFeatures;
  for (AccountId a : features.Accounts()) {
    std::vector<float> row = features.Compute(a, features.last_time());
    x.values.insert(x.values.end(), row.begin(), row.end());
    ++x.rows;
    if (y != nullptr) y->push_back(a % 2 == 0 ? 1.0f : 0.0f);
  }
  return x;
}

TEST(BehaviourOnlyTest, RenamingWordsChangesNoFeatureAndNoScore) {
  Stream original = MakeStream();
  Renamer renamer(kWords);
  Stream renamed;
  size_t changed = 0;
  for (const Event& e : original.events) {
    Event r = e;
    r.text = renamed.texts.emplace_back(renamer.Rename(e.text));
    changed += r.text != e.text;
    renamed.events.push_back(r);
  }
  ASSERT_GT(changed, original.events.size() * 9 / 10);  // the texts really differ

  std::vector<float> y;
  const FeatureMatrix a = Features(original, &y);
  const FeatureMatrix b = Features(renamed, nullptr);
  ASSERT_EQ(a.rows, 30u);
  ASSERT_EQ(a.values.size(), b.values.size());
  EXPECT_EQ(0, std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(float)));
  // The duplicate share separates the copy-paste accounts, so text does reach the model.
  const int dup = static_cast<int>(AccountFeature::kDuplicateTextShare);
  EXPECT_GT(a.row(0)[dup], 0.9f);
  EXPECT_LT(a.row(1)[dup], 0.5f);

  AccountModelOptions options;
  options.rounds = 20;
  options.min_child_weight = 0.1;
  std::vector<std::string> names(AccountFeatureNames().begin(), AccountFeatureNames().end());
  auto model = AccountModel::Train(a, y, names, options);
  ASSERT_TRUE(model.ok()) << model.status();
  auto sa = model->Predict(a);
  auto sb = model->Predict(b);
  auto ca = model->Contributions(a);
  auto cb = model->Contributions(b);
  ASSERT_TRUE(sa.ok() && sb.ok() && ca.ok() && cb.ok());
  EXPECT_EQ(*sa, *sb);
  EXPECT_EQ(*ca, *cb);
}

}  // namespace
}  // namespace sakimori
