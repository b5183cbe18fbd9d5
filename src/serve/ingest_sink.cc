// File: serve/ingest_sink.cc
// The default sink: counts.
#include "serve/ingest_sink.h"

namespace sakimori::serve {

Status CountingSink::Accept(const EventBatch& batch) {
  for (const Event& e : batch.events()) {
    const int k = static_cast<int>(e.kind);
    if (k >= 0 && k < kKinds) by_kind_[k].fetch_add(1, std::memory_order_relaxed);
  }
  total_.fetch_add(batch.size());
  return absl::OkStatus();
}

}  // namespace sakimori::serve
