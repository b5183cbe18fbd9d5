// File: sim/operations.cc
// Planted operations. They mostly amplify posts written by genuine accounts (the amplified
// authors, never members): like farms and repost rings engage within seconds, sleepers wake
// together, cyborgs engage with human jitter in working hours, evasive bots randomise delays,
// rotate subsets of the ring per target and mix in organic-looking filler; copy-paste, hashtag
// floods and cross-posted narratives are the operations' own posts. Foreign operators keep
// their own working day (e.g. UTC+3 or UTC+8).
#include <algorithm>
#include <cmath>

#include "common/hash.h"
#include "common/time.h"
#include "sim/internal/generator.h"

namespace sakimori::sim::internal {
namespace {

enum Stream : uint64_t { kBuildStream = 20, kDayStream = 100000 };

bool Has(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

void Generator::BuildOperations() {
  Rng rng = Rng::Fork(options_.seed, kBuildStream);
  // Amplified authors: genuine critics, active all period, not otherwise special.
  std::vector<bool> special(accounts_.size(), false);
  for (const FanPlan& f : fans_) {
    for (uint32_t a : f.fans) special[a] = true;
  }
  for (const CampaignPlan& c : campaigns_) special[c.organizer] = true;
  std::vector<uint32_t> critics;
  for (uint32_t a : by_community_[kCritical]) {
    const Account& acc = accounts_[a];
    if (!special[a] && !acc.english && acc.active_from == start_ && acc.active_to == end_) {
      critics.push_back(a);
    }
  }
  reserved_.assign(accounts_.size(), false);
  for (size_t i = 0; i < scenario_.operations.size(); ++i) {
    OperationPlan op;
    op.config = scenario_.operations[i];
    op.index = static_cast<uint32_t>(i);
    const auto& t = op.config.tactics;
    op.like = Has(t, "like_farm");
    op.repost = Has(t, "repost_ring");
    op.sleeper = Has(t, "sleeper_activation");
    op.cyborg = Has(t, "cyborg");
    op.evasive = Has(t, "evasive_bot");
    op.bulk = Has(t, "bulk_created");
    op.foreign = Has(t, "foreign_timezone");
    op.copy = Has(t, "copy_paste");
    op.flood = Has(t, "hashtag_flood");
    op.cross = Has(t, "cross_posting");
    op.engage = op.like || op.repost || op.sleeper || op.cyborg || op.evasive;
    op.post = op.copy || op.flood || op.cross;
    if (!op.engage && !op.post) op.repost = op.engage = true;  // bulk_created alone
    op.start = start_ + static_cast<TimeMs>(op.config.start_day * kMsPerDay);
    op.start = std::min(op.start - op.start % 1000, end_ - kMsPerHour);
    op.end = std::min(end_, op.start + static_cast<TimeMs>(op.config.duration_days * kMsPerDay));
    op.op_offset_hours = op.config.utc_offset_hours.value_or(
        op.foreign ? 3.0 : scenario_.utc_offset_hours);
    if (op.cyborg && !op.foreign) {
      op.work_begin_h = 8;
      op.work_end_h = 24;
    }
    op.hashtag = op.config.hashtag;
    if (op.hashtag.empty() && (op.flood || op.copy || op.cross)) {
      op.hashtag = std::string(TextComposer::ElectionTag());
    }
    op.url = op.config.url;
    if (op.url.empty() && (op.copy || op.cross)) {
      op.url = "https://shinjitsu-nippon.net/articles/" + std::to_string(1000 + 7 * i);
    }
    // Amplified authors.
    std::vector<uint32_t> pool;
    for (uint32_t a : critics) {
      if (!reserved_[a]) pool.push_back(a);
    }
    op.authors = PickDistinct(static_cast<size_t>(op.config.authors), pool, true, rng);
    for (uint32_t a : op.authors) reserved_[a] = true;
    // Target posts, spread over the first 85% of the window, in the authors' daytime.
    const int n_targets = op.config.targets;
    const double span = 0.85 * static_cast<double>(op.end - op.start);
    for (int k = 0; k < n_targets && !op.authors.empty(); ++k) {
      TimeMs when = op.start;
      for (int tries = 0; tries < 10; ++tries) {
        when = op.start + static_cast<TimeMs>((k + rng.Uniform()) / n_targets * span);
        if (rhythm_.Weight(when) > 0.4) break;
      }
      op.target_times.push_back(when - when % 1000);
      op.target_authors.push_back(op.authors[k % op.authors.size()]);
    }
    op.target_posts.assign(op.target_times.size(), kNone32);
    BuildMembers(op, rng);
    ops_.push_back(std::move(op));
  }
}

void Generator::BuildMembers(OperationPlan& op, Rng& rng) {
  const OperationConfig& c = op.config;
  const bool naive = c.sophistication == "naive";
  const bool sophisticated = c.sophistication == "sophisticated";
  int64_t n = std::max<int64_t>(c.min_members, std::llround(c.members * options_.scale));
  const uint8_t op_client = rng.Bernoulli(0.5) ? kWebApp : kAndroid;
  const TimeMs bulk_base = start_ - rng.Range(10, 40) * kMsPerDay;
  const int topics = std::max(1, scenario_.organic.communities - kFirstTopic);
  for (int64_t i = 0; i < n; ++i) {
    uint32_t a = AddAccount(Role::kMember,
                            static_cast<uint16_t>(kFirstTopic + rng.Below(topics)));
    Account& acc = accounts_[a];
    acc.op = static_cast<int16_t>(op.index);
    acc.rate = 0;
    acc.fitness = sophisticated ? 0.5f : 0.05f;
    double age_days;
    if (op.bulk) {
      acc.created_at = bulk_base + static_cast<TimeMs>(rng.Uniform() * 3 * kMsPerDay);
    } else {
      if (op.sleeper) {
        age_days = 365.25 * (2 + 5 * rng.Uniform());
      } else if (naive) {
        age_days = 30 + 500 * rng.Uniform();
      } else {
        age_days = 365.25 * (0.5 + 7.5 * std::pow(rng.Uniform(), 1.5));
      }
      acc.created_at = start_ - static_cast<TimeMs>(age_days * kMsPerDay);
    }
    acc.created_at -= acc.created_at % 1000;
    if (naive) {
      acc.client = op_client;
    } else if (!sophisticated) {
      acc.client = rng.Bernoulli(0.7) ? op_client : static_cast<uint8_t>(kIphone);
    } else {
      double u = rng.Uniform();
      acc.client = u < 0.55 ? kIphone : u < 0.85 ? kAndroid : kWebApp;
    }
    acc.default_image = rng.Bernoulli(naive ? 0.7 : sophisticated ? 0.03 : 0.3);
    acc.shift = 0;
    op.members.push_back(a);
  }
  // A fixed shuffled order: target k is handled by a rotating slice of it.
  rng.Shuffle(&op.members);
}

TimeMs Generator::ToWorkingHours(const OperationPlan& op, TimeMs t, Rng& rng) const {
  const TimeMs off = static_cast<TimeMs>(op.op_offset_hours * kMsPerHour);
  for (int i = 0; i < 10; ++i) {
    TimeMs local = t + off;
    TimeMs day = FloorDiv(local, kMsPerDay);
    int64_t weekday = ((day % 7) + 7 + 3) % 7;  // 0 = Monday
    TimeMs ms = local - day * kMsPerDay;
    bool weekend = op.foreign && weekday >= 5;
    if (!weekend && ms >= op.work_begin_h * kMsPerHour && ms < op.work_end_h * kMsPerHour) {
      return t;
    }
    // Next working day's start, then some minutes of settling in.
    TimeMs next = (day + (ms >= op.work_begin_h * kMsPerHour ? 1 : 0)) * kMsPerDay +
                  op.work_begin_h * kMsPerHour - off;
    t = next + (static_cast<TimeMs>(rng.Exponential(1200)) + 1) * 1000;
  }
  return t;
}

TimeMs Generator::ClampToOperation(const OperationPlan& op, TimeMs t, TimeMs after,
                                   Rng& rng) const {
  if (t < op.end) return t;
  TimeMs latest = op.end - 1000;
  TimeMs clamped = latest - rng.Range(0, 600) * 1000;
  return std::max(after + 1000, clamped);
}

void Generator::GenerateOperations(int day) {
  for (OperationPlan& op : ops_) GenerateOperationDay(op, day);
}

void Generator::GenerateOperationDay(OperationPlan& op, int day) {
  const OperationConfig& c = op.config;
  Rng rng = Rng::Fork(options_.seed, kDayStream + op.index * 1000 + day);
  const TimeMs day_begin = rhythm_.DayStart(day), day_end = day_begin + kMsPerDay;
  const bool naive = c.sophistication == "naive";
  const bool working_hours = op.foreign || op.cyborg;
  const size_t m = op.members.size();
  const double mu = std::log(c.delay_median_s);

  // A) The amplified posts of today, and the members' engagement with them.
  const size_t n_targets = op.target_times.size();
  size_t slice = static_cast<size_t>(std::ceil(c.participation * m));
  if (n_targets > 0) slice = std::max(slice, (m + n_targets - 1) / n_targets);
  slice = std::min(slice, m);
  for (size_t k = 0; k < n_targets; ++k) {
    const TimeMs t = op.target_times[k];
    if (t < day_begin || t >= day_end) continue;
    const uint32_t author = op.target_authors[k];
    const uint32_t post = EmitPost(author, t, TextKind::kPolitical, kCritical, rng);
    op.target_posts[k] = post;
    Cascade(post, author, t, rng.LogNormal(0, 0.5), rng);
    if (!op.engage || m == 0) continue;
    for (size_t j = 0; j < slice; ++j) {
      const uint32_t member = op.members[(k * slice + j) % m];
      EventKind kinds[3];
      int n_kinds = 0;
      auto add = [&](EventKind kind) {
        for (int i = 0; i < n_kinds; ++i) {
          if (kinds[i] == kind) return;
        }
        kinds[n_kinds++] = kind;
      };
      if (op.like) add(EventKind::kLike);
      if (op.repost || op.sleeper) add(EventKind::kRepost);
      if (op.sleeper && rng.Bernoulli(0.5)) add(EventKind::kLike);
      if (op.cyborg) add(rng.Bernoulli(0.3) ? EventKind::kQuote : EventKind::kRepost);
      if (op.evasive) add(rng.Bernoulli(0.5) ? EventKind::kLike : EventKind::kRepost);
      for (int i = 0; i < n_kinds; ++i) {
        TimeMs when = t + (static_cast<TimeMs>(rng.LogNormal(mu, c.delay_sigma)) + 1) * 1000;
        if (working_hours) when = ToWorkingHours(op, when, rng);
        when = ClampToOperation(op, when, t, rng);
        EmitEngagement(member, kinds[i], post, author, when, rng, TextKind::kOpCyborg,
                       op.index);
      }
    }
  }

  // B) The members' own posts: copy-paste, hashtag flood, cross-posting, cyborg posts.
  const TimeMs lo = std::max(day_begin, op.start), hi = std::min(day_end, op.end);
  if ((op.post || op.cyborg) && lo < hi) {
    std::vector<TextKind> texts;
    if (op.copy) texts.push_back(TextKind::kOpCopy);
    if (op.flood) texts.push_back(TextKind::kOpFlood);
    if (op.cross) texts.push_back(TextKind::kOpCross);
    if (op.cyborg) texts.push_back(TextKind::kOpCyborg);
    const double frac = static_cast<double>(hi - lo) / kMsPerDay;
    const bool first_day = op.start >= day_begin && op.start < day_end;
    // A time in [a, b) in the operators' working hours (or following the country's rhythm),
    // or kNoTime if there is none (e.g. a weekend day for foreign operators). On the first day
    // every member must post once, so the first working moment is used instead.
    auto pick_time = [&](TimeMs a, TimeMs b, bool forced) {
      for (int tries = 0; tries < 12; ++tries) {
        TimeMs when =
            a + static_cast<TimeMs>(rng.Below(static_cast<uint64_t>((b - a) / 1000))) * 1000;
        if (working_hours ? ToWorkingHours(op, when, rng) == when : rhythm_.Accept(when, rng)) {
          return when;
        }
      }
      if (!forced) return kNoTime;
      TimeMs when = working_hours ? ToWorkingHours(op, a, rng) : a;
      return ClampToOperation(op, when, a, rng);
    };
    if (naive) {
      // Waves: everyone posts within a minute or two of the wave's time.
      int64_t waves = std::max<int64_t>(1, std::llround(c.posts_per_day * frac));
      for (int64_t w = 0; w < waves; ++w) {
        TimeMs wave = pick_time(lo, hi, first_day && w == 0);
        if (wave == kNoTime) continue;
        for (uint32_t member : op.members) {
          if (!(first_day && w == 0) && !rng.Bernoulli(0.9)) continue;
          TimeMs when = wave + static_cast<TimeMs>(rng.LogNormal(std::log(30), 0.7)) * 1000;
          when = ClampToOperation(op, when, wave, rng);
          EmitPost(member, when, texts[rng.Below(texts.size())], op.index, rng);
        }
      }
    } else {
      for (uint32_t member : op.members) {
        uint64_t n = rng.Poisson(c.posts_per_day * frac) + (first_day ? 1 : 0);
        for (uint64_t i = 0; i < n; ++i) {
          TimeMs when = pick_time(lo, hi, first_day && i == 0);
          if (when == kNoTime) continue;
          EmitPost(member, ClampToOperation(op, when, lo, rng), texts[rng.Below(texts.size())],
                   op.index, rng);
        }
      }
    }
  }

  // C) Organic-looking filler (from three days before the start; sleepers stay idle).
  const TimeMs filler_from = op.sleeper ? op.start : op.start - 3 * kMsPerDay;
  if (c.filler_per_day > 0 && filler_from < day_end && op.end > day_begin && !recent_.empty()) {
    // Local hour h at the operators' offset is hour h + (home - op) on the home clock that
    // SampleInDay follows (UTC+3 operators at 10:00 are active at 16:00 in UTC+9).
    const int shift = op.foreign ? static_cast<int>(std::lround(scenario_.utc_offset_hours -
                                                                op.op_offset_hours))
                                 : 0;
    for (uint32_t member : op.members) {
      uint64_t n = rng.Poisson(c.filler_per_day);
      for (uint64_t i = 0; i < n; ++i) {
        TimeMs when = rhythm_.SampleInDay(day, shift, rng);
        if (when < filler_from || when >= op.end) continue;
        double u = rng.Uniform();
        if (u < 0.75) {
          const RecentPost& p = recent_[rng.Below(recent_.size())];
          if (p.time + 60000 > when || p.author == member) continue;
          EmitEngagement(member, u < 0.5 ? EventKind::kLike : EventKind::kRepost, p.post,
                         p.author, when, rng);
        } else {
          EmitPost(member, when, TextKind::kCasual,
                   (accounts_[member].community - kFirstTopic) % 8, rng);
        }
      }
    }
  }
}

}  // namespace sakimori::sim::internal
