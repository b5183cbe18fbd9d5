// File: engine/engine_checkpoint.cc
// Engine::Save / Restore (layout in engine.h). Each operator checks its own part; here the
// parts are framed and covered by a checksum (a damaged file is reported as such, whatever
// part the damage falls in), and the engine's own tables are checked against the dictionary
// (every account and post id they hold must name one).
#include <algorithm>
#include <cassert>
#ifdef __GLIBC__  // defined by the headers above
#include <malloc.h>
#endif

#include "common/bytes.h"
#include "common/hash.h"
#include "engine/engine.h"

namespace sakimori::engine {
namespace {

constexpr std::string_view kMagic = "SKEN";
// 4: the watch list's indicators are saved, and the hits refer to them; the detection interval
// follows the options digest, so that a reader can name it. 3: the amplification
// tracker in sections of a few MB. Versions 2 and 3 are read as well: the tracker reads its
// sections as one stream, however it is cut, and their hits refer to the given watch list.
constexpr uint8_t kVersion = 4;
constexpr uint8_t kOldestVersion = 2;
constexpr std::string_view kWhat = "engine checkpoint";

// The version of a checkpoint from its first 5 bytes: one this reader takes, else the error.
StatusOr<uint8_t> ReadVersion(std::string_view header) {
  const Status current = ByteReader(header).Header(kMagic, kVersion, kWhat);
  if (current.ok()) return kVersion;
  for (uint8_t v = kOldestVersion; v < kVersion; ++v) {
    if (ByteReader(header).Header(kMagic, v, kWhat).ok()) return v;
  }
  return current;
}

// The indicators of the engine's watch list (none without one).
const std::vector<foreign::Indicator>& Indicators(const EngineOptions& options) {
  static const std::vector<foreign::Indicator> kNone;
  return options.watchlist != nullptr ? options.watchlist->indicators() : kNone;
}

void WriteNames(ByteWriter& w, const Interner& names) {
  w.U32(static_cast<uint32_t>(names.size()));
  for (uint32_t i = 0; i < names.size(); ++i) w.Str(names.Name(i));
}

// Reads names written by WriteNames; false when truncated or a name repeats (ids would shift).
bool ReadNames(ByteReader& r, std::vector<std::string>* names) {
  uint32_t n;
  if (!r.U32(&n) || !r.Has(uint64_t{n} * 4)) return false;
  names->resize(n);
  absl::flat_hash_set<std::string_view> seen;
  seen.reserve(n);
  for (std::string& name : *names) {
    if (!r.Str(&name)) return false;
  }
  for (const std::string& name : *names) {
    if (!seen.insert(name).second) return false;
  }
  return true;
}

// Interns `names` into an empty interner: ids follow their order.
void Fill(Interner& interner, const std::vector<std::string>& names) {
  for (const std::string& name : names) interner.Intern(name);
}

template <typename T, typename Put>
void WriteVector(ByteWriter& w, const std::vector<T>& v, Put put) {
  w.U32(static_cast<uint32_t>(v.size()));
  for (const T& x : v) put(x);
}

// Reads a vector written by WriteVector with elements of at least `min_bytes` each.
template <typename T, typename Get>
bool ReadVector(ByteReader& r, size_t min_bytes, std::vector<T>* v, Get get) {
  uint32_t n;
  if (!r.U32(&n) || !r.Has(uint64_t{n} * min_bytes)) return false;
  v->resize(n);
  for (T& x : *v) {
    if (!get(&x)) return false;
  }
  return true;
}

// A digest of the options that change results (all but the thread count, the watch list,
// whose hits are carried over by indicator, see Save, and the alert confirmation, a policy on
// when to raise alerts that applies from the next step):
// a checkpoint is restored only into an engine with the same. The account model counts by its
// saved form.
uint64_t OptionsDigest(const EngineOptions& o) {
  std::string bytes;
  FieldWriter io{ByteWriter(&bytes)};
  const CoordinationOptions& c = o.coordination;
  for (const CoordinationChannel& ch : c.channels) {
    io(ch.actions.size());
    for (coord::Action a : ch.actions) io(static_cast<uint8_t>(a));
    io(ch.window_seconds), io(ch.min_weight), io(ch.max_window_shares);
  }
  io(c.fdr), io(c.track_ln_p), io(c.single_idle_ms), io(c.forget_min_expected);
  io(c.leiden.resolution), io(c.leiden.beta), io(c.leiden.seed);
  const text::NarrativeIndexOptions& n = c.narratives;
  const text::NearDuplicateOptions& nd = n.near_duplicate;
  io(nd.threshold), io(nd.num_hashes), io(static_cast<uint8_t>(nd.scheme)), io(nd.shingle_width);
  io(nd.min_chars), io(nd.sketch_capacity), io(nd.fn_weight), io(nd.normalize.remove_urls);
  io(nd.normalize.remove_mentions), io(nd.normalize.drop_punctuation_and_symbols);
  io(n.window_ms), io(n.max_entries), io(n.bucket_cap), io(n.max_verifications);
  io(n.representative_bytes);
  const CampaignOptions& k = o.campaigns;
  io(k.min_members), io(k.report_score), io(k.alert_score), io(k.match_jaccard);
  io(o.detect_every_ms), io(o.automated_score), io(o.amplified_min), io(o.amplified_share);
  io(o.amplified_common), io(o.recruit_quantile), io(o.ranked_items);
  io(o.home_utc_offset_hours), io(o.utc_offset_confidence);
  uint64_t model = 0;
  if (o.account_model != nullptr) {
    const StatusOr<std::string> saved = o.account_model->SaveToBuffer();
    model = saved.ok() ? Hash64(*saved) : 1;
  }
  io(model);
  return Hash64(bytes);
}

// Writes `bytes` as a section: its u64 length, then the bytes. Then hands the pages the part's
// scratch and growth freed back to the system: saving at the end of a large stream happens
// at the peak of memory, and glibc keeps freed blocks below its (raised) mmap threshold.
Status WriteSection(CheckpointWriter& out, std::string_view bytes) {
  std::string length;
  ByteWriter(&length).U64(bytes.size());
  RETURN_IF_ERROR(out.Write(length));
  RETURN_IF_ERROR(out.Write(bytes));
#ifdef __GLIBC__
  malloc_trim(0);
#endif
  return absl::OkStatus();
}

// Reads the next section into *bytes.
Status ReadSection(CheckpointReader& in, std::string* bytes) {
  RETURN_IF_ERROR(in.Read(8, bytes));
  uint64_t n = 0;
  ByteReader(*bytes).U64(&n);
  return in.Read(n, bytes);
}

}  // namespace

Status Engine::Save(CheckpointWriter& out) const {
  if (finished_) return absl::FailedPreconditionError("engine: no checkpoint after Finish()");
  std::string part;
  WriteHeader(&part, kMagic, kVersion);
  RETURN_IF_ERROR(out.Write(part));
  part.clear();
  // Reserved at its size (below) rather than grown by doubling, which would hold two buffers.
  size_t size = 8 + 8 + 8 * 6 + (4 + 8 * first_seen_.size()) + (4 + 4 * automation_.size()) +
                (4 + dirty_.size()) + 4 + watch_hits_.size() * 8 + 4 + engagers_.size() * 16;
  for (const Interner* names : std::initializer_list<const Interner*>{
           &dict_->accounts, &dict_->posts, &urls_, &hashtags_}) {
    size += 4;
    for (uint32_t i = 0; i < names->size(); ++i) size += 4 + names->Name(i).size();
  }
  for (const auto& [account, hits] : watch_hits_) size += 4 * hits.size();
  const std::vector<foreign::Indicator>& indicators = Indicators(options_);
  size += 4;
  for (const foreign::Indicator& i : indicators) size += 9 + i.value.size() + i.source.size();
  for (const auto& [post, engagers] : engagers_) size += 4 * engagers.accounts.size();
  part.reserve(size);
  ByteWriter w(&part);
  w.U64(OptionsDigest(options_));
  w.I64(options_.detect_every_ms);
  WriteNames(w, dict_->accounts);
  WriteNames(w, dict_->posts);
  WriteNames(w, urls_);
  WriteNames(w, hashtags_);
  w.U64(stats_.events);
  w.U64(stats_.detect_steps);
  w.I64(stats_.first_time);
  w.I64(stats_.last_time);
  w.U64(stats_.out_of_order);
  w.I64(next_detect_);
  WriteVector(w, first_seen_, [&w](TimeMs t) { w.I64(t); });
  WriteVector(w, automation_, [&w](float s) { w.U32(std::bit_cast<uint32_t>(s)); });
  WriteVector(w, dirty_, [&w](uint8_t d) { w.U8(d); });
  // Hash tables in key order, so that equal states give equal bytes.
  std::vector<AccountId> watched;
  for (const auto& [account, hits] : watch_hits_) watched.push_back(account);
  std::sort(watched.begin(), watched.end());
  w.U32(static_cast<uint32_t>(watched.size()));
  for (AccountId a : watched) {
    w.U32(a);
    WriteVector(w, watch_hits_.at(a), [&w](uint32_t i) { w.U32(i); });
  }
  std::vector<PostId> posts;
  for (const auto& [post, engagers] : engagers_) posts.push_back(post);
  std::sort(posts.begin(), posts.end());
  w.U32(static_cast<uint32_t>(posts.size()));
  for (PostId p : posts) {
    const PostEngagers& e = engagers_.at(p);
    w.U32(p);
    w.U32(e.total);
    w.U32(e.author);
    w.U32(static_cast<uint32_t>(e.accounts.size()));
    for (AccountId a : e.accounts) w.U32(a);
  }
  // The watch list the hits refer to, so that a run resumed with another list keeps the hits
  // of the indicators both lists hold (RemapWatchHits).
  WriteVector(w, indicators, [&w](const foreign::Indicator& i) {
    w.U8(static_cast<uint8_t>(i.type));
    w.Str(i.value);
    w.Str(i.source);
  });
  assert(part.size() == size);
  RETURN_IF_ERROR(WriteSection(out, part));
  const auto section = [&out](std::string_view bytes) { return WriteSection(out, bytes); };
  // A new string per part, so that no part's capacity stays resident while the next grows.
  const auto save = [&out, &part](const auto& op) {
    std::string().swap(part);
    op.Serialize(&part);
    return WriteSection(out, part);
  };
  std::string().swap(part);
  RETURN_IF_ERROR(save(features_));
  RETURN_IF_ERROR(coordination_->Serialize(section));
  RETURN_IF_ERROR(save(trails_));
  RETURN_IF_ERROR(save(tracker_));
  RETURN_IF_ERROR(amplification_.Serialize(section));  // the largest: in parts of a few MB
  RETURN_IF_ERROR(save(activity_));
  RETURN_IF_ERROR(save(creation_));
  RETURN_IF_ERROR(save(scripts_));
  RETURN_IF_ERROR(save(domains_));
  part.clear();
  w.U64(out.Digest());
  return out.Write(part);
}

// What Restore reads, held until all of it has been read and checked.
struct Engine::Restored {
  explicit Restored(const EngineOptions& options)
      : tracker(options.campaigns), activity(options.home_utc_offset_hours) {}
  uint8_t version = kVersion;
  std::vector<std::string> accounts, post_names, urls, hashtags;
  EngineStats stats;
  TimeMs next_detect = kNoTime;
  std::vector<TimeMs> first_seen;
  std::vector<float> automation;
  std::vector<uint8_t> dirty;
  absl::flat_hash_map<AccountId, std::vector<uint32_t>> watch_hits;
  absl::flat_hash_map<PostId, PostEngagers> engagers;
  AccountFeatures features;
  std::unique_ptr<CoordinationOperator> coordination;
  AccountTrails trails;
  CampaignTracker tracker;
  amplify::AmplificationTracker amplification;
  foreign::ActivityTracker activity;
  foreign::CreationTracker creation;
  foreign::ScriptAnomalyTracker scripts;
  foreign::DomainTracker domains;
};

// Since version 4 the engine's own section ends with the indicators of the saving run's watch
// list, which the hits index. The hits are moved to this engine's list by indicator (type,
// value and source); those of indicators it does not hold are dropped. Versions 2 and 3 saved
// no list: their hits index the given list, and are dropped when none is given.
Status Engine::RemapWatchHits(ByteReader& r, Restored& to) const {
  const auto corrupt = [](std::string_view why) {
    return absl::InvalidArgumentError(StrCat(kWhat, ": ", why));
  };
  const std::vector<foreign::Indicator>& current = Indicators(options_);
  constexpr uint32_t kDropped = UINT32_MAX;
  std::vector<uint32_t> to_current;  // saved indicator -> this list's, or kDropped
  if (to.version >= 4) {
    std::vector<foreign::Indicator> saved;
    if (!ReadVector(r, 9, &saved, [&r](foreign::Indicator* i) {
          uint8_t type;
          if (!r.U8(&type) || !r.Str(&i->value) || !r.Str(&i->source)) return false;
          i->type = static_cast<foreign::IndicatorType>(type);
          return type <= static_cast<uint8_t>(foreign::IndicatorType::kUrl);
        })) {
      return corrupt("truncated or bad watch-list indicators");
    }
    absl::flat_hash_map<std::string, uint32_t> index;
    const auto key = [](const foreign::Indicator& i) {
      return StrCat(static_cast<int>(i.type), ":", i.value, "\t", i.source);
    };
    for (uint32_t i = 0; i < current.size(); ++i) index.emplace(key(current[i]), i);
    for (const foreign::Indicator& i : saved) {
      auto it = index.find(key(i));
      to_current.push_back(it == index.end() ? kDropped : it->second);
    }
  } else if (!current.empty()) {
    for (uint32_t i = 0; i < current.size(); ++i) to_current.push_back(i);
  } else {
    to.watch_hits.clear();
    return absl::OkStatus();
  }
  for (auto it = to.watch_hits.begin(); it != to.watch_hits.end();) {
    std::vector<uint32_t> kept;
    for (uint32_t i : it->second) {
      if (i >= to_current.size()) {
        return corrupt(to.version >= 4 ? "a watch-list hit beyond the saved indicators"
                                       : "a watch-list hit beyond the given watch list (give "
                                         "the watch list of the run that wrote it)");
      }
      if (to_current[i] != kDropped) kept.push_back(to_current[i]);
    }
    std::sort(kept.begin(), kept.end());
    kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
    if (kept.empty()) {
      to.watch_hits.erase(it++);
    } else {
      it->second = std::move(kept);
      ++it;
    }
  }
  return absl::OkStatus();
}

Status Engine::RestoreSections(CheckpointReader& in, Restored& to) const {
  std::string part;
  RETURN_IF_ERROR(ReadSection(in, &part));
  ByteReader r(part);
  const Status truncated = ByteReader::Truncated(kWhat);
  const auto corrupt = [](std::string_view why) {
    return absl::InvalidArgumentError(StrCat(kWhat, ": ", why));
  };
  uint64_t options;
  TimeMs detect_every = options_.detect_every_ms;
  if (!r.U64(&options) || (to.version >= 4 && !r.I64(&detect_every))) return truncated;
  if (detect_every != options_.detect_every_ms) {
    return absl::InvalidArgumentError(
        StrCat(kWhat, ": written with a detection step every ", detect_every / 3.6e6,
               " hours, this run takes one every ", options_.detect_every_ms / 3.6e6,
               " (--detect-every); give the options of the run that wrote it"));
  }
  if (options != OptionsDigest(options_)) {
    return absl::InvalidArgumentError(
        StrCat(kWhat,
               ": written with other options (channels, thresholds, detection interval or "
               "account model); give the options of the run that wrote it",
               to.version < 4 ? " (this state is of an older version, which does not record its "
                                "detection interval: one written by `analyze` needs "
                                "--detect-every 3)"
                              : ""));
  }
  if (!ReadNames(r, &to.accounts) || !ReadNames(r, &to.post_names) || !ReadNames(r, &to.urls) ||
      !ReadNames(r, &to.hashtags)) {
    return corrupt("truncated or repeated names");
  }
  EngineStats& stats = to.stats;
  if (!r.U64(&stats.events) || !r.U64(&stats.detect_steps) || !r.TimeOrNone(&stats.first_time) ||
      !r.TimeOrNone(&stats.last_time) || !r.U64(&stats.out_of_order) ||
      !r.TimeOrNone(&to.next_detect)) {
    return truncated;
  }
  if (!ReadVector(r, 8, &to.first_seen, [&r](TimeMs* t) { return r.TimeOrNone(t); }) ||
      !ReadVector(r, 4, &to.automation,
                  [&r](float* s) {
                    uint32_t bits;
                    if (!r.U32(&bits)) return false;
                    *s = std::bit_cast<float>(bits);
                    return true;
                  }) ||
      !ReadVector(r, 1, &to.dirty, [&r](uint8_t* d) { return r.U8(d); })) {
    return truncated;
  }
  const auto is_account = [&to](AccountId a) { return a < to.accounts.size(); };
  if (to.first_seen.size() > to.accounts.size() || to.dirty.size() > to.accounts.size()) {
    return corrupt("per-account tables longer than the dictionary");
  }
  uint32_t n;
  if (!r.U32(&n) || !r.Has(uint64_t{n} * 8)) return truncated;
  for (uint32_t k = 0; k < n; ++k) {
    AccountId a = 0;
    std::vector<uint32_t> hits;
    if (!r.U32(&a) || !ReadVector(r, 4, &hits, [&r](uint32_t* i) { return r.U32(i); })) {
      return truncated;
    }
    if (!is_account(a) || !to.watch_hits.emplace(a, std::move(hits)).second) {
      return corrupt("bad watch-list hits");
    }
  }
  if (!r.U32(&n) || !r.Has(uint64_t{n} * 16)) return truncated;
  to.engagers.reserve(n);
  for (uint32_t k = 0; k < n; ++k) {
    PostId post;
    PostEngagers e;
    uint32_t count;
    if (!r.U32(&post) || !r.U32(&e.total) || !r.U32(&e.author) || !r.U32(&count) ||
        !r.Has(uint64_t{count} * 4)) {
      return truncated;
    }
    if (post >= to.post_names.size() || count > kMaxEngagers ||
        (e.author != kNoAccount && !is_account(e.author))) {
      return corrupt("bad post engagers");
    }
    for (uint32_t i = 0; i < count; ++i) {
      AccountId a = 0;
      r.U32(&a);
      if (!is_account(a)) return corrupt("bad post engagers");
      e.accounts.push_back(a);
    }
    if (!to.engagers.emplace(post, std::move(e)).second) return corrupt("bad post engagers");
  }
  RETURN_IF_ERROR(RemapWatchHits(r, to));
  RETURN_IF_ERROR(r.Finish(kWhat));
  // The operators.
  const auto restore = [&in, &part](auto& op) -> Status {
    RETURN_IF_ERROR(ReadSection(in, &part));
    return op.Deserialize(part);
  };
  RETURN_IF_ERROR(restore(to.features));
  ASSIGN_OR_RETURN(to.coordination, CoordinationOperator::Create(options_.coordination, dict_));
  RETURN_IF_ERROR(
      to.coordination->Deserialize([&in](std::string* bytes) { return ReadSection(in, bytes); }));
  RETURN_IF_ERROR(restore(to.trails));
  RETURN_IF_ERROR(restore(to.tracker));
  for (const Campaign& c : to.tracker.campaigns()) {
    if (!std::all_of(c.evidence.members.begin(), c.evidence.members.end(), is_account)) {
      return corrupt("a campaign member not in the dictionary");
    }
  }
  RETURN_IF_ERROR(
      to.amplification.Deserialize([&in](std::string* bytes) { return ReadSection(in, bytes); }));
  RETURN_IF_ERROR(restore(to.activity));
  RETURN_IF_ERROR(restore(to.creation));
  RETURN_IF_ERROR(restore(to.scripts));
  return restore(to.domains);
}

StatusOr<std::optional<TimeMs>> Engine::SavedDetectEvery(CheckpointReader& in) {
  std::string bytes;
  RETURN_IF_ERROR(in.Read(5, &bytes));
  ASSIGN_OR_RETURN(const uint8_t version, ReadVersion(bytes));
  if (version < 4) return std::nullopt;
  RETURN_IF_ERROR(in.Read(24, &bytes));  // the section's length, the digest, the interval
  ByteReader r(bytes);
  uint64_t length = 0, digest = 0;
  TimeMs every = 0;
  r.U64(&length), r.U64(&digest), r.I64(&every);
  if (length < 16 || every <= 0) return ByteReader::Truncated(kWhat);
  return every;
}

Status Engine::Restore(CheckpointReader& in) {
  if (finished_ || stats_.events > 0 || dict_->accounts.size() > 0 || dict_->posts.size() > 0) {
    return absl::FailedPreconditionError(
        "engine: a checkpoint is restored into a new engine with an empty dictionary");
  }
  std::string bytes;
  RETURN_IF_ERROR(in.Read(5, &bytes));
  Restored to(options_);
  ASSIGN_OR_RETURN(to.version, ReadVersion(bytes));
  const Status read = RestoreSections(in, to);
  if (!read.ok()) {
    // Damage anywhere makes some part fail; the checksum says whether the file is damaged
    // (then that is the error) or was written otherwise.
    while (in.remaining() > 8) {
      const Status drained = in.Read(std::min<uint64_t>(in.remaining() - 8, 1 << 20), &bytes);
      if (!drained.ok()) return read;
    }
  }
  if (in.remaining() < 8) return ByteReader::Truncated(kWhat);
  const uint64_t digest = in.Digest();
  uint64_t checksum = 0;
  RETURN_IF_ERROR(in.Read(8, &bytes));
  ByteReader(bytes).U64(&checksum);
  if (checksum != digest) {
    return absl::InvalidArgumentError(StrCat(kWhat, ": checksum mismatch (damaged file)"));
  }
  RETURN_IF_ERROR(read);
  if (in.remaining() != 0) {
    return absl::InvalidArgumentError(StrCat(kWhat, ": trailing bytes after the checksum"));
  }
  Fill(dict_->accounts, to.accounts);
  Fill(dict_->posts, to.post_names);
  Fill(urls_, to.urls);
  Fill(hashtags_, to.hashtags);
  stats_ = to.stats;
  next_detect_ = to.next_detect;
  first_seen_ = std::move(to.first_seen);
  automation_ = std::move(to.automation);
  dirty_ = std::move(to.dirty);
  watch_hits_ = std::move(to.watch_hits);
  engagers_ = std::move(to.engagers);
  features_ = std::move(to.features);
  coordination_ = std::move(to.coordination);
  trails_ = std::move(to.trails);
  tracker_ = std::move(to.tracker);
  amplification_ = std::move(to.amplification);
  activity_ = std::move(to.activity);
  creation_ = std::move(to.creation);
  scripts_ = std::move(to.scripts);
  domains_ = std::move(to.domains);
  return absl::OkStatus();
}

Status Engine::Serialize(std::string* out) const {
  StringCheckpointWriter w(out);
  return Save(w);
}

Status Engine::Deserialize(std::string_view in) {
  StringCheckpointReader r(in);
  return Restore(r);
}

}  // namespace sakimori::engine
