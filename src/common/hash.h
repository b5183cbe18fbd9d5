// File: common/hash.h
// Fast non-cryptographic hashing (xxHash3) for interning, sketches and partitioning.
// Stable across runs and machines, so results that depend on hashes are deterministic.
#pragma once

#include <xxhash.h>

#include <cstdint>
#include <string_view>

namespace sakimori {

inline uint64_t Hash64(std::string_view s, uint64_t seed = 0) {
  return XXH3_64bits_withSeed(s.data(), s.size(), seed);
}

// XXH3-64 of bytes given in pieces: Digest() equals Hash64 of their concatenation.
class StreamHash {
 public:
  StreamHash() : state_(XXH3_createState()) { XXH3_64bits_reset(state_); }
  ~StreamHash() { XXH3_freeState(state_); }
  StreamHash(const StreamHash&) = delete;
  StreamHash& operator=(const StreamHash&) = delete;
  void Update(std::string_view s) { XXH3_64bits_update(state_, s.data(), s.size()); }
  uint64_t Digest() const { return XXH3_64bits_digest(state_); }

 private:
  XXH3_state_t* state_;
};

inline uint64_t Mix64(uint64_t x) {
  // SplitMix64 finaliser (Steele, Lea & Flood 2014): a bijection with good avalanche.
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

}  // namespace sakimori
