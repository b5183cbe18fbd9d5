// File: ingest/pending_ids.h
// Interning deferred to the end of a batch. A parser that knows a record is good names the
// event fields that take an interned account or post id; Resolve then interns all keys of
// the batch in request order with Interner::InternMany (which prefetches the hash table) and
// writes the ids into the events. Ids equal those of interning each key as it is read,
// because each interner sees its keys in the same order. Owned by one reader; not
// thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "model/event.h"

namespace sakimori {

class PendingIds {
 public:
  enum class Field : uint8_t { kActor, kPost, kTarget, kTargetAccount };

  // Asks for event `event`'s `field` to be set to the id of `key` (an account id for kActor
  // and kTargetAccount, a post id otherwise). `key` must stay valid until Resolve: copy it
  // into the batch arena.
  void Add(uint32_t event, Field field, std::string_view key) {
    List& list = field == Field::kActor || field == Field::kTargetAccount ? accounts_ : posts_;
    if (list.size == list.keys.size()) list.Grow();
    list.keys[list.size] = key;
    list.targets[list.size] = Target{event, field};
    ++list.size;
  }

  // A position to roll back to when the record being parsed turns out bad.
  struct Mark {
    size_t accounts = 0;
    size_t posts = 0;
  };
  Mark mark() const { return {accounts_.size, posts_.size}; }
  void Rollback(const Mark& m) {
    accounts_.size = m.accounts;
    posts_.size = m.posts;
  }

  bool empty() const { return accounts_.size == 0 && posts_.size == 0; }

  // Interns every pending key into `dict` and writes the ids into `batch`'s events; then
  // forgets the requests.
  void Resolve(Dictionary* dict, EventBatch* batch);
  // Like Resolve for the account ids alone (Resolve then does the post ids).
  void ResolveAccounts(Dictionary* dict, EventBatch* batch) {
    ResolveList(accounts_, dict->accounts, batch);
  }

 private:
  struct Target {
    uint32_t event;
    Field field;
  };
  // Requests [0, size) of keys and targets; the vectors only grow, so adding is a store.
  struct List {
    std::vector<std::string_view> keys;
    std::vector<Target> targets;
    size_t size = 0;
    void Grow() {
      keys.resize(keys.size() < 1024 ? 1024 : 2 * keys.size());
      targets.resize(keys.size());
    }
  };
  void ResolveList(List& list, Interner& interner, EventBatch* batch);

  List accounts_;
  List posts_;
  std::vector<uint32_t> ids_;
};

}  // namespace sakimori
