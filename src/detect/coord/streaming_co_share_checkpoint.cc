// File: detect/coord/streaming_co_share_checkpoint.cc
// StreamingCoShare::Serialize / Deserialize (layout in streaming_co_share.h). Deserialize
// checks every index and count it will later follow (object and window links, table slots,
// accumulator indices, accounts, due tables) and that every edge table can be probed (load at
// most 0.8, each partner once and reachable from its home slot), so that no checkpoint, however
// corrupt, makes a later Update, Snapshot or Detect read out of bounds or loop.
#include <algorithm>
#include <cmath>

#include "common/bytes.h"
#include "detect/coord/streaming_co_share.h"

namespace sakimori::coord {
namespace {

constexpr std::string_view kMagic = "SKCS";
constexpr uint8_t kVersion = 2;  // version 1: windows with counted pairs, no history
constexpr std::string_view kWhat = "co-action checkpoint";

Status Corrupt(std::string_view why) {
  return absl::InvalidArgumentError(StrCat(kWhat, ": ", why));
}

}  // namespace

size_t StreamingCoShare::CheckpointBytes() const {
  size_t n = 5 + 8 + 4 + 8 + 4 + 4 + 4 + 8 + 8 + 8 + 4;  // header, parameters, actions
  for (const auto& pa : actions_) {
    n += 1 + 4 + pa->object_ids.size() * 24 + 4;
    for (const Window& win : pa->windows) {
      n += 1;
      if (!win.used) continue;
      n += 8 + 8 + 4 + size_t{win.count} * 12 + 4 + 1;
      if (win.history != nullptr) {
        n += 4 + 8 + 4 + win.history->entries.size() * 12 + 4 + win.history->legacy.size() * 8;
      }
    }
    n += 4 + pa->free_windows.size() * 4 + 4;
    for (const Adjacency& adj : pa->adjacency) n += 4 + size_t{adj.capacity} * 8;
    n += 4 + pa->edge_acc.size() * 20 + 8 + 4 + pa->account_shares.size() * 4 + 8 + 8;
    n += 4 + pa->heavy.size() * 12 + 4;
    for (const PerAction::DueList& d : pa->due) n += 8 + 4 + d.tables.size() * 4;
    n += 4 + pa->due_tick.size() * 4;
  }
  return n + 8 * 8 + 8 + 8 + 8;  // stats, clocks
}

void StreamingCoShare::Serialize(std::string* out) const {
  // Reserved at its exact size: a string growing by doubling would hold both its old and new
  // buffers at once, up to three times the checkpoint, at the end of a large stream.
  out->reserve(out->size() + CheckpointBytes());
  WriteHeader(out, kMagic, kVersion);
  ByteWriter w(out);
  w.F64(params_.time_window_seconds);
  w.U32(params_.max_partners);
  w.U64(params_.max_burst_pairs);
  w.U32(params_.sweep_every);
  w.U32(params_.max_window_shares);
  w.U32(params_.track_weight);
  w.F64(params_.track_ln_p);
  w.I64(params_.single_idle_ms);
  w.F64(params_.forget_min_expected);
  w.U32(static_cast<uint32_t>(actions_.size()));
  for (const auto& pa : actions_) {
    w.U8(static_cast<uint8_t>(pa->keyer.action()));
    // Objects in id order (ids are dense): hash and window link.
    std::vector<std::pair<uint64_t, uint32_t>> by_id(pa->object_ids.size());
    for (const auto& [hash, entry] : pa->object_ids) by_id[entry.id] = {hash, entry.window};
    w.U32(static_cast<uint32_t>(by_id.size()));
    for (size_t o = 0; o < by_id.size(); ++o) {
      w.U64(by_id[o].first);
      w.U32(by_id[o].second);
      w.U32(pa->objects[o].shares);
      w.U64(pa->objects[o].window_pairs);
    }
    w.U32(static_cast<uint32_t>(pa->windows.size()));
    std::vector<uint64_t> legacy;
    for (const Window& win : pa->windows) {
      w.U8(win.used ? 1 : 0);
      if (!win.used) continue;
      w.I64(win.last_time);
      w.U64(win.object_hash);
      w.U32(win.count);
      for (uint32_t i = 0; i < win.count; ++i) {
        w.I64(win.At(i).time);
        w.U32(win.At(i).account);
      }
      w.U32(win.seq);
      const BurstHistory* h = win.history.get();
      w.U8(h != nullptr ? 1 : 0);
      if (h == nullptr) continue;
      w.U32(h->floor);
      w.U64(h->pairs);
      w.U32(static_cast<uint32_t>(h->entries.size()));
      for (const BurstHistory::Entry& e : h->entries) {
        w.U32(e.account);
        w.U32(e.lo);
        w.U32(e.prev_plus1);
      }
      legacy.assign(h->legacy.begin(), h->legacy.end());
      std::sort(legacy.begin(), legacy.end());
      w.U32(static_cast<uint32_t>(legacy.size()));
      for (uint64_t key : legacy) w.U64(key);
    }
    w.U32(static_cast<uint32_t>(pa->free_windows.size()));
    for (uint32_t i : pa->free_windows) w.U32(i);
    w.U32(static_cast<uint32_t>(pa->adjacency.size()));
    for (const Adjacency& adj : pa->adjacency) {
      w.U32(adj.capacity);
      for (uint32_t s = 0; s < adj.capacity; ++s) {
        w.U32(adj.slots[s].partner_plus1);
        w.U32(adj.slots[s].value);
      }
    }
    w.U32(static_cast<uint32_t>(pa->edge_acc.size()));
    for (size_t i = 0; i < pa->edge_acc.size(); ++i) {
      const PackedAcc& acc = pa->edge_acc[i];
      w.U32(acc.weight);
      w.U32(acc.a_first);
      w.U32(acc.b_first);
      w.F64(acc.sum_delay_ms);
    }
    w.U64(pa->num_edges);
    w.U32(static_cast<uint32_t>(pa->account_shares.size()));
    for (uint32_t n : pa->account_shares) w.U32(n);
    w.U64(pa->total_shares);
    w.F64(pa->pair_sum);
    w.U32(static_cast<uint32_t>(pa->heavy.size()));
    for (const Listed& l : pa->heavy) {
      w.U32(l.index);
      w.U32(l.a);
      w.U32(l.b);
    }
    w.U32(static_cast<uint32_t>(pa->due.size()));
    for (const PerAction::DueList& d : pa->due) {
      w.I64(d.tick);
      w.U32(static_cast<uint32_t>(d.tables.size()));
      for (AccountId a : d.tables) w.U32(a);
    }
    w.U32(static_cast<uint32_t>(pa->due_tick.size()));
    for (uint32_t t : pa->due_tick) w.U32(t);
  }
  const StreamingStats& st = stats_;
  for (uint64_t v : {st.shares, st.window_evictions, st.burst_resets, st.live_objects,
                     st.out_of_order, st.crowd_skipped, st.singles_forgotten, st.pair_updates}) {
    w.U64(v);
  }
  w.I64(now_);
  w.U64(updates_);
  w.I64(period_);
}

Status StreamingCoShare::Deserialize(std::string_view in) {
  ByteReader r(in);
  uint8_t version = kVersion;
  if (const Status current = r.Header(kMagic, kVersion, kWhat); !current.ok()) {
    version = 1;
    if (!r.Header(kMagic, version, kWhat).ok()) return current;
  }
  const Status truncated = ByteReader::Truncated(kWhat);
  StreamingParams params;
  uint64_t max_burst_pairs;
  if (!r.F64(&params.time_window_seconds) || !r.U32(&params.max_partners) ||
      !r.U64(&max_burst_pairs) || !r.U32(&params.sweep_every) ||
      !r.U32(&params.max_window_shares) || !r.U32(&params.track_weight) ||
      !r.F64(&params.track_ln_p) || !r.I64(&params.single_idle_ms) ||
      !r.F64(&params.forget_min_expected)) {
    return truncated;
  }
  params.max_burst_pairs = max_burst_pairs;
  if (!(params.time_window_seconds >= 0 && params.time_window_seconds <= 1e12) ||
      params.sweep_every == 0 || params.single_idle_ms < 0 || params.single_idle_ms > kMaxTimeMs ||
      std::isnan(params.track_ln_p) || std::isnan(params.forget_min_expected)) {
    return Corrupt("invalid parameters");
  }
  uint32_t num_actions;
  if (!r.U32(&num_actions)) return truncated;
  if (num_actions != actions_.size()) return Corrupt("written for other actions");

  // A window's burst history (after its shares). Its entries must cover the shares from
  // `floor` on, the window's among them, each linking only back, so that no later share
  // reads outside them or walks without end.
  const auto read_history = [&](Window& win) -> Status {
    uint8_t has = 0;
    if (!r.U32(&win.seq) || !r.U8(&has)) return truncated;
    if (has != (win.seq >= 2 ? 1 : 0) || win.count > win.seq) return Corrupt("bad burst history");
    if (has == 0) return absl::OkStatus();
    auto h = std::make_unique<BurstHistory>();
    uint32_t num_entries;
    if (!r.U32(&h->floor) || !r.U64(&h->pairs) || !r.U32(&num_entries) ||
        !r.Has(uint64_t{num_entries} * 12)) {
      return truncated;
    }
    if (uint64_t{h->floor} + num_entries != win.seq || win.seq - win.count < h->floor) {
      return Corrupt("bad burst history");
    }
    for (uint32_t k = 0; k < num_entries; ++k) {
      BurstHistory::Entry e;
      r.U32(&e.account);
      r.U32(&e.lo);
      r.U32(&e.prev_plus1);
      if (e.lo > h->floor + k || e.prev_plus1 > h->floor + k) return Corrupt("bad burst history");
      h->Push(e);
    }
    for (uint32_t i = 0; i < win.count; ++i) {
      if (h->At(win.seq - win.count + i).account != win.At(i).account) {
        return Corrupt("bad burst history");
      }
    }
    uint32_t num_legacy;
    if (!r.U32(&num_legacy) || !r.Has(uint64_t{num_legacy} * 8)) return truncated;
    for (uint32_t k = 0; k < num_legacy; ++k) {
      uint64_t key = 0;
      r.U64(&key);
      h->legacy.insert(key);
    }
    win.history = std::move(h);
    return absl::OkStatus();
  };
  // Version 1 kept the pairs counted in the burst instead: they become the history's
  // `legacy`, before entries for the window's shares, numbered from 1, that record no pairing.
  const auto read_counted_pairs = [&](Window& win) -> Status {
    uint32_t num_counted;
    if (!r.U32(&num_counted) || !r.Has(uint64_t{num_counted} * 8)) return truncated;
    win.seq = win.count + 1;
    auto h = std::make_unique<BurstHistory>();
    h->floor = 1;
    for (uint32_t i = 0; i < win.count; ++i) {
      const AccountId account = win.At(i).account;
      h->Push(BurstHistory::Entry{account, i + 1, h->LatestPlus1(account)});
    }
    for (uint32_t k = 0; k < num_counted; ++k) {
      uint64_t key = 0;
      r.U64(&key);
      h->legacy.insert(key);
    }
    h->pairs = h->legacy.size();
    if (win.count > 0) win.history = std::move(h);  // no shares: a burst of none so far
    return absl::OkStatus();
  };

  std::vector<std::unique_ptr<PerAction>> actions;
  for (const auto& own : actions_) {
    auto pa = std::make_unique<PerAction>(own->keyer);
    uint8_t kind;
    if (!r.U8(&kind)) return truncated;
    if (kind != static_cast<uint8_t>(own->keyer.action())) {
      return Corrupt("written for other actions");
    }
    // Objects.
    uint32_t num_objects;
    if (!r.U32(&num_objects) || !r.Has(uint64_t{num_objects} * 24)) return truncated;
    std::vector<uint32_t> object_window(num_objects);
    pa->object_ids.reserve(num_objects);
    for (uint32_t o = 0; o < num_objects; ++o) {
      uint64_t hash = 0;
      ObjectStats st;
      r.U64(&hash);
      r.U32(&object_window[o]);
      uint64_t window_pairs = 0;  // a packed (misaligned) field: read, then assigned
      r.U32(&st.shares);
      r.U64(&window_pairs);
      st.window_pairs = window_pairs;
      if (!pa->object_ids.emplace(hash, ObjectEntry{o, object_window[o]}).second) {
        return Corrupt("an object twice");
      }
      pa->objects.push_back(st);
    }
    // Windows, each linked both ways with its object.
    uint32_t num_windows;
    if (!r.U32(&num_windows) || !r.Has(num_windows)) return truncated;
    pa->windows.resize(num_windows);
    for (uint32_t i = 0; i < num_windows; ++i) {
      Window& win = pa->windows[i];
      uint8_t used;
      if (!r.U8(&used) || used > 1) return used > 1 ? Corrupt("bad window") : truncated;
      if (used == 0) continue;
      win.used = true;
      uint32_t count;
      if (!r.Time(&win.last_time) || !r.U64(&win.object_hash) || !r.U32(&count) ||
          !r.Has(uint64_t{count} * 12)) {
        return truncated;
      }
      const auto it = pa->object_ids.find(win.object_hash);
      if (it == pa->object_ids.end() || it->second.window != i + 1) {
        return Corrupt("a window without its object");
      }
      for (uint32_t k = 0; k < count; ++k) {
        Share s;
        if (!r.Time(&s.time)) return truncated;
        r.U32(&s.account);
        win.PushBack(s);
      }
      RETURN_IF_ERROR(version == 1 ? read_counted_pairs(win) : read_history(win));
    }
    for (uint32_t o = 0; o < num_objects; ++o) {
      if (object_window[o] > num_windows ||
          (object_window[o] != 0 && !pa->windows[object_window[o] - 1].used)) {
        return Corrupt("an object with a missing window");
      }
    }
    uint32_t num_free;
    if (!r.U32(&num_free) || !r.Has(uint64_t{num_free} * 4)) return truncated;
    std::vector<bool> listed_free(num_windows, false);
    for (uint32_t k = 0; k < num_free; ++k) {
      uint32_t i = 0;
      r.U32(&i);
      if (i >= num_windows || pa->windows[i].used || listed_free[i]) {
        return Corrupt("bad free window");
      }
      listed_free[i] = true;
      pa->free_windows.push_back(i);
    }
    if (std::count(listed_free.begin(), listed_free.end(), false) !=
        std::count_if(pa->windows.begin(), pa->windows.end(),
                      [](const Window& win) { return win.used; })) {
      return Corrupt("an unused window not free");
    }
    // Edge tables (checked against the accounts and accumulators below).
    uint32_t num_tables;
    if (!r.U32(&num_tables) || !r.Has(uint64_t{num_tables} * 4)) return truncated;
    pa->adjacency.resize(num_tables);
    uint64_t edges = 0;
    for (Adjacency& adj : pa->adjacency) {
      uint32_t capacity;
      if (!r.U32(&capacity) || !r.Has(uint64_t{capacity} * 8)) return truncated;
      if (capacity == 0) continue;
      // Only capacities of the growth sequence occur.
      uint32_t c = 0;
      while (c < capacity) c = NextCapacity(c);
      if (c != capacity) return Corrupt("bad edge table");
      adj.slots = std::make_unique<AdjSlot[]>(capacity);
      adj.capacity = capacity;
      for (uint32_t s = 0; s < capacity; ++s) {
        r.U32(&adj.slots[s].partner_plus1);
        r.U32(&adj.slots[s].value);
        if (adj.slots[s].partner_plus1 != 0) ++adj.size;
      }
      edges += adj.size;
    }
    uint32_t num_acc;
    if (!r.U32(&num_acc) || !r.Has(uint64_t{num_acc} * 20)) return truncated;
    for (uint32_t i = 0; i < num_acc; ++i) {
      PackedAcc acc;
      r.U32(&acc.weight);
      r.U32(&acc.a_first);
      r.U32(&acc.b_first);
      double sum_delay_ms = 0;  // a packed (misaligned) field: read, then assigned
      r.F64(&sum_delay_ms);
      acc.sum_delay_ms = sum_delay_ms;
      pa->edge_acc.push_back(acc);
    }
    uint32_t num_accounts;
    if (!r.U64(&pa->num_edges) || !r.U32(&num_accounts) || !r.Has(uint64_t{num_accounts} * 4)) {
      return truncated;
    }
    if (pa->num_edges != edges) return Corrupt("edge count does not match the tables");
    pa->account_shares.resize(num_accounts);
    for (uint32_t& n : pa->account_shares) r.U32(&n);
    for (uint32_t a = 0; a < num_tables; ++a) {
      const Adjacency& adj = pa->adjacency[a];
      if (adj.size == 0) continue;
      if (uint64_t{adj.size} * 5 > uint64_t{adj.capacity} * 4 || a >= num_accounts) {
        return Corrupt("bad edge table");
      }
      for (uint32_t s = 0; s < adj.capacity; ++s) {
        const AdjSlot& slot = adj.slots[s];
        if (slot.partner_plus1 == 0) continue;
        if (slot.partner_plus1 - 1 <= a || slot.partner_plus1 - 1 >= num_accounts ||
            ((slot.value & kHeavyBit) && (slot.value & ~kHeavyBit) >= num_acc) ||
            FindSlot(*pa, a, slot.partner_plus1 - 1) != &slot) {
          return Corrupt("bad edge table");
        }
      }
    }
    uint32_t num_listed;
    if (!r.U64(&pa->total_shares) || !r.F64(&pa->pair_sum) || !r.U32(&num_listed) ||
        !r.Has(uint64_t{num_listed} * 12)) {
      return truncated;
    }
    for (uint32_t k = 0; k < num_listed; ++k) {
      Listed l;
      r.U32(&l.index);
      r.U32(&l.a);
      r.U32(&l.b);
      if (l.index >= num_acc || l.a >= num_accounts || l.b >= num_accounts) {
        return Corrupt("bad listed edge");
      }
      pa->heavy.push_back(l);
    }
    // Shares in windows, and the edges they add, name accounts the counts must cover.
    for (const Window& win : pa->windows) {
      for (uint32_t k = 0; k < win.count; ++k) {
        if (win.At(k).account >= num_accounts) return Corrupt("a share of an unknown account");
      }
    }
    uint32_t num_due;
    if (!r.U32(&num_due) || !r.Has(uint64_t{num_due} * 12)) return truncated;
    std::vector<AccountId> due_tables;
    for (uint32_t k = 0; k < num_due; ++k) {
      PerAction::DueList d;
      uint32_t n;
      if (!r.Time(&d.tick) || !r.U32(&n) || !r.Has(uint64_t{n} * 4)) return truncated;
      d.tables.resize(n);
      for (AccountId& a : d.tables) r.U32(&a);
      due_tables.insert(due_tables.end(), d.tables.begin(), d.tables.end());
      pa->due.push_back(std::move(d));
    }
    uint32_t num_due_ticks;
    if (!r.U32(&num_due_ticks) || !r.Has(uint64_t{num_due_ticks} * 4)) return truncated;
    pa->due_tick.resize(num_due_ticks);
    for (uint32_t& t : pa->due_tick) r.U32(&t);
    for (AccountId a : due_tables) {
      if (a >= num_tables || a >= num_due_ticks) return Corrupt("bad forgetting schedule");
    }
    actions.push_back(std::move(pa));
  }
  StreamingStats st;
  TimeMs now;
  uint64_t updates;
  int64_t period;
  for (uint64_t* v :
       {&st.shares, &st.window_evictions, &st.burst_resets, &st.live_objects, &st.out_of_order,
        &st.crowd_skipped, &st.singles_forgotten, &st.pair_updates}) {
    if (!r.U64(v)) return truncated;
  }
  if (!r.TimeOrNone(&now) || !r.U64(&updates) || !r.TimeOrNone(&period)) return truncated;
  RETURN_IF_ERROR(r.Finish(kWhat));

  params_ = params;
  window_ms_ = std::llround(params.time_window_seconds * 1000.0);
  keep_ = WindowKeep(params);
  actions_ = std::move(actions);
  stats_ = st;
  now_ = now;
  updates_ = updates;
  period_ = period;
  pending_.clear();
  return absl::OkStatus();
}

}  // namespace sakimori::coord
