// File: detect/coord/streaming_co_share.cc
#include "detect/coord/streaming_co_share.h"

#include <algorithm>
#include <cmath>

#include "common/hash.h"
#include "common/time.h"

namespace sakimori::coord {

double LnFactorial(uint32_t k) {
  static constexpr uint32_t kTable = 4096;
  static const std::vector<double> table = [] {
    std::vector<double> t(kTable);
    for (uint32_t i = 0; i < kTable; ++i) t[i] = std::lgamma(static_cast<double>(i) + 1);
    return t;
  }();
  return k < kTable ? table[k] : std::lgamma(static_cast<double>(k) + 1);
}

StreamingCoShare::StreamingCoShare(const std::vector<Action>& actions,
                                   const ExtractOptions& extract, const Dictionary* dict,
                                   const StreamingParams& params)
    : params_(params),
      window_ms_(std::llround(params.time_window_seconds * 1000.0)),
      keep_(WindowKeep(params)) {
  for (Action a : actions) {
    actions_.push_back(std::make_unique<PerAction>(ActionKeyer(a, extract, dict)));
  }
}

void StreamingCoShare::Update(const Event& event) {
  if (event.actor == kNoAccount) return;
  for (auto& pa : actions_) {
    if (pa->keyer.KeysTargetPost()) {
      // The post id stands for its name: no dictionary read and no string hash per share.
      const PostId post = pa->keyer.TargetPost(event);
      if (post != kNoPost) AddShare(*pa, PostHash(post), event.actor, event.time);
      continue;
    }
    pa->keyer.Keys(event, &keys_);
    for (const std::string& k : keys_) AddShare(*pa, Hash64(k), event.actor, event.time);
  }
  if (++updates_ % params_.sweep_every == 0) Sweep();
}

void StreamingCoShare::PrefetchObject(const Event& event) const {
  ForEachTargetPost(event, [&](const PerAction& pa, uint64_t hash) {
    pa.object_ids.prefetch(hash);
    if (event.actor < pa.account_shares.size()) __builtin_prefetch(&pa.account_shares[event.actor]);
  });
}

void StreamingCoShare::PrefetchWindow(const Event& event) const {
  ForEachTargetPost(event, [](const PerAction& pa, uint64_t hash) {
    const auto it = pa.object_ids.find(hash);
    if (it == pa.object_ids.end()) return;
    if (it->second.id < pa.objects.size()) __builtin_prefetch(&pa.objects[it->second.id]);
    if (it->second.window != 0) __builtin_prefetch(&pa.windows[it->second.window - 1]);
  });
}

size_t StreamingCoShare::WindowKeep(const StreamingParams& params) {
  size_t keep = params.max_partners;
  if (params.max_window_shares > 0 && keep > 0 && keep < size_t{params.max_window_shares} + 1) {
    keep = size_t{params.max_window_shares} + 1;
  }
  return keep;
}

void StreamingCoShare::UpdateShare(size_t action_index, std::string_view object_key,
                                   AccountId account, TimeMs time) {
  PerAction& pa = *actions_[action_index];
  AddShare(pa, Hash64(object_key), account, time);
  if (++updates_ % params_.sweep_every == 0) Sweep();
}

void StreamingCoShare::Window::PushBack(Share s) {
  if (capacity == 0) {
    if (count == 0) {
      first = s;
      count = 1;
      return;
    }
    // The second share: move to a ring.
    ring = std::make_unique<Share[]>(4);
    capacity = 4;
    head = 0;
    ring[0] = first;
  } else if (count == capacity) {
    std::unique_ptr<Share[]> bigger = std::make_unique<Share[]>(size_t{capacity} * 2);
    for (uint32_t i = 0; i < count; ++i) bigger[i] = ring[(head + i) & (capacity - 1)];
    ring = std::move(bigger);
    capacity *= 2;
    head = 0;
  }
  ring[(head + count) & (capacity - 1)] = s;
  ++count;
}

void StreamingCoShare::Window::Clear() {
  ring.reset();
  capacity = 0;
  head = 0;
  count = 0;
  seq = 0;
  history.reset();
}

bool StreamingCoShare::BurstHistory::Paired(uint32_t x, uint32_t y) const {
  // Newest first: the later of the two shares paired with the earlier one iff its range
  // reached it; it reached no older share of that account if not this one (ranges only move
  // forward). Each step goes back one share of one account.
  while (true) {
    if (x < y) std::swap(x, y);
    const Entry& later = At(x);
    if (later.lo <= y) return true;
    if (later.prev_plus1 == 0 || later.prev_plus1 - 1 < floor) return false;
    x = later.prev_plus1 - 1;
  }
}

uint32_t StreamingCoShare::BurstHistory::LatestPlus1(AccountId account) const {
  if (entries.size() <= kScan) {
    for (size_t i = entries.size(); i-- > 0;) {
      if (entries[i].account == account) return floor + static_cast<uint32_t>(i) + 1;
    }
    return 0;
  }
  const auto it = last.find(account);
  return it == last.end() ? 0 : it->second + 1;
}

void StreamingCoShare::BurstHistory::Push(const Entry& e) {
  entries.push_back(e);
  const uint32_t share = floor + static_cast<uint32_t>(entries.size()) - 1;
  if (entries.size() > kScan + 1) {
    last[e.account] = share;
  } else if (entries.size() == kScan + 1) {
    for (uint32_t i = 0; i < entries.size(); ++i) last[entries[i].account] = floor + i;
  }
}

void StreamingCoShare::BurstHistory::DropBefore(uint32_t new_floor) {
  std::vector<Entry> kept(entries.begin() + (new_floor - floor), entries.end());
  entries.clear();
  last.clear();
  floor = new_floor;
  for (const Entry& e : kept) Push(e);
  legacy.clear();
}

void StreamingCoShare::AddShare(PerAction& pa, uint64_t hash, AccountId account, TimeMs time) {
  ObjectEntry& entry =
      pa.object_ids.try_emplace(hash, ObjectEntry{static_cast<ObjectId>(pa.object_ids.size()), 0})
          .first->second;
  const ObjectId object = entry.id;
  ++stats_.shares;
  ++pa.total_shares;
  if (account >= pa.account_shares.size()) pa.account_shares.resize(size_t{account} + 1, 0);
  ++pa.account_shares[account];
  if (object >= pa.objects.size()) pa.objects.push_back(ObjectStats{});  // ids are dense
  ObjectStats& stats = pa.objects[object];
  ++stats.shares;
  if (time < now_) ++stats_.out_of_order;
  now_ = std::max(now_, time);
  if (params_.single_idle_ms > 0) {
    const int64_t tick_ms = (params_.single_idle_ms + kForgetTicks - 1) / kForgetTicks;
    const int64_t period = FloorDiv(now_, tick_ms);
    if (period != period_) {
      if (period_ != INT64_MIN) ForgetSingles(period, period - period_);
      period_ = period;
    }
  } else {
    period_ = 0;
  }
  const bool inserted = entry.window == 0;
  if (inserted) {
    if (pa.free_windows.empty()) {
      pa.windows.emplace_back();
      entry.window = static_cast<uint32_t>(pa.windows.size());
    } else {
      entry.window = pa.free_windows.back() + 1;
      pa.free_windows.pop_back();
    }
    Window& fresh = pa.windows[entry.window - 1];
    fresh.used = true;
    fresh.object_hash = hash;
    fresh.last_time = time;
  }
  Window& w = pa.windows[entry.window - 1];
  if (!inserted && time - w.last_time > window_ms_) {
    // A new burst: nothing of the old one is within the window any more.
    w.Clear();
  }
  w.last_time = std::max(w.last_time, time);
  while (w.count > 0 && time - w.Front().time > window_ms_) w.PopFront();
  {
    // S's numerator: replace this object's term 2 w n / (n - 1).
    auto term = [](double n, double pairs) { return n >= 2 ? 2 * pairs * n / (n - 1) : 0.0; };
    const double n = stats.shares;
    const double before = term(n - 1, static_cast<double>(stats.window_pairs));
    stats.window_pairs += w.count;
    pa.pair_sum += term(n, static_cast<double>(stats.window_pairs)) - before;
  }
  const size_t n = w.count;
  const bool crowded = params_.max_window_shares > 0 && n > params_.max_window_shares;
  if (crowded) stats_.crowd_skipped += n;
  size_t first = crowded ? n : 0;
  if (!crowded && params_.max_partners > 0 && n > params_.max_partners) {
    first = n - params_.max_partners;
  }
  // This share's number in the burst, and the first one it pairs with.
  const uint32_t seq = w.seq, base = seq - w.count;
  const uint32_t lo = base + static_cast<uint32_t>(first);
  if (seq == 1) {
    // The burst's second share: its history starts, with the first share if the window
    // still holds it.
    w.history = std::make_unique<BurstHistory>();
    w.history->entries.reserve(4);
    if (w.count == 1) {
      w.history->Push(BurstHistory::Entry{w.Front().account, 0, 0});
    } else {
      w.history->floor = 1;
    }
  }
  BurstHistory* h = w.history.get();
  // This account's latest share in the burst + 1 (0: none).
  const uint32_t prev_plus1 = h != nullptr ? h->LatestPlus1(account) : 0;
  pending_.clear();
  for (size_t i = first; i < n; ++i) {
    const auto [t, other] = w.At(i);
    if (other == account) continue;
    // Once per account in the range: at its first share there.
    const uint32_t other_prev_plus1 = h->At(base + static_cast<uint32_t>(i)).prev_plus1;
    if (other_prev_plus1 > lo) continue;
    const uint64_t key = PairKey(other, account);
    if (prev_plus1 != 0) {
      // This account shared before in the burst: the pair may have been counted then.
      const uint32_t other_latest_plus1 = h->LatestPlus1(other);
      if (other_latest_plus1 != 0 && h->Paired(prev_plus1 - 1, other_latest_plus1 - 1)) continue;
    }
    if (!h->legacy.empty() && h->legacy.contains(key)) continue;
    pending_.push_back(Pending{key, t, UINT32_MAX, other < account});
  }
  stats_.pair_updates += pending_.size();
  if (!pending_.empty()) AddBursts(pa, time);
  if (keep_ > 0 && w.count >= keep_) {
    w.PopFront();
    ++stats_.window_evictions;
  }
  w.PushBack(Share{time, account});
  ++w.seq;
  if (h != nullptr) {
    h->Push(BurstHistory::Entry{account, lo, prev_plus1});
    h->pairs += pending_.size();
    if (h->pairs > params_.max_burst_pairs || h->entries.size() > params_.max_burst_pairs) {
      h->DropBefore(w.seq - w.count);
      h->pairs = 0;
      ++stats_.burst_resets;
    }
  }
}

void StreamingCoShare::AddBursts(PerAction& pa, TimeMs time) {
  // The same updates, in the same order, as one pair at a time; the tables' lines are
  // prefetched first (each pair costs one or two cache misses otherwise).
  AccountId max_a = 0;
  for (const Pending& p : pending_) max_a = std::max(max_a, PairFirst(p.key));
  if (max_a >= pa.adjacency.size()) pa.adjacency.resize(size_t{max_a} + 1);
  if (pending_.size() > 1) {
    for (const Pending& p : pending_) __builtin_prefetch(&pa.adjacency[PairFirst(p.key)]);
    for (const Pending& p : pending_) {
      const Adjacency& adj = pa.adjacency[PairFirst(p.key)];
      if (adj.capacity > 0) {
        __builtin_prefetch(&adj.slots[Home(PairSecond(p.key) + 1, adj.capacity)]);
      }
    }
  }
  // Slots: inline edges are done here; the others get their accumulator index.
  size_t heavy = 0;
  for (Pending& p : pending_) {
    const AccountId a = PairFirst(p.key), b = PairSecond(p.key);
    bool fresh = false;
    AdjSlot& slot = EdgeSlot(pa, a, b, &fresh);
    if (fresh) {
      ++pa.num_edges;
      const int64_t delay = time - p.other_time;
      // Weight 1 cannot be listed unless track_weight is 1.
      if (params_.track_weight != 1 && delay >= 0 && delay <= int64_t{kDelayMask}) {
        const uint32_t stamp = static_cast<uint32_t>(period_) & kStampMask;
        slot.value = static_cast<uint32_t>(delay) | (stamp << kStampShift);
        if (params_.single_idle_ms > 0) NoteInline(pa, a);
        if (p.other_time != time) slot.value |= p.other_first ? kAFirstBit : kBFirstBit;
        continue;
      }
      slot.value = kHeavyBit | static_cast<uint32_t>(pa.edge_acc.size());
      pa.edge_acc.push_back(PackedAcc{});
    } else if (!(slot.value & kHeavyBit)) {
      // Second burst: the inline edge moves to the accumulators.
      const EdgeAcc first_burst = Unpack(slot.value);
      slot.value = kHeavyBit | static_cast<uint32_t>(pa.edge_acc.size());
      PackedAcc acc;
      acc.weight = first_burst.weight;
      acc.a_first = first_burst.a_first;
      acc.b_first = first_burst.b_first;
      acc.sum_delay_ms = first_burst.sum_delay_ms;
      pa.edge_acc.push_back(acc);
    }
    p.index = slot.value & ~kHeavyBit;
    pending_[heavy++] = p;
  }
  pending_.resize(heavy);
  if (heavy > 1) {
    for (const Pending& p : pending_) __builtin_prefetch(&pa.edge_acc[p.index]);
  }
  for (const Pending& p : pending_) {
    PackedAcc& e = pa.edge_acc[p.index];
    ++e.weight;
    const uint32_t weight = e.weight & ~kListedBit;
    if (params_.track_weight > 0 && weight >= params_.track_weight && !(e.weight & kListedBit) &&
        Unlikely(pa, PairFirst(p.key), PairSecond(p.key), weight)) {
      e.weight |= kListedBit;
      pa.heavy.push_back(Listed{p.index, PairFirst(p.key), PairSecond(p.key)});
    }
    if (p.other_time != time) {
      if (p.other_first) {
        ++e.a_first;
      } else {
        ++e.b_first;
      }
    }
    e.sum_delay_ms += static_cast<double>(time - p.other_time);
  }
}

StreamingCoShare::AdjSlot& StreamingCoShare::EdgeSlot(PerAction& pa, AccountId a, AccountId b,
                                                      bool* fresh) {
  Adjacency& adj = pa.adjacency[a];
  if (uint64_t{adj.size + 1} * 5 > uint64_t{adj.capacity} * 4) {  // keep the load at most 0.8
    Rehash(adj, NextCapacity(adj.capacity));
  }
  const uint32_t want = b + 1;
  uint32_t s = Home(want, adj.capacity);
  while (true) {
    AdjSlot& slot = adj.slots[s];
    if (slot.partner_plus1 == want) {
      *fresh = false;
      return slot;
    }
    if (slot.partner_plus1 == 0) {
      slot.partner_plus1 = want;
      slot.value = 0;
      ++adj.size;
      *fresh = true;
      return slot;
    }
    if (++s == adj.capacity) s = 0;
  }
}

void StreamingCoShare::Rehash(Adjacency& adj, uint32_t capacity) {
  std::unique_ptr<AdjSlot[]> old = std::move(adj.slots);
  const uint32_t old_capacity = adj.capacity;
  adj.slots = capacity > 0 ? std::make_unique<AdjSlot[]>(capacity) : nullptr;  // all empty
  adj.capacity = capacity;
  for (uint32_t i = 0; i < old_capacity; ++i) {
    if (old[i].partner_plus1 == 0) continue;
    uint32_t s = Home(old[i].partner_plus1, capacity);
    while (adj.slots[s].partner_plus1 != 0) {
      if (++s == capacity) s = 0;
    }
    adj.slots[s] = old[i];
  }
}

const StreamingCoShare::AdjSlot* StreamingCoShare::FindSlot(const PerAction& pa, AccountId a,
                                                            AccountId b) {
  if (a >= pa.adjacency.size()) return nullptr;
  const Adjacency& adj = pa.adjacency[a];
  if (adj.capacity == 0) return nullptr;
  const uint32_t want = b + 1;
  for (uint32_t s = Home(want, adj.capacity);;) {
    const AdjSlot& slot = adj.slots[s];
    if (slot.partner_plus1 == want) return &slot;
    if (slot.partner_plus1 == 0) return nullptr;
    if (++s == adj.capacity) s = 0;
  }
}

void StreamingCoShare::NoteInline(PerAction& pa, AccountId a) {
  if (a >= pa.due_tick.size()) pa.due_tick.resize(size_t{a} + 1, kNotDue);
  const auto tick = static_cast<uint32_t>(period_);
  if (pa.due_tick[a] == tick) return;
  pa.due_tick[a] = tick;
  if (pa.due.empty() || pa.due.back().tick != period_) {
    pa.due.push_back(PerAction::DueList{period_, {}});
  }
  pa.due.back().tables.push_back(a);
}

void StreamingCoShare::ForgetSingles(int64_t period, int64_t jump) {
  const uint32_t now_stamp = static_cast<uint32_t>(period) & kStampMask;
  // A stamp's 7-bit age is never more than its true age, so no edge goes early. After a jump
  // of more than half the stamp range (no events for 64 ticks or more) every inline edge is
  // old enough to go, and every table is checked.
  const bool all = jump > kStampMask / 2;
  for (size_t ai = 0; ai < actions_.size(); ++ai) {
    PerAction& pa = *actions_[ai];
    const double s_null = NullS(ai);
    const double min_lambda = params_.forget_min_expected;
    auto check = [&](AccountId a) {
      Adjacency& adj = pa.adjacency[a];
      if (adj.size == 0) return;
      const double n_a = a < pa.account_shares.size() ? pa.account_shares[a] : 0;
      uint32_t keep = 0;
      for (uint32_t i = 0; i < adj.capacity; ++i) {
        AdjSlot& slot = adj.slots[i];
        if (slot.partner_plus1 == 0) continue;
        if (!(slot.value & kHeavyBit) &&
            (all || ((now_stamp - (slot.value >> kStampShift)) & kStampMask) > kForgetTicks) &&
            (min_lambda <= 0 ||
             n_a * static_cast<double>(pa.account_shares[slot.partner_plus1 - 1]) * s_null >=
                 min_lambda)) {
          slot.partner_plus1 = 0;
          ++stats_.singles_forgotten;
          --pa.num_edges;
          continue;
        }
        ++keep;
      }
      if (keep == adj.size) return;  // nothing forgotten: the table stays as it is
      // Rebuild (the cleared slots broke probe chains) at the smallest capacity that keeps
      // the load at most 0.8 after one insert.
      adj.size = keep;
      Rehash(adj, keep > 0 ? CapacityFor(keep + 1) : 0);
    };
    if (all) {
      for (size_t a = 0; a < pa.adjacency.size(); ++a) check(static_cast<AccountId>(a));
      pa.due.clear();
      std::fill(pa.due_tick.begin(), pa.due_tick.end(), kNotDue);
      continue;
    }
    // Only the tables that got an inline edge in a tick now old enough: the others hold no
    // edge that could go. A table stays listed under the last tick it got one in.
    while (!pa.due.empty() && period - pa.due.front().tick > kForgetTicks) {
      const auto tick = static_cast<uint32_t>(pa.due.front().tick);
      const std::vector<AccountId>& tables = pa.due.front().tables;
      for (size_t j = 0; j < tables.size(); ++j) {
        // Tables are scattered: load each one's header, then its slots, ahead.
        if (j + kDueHeaderAhead < tables.size()) {
          __builtin_prefetch(&pa.adjacency[tables[j + kDueHeaderAhead]]);
        }
        if (j + kDueSlotsAhead < tables.size()) {
          __builtin_prefetch(pa.adjacency[tables[j + kDueSlotsAhead]].slots.get());
        }
        const AccountId a = tables[j];
        check(a);
        if (pa.due_tick[a] == tick) pa.due_tick[a] = kNotDue;
      }
      pa.due.pop_front();
    }
  }
}

bool StreamingCoShare::FindEdge(size_t action_index, AccountId a, AccountId b, EdgeAcc* out) const {
  const PerAction& pa = *actions_[action_index];
  if (b < a) std::swap(a, b);
  const AdjSlot* slot = FindSlot(pa, a, b);
  if (slot == nullptr) return false;
  *out =
      (slot->value & kHeavyBit) ? pa.edge_acc[slot->value & ~kHeavyBit].Get() : Unpack(slot->value);
  return true;
}

size_t StreamingCoShare::EdgeBytes() const {
  size_t bytes = 0;
  for (const auto& pa : actions_) {
    bytes += pa->adjacency.capacity() * sizeof(Adjacency);
    for (const Adjacency& adj : pa->adjacency) bytes += size_t{adj.capacity} * sizeof(AdjSlot);
    bytes += pa->edge_acc.bytes() + pa->heavy.capacity() * sizeof(Listed) +
             pa->due_tick.capacity() * sizeof(uint32_t);
    for (const auto& d : pa->due) bytes += sizeof(d) + d.tables.capacity() * sizeof(AccountId);
  }
  return bytes;
}

bool StreamingCoShare::Unlikely(const PerAction& pa, AccountId a, AccountId b,
                                uint32_t weight) const {
  if (params_.track_ln_p >= 0) return true;
  const double n = static_cast<double>(pa.total_shares);
  const double lambda = static_cast<double>(pa.account_shares[a]) *
                        static_cast<double>(pa.account_shares[b]) * std::max(0.0, pa.pair_sum) /
                        (n * n);
  if (lambda <= 0) return true;
  const double k = weight;
  return k * std::log(lambda) - lambda - LnFactorial(weight) <= params_.track_ln_p;
}

void StreamingCoShare::PrefetchListed(const PerAction& pa, size_t i) {
  if (i < pa.heavy.size()) __builtin_prefetch(&pa.edge_acc[pa.heavy[i].index]);
}

void StreamingCoShare::PruneTracked() {
  if (params_.track_ln_p >= 0) return;
  for (auto& pa : actions_) {
    std::vector<Listed>& heavy = pa->heavy;
    size_t kept = 0;
    for (size_t i = 0; i < heavy.size(); ++i) {
      PrefetchListed(*pa, i + kListedAhead);
      const Listed l = heavy[i];
      PackedAcc& e = pa->edge_acc[l.index];
      if (Unlikely(*pa, l.a, l.b, e.weight & ~kListedBit)) {
        heavy[kept++] = l;
      } else {
        e.weight &= ~kListedBit;
      }
    }
    heavy.resize(kept);
  }
}

void StreamingCoShare::Sweep() {
  uint64_t live = 0;
  for (auto& pa : actions_) {
    for (size_t i = 0; i < pa->windows.size(); ++i) {
      Window& w = pa->windows[i];
      if (!w.used) continue;
      if (now_ - w.last_time > window_ms_) {
        pa->object_ids.find(w.object_hash)->second.window = 0;
        w.Clear();
        w.used = false;
        pa->free_windows.push_back(static_cast<uint32_t>(i));
        continue;
      }
      ++live;
    }
  }
  stats_.live_objects = live;
}

ActionPopularity StreamingCoShare::Popularity(size_t action_index) const {
  const PerAction& pa = *actions_[action_index];
  ActionPopularity pop;
  pop.account_shares = pa.account_shares;
  pop.object_shares.resize(pa.objects.size());
  for (size_t o = 0; o < pa.objects.size(); ++o) pop.object_shares[o] = pa.objects[o].shares;
  pop.total_shares = pa.total_shares;
  pop.object_window_share.resize(pa.objects.size(), 0.0);
  for (size_t o = 0; o < pa.objects.size(); ++o) {
    const double n = pa.objects[o].shares;
    if (n >= 2) {
      pop.object_window_share[o] =
          std::min(1.0, static_cast<double>(pa.objects[o].window_pairs) / (n * (n - 1) / 2));
    }
  }
  return pop;
}

double StreamingCoShare::NullS(size_t action_index) const {
  const PerAction& pa = *actions_[action_index];
  if (pa.total_shares == 0) return 0;
  const double n = static_cast<double>(pa.total_shares);
  return std::max(0.0, pa.pair_sum) / (n * n);
}

std::vector<StreamEdge> StreamingCoShare::Snapshot() const {
  std::vector<StreamEdge> out;
  for (size_t i = 0; i < actions_.size(); ++i) {
    ForEachEdge(i, 0, [&](AccountId a, AccountId b, const EdgeAcc& acc) {
      out.push_back(StreamEdge{i, a, b, acc});
    });
  }
  std::sort(out.begin(), out.end(), [](const StreamEdge& x, const StreamEdge& y) {
    if (x.action_index != y.action_index) return x.action_index < y.action_index;
    if (x.a != y.a) return x.a < y.a;
    return x.b < y.b;
  });
  return out;
}

}  // namespace sakimori::coord
