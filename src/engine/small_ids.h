// File: engine/small_ids.h
// A growable list of 32-bit ids for the per-post state of the engine, where most lists hold
// one or two ids: up to two are held inline (no allocation), longer lists on the heap with
// capacities 4, 8, 16, ... 16 bytes, against 24 for a std::vector plus its allocation.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

namespace sakimori::engine {

// Owns its ids; copyable and movable. Not thread-safe. At most 2^31 ids.
class SmallIds {
 public:
  SmallIds() = default;
  SmallIds(const SmallIds& o) : size_(o.size_), capacity_(o.capacity_) {
    if (OnHeap()) {
      heap_ = new uint32_t[capacity_];
      std::memcpy(heap_, o.heap_, size_ * sizeof(uint32_t));
    } else {
      std::memcpy(inline_, o.inline_, sizeof inline_);
    }
  }
  SmallIds(SmallIds&& o) noexcept : size_(o.size_), capacity_(o.capacity_) {
    std::memcpy(inline_, o.inline_, sizeof inline_);  // the pointer too, when on the heap
    o.size_ = 0;
    o.capacity_ = kInline;
  }
  SmallIds& operator=(SmallIds o) noexcept {
    swap(o);
    return *this;
  }
  ~SmallIds() {
    if (OnHeap()) delete[] heap_;
  }
  void swap(SmallIds& o) noexcept {
    std::swap(size_, o.size_);
    std::swap(capacity_, o.capacity_);
    uint32_t tmp[kInline];
    std::memcpy(tmp, inline_, sizeof tmp);
    std::memcpy(inline_, o.inline_, sizeof tmp);
    std::memcpy(o.inline_, tmp, sizeof tmp);
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const uint32_t* begin() const { return OnHeap() ? heap_ : inline_; }
  const uint32_t* end() const { return begin() + size_; }
  uint32_t operator[](size_t i) const { return begin()[i]; }

  void push_back(uint32_t id) {
    if (size_ == capacity_) Grow();
    (OnHeap() ? heap_ : inline_)[size_++] = id;
  }

 private:
  static constexpr uint32_t kInline = 2;
  bool OnHeap() const { return capacity_ > kInline; }
  void Grow() {
    const uint32_t capacity = capacity_ * 2;
    uint32_t* heap = new uint32_t[capacity];
    std::memcpy(heap, begin(), size_ * sizeof(uint32_t));
    if (OnHeap()) delete[] heap_;
    heap_ = heap;
    capacity_ = capacity;
  }

  uint32_t size_ = 0;
  uint32_t capacity_ = kInline;
  union {
    uint32_t inline_[kInline] = {};
    uint32_t* heap_;
  };
};

}  // namespace sakimori::engine
