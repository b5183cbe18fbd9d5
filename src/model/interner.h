// File: model/interner.h
// Maps external string ids (account ids, post ids) to dense 32-bit integers 0, 1, 2, ... in
// order of first appearance, so per-key state can live in flat arrays. The same input order
// gives the same ids, which keeps every result deterministic. Not thread-safe.
//
// The table is open addressing with linear probing over 16-byte slots that hold the key's
// full 64-bit hash and a pointer to the key, so a probe touches one cache line, a key is
// compared only when its hash matches, and growing the table never reads the keys. Keys
// live in an arena, each behind its id and 32-bit length. Interning millions of mostly new
// post ids is bound by cache misses on the table; InternMany hides them by hashing a whole
// batch of keys first and prefetching the slots (and the keys those slots point to) a few
// keys ahead of the inserts, with the same ids as one Intern call per key in order. Tables of
// 16 MB and more ask the kernel for transparent huge pages: probes at random over more pages
// than the TLB holds otherwise miss it on nearly every access, which costs most under a
// hypervisor. Smaller tables do not: the kernel may compact memory to find a huge page, which
// stalled `coord` on CooRTweet's Russian table (a 2 MB table) for up to 6 ms. Tables of 64 KB
// and more are faulted in for writing when allocated (see AllocateSlots).
#pragma once

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>
#include <utility>
#include <vector>

#include "common/arena.h"
#include "common/hash.h"

namespace sakimori {

class Interner {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  Interner() : arena_(1 << 16) { Rehash(kMinCapacity); }
  ~Interner() { FreeSlots(slots_, capacity_); }
  Interner(const Interner&) = delete;
  Interner& operator=(const Interner&) = delete;

  // The id of `key`, assigning the next free one if it is new. `key` must not be empty.
  uint32_t Intern(std::string_view key) {
    if (2 * (names_.size() + 1) > capacity_) Rehash(2 * capacity_);
    return InternHashed(key, Hash64(key));
  }

  // Interns keys[0..n) in order into ids[0..n): the same ids as n calls to Intern, faster
  // for large batches (see the file comment).
  void InternMany(const std::string_view* keys, size_t n, uint32_t* ids) {
    if (n == 0) return;
    if (2 * (names_.size() + n) > capacity_) Reserve(names_.size() + n);
    hashes_.resize(n);
    for (size_t i = 0; i < n; ++i) hashes_[i] = Hash64(keys[i]);
    const size_t head = n < kSlotAhead ? n : kSlotAhead;
    for (size_t i = 0; i < head; ++i) __builtin_prefetch(&slots_[hashes_[i] & mask_]);
    for (size_t i = 0; i < n; ++i) {
      if (i + kSlotAhead < n) __builtin_prefetch(&slots_[hashes_[i + kSlotAhead] & mask_]);
      if (i + kKeyAhead < n) PrefetchKey(hashes_[i + kKeyAhead]);
      ids[i] = InternHashed(keys[i], hashes_[i]);
    }
  }

  // The id of `key`, or kNone if it was never interned.
  uint32_t Find(std::string_view key) const {
    const uint64_t h = Hash64(key);
    for (size_t pos = h & mask_;; pos = (pos + 1) & mask_) {
      const Slot& s = slots_[pos];
      if (s.key == nullptr) return kNone;
      if (s.hash == h && KeyEquals(s.key, key)) return StoredId(s.key);
    }
  }

  // The string of an id handed out earlier; valid for the interner's lifetime.
  std::string_view Name(uint32_t id) const {
    const char* stored = names_[id];
    return std::string_view(stored + kHeader, Load32(stored + sizeof(uint32_t)));
  }
  size_t size() const { return names_.size(); }
  // Makes room for `n` keys in all without growing again.
  void Reserve(size_t n) {
    size_t capacity = capacity_;
    while (capacity < 2 * n) capacity *= 2;
    if (capacity != capacity_) Rehash(capacity);
    names_.reserve(n);
  }

 private:
  // key == nullptr marks an empty slot; otherwise key points at the key's id and 32-bit
  // length, followed by its bytes.
  struct Slot {
    const char* key = nullptr;
    uint64_t hash = 0;
  };
  static constexpr size_t kHeader = 2 * sizeof(uint32_t);
  static constexpr size_t kMinCapacity = 64;
  static constexpr size_t kHugePage = size_t{2} << 20;
  static constexpr size_t kHugeTable = size_t{16} << 20;  // from here on huge pages
  static constexpr size_t kMapped = size_t{64} << 10;
  // How far ahead InternMany prefetches slots, and keys of the slots already fetched.
  static constexpr size_t kSlotAhead = 16;
  static constexpr size_t kKeyAhead = 8;

  static uint32_t StoredId(const char* stored) {
    uint32_t id;
    std::memcpy(&id, stored, sizeof id);
    return id;
  }

