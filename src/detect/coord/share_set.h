// File: detect/coord/share_set.h
// The shares of objects that coordination detection works on, collected from events: for
// each requested action, one row per (event, object) with the account, the event time and
// the event's own content id. Objects are interned per action to dense ids with their key
// strings kept for output. Owns its strings; not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "detect/coord/action.h"
#include "model/event.h"
#include "model/interner.h"

namespace sakimori::coord {

using ObjectId = uint32_t;
inline constexpr uint32_t kNoContent = UINT32_MAX;

// One share: `account` performed the action on `object` at `time` (ms) through its content
// `content` (an id in the shared Dictionary's posts, or kNoContent). `seq` is the share's
// position in input order, the tie-breaker wherever order matters.
struct Share {
  int64_t time;
  ObjectId object;
  AccountId account;
  uint32_t content;
  uint32_t seq;
};

// The shares of one action.
struct ActionShares {
  Action action;
  std::vector<Share> shares;
  Interner objects;  // object key <-> ObjectId for this action
  // For actions on a target post: the post's author per ObjectId, as the first event on it
  // that names one gave it (kNoAccount when unknown; may be shorter than `objects`, the
  // missing ones unknown). Empty for other actions and input without authors.
  std::vector<AccountId> object_author;
};

class ShareSet {
 public:
  // Collects shares for `actions`; `dict` resolves post and account ids and must outlive
  // the set.
  ShareSet(const std::vector<Action>& actions, const ExtractOptions& options,
           const Dictionary* dict);
  ShareSet(const ShareSet&) = delete;
  ShareSet& operator=(const ShareSet&) = delete;

  // Adds the shares of one event (for every action the event performs).
  void Add(const Event& event);
  void Add(const EventBatch& batch) {
    for (const Event& e : batch.events()) Add(e);
  }
  // Makes room for `n` shares per action (an estimate; more may still be added).
  void Reserve(size_t n) {
    for (auto& a : per_action_) a->shares.reserve(n);
  }
  // Adds one share directly (tests, generators): object given by key.
  void AddShare(size_t action_index, std::string_view object_key, AccountId account, TimeMs time,
                uint32_t content = kNoContent);

  size_t num_actions() const { return per_action_.size(); }
  const ActionShares& action(size_t i) const { return *per_action_[i]; }
  ActionShares& mutable_action(size_t i) { return *per_action_[i]; }
  const Dictionary& dict() const { return *dict_; }
  uint64_t total_shares() const;
  // One more than the largest account id seen (sizes per-account arrays).
  uint32_t account_bound() const { return account_bound_; }
  // Posts, quotes and replies each account wrote in the input (indexed by AccountId, may be
  // shorter than account_bound()): the posts others could have acted on.
  const std::vector<uint32_t>& authored_posts() const { return authored_; }

 private:
  const Dictionary* dict_;
  std::vector<std::unique_ptr<ActionShares>> per_action_;
  std::vector<ActionKeyer> keyers_;
  // For actions on a target post: PostId -> ObjectId (kNone until seen), which skips the
  // string keys on the hot path.
  std::vector<std::vector<uint32_t>> post_object_;
  std::vector<std::string> keys_;
  std::vector<uint32_t> authored_;
  uint32_t seq_ = 0;
  uint32_t account_bound_ = 0;
};

}  // namespace sakimori::coord
