// File: sim/writer.cc
// Output: sorts what is due, assigns public post ids in time order and formats canonical JSON
// Lines (the keys of ingest/formats/canonical.cc) without printf. Also profiles and the truth.
#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/hash.h"
#include "ingest/canonical_writer.h"
#include "sim/internal/generator.h"

namespace sakimori::sim::internal {
namespace {

constexpr size_t kFlushBytes = 4 << 20;

const char* const kSyllables[] = {"sa", "ki", "mo", "ri", "ha", "na", "yu", "ko", "ta", "ke",
                                  "mi", "no", "ru", "to", "shi", "ka", "ne", "ai", "ren", "sho",
                                  "ma", "yo", "chi", "ro", "hi", "ya", "su", "kun", "tan", "po"};
const char* const kNames[] = {"さくら", "ゆうき", "たろう", "はな", "けんじ", "みさき", "しょう",
                              "あやか", "だいすけ", "なつみ", "りょう", "まい", "こうへい", "ゆい",
                              "ひろし", "めぐみ", "たくや", "あき", "そうた", "ちひろ", "ねこまる",
                              "もちこ", "ぽん太", "くま吉", "Yuki", "Ken", "Mika", "Taro"};
const char* const kNameSuffix[] = {"", "", "", "🌸", "@お仕事垢", "🐈", "⚾", "@低浮上", "🍜",
                                   "（趣味垢）", "✈", "🎮", "📚"};
const char* const kTopicBio[] = {"食べることが好き。", "社会人。仕事の愚痴多め",
                                 "アニメと漫画が生きがい", "ゲーム垢。フォロバ100",
                                 "野球とサッカー観戦が趣味", "音楽とライブが好き",
                                 "猫と暮らしてます", "エンジニア。技術メモ"};
const char* const kPoliticalBio[] = {"日本を良くしたい。現政権を応援しています",
                                     "おかしいことはおかしいと言いたい。",
                                     "ニュースと政治をウォッチ中。中立でいたい"};
const char* const kLocations[] = {"東京", "大阪", "神奈川", "愛知", "福岡", "北海道", "京都",
                                  "埼玉", "千葉", "兵庫", "宮城", "広島", "日本", "Tokyo, Japan"};

void AppendUint(std::string* out, uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

}  // namespace

void Generator::AppendAccountId(uint32_t a) {
  char buf[16];
  uint32_t v = ext_id_[a];
  int n = account_digits_;
  for (int i = n - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  buf_.push_back('a');
  buf_.append(buf, n);
}

std::string Generator::AccountName(uint32_t a) const {
  std::string s = std::to_string(ext_id_[a]);
  return "a" + std::string(account_digits_ - std::min<int>(account_digits_, s.size()), '0') + s;
}

void Generator::AppendPostId(uint32_t ext) {
  buf_.push_back('p');
  AppendUint(&buf_, ext);
}

void Generator::AppendProfile(const SimEvent& e) {
  const Account& acc = accounts_[e.actor];
  Rng rng(Mix64(options_.seed * 0x9e3779b97f4a7c15ULL ^ ext_id_[e.actor]));
  const OperationPlan* op = acc.op >= 0 ? &ops_[acc.op] : nullptr;
  const bool naive = op != nullptr && op->config.sophistication == "naive";
  const double age_days = std::max(0.0, static_cast<double>(e.time - acc.created_at) / kMsPerDay);
  int64_t posts, likes;
  switch (acc.role) {
    case Role::kOrganic:
      posts = std::llround(acc.rate * 0.55 * age_days * (0.5 + rng.Uniform()));
      likes = std::llround(acc.rate * 0.45 * age_days * (0.5 + rng.Uniform()));
      break;
    case Role::kWeatherBot:
      posts = std::llround(24 * age_days);
      likes = 0;
      break;
    case Role::kQuakeBot:
      posts = std::llround(4 * age_days);
      likes = 0;
      break;
    case Role::kNews:
    case Role::kIdol:
      posts = std::llround((acc.role == Role::kNews ? 30 : 3) * age_days * (0.7 + rng.Uniform()));
      likes = std::llround(age_days * rng.Uniform());
      break;
    case Role::kMember:
    default:
      if (op != nullptr && op->sleeper) {
        posts = rng.Range(0, 30);
        likes = rng.Range(0, 60);
      } else if (naive) {
        posts = rng.Range(0, 200);
        likes = rng.Range(100, 3000);
      } else {
        posts = std::llround(age_days * (0.5 + 3 * rng.Uniform()));
        likes = std::llround(age_days * (1 + 5 * rng.Uniform()));
      }
  }
  std::string& b = buf_;
  b.append("\"profile\":{\"created_at\":\"");
  AppendIso8601(acc.created_at, &b);
  b.append("\",\"followers\":");
  AppendUint(&b, acc.followers);
  b.append(",\"following\":");
  AppendUint(&b, acc.following);
  b.append(",\"posts\":");
  AppendUint(&b, static_cast<uint64_t>(posts));
  b.append(",\"likes\":");
  AppendUint(&b, static_cast<uint64_t>(likes));
  b.append(",\"listed\":");
  AppendUint(&b, acc.followers / 40 + (rng.Bernoulli(0.3) ? rng.Below(3) : 0));
  bool verified = acc.role == Role::kNews || acc.role == Role::kIdol ||
                  (acc.role == Role::kOrganic && acc.followers > 2000 && rng.Bernoulli(0.3));
  b.append(verified ? ",\"verified\":true" : ",\"verified\":false");
  bool default_profile = acc.default_image || rng.Bernoulli(0.1);
  b.append(default_profile ? ",\"default_profile\":true" : ",\"default_profile\":false");
  b.append(acc.default_image ? ",\"default_image\":true" : ",\"default_image\":false");
  // Handle and name.
  std::string handle, name;
  if (naive || (op != nullptr && op->bulk && rng.Bernoulli(0.7))) {
    // Generated handles: letters and a long number.
    for (int i = 0; i < 2 + static_cast<int>(rng.Below(4)); ++i) {
      handle.push_back(static_cast<char>('a' + rng.Below(26)));
    }
    for (int i = 0; i < 8; ++i) handle.push_back(static_cast<char>('0' + rng.Below(10)));
    name = rng.Bernoulli(0.5) ? handle : std::string(kNames[rng.Below(std::size(kNames))]);
  } else if (acc.role == Role::kWeatherBot) {
    handle = "tenki_bot_" + std::to_string(ext_id_[e.actor] % 100);
    name = "お天気お知らせbot";
  } else if (acc.role == Role::kQuakeBot) {
    handle = "jishin_alert" + std::to_string(ext_id_[e.actor] % 10);
    name = "地震情報bot（非公式）";
  } else if (acc.role == Role::kNews) {
    handle = std::string(kSyllables[rng.Below(std::size(kSyllables))]) + "_news";
    name = std::string(kSyllables[rng.Below(std::size(kSyllables))]) + "ニュース";
  } else {
    int parts = 2 + static_cast<int>(rng.Below(3));
    for (int i = 0; i < parts; ++i) handle += kSyllables[rng.Below(std::size(kSyllables))];
    if (rng.Bernoulli(0.6)) {
      if (rng.Bernoulli(0.5)) handle.push_back('_');
      handle += std::to_string(rng.Below(rng.Bernoulli(0.5) ? 100 : 10000));
    }
    name = std::string(kNames[rng.Below(std::size(kNames))]) +
           kNameSuffix[rng.Below(std::size(kNameSuffix))];
  }
  b.append(",\"handle\":");
  AppendJsonString(handle, &b);
  b.append(",\"name\":");
  AppendJsonString(name, &b);
  std::string_view bio;
  switch (acc.role) {
    case Role::kNews:
      bio = "最新ニュースをお届けします。";
      break;
    case Role::kWeatherBot:
      bio = "毎正時に各地の天気をお知らせする自動投稿botです。";
      break;
    case Role::kQuakeBot:
      bio = "地震情報を自動でお知らせします（非公式）。";
      break;
    case Role::kIdol:
      bio = "アイドルグループで活動中！配信もしてます";
      break;
    default:
      if (naive || (op != nullptr && rng.Bernoulli(0.4))) {
        bio = "";
      } else if (acc.community < kFirstTopic && op == nullptr) {
        bio = kPoliticalBio[acc.community];
      } else {
        bio = rng.Bernoulli(0.75) ? kTopicBio[(acc.community - kFirstTopic) % 8] : "";
      }
  }
  if (!bio.empty()) {
    b.append(",\"description\":");
    AppendJsonString(bio, &b);
  }
  if (!naive && rng.Bernoulli(0.6)) {
    b.append(",\"location\":");
    AppendJsonString(kLocations[rng.Below(std::size(kLocations))], &b);
  }
  b.append(acc.english ? ",\"lang\":\"en\"}" : ",\"lang\":\"ja\"}");
}

void Generator::AppendEvent(const SimEvent& e) {
  const size_t mark = buf_.size();
  std::string& b = buf_;
  b.append("{\"platform\":");
  AppendJsonString(scenario_.platform, &b);
  if (CreatesPost(e.kind)) {
    uint32_t ext = next_ext_post_++;
    post_ext_[e.post] = ext;
    b.append(",\"id\":\"");
    AppendPostId(ext);
    b.push_back('"');
  }
  b.append(",\"kind\":\"");
  b.append(EventKindName(e.kind));
  b.append("\",\"time\":\"");
  AppendIso8601(e.time, &b);
  b.append("\",\"actor\":\"");
  AppendAccountId(e.actor);
  b.push_back('"');
  if (e.target != kNone32) {
    uint32_t ext = post_ext_[e.target];
    if (ext == 0) {  // the target was never written (cannot happen by construction)
      buf_.resize(mark);
      ++stats_.dropped;
      return;
    }
    b.append(",\"target\":\"");
    AppendPostId(ext);
    b.push_back('"');
  }
  if (e.target_account != kNone32) {
    b.append(",\"target_author\":\"");
    AppendAccountId(e.target_account);
    b.push_back('"');
  }
  if (e.kind == EventKind::kProfileUpdate) {
    b.push_back(',');
    AppendProfile(e);
    b.append("}\n");
    ++stats_.events;
    return;
  }
  if (e.text != TextKind::kNone) {
    std::string reply_to;
    if (e.kind == EventKind::kReply) reply_to = AccountName(e.target_account);
    TimeMs local = e.time + static_cast<TimeMs>(scenario_.utc_offset_hours * kMsPerHour);
    composer_->Compose(e, reply_to, local, &composed_);
    b.append(",\"text\":");
    AppendJsonString(composed_.text, &b);
    b.append(",\"lang\":\"");
    b.append(composed_.lang);
    b.push_back('"');
    if (!composed_.urls.empty()) {
      b.append(",\"urls\":[");
      for (size_t i = 0; i < composed_.urls.size(); ++i) {
        if (i > 0) b.push_back(',');
        AppendJsonString(composed_.urls[i], &b);
      }
      b.push_back(']');
    }
    if (!composed_.hashtags.empty()) {
      b.append(",\"hashtags\":[");
      for (size_t i = 0; i < composed_.hashtags.size(); ++i) {
        if (i > 0) b.push_back(',');
        AppendJsonString(composed_.hashtags[i], &b);
      }
      b.push_back(']');
    }
    if (!reply_to.empty()) {
      b.append(",\"mentions\":[\"");
      b.append(reply_to);
      b.append("\"]");
    }
  }
  if (CreatesPost(e.kind)) {
    b.append(",\"client\":\"");
    b.append(kClientNames[e.client]);
    b.push_back('"');
  }
  b.append("}\n");
  ++stats_.events;
}

Status Generator::Flush(TimeMs limit) {
  auto mid = std::partition(pending_.begin(), pending_.end(),
                            [limit](const SimEvent& e) { return e.time < limit; });
  std::sort(pending_.begin(), mid);
  if (post_ext_.size() < next_post_) post_ext_.resize(next_post_ + next_post_ / 4, 0);
  for (auto it = pending_.begin(); it != mid; ++it) {
    AppendEvent(*it);
    if (buf_.size() >= kFlushBytes) {
      RETURN_IF_ERROR(sink_->Write(buf_));
      stats_.bytes += buf_.size();
      buf_.clear();
    }
  }
  pending_.erase(pending_.begin(), mid);
  return absl::OkStatus();
}

Truth Generator::MakeTruth() const {
  Truth t;
  t.scenario = scenario_.name;
  t.seed = options_.seed;
  t.scale = options_.scale;
  t.start = start_;
  t.end = end_;
  t.days = scenario_.days;
  t.accounts_total = static_cast<int64_t>(accounts_.size());
  t.events_total = static_cast<int64_t>(stats_.events);
  auto names = [&](const std::vector<uint32_t>& ids) {
    std::vector<std::string> out;
    out.reserve(ids.size());
    for (uint32_t a : ids) out.push_back(AccountName(a));
    std::sort(out.begin(), out.end());
    return out;
  };
  std::vector<std::string> all_authors;
  for (const OperationPlan& op : ops_) {
    TruthOperation o;
    o.id = op.config.id;
    o.name = op.config.name;
    o.sophistication = op.config.sophistication;
    o.tactics = op.config.tactics;
    o.techniques = op.config.techniques;
    o.members = names(op.members);
    o.amplified_authors = names(op.authors);
    for (uint32_t p : op.target_posts) {
      if (p != kNone32 && p < post_ext_.size() && post_ext_[p] != 0) {
        o.targets.posts.push_back("p" + std::to_string(post_ext_[p]));
      }
    }
    if (!op.url.empty()) o.targets.urls.push_back(op.url);
    if (!op.hashtag.empty()) o.targets.hashtags.push_back(op.hashtag);
    o.start = op.start;
    o.end = op.end;
    if (op.foreign) o.utc_offset_hours = op.op_offset_hours;
    all_authors.insert(all_authors.end(), o.amplified_authors.begin(), o.amplified_authors.end());
    t.operations.push_back(std::move(o));
  }
  for (size_t i = 0; i < negatives_.size(); ++i) {
    const HardNegativePlan& h = negatives_[i];
    t.hard_negatives.push_back({"hn" + std::to_string(i + 1), h.kind, names(h.members),
                                h.start, h.end});
  }
  std::sort(all_authors.begin(), all_authors.end());
  all_authors.erase(std::unique(all_authors.begin(), all_authors.end()), all_authors.end());
  t.amplified_authors = std::move(all_authors);
  return t;
}

}  // namespace sakimori::sim::internal
