// File: model/interner.h
// Maps external string ids (account ids, post ids) to dense 32-bit integers 0, 1, 2, ... in
// order of first appearance, so per-key state can live in flat arrays. The same input order
// gives the same ids, which keeps every result deterministic. Not thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/arena.h"
#include "common/hash.h"

namespace sakimori {

class Interner {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  Interner() : arena_(1 << 16) {}
  Interner(const Interner&) = delete;
  Interner& operator=(const Interner&) = delete;

  // The id of `key`, assigning the next free one if it is new. `key` must not be empty.
  uint32_t Intern(std::string_view key) {
    uint32_t next = static_cast<uint32_t>(names_.size());
    auto it = map_.lazy_emplace(key, [&](const auto& construct) {
      std::string_view stored = arena_.Copy(key);
      names_.push_back(stored);
      construct(stored, next);
    });
    return it->second;
  }

  // The id of `key`, or kNone if it was never interned.
  uint32_t Find(std::string_view key) const {
    auto it = map_.find(key);
    return it == map_.end() ? kNone : it->second;
  }

  // The string of an id handed out earlier; valid for the interner's lifetime.
  std::string_view Name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }
  void Reserve(size_t n) {
    map_.reserve(n);
    names_.reserve(n);
  }

 private:
  struct KeyHash {
    size_t operator()(std::string_view s) const { return Hash64(s); }
  };
  Arena arena_;
  absl::flat_hash_map<std::string_view, uint32_t, KeyHash> map_;
  std::vector<std::string_view> names_;
};

}  // namespace sakimori
