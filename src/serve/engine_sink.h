// File: serve/engine_sink.h
// Live analysis: the IngestSink that feeds events accepted by POST /api/ingest into the
// one-pass engine (engine/engine.h), and after every detection step writes the campaigns,
// their members, edges, items and alerts into the store, where the alert feed (alert_feed.h)
// finds them and pushes them to open dashboards. The engine's detection steps are driven by
// event time, so alerts appear as soon as the ingested events cross a step mark.
//
// Thread safety: the server calls Accept under its ingest lock (ingest_sink.h); the sink owns
// its own store connection.
#pragma once

#include <memory>

#include "absl/container/flat_hash_set.h"
#include "engine/engine.h"
#include "serve/ingest_sink.h"
#include "store/store.h"

namespace sakimori::serve {

class EngineSink : public IngestSink {
 public:
  // `engine` must outlive the sink; `store` is the sink's own connection; `run_id` an existing
  // run record that the written rows name.
  EngineSink(engine::Engine* engine, std::unique_ptr<Store> store, int64_t run_id)
      : engine_(engine), store_(std::move(store)), run_id_(run_id) {}

  // Consumes the batch; after a detection step, publishes the campaign state. Errors: those of
  // the engine or the store (the batch then stays queued and is replayed).
  Status Accept(const EventBatch& batch) override;

  uint64_t published_steps() const { return published_steps_; }

 private:
  engine::Engine* engine_;
  std::unique_ptr<Store> store_;
  int64_t run_id_;
  uint64_t published_steps_ = 0;
  absl::flat_hash_set<uint64_t> evidenced_;
};

}  // namespace sakimori::serve
