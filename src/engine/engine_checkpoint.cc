// File: engine/engine_checkpoint.cc
// Engine::Serialize / Deserialize (layout in engine.h). Each operator checks its own part;
// here the parts are framed, the whole is covered by a checksum (a damaged file fails it
// before any part is read), and the engine's own tables are checked against the dictionary
// (every account and post id they hold must name one).
#include <algorithm>

#include "common/bytes.h"
#include "common/hash.h"
#include "engine/engine.h"

namespace sakimori::engine {
namespace {

constexpr std::string_view kMagic = "SKEN";
constexpr uint8_t kVersion = 1;
constexpr std::string_view kWhat = "engine checkpoint";

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

}  // namespace

Status Engine::Serialize(std::string* out) const {
  if (finished_) return absl::FailedPreconditionError("engine: no checkpoint after Finish()");
  // The body is written in place after the header and its checksum, which is filled in last.
  WriteHeader(out, kMagic, kVersion);
  const size_t checksum_at = out->size();
  ByteWriter w(out);
  w.U64(0);
  const size_t body_at = out->size();
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
  const auto section = [&w](const auto& op) {
    w.Section([&op](std::string* s) { op.Serialize(s); });
  };
  section(features_);
  section(*coordination_);
  section(trails_);
  section(tracker_);
  section(amplification_);
  section(activity_);
  section(creation_);
  section(scripts_);
  section(domains_);
  w.U64At(checksum_at, Hash64(std::string_view(*out).substr(body_at)));
  return absl::OkStatus();
}

Status Engine::Deserialize(std::string_view in) {
  if (finished_ || stats_.events > 0 || dict_->accounts.size() > 0 || dict_->posts.size() > 0) {
    return absl::FailedPreconditionError(
        "engine: a checkpoint is restored into a new engine with an empty dictionary");
  }
  ByteReader header(in);
  RETURN_IF_ERROR(header.Header(kMagic, kVersion, kWhat));
  uint64_t checksum;
  if (!header.U64(&checksum)) return ByteReader::Truncated(kWhat);
  const std::string_view body = in.substr(5 + 8);  // after the header and the checksum
  if (Hash64(body) != checksum) {
    return absl::InvalidArgumentError(StrCat(kWhat, ": checksum mismatch (damaged file)"));
  }
  const Status truncated = ByteReader::Truncated(kWhat);
  const auto corrupt = [](std::string_view why) {
    return absl::InvalidArgumentError(StrCat(kWhat, ": ", why));
  };
  ByteReader r(body);
  std::vector<std::string> accounts, post_names, urls, hashtags;
  if (!ReadNames(r, &accounts) || !ReadNames(r, &post_names) || !ReadNames(r, &urls) ||
      !ReadNames(r, &hashtags)) {
    return corrupt("truncated or repeated names");
  }
  EngineStats stats;
  TimeMs next_detect;
  if (!r.U64(&stats.events) || !r.U64(&stats.detect_steps) || !r.I64(&stats.first_time) ||
      !r.I64(&stats.last_time) || !r.U64(&stats.out_of_order) || !r.I64(&next_detect)) {
    return truncated;
  }
  std::vector<TimeMs> first_seen;
  std::vector<float> automation;
  std::vector<uint8_t> dirty;
  if (!ReadVector(r, 8, &first_seen, [&r](TimeMs* t) { return r.I64(t); }) ||
      !ReadVector(r, 4, &automation,
                  [&r](float* s) {
                    uint32_t bits;
                    if (!r.U32(&bits)) return false;
                    *s = std::bit_cast<float>(bits);
                    return true;
                  }) ||
      !ReadVector(r, 1, &dirty, [&r](uint8_t* d) { return r.U8(d); })) {
    return truncated;
  }
  const auto is_account = [&accounts](AccountId a) { return a < accounts.size(); };
  if (first_seen.size() > accounts.size() || dirty.size() > accounts.size()) {
    return corrupt("per-account tables longer than the dictionary");
  }
  uint32_t n;
  if (!r.U32(&n) || !r.Has(uint64_t{n} * 8)) return truncated;
  absl::flat_hash_map<AccountId, std::vector<uint32_t>> watch_hits;
  for (uint32_t k = 0; k < n; ++k) {
    AccountId a;
    std::vector<uint32_t> hits;
    if (!r.U32(&a) || !ReadVector(r, 4, &hits, [&r](uint32_t* i) { return r.U32(i); })) {
      return truncated;
    }
    if (!is_account(a) || !watch_hits.emplace(a, std::move(hits)).second) {
      return corrupt("bad watch-list hits");
    }
  }
  if (!r.U32(&n) || !r.Has(uint64_t{n} * 16)) return truncated;
  absl::flat_hash_map<PostId, PostEngagers> engagers;
  engagers.reserve(n);
  for (uint32_t k = 0; k < n; ++k) {
    PostId post;
    PostEngagers e;
    uint32_t count;
    if (!r.U32(&post) || !r.U32(&e.total) || !r.U32(&e.author) || !r.U32(&count) ||
        !r.Has(uint64_t{count} * 4)) {
      return truncated;
    }
    if (post >= post_names.size() || count > kMaxEngagers ||
        (e.author != kNoAccount && !is_account(e.author))) {
      return corrupt("bad post engagers");
    }
    for (uint32_t i = 0; i < count; ++i) {
      AccountId a = 0;
      r.U32(&a);
      if (!is_account(a)) return corrupt("bad post engagers");
      e.accounts.push_back(a);
    }
    if (!engagers.emplace(post, std::move(e)).second) return corrupt("bad post engagers");
  }
  // The operators, each restored into a fresh one first.
  std::string_view part;
  const auto next = [&r, &part] { return r.Section(&part); };
  AccountFeatures features;
  if (!next()) return truncated;
  RETURN_IF_ERROR(features.Deserialize(part));
  ASSIGN_OR_RETURN(std::unique_ptr<CoordinationOperator> coordination,
                   CoordinationOperator::Create(options_.coordination, dict_));
  if (!next()) return truncated;
  RETURN_IF_ERROR(coordination->Deserialize(part));
  AccountTrails trails;
  if (!next()) return truncated;
  RETURN_IF_ERROR(trails.Deserialize(part));
  CampaignTracker tracker(options_.campaigns);
  if (!next()) return truncated;
  RETURN_IF_ERROR(tracker.Deserialize(part));
  for (const Campaign& c : tracker.campaigns()) {
    if (!std::all_of(c.evidence.members.begin(), c.evidence.members.end(), is_account)) {
      return corrupt("a campaign member not in the dictionary");
    }
  }
  amplify::AmplificationTracker amplification;
  if (!next()) return truncated;
  RETURN_IF_ERROR(amplification.Deserialize(part));
  foreign::ActivityTracker activity(options_.home_utc_offset_hours);
  if (!next()) return truncated;
  RETURN_IF_ERROR(activity.Deserialize(part));
  foreign::CreationTracker creation;
  if (!next()) return truncated;
  RETURN_IF_ERROR(creation.Deserialize(part));
  foreign::ScriptAnomalyTracker scripts;
  if (!next()) return truncated;
  RETURN_IF_ERROR(scripts.Deserialize(part));
  foreign::DomainTracker domains;
  if (!next()) return truncated;
  RETURN_IF_ERROR(domains.Deserialize(part));
  RETURN_IF_ERROR(r.Finish(kWhat));

  Fill(dict_->accounts, accounts);
  Fill(dict_->posts, post_names);
  Fill(urls_, urls);
  Fill(hashtags_, hashtags);
  stats_ = stats;
  next_detect_ = next_detect;
  first_seen_ = std::move(first_seen);
  automation_ = std::move(automation);
  dirty_ = std::move(dirty);
  watch_hits_ = std::move(watch_hits);
  engagers_ = std::move(engagers);
  features_ = std::move(features);
  coordination_ = std::move(coordination);
  trails_ = std::move(trails);
  tracker_ = std::move(tracker);
  amplification_ = std::move(amplification);
  activity_ = std::move(activity);
  creation_ = std::move(creation);
  scripts_ = std::move(scripts);
  domains_ = std::move(domains);
  return absl::OkStatus();
}

}  // namespace sakimori::engine
