// File: sim/text.cc
#include "sim/text.h"

#include <charconv>

#include "common/hash.h"
#include "sim/rng.h"

namespace sakimori::sim {
namespace {

template <size_t N>
std::string_view Pick(const char* const (&list)[N], Rng& rng) {
  return list[rng.Below(N)];
}

void AppendNum(std::string* out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

// Full-width digits (２０２５), as many Japanese users type them.
void AppendWideNum(std::string* out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  for (char* p = buf; p < r.ptr; ++p) {
    if (*p >= '0' && *p <= '9') {
      out->append("\xEF\xBC");
      out->push_back(static_cast<char>(0x90 + (*p - '0')));
    } else {
      out->push_back(*p);
    }
  }
}

void AppendTag(std::string_view tag, ComposedText* out) {
  if (!out->text.empty() && out->text.back() != '\n') out->text.push_back(' ');
  out->text.push_back('#');
  out->text.append(tag);
  out->hashtags.push_back(tag);
}

void AppendUrl(std::string url, ComposedText* out) {
  if (!out->text.empty()) out->text.push_back(' ');
  out->text.append(url);
  out->urls.push_back(std::move(url));
}

// --- Everyday topics (community % kTopics) -------------------------------------------------

struct Topic {
  const char* const* subjects;
  size_t n_subjects;
  const char* const* predicates;
  size_t n_predicates;
  const char* const* tags;
  size_t n_tags;
};

const char* const kFoodSubj[] = {"ラーメン", "カレー", "おにぎり", "お寿司", "たこ焼き",
                                 "新作のスイーツ", "コンビニのサンドイッチ", "唐揚げ", "冷やし中華",
                                 "かき氷", "餃子", "焼き鳥", "抹茶ラテ", "オムライス"};
const char* const kFoodPred[] = {"食べた", "作ってみた", "がうますぎる", "を買ってきた",
                                 "の店に並んだ", "が食べたい", "デビューした", "にハマってる"};
const char* const kFoodTags[] = {"今日のごはん", "飯テロ", "ランチ", "おうちごはん"};
const char* const kWorkSubj[] = {"会議", "残業", "在宅勤務", "月曜日", "締め切り", "出張",
                                 "通勤電車", "資料作り", "上司", "新しいプロジェクト", "有給"};
const char* const kWorkPred[] = {"がしんどい", "終わった", "が長すぎる", "で疲れた",
                                 "やっと片付いた", "が始まる", "のことで頭がいっぱい", "乗り切った"};
const char* const kWorkTags[] = {"仕事", "社畜", "在宅ワーク", "お疲れ様です"};
const char* const kAnimeSubj[] = {"今期のアニメ", "新刊", "最終回", "推しの回", "劇場版",
                                  "原作", "コラボカフェ", "声優さん", "OP曲", "作画"};
const char* const kAnimePred[] = {"が神だった", "泣いた", "最高すぎる", "を一気見した",
                                  "の考察が止まらない", "が楽しみ", "を買えた", "に感動した"};
const char* const kAnimeTags[] = {"アニメ", "漫画", "今期アニメ", "オタク"};
const char* const kGameSubj[] = {"ガチャ", "新イベント", "ランクマ", "ボス戦", "新作ゲーム",
                                 "周回", "アプデ", "レイド"};
const char* const kGamePred[] = {"爆死した", "がきつい", "やっとクリア", "が楽しい",
                                 "で徹夜した", "神引きした", "に挑戦中", "終わらない"};
const char* const kGameTags[] = {"ゲーム", "ガチャ", "ゲーム好きと繋がりたい"};
const char* const kSportSubj[] = {"野球", "サッカー日本代表", "今日の試合", "ホームラン",
                                  "逆転勝ち", "先発ピッチャー", "甲子園", "大相撲", "マラソン"};
const char* const kSportPred[] = {"最高だった", "熱すぎる", "悔しい", "に鳥肌", "を見に行った",
                                  "を応援してる", "がすごかった", "のハイライト見て"};
const char* const kSportTags[] = {"野球", "サッカー", "プロ野球", "スポーツ"};
const char* const kMusicSubj[] = {"新曲", "ライブ", "フェス", "推しの歌", "MV", "ツアー",
                                  "アルバム", "カラオケ"};
const char* const kMusicPred[] = {"ずっと聴いてる", "最高だった", "当たった", "に行ってきた",
                                  "泣ける", "がエモい", "で歌った", "の余韻がすごい"};
const char* const kMusicTags[] = {"音楽", "ライブ", "今日の一曲"};
const char* const kLifeSubj[] = {"猫", "犬", "洗濯", "部屋の掃除", "散歩", "夕焼け",
                                 "雨", "猛暑", "子ども", "実家", "電車", "エアコン"};
const char* const kLifePred[] = {"がかわいすぎる", "した", "がきれいだった", "でぐったり",
                                 "に癒された", "が止まらない", "がつらい", "で一日終わった"};
const char* const kLifeTags[] = {"猫のいる暮らし", "日常", "暑すぎる", "今日の空"};
const char* const kTechSubj[] = {"新しいスマホ", "Python", "生成AI", "自作PC", "プログラミング",
                                 "アプリ", "キーボード", "クラウド"};
const char* const kTechPred[] = {"を触ってみた", "が便利すぎる", "で詰まってる", "を勉強中",
                                 "にハマってる", "が動いた", "の設定に半日", "を買った"};
const char* const kTechTags[] = {"プログラミング", "エンジニア", "ガジェット"};

#define SAKIMORI_TOPIC(S, P, T) \
  Topic { S, std::size(S), P, std::size(P), T, std::size(T) }
const Topic kTopics[] = {
    SAKIMORI_TOPIC(kFoodSubj, kFoodPred, kFoodTags),
    SAKIMORI_TOPIC(kWorkSubj, kWorkPred, kWorkTags),
    SAKIMORI_TOPIC(kAnimeSubj, kAnimePred, kAnimeTags),
    SAKIMORI_TOPIC(kGameSubj, kGamePred, kGameTags),
    SAKIMORI_TOPIC(kSportSubj, kSportPred, kSportTags),
    SAKIMORI_TOPIC(kMusicSubj, kMusicPred, kMusicTags),
    SAKIMORI_TOPIC(kLifeSubj, kLifePred, kLifeTags),
    SAKIMORI_TOPIC(kTechSubj, kTechPred, kTechTags),
};
#undef SAKIMORI_TOPIC

const char* const kOpeners[] = {"", "", "", "今日は", "さっき", "朝から", "やっと", "久しぶりに",
                                "昨日の夜", "週末は", "ついに", "結局"};
const char* const kEndings[] = {"", "！", "。", "w", "笑", "〜", "…", "！！", "www", "（笑）",
                                "です", "でした", "ｗ", "♪"};
const char* const kEmoji[] = {"😊", "😂", "✨", "🙏", "💦", "🎉", "😭", "👍", "🔥", "🥺",
                              "(^^)", "(´・ω・`)", "☀️", "🍜", "💤", "❤️", "(；ω；)", "🤔"};
const char* const kHalfKana[] = {"ｳﾏｲ", "ﾔﾊﾞｲ", "ﾈﾑｲ", "ｱﾂｲ", "ｻｲｺｳ", "ｷﾀｰ"};
const char* const kPhotoDomains[] = {"https://pic.fotoshare.jp/", "https://img.kurashi-blog.jp/",
                                     "https://www.mogu-log.jp/entry/"};

// --- Politics -------------------------------------------------------------------------------

const char* const kPolSubj[] = {"政府", "与党", "野党", "首相", "増税", "物価高", "年金",
                                "少子化対策", "消費税", "防衛費", "給付金", "選挙", "投票率",
                                "公約", "候補者", "政策", "政治資金の問題", "円安", "賃上げ",
                                "外交", "社会保障", "減税"};
const char* const kCritical[] = {"の説明はまったく納得できない",
                                 "、また先送りか。いい加減にしてほしい",
                                 "について政府は説明責任を果たすべき",
                                 "より国民の生活を優先してほしい",
                                 "の話、どう考えてもおかしい",
                                 "で苦しんでいる人のことを考えてない",
                                 "、これで本当にいいの？",
                                 "について誰も責任を取らないのが問題"};
const char* const kSupportive[] = {"は着実に前に進んでいると思う", "、よくやってると思う",
                                   "を評価したい", "は安定した政治のためにも大事",
                                   "はもっと知られていい", "の実績はちゃんと見るべき"};
const char* const kNeutral[] = {"について各党の主張を比べてみた", "、みんなはどう思う？",
                                "のニュースを見た", "について調べてみた",
                                "、候補者の意見を聞いてから決めたい", "の討論番組を見てる"};
const char* const kPolTags[] = {"参院選2025", "参院選", "選挙に行こう", "投票に行こう",
                                "期日前投票", "政治"};
const char* const kNewsDomains[] = {"https://www.hinode-shimbun.jp/articles/",
                                    "https://news.kaze-tv.jp/n/",
                                    "https://www.jiji-hou.jp/article/",
                                    "https://www.asakaze-news.jp/a/",
                                    "https://nippon-daily.jp/politics/",
                                    "https://www.minato-times.jp/articles/"};

// --- English ------------------------------------------------------------------------------

const char* const kEnglish[] = {"Just got back from Kyoto, what a trip",
                                "Tokyo is so hot today",
                                "Anyone watching the election coverage tonight?",
                                "Finally finished this week's work",
                                "Best ramen I've had in a while",
                                "Can't believe how crowded the train was",
                                "New episode was amazing",
                                "Learning Japanese is hard but fun"};

// --- Reactions ------------------------------------------------------------------------------

const char* const kReplies[] = {"ほんとそれ", "わかる", "それな", "えー！", "同意です",
                                "なるほど", "違うと思う", "ありがとうございます！", "草",
                                "確かに", "お疲れさまです", "すごい！", "まじか", "それは大変",
                                "いいですね", "知らなかった", "ですよね", "うらやましい"};
const char* const kQuotes[] = {"これは酷い", "これ大事", "拡散希望", "見てほしい", "なるほどね",
                               "これは草", "ほんとこれ", "わかりみ", "考えさせられる",
                               "これ知らなかった"};

// --- News, bots, shocks ---------------------------------------------------------------------

const char* const kNewsCat[] = {"政治", "経済", "社会", "国際", "スポーツ", "天気", "選挙"};
const char* const kNewsHead[] = {"で新たな方針を発表", "、来月から見直しへ", "について専門家が解説",
                                 "の影響が拡大", "で合意", "、過去最高を更新",
                                 "に向けて各党が論戦", "の調査結果まとまる"};
const char* const kPlaces[] = {"東京都", "大阪府", "北海道", "福岡県", "愛知県", "宮城県",
                               "広島県", "沖縄県", "神奈川県", "京都府", "静岡県", "新潟県"};
const char* const kRegions[] = {"千葉県北西部", "茨城県南部", "能登地方", "宮城県沖",
                                "日向灘", "長野県北部", "福島県沖", "熊本県熊本地方"};
const char* const kWeather[] = {"晴れ", "くもり", "雨", "晴れ時々くもり", "くもり一時雨",
                                "雷雨", "猛暑日"};
const char* const kShockJa[] = {"揺れた！", "地震こわい", "みんな大丈夫？", "結構揺れた…",
                                "緊急地震速報きた", "びっくりした", "長い揺れだった",
                                "家族に連絡した"};
const char* const kScandal[] = {"大臣が辞任", "党幹部に捜査", "大規模な通信障害",
                                "主要駅で運転見合わせ"};
const char* const kScandalReact[] = {"え、まじ？", "これは大きいニュース", "信じられない",
                                     "やっぱりか", "続報を待ちたい", "どうなるんだろう"};

// --- Fans, activists --------------------------------------------------------------------------

const char* const kIdols[] = {"ひなた", "あおい", "りん", "そら", "ゆい", "かいと", "れん", "みお"};
const char* const kFanTags[] = {"ひなたを応援し隊", "あおい推し", "りんちゃん大好き",
                                "そらの日", "ゆいと一緒", "かいとくん応援", "れん推し",
                                "みおの部屋"};
const char* const kIdolPosts[] = {"今日もありがとう！", "このあと配信するよ〜", "新曲きいてね",
                                  "リハーサル終わり！", "おやすみなさい🌙", "明日のライブ楽しみ！",
                                  "みんなの応援が力になってます"};
const char* const kFanPosts[] = {"最高すぎる", "今日もかわいい", "新曲ずっと聴いてる",
                                 "配信ありがとう！", "尊い…", "ライブ当たった！",
                                 "一生推す", "元気もらった"};
const char* const kCauses[] = {"増税", "年金カット", "物価高の放置", "学費の値上げ"};
const char* const kActivistPosts[] = {"声を上げなければ何も変わらない",
                                      "私たちの生活を守るために",
                                      "一人ひとりの声が大事",
                                      "黙っていられないので参加します",
                                      "子どもたちの未来のために",
                                      "今日は仕事帰りに参加",
                                      "政治に関心を持とう",
                                      "おかしいことはおかしいと言おう"};
const char* const kSlogans[] = {"生活を守れ！", "声を届けよう", "私たちは諦めない"};

// --- Operations -------------------------------------------------------------------------------

// Narratives pushed by the simulated operations (all critical of the government, pushing the
// genuine critics' posts). Perturbation slots: {E} emoji/ending, {W} word variant.
const char* const kNarratives[] = {
    "政府はもう信用できない。物価高の本当の原因を知ってください",
    "与党の公約はうそばかり。今回の選挙で必ず変えよう",
    "この政策で誰が得をしているのか、みんな考えてほしい",
    "増税の裏にある事実をメディアは報道しない",
    "首相の発言は国民をばかにしている。拡散してください",
};
const char* const kNarrativeEnds[] = {"", "！", "。", "！！", "…", " 🙏", " 🔥", "。拡散希望",
                                      "　", " 。"};
const char* const kFloodSlogans[] = {"今こそ変えよう", "もう騙されない", "真実を知ろう",
                                     "拡散お願いします", "絶対に許さない", "目を覚まそう",
                                     "選挙で示そう", "黙っていられない"};
const char* const kOtherTags[] = {"拡散希望", "政治", "日本", "拡散してください"};
// Japanese written through a translation tool or by a non-native operator: simplified-Chinese
// forms (们 这 说 时 对), Chinese punctuation (，“”) and a literal feel.
const char* const kCrossNarratives[] = {
    "日本的人们，请知道这个真实。政府对国民说谎了",
    "这个时候，我们日本人必须要觉醒！“政府”的说明不能相信",
    "请大家注意，对这个政策的问题，媒体不说",
    "日本国民们，时间不多了，必须要行动",
};

}  // namespace

TextComposer::TextComposer(uint64_t seed, std::vector<OperationText> ops,
                           std::vector<std::string> campaign_tags)
    : seed_(seed), ops_(std::move(ops)), campaign_tags_(std::move(campaign_tags)) {}

std::string_view TextComposer::FanTag(uint32_t i) { return kFanTags[i % std::size(kFanTags)]; }
std::string_view TextComposer::ElectionTag() { return kPolTags[0]; }

void TextComposer::Casual(uint32_t topic, Rng& rng, ComposedText* out) {
  const Topic& t = kTopics[topic % std::size(kTopics)];
  std::string& s = out->text;
  s.append(Pick(kOpeners, rng));
  s.append(t.subjects[rng.Below(t.n_subjects)]);
  s.append(t.predicates[rng.Below(t.n_predicates)]);
  if (rng.Bernoulli(0.08)) {
    s.append(" ");
    AppendWideNum(&s, rng.Range(2, 5));
    s.append("回目");
  }
  if (rng.Bernoulli(0.05)) {
    s.push_back(' ');
    s.append(Pick(kHalfKana, rng));
  }
  s.append(Pick(kEndings, rng));
  if (rng.Bernoulli(0.45)) s.append(Pick(kEmoji, rng));
  if (rng.Bernoulli(0.2)) AppendTag(t.tags[rng.Below(t.n_tags)], out);
  if (rng.Bernoulli(0.06)) {
    std::string url(Pick(kPhotoDomains, rng));
    AppendNum(&url, static_cast<int64_t>(rng.Below(90000000) + 10000000));
    AppendUrl(std::move(url), out);
  }
}

void TextComposer::Political(uint32_t stance, Rng& rng, ComposedText* out) {
  std::string& s = out->text;
  s.append(Pick(kPolSubj, rng));
  if (stance == 0) {
    s.append(Pick(kSupportive, rng));
  } else if (stance == 1) {
    s.append(Pick(kCritical, rng));
  } else {
    s.append(Pick(kNeutral, rng));
  }
  s.append(Pick(kEndings, rng));
  if (rng.Bernoulli(0.2)) s.append(Pick(kEmoji, rng));
  if (rng.Bernoulli(0.4)) AppendTag(Pick(kPolTags, rng), out);
  if (rng.Bernoulli(0.15)) {
    std::string url(Pick(kNewsDomains, rng));
    AppendNum(&url, static_cast<int64_t>(rng.Below(900000) + 100000));
    AppendUrl(std::move(url), out);
  }
}

void TextComposer::OpNarrative(const OperationText& op, bool cross, Rng& rng,
                               ComposedText* out) {
  std::string& s = out->text;
  if (cross) {
    s.append(kCrossNarratives[op.narrative % std::size(kCrossNarratives)]);
    s.append(rng.Bernoulli(0.5) ? "！" : "。");
  } else {
    // Copy-paste with small perturbations: a leading space or mark, the ending, an emoji.
    if (rng.Bernoulli(0.15)) s.append(rng.Bernoulli(0.5) ? "【拡散】" : "　");
    s.append(kNarratives[op.narrative % std::size(kNarratives)]);
    s.append(Pick(kNarrativeEnds, rng));
    if (rng.Bernoulli(0.3)) s.append(Pick(kEmoji, rng));
  }
  if (!op.url.empty()) AppendUrl(op.url, out);
  if (!op.hashtag.empty()) AppendTag(op.hashtag, out);
  if (rng.Bernoulli(0.3)) AppendTag(Pick(kOtherTags, rng), out);
}

void TextComposer::Compose(const SimEvent& e, std::string_view reply_to, TimeMs local_time,
                           ComposedText* out) {
  out->Clear();
  Rng rng(Mix64(seed_ ^ (uint64_t{e.text_seed} << 20) ^ e.aux ^
                (static_cast<uint64_t>(e.text) << 56)));
  std::string& s = out->text;
  if (!reply_to.empty()) {
    s.push_back('@');
    s.append(reply_to);
    s.push_back(' ');
  }
  int64_t local_secs = local_time / 1000;
  int hour = static_cast<int>((local_secs / 3600) % 24);
  int minute = static_cast<int>((local_secs / 60) % 60);
  switch (e.text) {
    case TextKind::kNone:
    case TextKind::kCasual:
      Casual(e.aux, rng, out);
      break;
    case TextKind::kPolitical:
      Political(e.aux, rng, out);
      break;
    case TextKind::kEnglish:
      out->lang = "en";
      s.append(Pick(kEnglish, rng));
      if (rng.Bernoulli(0.3)) s.append(rng.Bernoulli(0.5) ? "!" : " lol");
      if (rng.Bernoulli(0.15)) AppendTag("Japan", out);
      break;
    case TextKind::kReply:
      s.append(Pick(kReplies, rng));
      if (rng.Bernoulli(0.4)) s.append(Pick(kEmoji, rng));
      break;
    case TextKind::kQuote:
      s.append(Pick(kQuotes, rng));
      if (rng.Bernoulli(0.3)) s.append(Pick(kEmoji, rng));
      if (e.aux == 1 && rng.Bernoulli(0.3)) AppendTag(Pick(kPolTags, rng), out);
      break;
    case TextKind::kNews: {
      s.append("【");
      s.append(Pick(kNewsCat, rng));
      s.append("】");
      s.append(rng.Bernoulli(0.5) ? Pick(kPlaces, rng) : Pick(kPolSubj, rng));
      s.append(Pick(kNewsHead, rng));
      std::string url(kNewsDomains[e.aux % std::size(kNewsDomains)]);
      AppendNum(&url, static_cast<int64_t>(e.text_seed % 900000 + 100000));
      AppendUrl(std::move(url), out);
      break;
    }
    case TextKind::kBreaking: {
      if (e.aux % 2 == 0) {
        s.append("【速報】");
        s.append(kRegions[(e.aux / 2) % std::size(kRegions)]);
        s.append("で震度");
        AppendNum(&s, 5 + static_cast<int64_t>((e.aux / 2) % 2));
        s.append("弱の地震 津波の有無を確認中");
        AppendTag("地震", out);
      } else {
        s.append("【速報】");
        s.append(kScandal[(e.aux / 2) % std::size(kScandal)]);
        AppendTag("速報", out);
      }
      std::string url(Pick(kNewsDomains, rng));
      AppendNum(&url, static_cast<int64_t>(e.text_seed % 900000 + 100000));
      AppendUrl(std::move(url), out);
      break;
    }
    case TextKind::kWeather: {
      s.append("【");
      s.append(kPlaces[e.aux % std::size(kPlaces)]);
      s.append("の天気】");
      AppendNum(&s, hour);
      s.append("時 ");
      s.append(Pick(kWeather, rng));
      s.append(" 気温");
      AppendNum(&s, static_cast<int64_t>(24 + rng.Below(12)));
      s.append("℃ 降水確率");
      AppendNum(&s, static_cast<int64_t>(rng.Below(11) * 10));
      s.append("%");
      AppendTag("天気", out);
      break;
    }
    case TextKind::kQuake:
      s.append("【地震情報】");
      AppendNum(&s, hour);
      s.append("時");
      AppendNum(&s, minute);
      s.append("分ごろ、");
      s.append(kRegions[e.aux % std::size(kRegions)]);
      s.append("で地震がありました。最大震度");
      AppendNum(&s, static_cast<int64_t>(e.aux % 97 == 0 ? 5 : 1 + e.text_seed % 4));
      s.append("。この地震による津波の心配はありません。");
      AppendTag("地震", out);
      AppendTag("地震情報", out);
      break;
    case TextKind::kShock:
      if (e.aux % 2 == 0) {
        s.append(Pick(kShockJa, rng));
        if (rng.Bernoulli(0.3)) s.append(Pick(kEmoji, rng));
        if (rng.Bernoulli(0.6)) AppendTag("地震", out);
      } else {
        s.append(kScandal[(e.aux / 2) % std::size(kScandal)]);
        s.append("って");
        s.append(Pick(kScandalReact, rng));
        if (rng.Bernoulli(0.5)) AppendTag("速報", out);
      }
      break;
    case TextKind::kIdol:
      s.append(Pick(kIdolPosts, rng));
      if (rng.Bernoulli(0.6)) s.append(Pick(kEmoji, rng));
      AppendTag(FanTag(e.aux), out);
      break;
    case TextKind::kFan:
      s.append(kIdols[e.aux % std::size(kIdols)]);
      s.append(rng.Bernoulli(0.5) ? "ちゃん" : "");
      s.append(Pick(kFanPosts, rng));
      s.append(Pick(kEmoji, rng));
      AppendTag(FanTag(e.aux), out);
      break;
    case TextKind::kAnnounce: {
      std::string_view tag = campaign_tags_.empty()
                                 ? std::string_view("声を上げよう")
                                 : std::string_view(campaign_tags_[e.aux % campaign_tags_.size()]);
      s.append("明日");
      AppendNum(&s, 20);
      s.append("時から");
      AppendTag(tag, out);
      s.append(" でツイートデモをします。");
      s.append(kCauses[e.aux % std::size(kCauses)]);
      s.append("に反対する声を一緒に届けましょう！拡散希望");
      break;
    }
    case TextKind::kActivist: {
      std::string_view tag = campaign_tags_.empty()
                                 ? std::string_view("声を上げよう")
                                 : std::string_view(campaign_tags_[e.aux % campaign_tags_.size()]);
      if (rng.Bernoulli(0.3)) {
        s.append(kSlogans[e.aux % std::size(kSlogans)]);
        s.push_back(' ');
      }
      s.append(kCauses[e.aux % std::size(kCauses)]);
      s.append("に反対。");
      s.append(Pick(kActivistPosts, rng));
      s.append(Pick(kEndings, rng));
      AppendTag(tag, out);
      break;
    }
    case TextKind::kOpCopy:
    case TextKind::kOpCross:
      if (e.aux < ops_.size()) OpNarrative(ops_[e.aux], e.text == TextKind::kOpCross, rng, out);
      break;
    case TextKind::kOpFlood:
      if (e.aux < ops_.size()) {
        s.append(Pick(kFloodSlogans, rng));
        s.append(Pick(kEndings, rng));
        if (rng.Bernoulli(0.5)) s.append(Pick(kEmoji, rng));
        AppendTag(ops_[e.aux].hashtag, out);
        if (rng.Bernoulli(0.5)) AppendTag(Pick(kOtherTags, rng), out);
        if (rng.Bernoulli(0.3)) AppendTag(Pick(kPolTags, rng), out);
      }
      break;
    case TextKind::kOpCyborg:
      Political(1, rng, out);
      if (e.aux < ops_.size() && rng.Bernoulli(0.4) && !ops_[e.aux].hashtag.empty()) {
        AppendTag(ops_[e.aux].hashtag, out);
      }
      break;
  }
}

}  // namespace sakimori::sim
