// File: sim/generator.cc
// The organic world: accounts, the follower graph, daily posting, follows and engagement
// cascades; and the day loop that drives every generator.
#include <algorithm>
#include <cmath>

#include "common/hash.h"
#include "sim/internal/generator.h"

namespace sakimori::sim::internal {
namespace {

constexpr double kFollowerPick = 0.75;   // share of engagers found among the exposer's followers
constexpr double kReachExponent = 0.8;   // reach ~ followers^0.8
constexpr double kReachCap = 300;
constexpr double kQualitySigma = 1.0;    // lognormal sigma of a post's appeal
constexpr size_t kRecentKeep = 20000;
constexpr double kChildBranching = 1.0;  // mean engagements per re-exposure (unit reach)
constexpr double kChildQualityCap = 2.0;

// Streams for Rng::Fork: one per stage and day, so stages do not disturb each other.
enum Stream : uint64_t {
  kAccountsStream = 1,
  kGraphStream,
  kIdsStream,
  kProfileStream,
  kOrganicStream = 1000,
  kFollowStream = 2000,
};

}  // namespace

Generator::Generator(const Scenario& scenario, const SimulateOptions& options,
                     OutputSink* sink)
    : scenario_(scenario),
      options_(options),
      sink_(sink),
      rhythm_(scenario.start, scenario.utc_offset_hours),
      start_(scenario.start),
      end_(scenario.start + static_cast<TimeMs>(scenario.days * kMsPerDay)),
      num_days_(static_cast<int>(std::ceil(scenario.days))) {}

uint32_t Generator::AddAccount(Role role, uint16_t community) {
  Account a;
  a.role = role;
  a.community = community;
  a.active_from = start_;
  a.active_to = end_;
  accounts_.push_back(a);
  return static_cast<uint32_t>(accounts_.size() - 1);
}

void Generator::BuildOrganicAccounts() {
  const OrganicConfig& o = scenario_.organic;
  Rng rng = Rng::Fork(options_.seed, kAccountsStream);
  int64_t n = std::max<int64_t>(100, std::llround(o.accounts * options_.scale));
  // Community sizes: political communities 9%, 11%, 10%; topics Zipf-like.
  std::vector<double> weights(o.communities);
  weights[kSupportive] = 0.09;
  weights[kCritical] = 0.11;
  weights[kWatchers] = 0.10;
  double topic_total = 0;
  for (int c = kFirstTopic; c < o.communities; ++c) {
    topic_total += weights[c] = 1 / std::pow(c - kFirstTopic + 1, 0.6);
  }
  for (int c = kFirstTopic; c < o.communities; ++c) weights[c] *= 0.70 / topic_total;
  AliasTable community(weights);
  by_community_.assign(o.communities, {});
  const double mu = std::log(o.activity_median);
  const double period_ms = static_cast<double>(end_ - start_);
  for (int64_t i = 0; i < n; ++i) {
    uint32_t a = AddAccount(Role::kOrganic, static_cast<uint16_t>(community.Sample(rng)));
    Account& acc = accounts_[a];
    acc.rate = static_cast<float>(std::min(400.0, rng.LogNormal(mu, o.activity_sigma)));
    acc.fitness = static_cast<float>(std::min(1e4, rng.Pareto(1, o.fitness_alpha)));
    acc.shift = static_cast<int8_t>(std::clamp<long>(std::lround(rng.Normal(0, 0.9)), -3, 3));
    double c = rng.Uniform();
    acc.client = c < 0.55 ? kIphone : c < 0.85 ? kAndroid : c < 0.96 ? kWebApp : kIpad;
    if (acc.rate > 40 && rng.Bernoulli(0.3)) acc.client = kTweetDeck;
    acc.english = rng.Bernoulli(o.english_share);
    acc.default_image = rng.Bernoulli(0.04);
    // Account age: 0.1 to 16 years, more of them recent.
    double age_years = 0.1 + 16 * std::pow(rng.Uniform(), 1.6);
    acc.created_at = start_ - static_cast<TimeMs>(age_years * 365.25 * kMsPerDay);
    acc.created_at -= acc.created_at % 1000;
    double churn = rng.Uniform();
    if (churn < o.churn / 2) {  // joins during the period
      acc.created_at = start_ + static_cast<TimeMs>(rng.Uniform() * period_ms);
      acc.created_at -= acc.created_at % 1000;
      acc.active_from = acc.created_at + 1000;
    } else if (churn < o.churn) {  // goes quiet during the period
      acc.active_to = start_ + static_cast<TimeMs>(rng.Uniform() * period_ms);
    }
    organic_.push_back(a);
    by_community_[acc.community].push_back(a);
  }
  std::vector<float> rates;
  for (uint32_t a : organic_) rates.push_back(accounts_[a].rate);
  std::nth_element(rates.begin(), rates.begin() + rates.size() * 9 / 10, rates.end());
  rate_ref_ = rates[rates.size() * 9 / 10];
  reserved_.assign(accounts_.size(), false);
}

std::vector<uint32_t> Generator::PickDistinct(size_t n, const std::vector<uint32_t>& pool,
                                              bool by_rate, Rng& rng,
                                              const std::vector<bool>* exclude) {
  std::vector<uint32_t> out;
  if (pool.empty()) return out;
  n = std::min(n, pool.size());
  absl::flat_hash_set<uint32_t> taken;
  double max_rate = 0;
  for (uint32_t a : pool) max_rate = std::max<double>(max_rate, accounts_[a].rate);
  size_t tries = 0;
  while (out.size() < n && tries < 50 * n + 1000) {
    ++tries;
    uint32_t a = pool[rng.Below(pool.size())];
    if (exclude != nullptr && a < exclude->size() && (*exclude)[a]) continue;
    // Weight by activity, but not fully proportional so that quieter accounts join too.
    if (by_rate && rng.Uniform() * std::sqrt(max_rate) > std::sqrt(accounts_[a].rate) * 3) {
      continue;
    }
    if (taken.insert(a).second) out.push_back(a);
  }
  return out;
}

void Generator::BuildGraph() {
  const OrganicConfig& o = scenario_.organic;
  Rng rng = Rng::Fork(options_.seed, kGraphStream);
  const size_t n = accounts_.size();
  std::vector<double> fit(n);
  for (size_t i = 0; i < n; ++i) fit[i] = accounts_[i].fitness;
  fitness_alias_.Build(fit);
  std::vector<AliasTable> community_alias(by_community_.size());
  for (size_t c = 0; c < by_community_.size(); ++c) {
    std::vector<double> w;
    for (uint32_t a : by_community_[c]) w.push_back(accounts_[a].fitness);
    community_alias[c].Build(w);
  }
  // Extra edges decided by the hard negatives and operations (fans -> idols, members -> ...).
  std::vector<std::vector<uint32_t>> extra(n);
  for (const FanPlan& f : fans_) {
    for (uint32_t fan : f.fans) {
      for (uint32_t idol : f.idols) extra[fan].push_back(idol);
    }
  }
  for (const OperationPlan& op : ops_) {
    double density = op.config.sophistication == "naive"      ? 0.6
                     : op.config.sophistication == "moderate" ? 0.3
                                                              : 0.1;
    for (uint32_t m : op.members) {
      for (uint32_t other : op.members) {
        if (other != m && rng.Bernoulli(density)) extra[m].push_back(other);
      }
      for (uint32_t au : op.authors) extra[m].push_back(au);
    }
  }
  std::vector<uint32_t> src, dst, tmp;
  src.reserve(static_cast<size_t>(n * o.follows_mean * 1.1));
  dst.reserve(src.capacity());
  const double sd = 0.8;
  const double mu = std::log(o.follows_mean) - sd * sd / 2;
  const double median_rate = o.activity_median;
  for (uint32_t a = 0; a < n; ++a) {
    Account& acc = accounts_[a];
    double d;
    switch (acc.role) {
      case Role::kOrganic:
        d = rng.LogNormal(mu, sd) * std::pow(acc.rate / median_rate, 0.2);
        break;
      case Role::kMember:
        d = rng.Range(20, 150);
        break;
      case Role::kIdol:
      case Role::kNews:
        d = rng.Range(20, 200);
        break;
      default:
        d = rng.Range(0, 10);
    }
    size_t degree = static_cast<size_t>(std::clamp(d, 1.0, 3000.0));
    tmp = extra[a];
    const auto& own = acc.role == Role::kOrganic ? by_community_[acc.community]
                                                 : by_community_[kWatchers];
    const AliasTable& own_alias = acc.role == Role::kOrganic ? community_alias[acc.community]
                                                             : community_alias[kWatchers];
    for (size_t k = 0; k < degree; ++k) {
      if (!own.empty() && rng.Bernoulli(o.in_community)) {
        tmp.push_back(own[own_alias.Sample(rng)]);
      } else {
        tmp.push_back(fitness_alias_.Sample(rng));
      }
    }
    std::sort(tmp.begin(), tmp.end());
    tmp.erase(std::unique(tmp.begin(), tmp.end()), tmp.end());
    for (uint32_t t : tmp) {
      if (t == a) continue;
      src.push_back(a);
      dst.push_back(t);
    }
  }
  // Followers in CSR form (counting sort by followed account).
  follower_off_.assign(n + 1, 0);
  for (uint32_t t : dst) ++follower_off_[t + 1];
  for (size_t i = 0; i < n; ++i) follower_off_[i + 1] += follower_off_[i];
  followers_.resize(dst.size());
  std::vector<uint32_t> fill(follower_off_.begin(), follower_off_.end() - 1);
  for (size_t e = 0; e < dst.size(); ++e) followers_[fill[dst[e]]++] = src[e];
  for (size_t i = 0; i < n; ++i) {
    accounts_[i].followers = follower_off_[i + 1] - follower_off_[i];
  }
  for (uint32_t s : src) ++accounts_[s].following;
}

void Generator::ComputeReach() {
  double sum_f = 0;
  for (uint32_t a : organic_) sum_f += accounts_[a].followers;
  double mean_f = sum_f / std::max<size_t>(1, organic_.size());
  auto raw = [&](const Account& acc) {
    return std::min(kReachCap, std::pow((acc.followers + 1) / (mean_f + 1), kReachExponent));
  };
  double num = 0, den = 0;
  for (uint32_t a : organic_) {
    num += accounts_[a].rate * raw(accounts_[a]);
    den += accounts_[a].rate;
  }
  double norm = den > 0 ? num / den : 1;
  for (Account& acc : accounts_) acc.reach = static_cast<float>(raw(acc) / norm);
  std::vector<double> w(accounts_.size(), 0);
  for (uint32_t a : organic_) w[a] = accounts_[a].rate;
  engager_alias_.Build(w);
  // Mean engagements per post E = (1 - s) / s for post share s. A share r of engagements
  // re-expose the post with mean b (kChildBranching times the mean capped appeal, about 0.8),
  // so E = D / (1 - r b) and the root's mean is D = E (1 - r b).
  const OrganicConfig& o = scenario_.organic;
  double e = (1 - o.post_share) / o.post_share;
  double r = o.repost_share + o.quote_share;
  base_engagement_ = e * (1 - r * kChildBranching * 0.8);
}

Status Generator::Build() {
  BuildOrganicAccounts();
  BuildNegatives();
  BuildOperations();
  reserved_.resize(accounts_.size(), false);
  BuildGraph();
  ComputeReach();
  // Public ids: a random permutation, so an id says nothing about how the account was made.
  Rng rng = Rng::Fork(options_.seed, kIdsStream);
  ext_id_.resize(accounts_.size());
  for (uint32_t i = 0; i < ext_id_.size(); ++i) ext_id_[i] = i + 1;
  rng.Shuffle(&ext_id_);
  account_digits_ = std::max<int>(7, static_cast<int>(std::to_string(accounts_.size()).size()));
  stats_.accounts = accounts_.size();
  std::vector<OperationText> op_texts;
  for (const OperationPlan& op : ops_) {
    op_texts.push_back({op.hashtag, op.url, op.index});
  }
  composer_ = std::make_unique<TextComposer>(options_.seed, std::move(op_texts), campaign_tags_);
  return absl::OkStatus();
}

uint8_t Generator::ClientOf(uint32_t a, Rng& rng) const {
  const Account& acc = accounts_[a];
  if (acc.role == Role::kOrganic && rng.Bernoulli(0.08)) return kWebApp;
  return acc.client;
}

uint32_t Generator::EmitPost(uint32_t author, TimeMs t, TextKind text, uint32_t aux, Rng& rng) {
  SimEvent e;
  e.time = t;
  e.kind = EventKind::kPost;
  e.actor = author;
  e.post = NewPost();
  e.text = text;
  e.aux = aux;
  e.text_seed = TextSeed(rng);
  e.client = ClientOf(author, rng);
  Push(e);
  return e.post;
}

uint32_t Generator::EmitEngagement(uint32_t actor, EventKind kind, uint32_t post,
                                   uint32_t author, TimeMs t, Rng& rng, TextKind quote_text,
                                   uint32_t quote_aux) {
  SimEvent e;
  e.time = t;
  e.kind = kind;
  e.actor = actor;
  e.target = post;
  e.target_account = author;
  e.client = ClientOf(actor, rng);
  if (kind == EventKind::kRepost || kind == EventKind::kQuote || kind == EventKind::kReply) {
    e.post = NewPost();
  }
  if (kind == EventKind::kReply) {
    e.text = TextKind::kReply;
    e.text_seed = TextSeed(rng);
  } else if (kind == EventKind::kQuote) {
    e.text = quote_text;
    e.aux = quote_aux;
    e.text_seed = TextSeed(rng);
  }
  Push(e);
  return e.post;
}

EventKind Generator::SampleEngagementKind(Rng& rng) const {
  const OrganicConfig& o = scenario_.organic;
  double u = rng.Uniform();
  if (u < o.reply_share) return EventKind::kReply;
  if (u < o.reply_share + o.quote_share) return EventKind::kQuote;
  if (u < o.reply_share + o.quote_share + o.repost_share) return EventKind::kRepost;
  return EventKind::kLike;
}

TimeMs Generator::EngagementDelay(TimeMs from, Rng& rng) const {
  const OrganicConfig& o = scenario_.organic;
  TimeMs d = 0;
  for (int tries = 0; tries < 6; ++tries) {
    double s = std::min(3.0 * 86400, rng.Lomax(o.delay_scale_s, o.delay_alpha));
    d = (static_cast<TimeMs>(s) + 1) * 1000;
    if (rhythm_.Accept(from + d, rng)) break;
  }
  return d;
}

uint32_t Generator::PickEngager(uint32_t exposer, TimeMs t, Rng& rng) {
  uint32_t begin = follower_off_[exposer], count = follower_off_[exposer + 1] - begin;
  if (count > 0 && rng.Bernoulli(kFollowerPick)) {
    for (int tries = 0; tries < 6; ++tries) {
      uint32_t k = followers_[begin + rng.Below(count)];
      const Account& acc = accounts_[k];
      if (acc.role != Role::kOrganic || !Active(k, t)) continue;
      if (rng.Uniform() * rate_ref_ < acc.rate) return k;
    }
  }
  for (int tries = 0; tries < 6; ++tries) {
    uint32_t k = organic_.empty() ? kNone32 : engager_alias_.Sample(rng);
    if (k != kNone32 && Active(k, t)) return k;
  }
  return kNone32;
}

size_t Generator::Cascade(uint32_t post, uint32_t author, TimeMs t, double quality, Rng& rng,
                          bool clear_seen, double boost) {
  if (clear_seen) seen_.clear();
  exposures_.clear();
  exposures_.push_back({author, t, base_engagement_ * accounts_[author].reach * quality * boost});
  const size_t cap = std::min<size_t>(50000, organic_.size() / 2 + 1);
  size_t count = 0;
  while (!exposures_.empty() && count < cap) {
    Exposure ex = exposures_.back();
    exposures_.pop_back();
    uint64_t n = rng.Poisson(std::min(ex.lambda, 20000.0));
    for (uint64_t j = 0; j < n && count < cap; ++j) {
      TimeMs when = ex.time + EngagementDelay(ex.time, rng);
      if (when >= end_) continue;
      uint32_t actor = PickEngager(ex.node, when, rng);
      if (actor == kNone32 || actor == author) continue;
      EventKind kind = SampleEngagementKind(rng);
      if (kind != EventKind::kReply &&
          !seen_.insert((uint64_t{actor} << 4) | static_cast<uint64_t>(kind)).second) {
        continue;
      }
      uint32_t quote_aux = accounts_[author].community <= kWatchers ? 1 : 0;
      EmitEngagement(actor, kind, post, author, when, rng, TextKind::kQuote, quote_aux);
      ++count;
      if (kind == EventKind::kRepost || kind == EventKind::kQuote) {
        // Re-exposure to the reposter's followers. The appeal is capped here so the
        // branching stays subcritical (mean offspring per engagement < 1) for every post.
        exposures_.push_back({actor, when,
                              kChildBranching * accounts_[actor].reach *
                                  std::min(quality, kChildQualityCap)});
      }
    }
  }
  return count;
}

TextKind Generator::OrganicTextKind(uint32_t a, uint32_t* aux, Rng& rng) const {
  const Account& acc = accounts_[a];
  if (acc.english) return TextKind::kEnglish;
  if (acc.community <= kWatchers) {
    if (rng.Bernoulli(0.6)) {
      *aux = acc.community;
      return TextKind::kPolitical;
    }
    *aux = static_cast<uint32_t>(Mix64(a) % 8);
    return TextKind::kCasual;
  }
  if (rng.Bernoulli(0.04)) {
    *aux = static_cast<uint32_t>(rng.Below(3));
    return TextKind::kPolitical;
  }
  *aux = static_cast<uint32_t>((acc.community - kFirstTopic) % 8);
  return TextKind::kCasual;
}

void Generator::GenerateOrganic(int day) {
  const OrganicConfig& o = scenario_.organic;
  Rng rng = Rng::Fork(options_.seed, kOrganicStream + day);
  const TimeMs day_begin = rhythm_.DayStart(day), day_end = day_begin + kMsPerDay;
  const double factor = rhythm_.DayFactor(day) * o.post_share;
  recent_next_.clear();
  size_t seen_posts = 0;
  for (uint32_t a : organic_) {
    const Account& acc = accounts_[a];
    if (acc.active_to <= day_begin || acc.active_from >= day_end) continue;
    uint64_t n = rng.Poisson(acc.rate * factor);
    for (uint64_t k = 0; k < n; ++k) {
      TimeMs t = rhythm_.SampleInDay(day, acc.shift, rng);
      if (!Active(a, t) || t >= end_) continue;
      uint32_t aux = 0;
      TextKind text = OrganicTextKind(a, &aux, rng);
      uint32_t post = EmitPost(a, t, text, aux, rng);
      double quality = rng.LogNormal(-kQualitySigma * kQualitySigma / 2, kQualitySigma);
      size_t size = Cascade(post, a, t, quality, rng);
      // Reservoir sample of today's posts for tomorrow's filler actions.
      ++seen_posts;
      if (recent_next_.size() < kRecentKeep) {
        recent_next_.push_back({post, a, t});
      } else if (uint64_t r = rng.Below(seen_posts); r < kRecentKeep) {
        recent_next_[r] = {post, a, t};
      }
      if (size == 0 && rng.Bernoulli(o.deletes_share * 3)) {
        SimEvent del;
        del.time = t + 1000 + static_cast<TimeMs>(rng.Exponential(8 * 3600)) * 1000;
        del.kind = EventKind::kDelete;
        del.actor = a;
        del.target = post;
        if (del.time < end_ && Active(a, del.time)) Push(del);
      }
    }
  }
}

void Generator::GenerateFollows(int day) {
  const OrganicConfig& o = scenario_.organic;
  Rng rng = Rng::Fork(options_.seed, kFollowStream + day);
  uint64_t n = rng.Poisson(organic_.size() * o.follows_per_day * rhythm_.DayFactor(day));
  for (uint64_t i = 0; i < n; ++i) {
    uint32_t actor = engager_alias_.Sample(rng);
    uint32_t target = fitness_alias_.Sample(rng);
    TimeMs t = rhythm_.SampleInDay(day, accounts_[actor].shift, rng);
    if (actor == target || !Active(actor, t) || accounts_[target].created_at >= t) continue;
    SimEvent e;
    e.time = t;
    e.kind = rng.Bernoulli(0.1) ? EventKind::kUnfollow : EventKind::kFollow;
    e.actor = actor;
    e.target_account = target;
    Push(e);
  }
}

void Generator::GenerateProfiles(int day) {
  // Profiles in public-id order, so their order reveals nothing about how accounts were made.
  const TimeMs day_begin = rhythm_.DayStart(day), day_end = day_begin + kMsPerDay;
  std::vector<uint32_t> by_ext(accounts_.size());
  for (uint32_t a = 0; a < accounts_.size(); ++a) by_ext[ext_id_[a] - 1] = a;
  for (uint32_t a : by_ext) {
    const Account& acc = accounts_[a];
    TimeMs t = acc.created_at < start_ ? start_ : acc.created_at;
    if (t < day_begin || t >= day_end) continue;
    SimEvent e;
    e.time = t;
    e.kind = EventKind::kProfileUpdate;
    e.actor = a;
    Push(e);
  }
}

Status Generator::Run() {
  pending_.reserve(1 << 16);
  for (int day = 0; day < num_days_; ++day) {
    GenerateProfiles(day);
    GenerateOrganic(day);
    GenerateFollows(day);
    GenerateNegatives(day);
    GenerateOperations(day);
    recent_.swap(recent_next_);
    RETURN_IF_ERROR(Flush(std::min(end_, rhythm_.DayStart(day + 1))));
  }
  RETURN_IF_ERROR(Flush(end_));
  pending_.clear();
  if (!buf_.empty()) {
    RETURN_IF_ERROR(sink_->Write(buf_));
    stats_.bytes += buf_.size();
    buf_.clear();
  }
  return absl::OkStatus();
}

}  // namespace sakimori::sim::internal
