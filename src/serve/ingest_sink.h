// File: serve/ingest_sink.h
// Where events accepted by POST /api/ingest go. The analysis engine implements IngestSink
// and is handed to the server (ServerOptions::sink); until then CountingSink counts events
// per kind.
//
// Contract: the server calls Accept with its ingest lock held, so calls never overlap and
// arrive in queue order (batch sequence order, also when the queue replays after a
// restart). Account and post ids in events are interned in the Dictionary given to the
// server (ServerOptions::dictionary), which the sink may read inside Accept. The batch and
// its strings live only during the call: copy what must be kept. Return OK once the
// events are taken; an error leaves the batch in the durable queue, to be replayed at the
// next start, and with it every later body (no acknowledgement nor checkpoint is made after
// it; delivery is at least once: after a crash between Accept and the queue's
// acknowledgement, the batches of that request body are handed over again).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>

#include "common/status.h"
#include "model/event.h"

namespace sakimori::serve {

class IngestSink {
 public:
  virtual ~IngestSink() = default;
  [[nodiscard]] virtual Status Accept(const EventBatch& batch) = 0;

  // A sink that saves its own state (the live engine's checkpoint) returns true. The server
  // then acknowledges queued bodies only once Checkpoint has saved a state that holds them,
  // and at start-up hands over only the queued bodies after restored_seq(): what the sink
  // has taken is neither lost by a crash nor taken twice.
  virtual bool checkpoints() const { return false; }
  // Saves the state after every body up to queue sequence number `seq`, durably, before
  // returning OK. Called under the ingest lock, every ServerOptions::checkpoint_every_ms of
  // wall time while bodies arrive, and at Stop.
  [[nodiscard]] virtual Status Checkpoint(uint64_t seq) {
    (void)seq;
    return absl::OkStatus();
  }
  // The same save beside ingest: BeginCheckpoint(seq) starts saving the state as it is now
  // (after every body up to `seq`) and may return before it is durable; the server goes on
  // delivering bodies and asks PollCheckpoint for the outcome, which is nullopt while the
  // save runs (only when `wait` is false) and then its Status, once. An error of Begin means
  // nothing was started. At most one runs at a time. Both under the ingest lock. The defaults
  // run Checkpoint(seq) at once.
  [[nodiscard]] virtual Status BeginCheckpoint(uint64_t seq) {
    begun_ = Checkpoint(seq);
    return absl::OkStatus();
  }
  virtual std::optional<Status> PollCheckpoint(bool wait) {
    (void)wait;
    std::optional<Status> done = std::move(begun_);
    begun_.reset();
    return done;
  }
  // The last queue sequence number the state restored at start-up holds (0: none).
  virtual uint64_t restored_seq() const { return 0; }
  // Failed attempts, since the last success, to write what the sink derives from the events
  // (the live analysis' campaign state); 0 when it is up to date. Thread-safe.
  virtual uint64_t failing_writes() const { return 0; }
  // Successful writes of that derived state so far (under the ingest lock, like Accept). When
  // it grows after a body, the server wakes the alert stream (GET /api/stream) at once rather
  // than leaving the new alerts to its next poll of the store.
  virtual uint64_t writes() const { return 0; }

 private:
  std::optional<Status> begun_;  // the outcome of the default BeginCheckpoint
};

// Counts events per EventKind. Thread-safe reads.
class CountingSink : public IngestSink {
 public:
  static constexpr int kKinds = 16;
  Status Accept(const EventBatch& batch) override;
  uint64_t total() const { return total_.load(); }
  uint64_t count(EventKind kind) const { return by_kind_[static_cast<int>(kind)].load(); }

 private:
  std::atomic<uint64_t> total_{0};
  std::array<std::atomic<uint64_t>, kKinds> by_kind_{};
};

}  // namespace sakimori::serve