  static uint64_t Load64(const char* p) {
    uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static uint32_t Load32(const char* p) {
    uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }

  static bool KeyEquals(const char* stored, std::string_view key) {
    uint32_t len;
    std::memcpy(&len, stored + sizeof(uint32_t), sizeof len);
    if (len != key.size()) return false;
    const char* a = stored + kHeader;
    const char* b = key.data();
    // Ids are mostly short: compare them with overlapping loads instead of calling memcmp
    // (hex digests such as CooRTweet's 32-character ids take four).
    if (len >= 8 && len <= 16) {
      return Load64(a) == Load64(b) && Load64(a + len - 8) == Load64(b + len - 8);
    }
    if (len > 16 && len <= 32) {
      return ((Load64(a) ^ Load64(b)) | (Load64(a + 8) ^ Load64(b + 8)) |
              (Load64(a + len - 16) ^ Load64(b + len - 16)) |
              (Load64(a + len - 8) ^ Load64(b + len - 8))) == 0;
    }
    if (len >= 4 && len < 8) {
      return Load32(a) == Load32(b) && Load32(a + len - 4) == Load32(b + len - 4);
    }
    return std::memcmp(a, b, len) == 0;
  }

  // Capacity must leave room for one more key (at most half full after it).
  uint32_t InternHashed(std::string_view key, uint64_t h) {
    size_t pos = h & mask_;
    while (true) {
      const Slot& s = slots_[pos];
      if (s.key == nullptr) break;
      if (s.hash == h && KeyEquals(s.key, key)) return StoredId(s.key);
      pos = (pos + 1) & mask_;
    }
    const uint32_t id = static_cast<uint32_t>(names_.size());
    const uint32_t len = static_cast<uint32_t>(key.size());
    char* stored = static_cast<char*>(arena_.Allocate(kHeader + key.size(), alignof(uint32_t)));
    std::memcpy(stored, &id, sizeof id);
    std::memcpy(stored + sizeof id, &len, sizeof len);
    if (len > 0) std::memcpy(stored + kHeader, key.data(), len);
    slots_[pos] = Slot{stored, h};
    names_.push_back(stored);
    return id;
  }

  // Prefetches the key of the first slot on h's probe path whose hash matches (its slot line
  // was prefetched earlier), so the comparison in InternHashed does not wait for memory.
  void PrefetchKey(uint64_t h) const {
    size_t pos = h & mask_;
    for (int probe = 0; probe < 4; ++probe, pos = (pos + 1) & mask_) {
      const Slot& s = slots_[pos];
      if (s.key == nullptr) return;
      if (s.hash == h) {
        __builtin_prefetch(s.key);
        return;
      }
    }
  }

  // Zeroed memory for `n` slots, released by FreeSlots. Tables of kMapped bytes and more are
  // mapped and faulted in for writing at once; from kHugeTable they start at a 2 MB boundary
  // and are marked for transparent huge pages (the kernel may still use small pages). Left to
  // the probes, the first read of a fresh page maps the shared zero page and the first write
  // then copies it, and every such copy flushes the TLB of each core running this process
  // (the CSV reader's thread, for one): that cost 15 % of a whole `coord` run on the Russian
  // table. Kernels before 5.14 reject MADV_POPULATE_WRITE; the table then faults in lazily.
  static Slot* AllocateSlots(size_t n) {
    const size_t bytes = n * sizeof(Slot);
    if (bytes < kMapped) {
      void* p = std::calloc(n, sizeof(Slot));
      if (p == nullptr) throw std::bad_alloc();
      return static_cast<Slot*>(p);
    }
    const size_t align = bytes < kHugeTable ? 0 : kHugePage;
    // Map `align` bytes more than needed and trim the ends so the table starts aligned.
    const size_t mapped = bytes + align;
    void* raw = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    void* p = raw;
    if (align != 0) {
      const uintptr_t start = reinterpret_cast<uintptr_t>(raw);
      const uintptr_t aligned = (start + align - 1) & ~(uintptr_t{align} - 1);
      if (aligned > start) munmap(raw, aligned - start);
      const uintptr_t end = start + mapped;
      if (end > aligned + bytes) munmap(reinterpret_cast<void*>(aligned + bytes), end - aligned - bytes);
      p = reinterpret_cast<void*>(aligned);
      madvise(p, bytes, MADV_HUGEPAGE);
    }
    madvise(p, bytes, MADV_POPULATE_WRITE);
    return static_cast<Slot*>(p);
  }
  static void FreeSlots(Slot* slots, size_t n) {
    if (slots == nullptr) return;
    if (n * sizeof(Slot) < kMapped) {
      std::free(slots);
    } else {
      munmap(slots, n * sizeof(Slot));
    }
  }

  // Moves every key into a table of `capacity` slots (a power of two). Slots are visited in
  // table order, so the writes into the new table run nearly sequentially.
  void Rehash(size_t capacity) {
    Slot* old = std::exchange(slots_, AllocateSlots(capacity));
    const size_t old_capacity = std::exchange(capacity_, capacity);
    mask_ = capacity - 1;
    for (size_t i = 0; i < old_capacity; ++i) {
      const Slot& s = old[i];
      if (s.key == nullptr) continue;
      size_t pos = s.hash & mask_;
      while (slots_[pos].key != nullptr) pos = (pos + 1) & mask_;
      slots_[pos] = s;
    }
    FreeSlots(old, old_capacity);
  }

  Arena arena_;
  Slot* slots_ = nullptr;  // capacity_ slots from AllocateSlots
  size_t capacity_ = 0;
  size_t mask_ = 0;
  std::vector<const char*> names_;  // per id: its stored key (id, length, bytes), 8 bytes
  std::vector<uint64_t> hashes_;  // InternMany's scratch
};

}  // namespace sakimori
