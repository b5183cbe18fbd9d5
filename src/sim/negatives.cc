// File: sim/negatives.cc
// Hard negatives: organic patterns that look like coordination. Breaking-news shocks (many
// unrelated accounts post within minutes), viral posts (hundreds of thousands of engagements
// at scale 1), fan communities (fans repost their idols within seconds, every day), activist
// hashtag campaigns (announced the day before, then hundreds of people flood one hashtag),
// and benign automation (weather and earthquake bots, scheduled news accounts).
#include <algorithm>
#include <cmath>

#include "common/hash.h"
#include "sim/internal/generator.h"

namespace sakimori::sim::internal {
namespace {

enum Stream : uint64_t {
  kBuildStream = 10,
  kBotStream = 3000,
  kShockStream = 4000,
  kViralStream = 5000,
  kFanStream = 6000,
  kCampaignStream = 7000,
};

int64_t Scaled(int64_t n, double scale, int64_t min) {
  if (n <= 0) return 0;
  return std::max<int64_t>(min, std::llround(n * scale));
}

// Local hour h (country's zone) of simulation day `day`, as UTC ms.
TimeMs AtLocalHour(const Rhythm& rhythm, int day, double hour) {
  TimeMs begin = rhythm.DayStart(day);
  int h0 = rhythm.LocalHour(begin);
  double delta = hour - h0;
  if (delta < 0) delta += 24;
  return begin + static_cast<TimeMs>(delta * kMsPerHour);
}

}  // namespace

void Generator::BuildNegatives() {
  const HardNegativeConfig& h = scenario_.negatives;
  const double scale = options_.scale;
  Rng rng = Rng::Fork(options_.seed, kBuildStream);
  const int days = num_days_;
  auto special = [&](Role role, float fitness, uint8_t client, double age_years) {
    uint32_t a = AddAccount(role, kWatchers);
    Account& acc = accounts_[a];
    acc.fitness = fitness;
    acc.client = client;
    acc.created_at = start_ - static_cast<TimeMs>(age_years * 365.25 * kMsPerDay);
    acc.created_at -= acc.created_at % 1000;
    return a;
  };
  for (int i = 0; i < h.news_accounts; ++i) {
    news_.push_back(special(Role::kNews, static_cast<float>(rng.Range(300, 3000)),
                            i % 2 ? kSocialDog : kWebApp, 8 + rng.Uniform() * 7));
  }
  for (int i = 0; i < h.weather_bots; ++i) {
    weather_.push_back(special(Role::kWeatherBot, static_cast<float>(rng.Range(20, 200)),
                               kWeatherApp, 3 + rng.Uniform() * 8));
  }
  for (int i = 0; i < h.quake_bots; ++i) {
    quake_.push_back(special(Role::kQuakeBot, static_cast<float>(rng.Range(200, 1500)),
                             kQuakeApp, 5 + rng.Uniform() * 8));
  }
  std::vector<bool> used(accounts_.size(), false);
  if (!news_.empty()) negatives_.push_back({"benign_bot", news_, start_, end_});
  if (!weather_.empty()) negatives_.push_back({"benign_bot", weather_, start_, end_});
  if (!quake_.empty()) negatives_.push_back({"benign_bot", quake_, start_, end_});

  // Fan communities: fans from the everyday communities, following their idols.
  std::vector<uint32_t> everyday;
  for (uint32_t a : organic_) {
    if (accounts_[a].community >= kFirstTopic && !accounts_[a].english) everyday.push_back(a);
  }
  for (int f = 0; f < h.fan_communities; ++f) {
    FanPlan plan;
    for (int i = 0; i < h.idols; ++i) {
      plan.idols.push_back(special(Role::kIdol, static_cast<float>(rng.Range(500, 5000)),
                                   i % 2 ? kIphone : kAndroid, 2 + rng.Uniform() * 6));
    }
    used.resize(accounts_.size(), false);
    plan.fans = PickDistinct(Scaled(h.fans, scale, 10), everyday, true, rng, &used);
    for (uint32_t a : plan.fans) used[a] = true;
    negatives_.push_back({"fan_community", plan.fans, start_, end_});
    fans_.push_back(std::move(plan));
  }

  // News shocks, spread over the period, in the daytime.
  for (int k = 0; k < h.news_shocks; ++k) {
    ShockPlan s;
    int day = std::min(days - 1, static_cast<int>((k + 0.5) * days / h.news_shocks));
    s.time = AtLocalHour(rhythm_, day, 8 + rng.Uniform() * 14);
    s.time -= s.time % 1000;
    s.aux = static_cast<uint32_t>(2 * k + (quake_.empty() ? 1 : k % 2));
    s.participants = PickDistinct(Scaled(h.shock_participants, scale, 20), organic_, true, rng);
    negatives_.push_back({"news_shock", s.participants, s.time, s.time + 3 * kMsPerHour});
    shocks_.push_back(std::move(s));
  }
  // Small earthquakes the quake bots report (a few a day).
  if (!quake_.empty()) {
    for (int d = 0; d < days; ++d) {
      uint64_t n = rng.Poisson(3);
      for (uint64_t i = 0; i < n; ++i) {
        TimeMs t = rhythm_.DayStart(d) + static_cast<TimeMs>(rng.Below(kMsPerDay / 1000)) * 1000;
        small_quakes_.push_back(t);
      }
    }
    std::sort(small_quakes_.begin(), small_quakes_.end());
  }

  // Viral posts by ordinary accounts with a following.
  for (int k = 0; k < h.viral_posts; ++k) {
    ViralPlan v;
    for (int tries = 0; tries < 1000; ++tries) {
      v.author = organic_[rng.Below(organic_.size())];
      const Account& acc = accounts_[v.author];
      if (!acc.english && acc.active_from == start_ && acc.active_to == end_) break;
    }
    int day = std::min(days - 1, static_cast<int>((k + 0.3) * days / h.viral_posts));
    v.time = AtLocalHour(rhythm_, day, 11 + rng.Uniform() * 10);
    v.time -= v.time % 1000;
    v.engagements = Scaled(h.viral_engagements, scale, 100);
    v.negative = negatives_.size();
    negatives_.push_back({"viral_post", {}, v.time, std::min(end_, v.time + 2 * kMsPerDay)});
    virals_.push_back(v);
  }

  // Activist campaigns: organiser in the critical community, participants from politics.
  std::vector<uint32_t> political;
  for (int c = kSupportive; c <= kWatchers; ++c) {
    for (uint32_t a : by_community_[c]) {
      if (c != kSupportive) political.push_back(a);
    }
  }
  static const char* const kTags[] = {"増税に反対します", "年金カットに抗議します",
                                      "物価高を放置するな", "学費値上げに反対"};
  for (int k = 0; k < h.activist_campaigns; ++k) {
    CampaignPlan c;
    campaign_tags_.push_back(kTags[k % std::size(kTags)]);
    int day = std::clamp(static_cast<int>((k + 1) * days / (h.activist_campaigns + 1)), 0,
                         days - 1);
    c.time = AtLocalHour(rhythm_, day, 20);
    c.organizer = by_community_[kCritical].empty()
                      ? organic_[0]
                      : by_community_[kCritical][rng.Below(by_community_[kCritical].size())];
    c.participants = PickDistinct(Scaled(h.activists, scale, 20), political, false, rng);
    std::vector<uint32_t> members = c.participants;
    members.push_back(c.organizer);
    negatives_.push_back({"activist_campaign", members, std::max(start_, c.time - kMsPerDay),
                          std::min(end_, c.time + static_cast<TimeMs>(h.campaign_hours * kMsPerHour))});
    campaigns_.push_back(std::move(c));
  }
}

void Generator::GenerateBots(int day) {
  Rng rng = Rng::Fork(options_.seed, kBotStream + day);
  const TimeMs begin = rhythm_.DayStart(day);
  // Weather bots: every hour on the hour, a few seconds late.
  for (size_t i = 0; i < weather_.size(); ++i) {
    for (int h = 0; h < 24; ++h) {
      TimeMs t = begin + h * kMsPerHour + rng.Range(2, 15) * 1000;
      EmitPost(weather_[i], t, TextKind::kWeather, static_cast<uint32_t>(i * 5 + h % 5), rng);
    }
  }
  // Earthquake alerts: 40-90 s after each quake.
  for (TimeMs q : small_quakes_) {
    if (rhythm_.DayOf(q) != day) continue;
    for (uint32_t bot : quake_) {
      uint32_t post = EmitPost(bot, q + rng.Range(40, 90) * 1000, TextKind::kQuake,
                               static_cast<uint32_t>(rng.Below(1000)), rng);
      Cascade(post, bot, q + 60000, 0.3, rng);
    }
  }
  // Scheduled news: every 30 minutes from 6:00 to 23:30 local time.
  for (size_t i = 0; i < news_.size(); ++i) {
    for (int slot = 12; slot < 48; ++slot) {
      if (rng.Bernoulli(0.15)) continue;
      TimeMs t = AtLocalHour(rhythm_, day, slot / 2.0) + rng.Range(0, 90) * 1000;
      double quality = rng.LogNormal(-0.5, 1.0) * 0.5;
      uint32_t post = EmitPost(news_[i], t, TextKind::kNews, static_cast<uint32_t>(i), rng);
      Cascade(post, news_[i], t, quality, rng);
    }
  }
}

void Generator::GenerateShock(const ShockPlan& s, size_t k) {
  Rng rng = Rng::Fork(options_.seed, kShockStream + k);
  const TimeMs t0 = s.time;
  uint32_t first = kNone32, first_author = kNone32;
  TimeMs first_time = 0;
  if (s.aux % 2 == 0) {
    for (uint32_t bot : quake_) {
      TimeMs t = t0 + rng.Range(30, 60) * 1000;
      uint32_t post = EmitPost(bot, t, TextKind::kQuake, static_cast<uint32_t>(s.aux * 97), rng);
      Cascade(post, bot, t, 2.0, rng);
    }
  }
  for (uint32_t news : news_) {
    TimeMs t = t0 + rng.Range(60, 400) * 1000;
    uint32_t post = EmitPost(news, t, TextKind::kBreaking, s.aux, rng);
    Cascade(post, news, t, 3.0, rng);
    if (first == kNone32 || t < first_time) {
      first = post;
      first_author = news;
      first_time = t;
    }
  }
  seen_.clear();
  for (uint32_t a : s.participants) {
    TimeMs t = t0 + (static_cast<TimeMs>(std::min(3.0 * 3600, rng.Lomax(90, 1.6))) + 5) * 1000;
    if (!Active(a, t)) continue;
    uint32_t post = EmitPost(a, t, TextKind::kShock, s.aux, rng);
    (void)post;
    if (first != kNone32 && rng.Bernoulli(0.3)) {
      TimeMs rt = std::max(first_time, t) + (rng.Range(5, 900)) * 1000;
      EmitEngagement(a, EventKind::kRepost, first, first_author, rt, rng);
    }
  }
}

void Generator::GenerateViral(ViralPlan& v) {
  Rng rng = Rng::Fork(options_.seed, kViralStream + v.negative);
  uint32_t post = EmitPost(v.author, v.time, TextKind::kCasual,
                           (accounts_[v.author].community - kFirstTopic) % 8, rng);
  seen_.clear();
  std::vector<uint32_t> engagers;
  int64_t made = 0;
  for (int64_t tries = 0; made < v.engagements && tries < 4 * v.engagements; ++tries) {
    TimeMs delay = 0;
    for (int k = 0; k < 6; ++k) {
      delay = (static_cast<TimeMs>(std::min(2.0 * 86400, rng.Lomax(900, 1.3))) + 2) * 1000;
      if (rhythm_.Accept(v.time + delay, rng)) break;
    }
    TimeMs t = v.time + delay;
    if (t >= end_) continue;
    // A viral post travels far beyond the author's followers (trends, recommendations).
    uint32_t actor = rng.Bernoulli(0.2) ? PickEngager(v.author, t, rng)
                                        : engager_alias_.Sample(rng);
    if (actor == kNone32 || actor == v.author || !Active(actor, t)) continue;
    double u = rng.Uniform();
    EventKind kind = u < 0.7    ? EventKind::kLike
                     : u < 0.9  ? EventKind::kRepost
                     : u < 0.96 ? EventKind::kReply
                                : EventKind::kQuote;
    if (!seen_.insert((uint64_t{actor} << 4) | static_cast<uint64_t>(kind)).second) continue;
    EmitEngagement(actor, kind, post, v.author, t, rng);
    engagers.push_back(actor);
    ++made;
  }
  std::sort(engagers.begin(), engagers.end());
  engagers.erase(std::unique(engagers.begin(), engagers.end()), engagers.end());
  negatives_[v.negative].members = std::move(engagers);
}

void Generator::GenerateFans(int day) {
  const HardNegativeConfig& h = scenario_.negatives;
  static const double kSlots[] = {12, 18, 21, 22, 19.5, 23};
  for (size_t f = 0; f < fans_.size(); ++f) {
    Rng rng = Rng::Fork(options_.seed, kFanStream + day * 64 + f);
    const FanPlan& plan = fans_[f];
    for (uint32_t idol : plan.idols) {
      uint64_t n = std::min<uint64_t>(std::size(kSlots), rng.Poisson(h.idol_posts_per_day));
      for (uint64_t i = 0; i < n; ++i) {
        TimeMs t = AtLocalHour(rhythm_, day, kSlots[i]) + rng.Range(0, 600) * 1000;
        uint32_t post = EmitPost(idol, t, TextKind::kIdol, static_cast<uint32_t>(f), rng);
        seen_.clear();
        for (uint32_t fan : plan.fans) {
          if (rng.Bernoulli(0.8)) {
            TimeMs rt = t + (static_cast<TimeMs>(rng.LogNormal(std::log(25), 0.9)) + 2) * 1000;
            if (Active(fan, rt)) {
              EmitEngagement(fan, EventKind::kRepost, post, idol, rt, rng);
              seen_.insert((uint64_t{fan} << 4) | static_cast<uint64_t>(EventKind::kRepost));
            }
          }
          if (rng.Bernoulli(0.85)) {
            TimeMs lt = t + (static_cast<TimeMs>(rng.LogNormal(std::log(15), 1.0)) + 1) * 1000;
            if (Active(fan, lt)) {
              EmitEngagement(fan, EventKind::kLike, post, idol, lt, rng);
              seen_.insert((uint64_t{fan} << 4) | static_cast<uint64_t>(EventKind::kLike));
            }
          }
        }
        Cascade(post, idol, t, 0.5, rng, /*clear_seen=*/false);
      }
    }
    // Fans' own posts about their idol.
    for (uint32_t fan : plan.fans) {
      uint64_t n = rng.Poisson(1.0);
      for (uint64_t i = 0; i < n; ++i) {
        TimeMs t = rhythm_.SampleInDay(day, accounts_[fan].shift, rng);
        if (Active(fan, t)) EmitPost(fan, t, TextKind::kFan, static_cast<uint32_t>(f), rng);
      }
    }
  }
}

void Generator::GenerateCampaign(const CampaignPlan& c, size_t k) {
  const HardNegativeConfig& h = scenario_.negatives;
  Rng rng = Rng::Fork(options_.seed, kCampaignStream + k);
  const uint32_t aux = static_cast<uint32_t>(k);
  // The announcement, the day before.
  TimeMs announce = std::max(start_ + rng.Range(1800, 4 * 3600) * 1000,
                             c.time - kMsPerDay + rng.Range(0, 7200) * 1000);
  uint32_t ann = EmitPost(c.organizer, announce, TextKind::kAnnounce, aux, rng);
  seen_.clear();
  for (uint32_t a : c.participants) {
    if (rng.Bernoulli(0.35)) {
      TimeMs t = announce + (rng.Range(60, 20 * 3600)) * 1000;
      if (t < c.time && Active(a, t)) {
        EmitEngagement(a, EventKind::kRepost, ann, c.organizer, t, rng);
        seen_.insert((uint64_t{a} << 4) | static_cast<uint64_t>(EventKind::kRepost));
      }
    }
  }
  Cascade(ann, c.organizer, announce, 1.0, rng, /*clear_seen=*/false);
  // The campaign: everyone posts with the hashtag, starting at the announced time.
  struct CampaignPost {
    TimeMs time;
    uint32_t post, author;
  };
  std::vector<CampaignPost> posts;
  const TimeMs window = static_cast<TimeMs>(h.campaign_hours * kMsPerHour);
  std::vector<uint32_t> people = c.participants;
  people.push_back(c.organizer);
  for (uint32_t a : people) {
    uint64_t n = 1 + rng.Poisson(std::max(0.0, h.activist_posts - 1));
    for (uint64_t i = 0; i < n; ++i) {
      TimeMs t = i == 0 ? c.time + (static_cast<TimeMs>(std::min(window / 1000.0,
                                                                 rng.Lomax(120, 1.5))) +
                                    1) * 1000
                        : c.time + static_cast<TimeMs>(rng.Below(window / 1000)) * 1000;
      if (!Active(a, t)) continue;
      posts.push_back({t, EmitPost(a, t, TextKind::kActivist, aux, rng), a});
    }
  }
  std::sort(posts.begin(), posts.end(),
            [](const CampaignPost& x, const CampaignPost& y) { return x.time < y.time; });
  // Participants repost each other.
  for (uint32_t a : people) {
    if (posts.empty() || !rng.Bernoulli(0.5)) continue;
    int64_t n = rng.Range(1, 3);
    for (int64_t i = 0; i < n; ++i) {
      const CampaignPost& p = posts[rng.Below(posts.size())];
      if (p.author == a) continue;
      TimeMs t = p.time + (static_cast<TimeMs>(rng.Lomax(300, 1.2)) + 3) * 1000;
      if (Active(a, t)) EmitEngagement(a, EventKind::kRepost, p.post, p.author, t, rng);
    }
  }
}

void Generator::GenerateNegatives(int day) {
  GenerateBots(day);
  GenerateFans(day);
  for (size_t k = 0; k < shocks_.size(); ++k) {
    if (rhythm_.DayOf(shocks_[k].time) == day) GenerateShock(shocks_[k], k);
  }
  for (ViralPlan& v : virals_) {
    if (rhythm_.DayOf(v.time) == day) GenerateViral(v);
  }
  for (size_t k = 0; k < campaigns_.size(); ++k) {
    // Generated on the day of the announcement (or the first day).
    TimeMs announce = std::max(start_, campaigns_[k].time - kMsPerDay);
    if (rhythm_.DayOf(announce) == day) GenerateCampaign(campaigns_[k], k);
  }
}

}  // namespace sakimori::sim::internal
