// File: serve/store_pool.cc
// Lending store connections to request threads.
#include "serve/store_pool.h"

namespace sakimori::serve {

StorePool::Lease::~Lease() {
  if (pool_ != nullptr && store_ != nullptr) pool_->Release(std::move(store_));
}

StatusOr<StorePool::Lease> StorePool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Store> store = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(store));
    }
  }
  StoreOptions options = options_;
  options.migrate = false;
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(url_, options));
  return Lease(this, std::move(store));
}

void StorePool::Release(std::unique_ptr<Store> store) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(store));
}

}  // namespace sakimori::serve
