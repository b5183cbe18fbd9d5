// File: detect/coord/share_set.cc
#include "detect/coord/share_set.h"

namespace sakimori::coord {

ShareSet::ShareSet(const std::vector<Action>& actions, const ExtractOptions& options,
                   const Dictionary* dict)
    : dict_(dict) {
  for (Action a : actions) {
    auto s = std::make_unique<ActionShares>();
    s->action = a;
    per_action_.push_back(std::move(s));
    keyers_.emplace_back(a, options, dict);
  }
  post_object_.resize(actions.size());
}

void ShareSet::Add(const Event& e) {
  if (e.actor == kNoAccount) return;
  uint32_t seq = seq_++;
  if (e.kind == EventKind::kPost || e.kind == EventKind::kQuote || e.kind == EventKind::kReply) {
    if (e.actor >= authored_.size())
      authored_.resize(std::max<size_t>(e.actor + 1, authored_.size() * 2), 0);
    ++authored_[e.actor];
  }
  for (size_t i = 0; i < keyers_.size(); ++i) {
    if (keyers_[i].KeysTargetPost()) {
      const PostId target = keyers_[i].TargetPost(e);
      if (target == kNoPost) continue;
      std::vector<uint32_t>& map = post_object_[i];
      if (target >= map.size())
        map.resize(std::max<size_t>(target + 1, map.size() * 2), Interner::kNone);
      ActionShares& as = *per_action_[i];
      if (map[target] == Interner::kNone)
        map[target] = as.objects.Intern(dict_->posts.Name(target));
      if (e.target_account != kNoAccount) {  // the first event that names the author
        const uint32_t id = map[target];
        if (id >= as.object_author.size()) as.object_author.resize(id + 1, kNoAccount);
        if (as.object_author[id] == kNoAccount) as.object_author[id] = e.target_account;
      }
      as.shares.push_back(
          Share{e.time, map[target], e.actor, e.post == kNoPost ? kNoContent : e.post, seq});
      if (e.actor >= account_bound_) account_bound_ = e.actor + 1;
      continue;
    }
    keyers_[i].Keys(e, &keys_);
    if (keys_.empty()) continue;
    ActionShares& as = *per_action_[i];
    for (const std::string& k : keys_) {
      as.shares.push_back(Share{e.time, as.objects.Intern(k), e.actor,
                                e.post == kNoPost ? kNoContent : e.post, seq});
    }
    if (e.actor >= account_bound_) account_bound_ = e.actor + 1;
  }
}

void ShareSet::AddShare(size_t action_index, std::string_view object_key, AccountId account,
                        TimeMs time, uint32_t content) {
  ActionShares& as = *per_action_[action_index];
  as.shares.push_back(Share{time, as.objects.Intern(object_key), account, content, seq_++});
  if (account >= account_bound_) account_bound_ = account + 1;
}

uint64_t ShareSet::total_shares() const {
  uint64_t n = 0;
  for (const auto& a : per_action_) n += a->shares.size();
  return n;
}

}  // namespace sakimori::coord
