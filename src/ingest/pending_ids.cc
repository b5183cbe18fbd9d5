// File: ingest/pending_ids.cc
#include "ingest/pending_ids.h"

namespace sakimori {

void PendingIds::Resolve(Dictionary* dict, EventBatch* batch) {
  ResolveList(accounts_, dict->accounts, batch);
  ResolveList(posts_, dict->posts, batch);
}

void PendingIds::ResolveList(List& list, Interner& interner, EventBatch* batch) {
  const size_t n = list.size;
  if (n == 0) return;
  ids_.resize(n);
  interner.InternMany(list.keys.data(), n, ids_.data());
  for (size_t i = 0; i < n; ++i) {
    Event& e = (*batch)[list.targets[i].event];
    switch (list.targets[i].field) {
      case Field::kActor:
        e.actor = ids_[i];
        break;
      case Field::kPost:
        e.post = ids_[i];
        break;
      case Field::kTarget:
        e.target = ids_[i];
        break;
      case Field::kTargetAccount:
        e.target_account = ids_[i];
        break;
    }
  }
  list.size = 0;
}

}  // namespace sakimori
