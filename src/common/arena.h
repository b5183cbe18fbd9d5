// File: common/arena.h
// A bump allocator for short-lived strings and arrays that belong to one batch of events.
// Memory is handed out in blocks and released all at once by Reset(); pointers stay valid
// until then. Not thread-safe: one owner at a time.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace sakimori {

class Arena {
 public:
  explicit Arena(size_t block_bytes = 1 << 20) : block_bytes_(block_bytes) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // Returns `n` bytes aligned to `align` (a power of two not above 16).
  void* Allocate(size_t n, size_t align = 8) {
    size_t pad = (align - (reinterpret_cast<uintptr_t>(ptr_) & (align - 1))) & (align - 1);
    if (pad + n > remaining_) return AllocateSlow(n, align);
    char* p = ptr_ + pad;
    ptr_ += pad + n;
    remaining_ -= pad + n;
    return p;
  }

  // Copies `s` into the arena and returns a view of the copy.
  std::string_view Copy(std::string_view s) {
    if (s.empty()) return {};
    char* p = static_cast<char*>(Allocate(s.size(), 1));
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }

  // An uninitialised array of `n` trivially destructible `T`.
  template <typename T>
  T* AllocateArray(size_t n) {
    static_assert(std::is_trivially_destructible_v<T>);
    return static_cast<T*>(Allocate(n * sizeof(T), alignof(T)));
  }

  // Releases everything handed out; keeps the first block for reuse.
  void Reset() {
    if (blocks_.size() > 1) blocks_.resize(1);
    if (!blocks_.empty()) {
      ptr_ = blocks_[0].get();
      remaining_ = first_block_size_;
    }
  }

  size_t BytesReserved() const { return reserved_; }

  // Exchanges the contents of two arenas; pointers handed out stay valid (blocks do not move).
  void Swap(Arena& other) {
    std::swap(block_bytes_, other.block_bytes_);
    blocks_.swap(other.blocks_);
    std::swap(first_block_size_, other.first_block_size_);
    std::swap(reserved_, other.reserved_);
    std::swap(ptr_, other.ptr_);
    std::swap(remaining_, other.remaining_);
  }

 private:
  void* AllocateSlow(size_t n, size_t align) {
    size_t size = n + align > block_bytes_ ? n + align : block_bytes_;
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));  // not zero-filled
    if (blocks_.size() == 1) first_block_size_ = size;
    reserved_ += size;
    ptr_ = blocks_.back().get();
    remaining_ = size;
    return Allocate(n, align);
  }

  size_t block_bytes_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t first_block_size_ = 0;
  size_t reserved_ = 0;
  char* ptr_ = nullptr;
  size_t remaining_ = 0;
};

}  // namespace sakimori
