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

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "engine/engine.h"
#include "serve/ingest_sink.h"
#include "store/store.h"

namespace sakimori::serve {

// Restores a new engine (empty dictionary) from a state file: one written by
// EngineSink::Checkpoint (`serve --analyze --state`) or by Engine::Save alone (`analyze
// --save-state`). Returns the last ingest-queue sequence number the state holds (0 for the
// latter). Errors: those of Engine::Restore, prefixed with the path; an unreadable file.
StatusOr<uint64_t> RestoreEngineState(const std::string& path, engine::Engine* engine);
// The detection interval of the engine that wrote the state file (Engine::SavedDetectEvery);
// nullopt for states that do not name it. Errors: an unreadable file or not a state.
StatusOr<std::optional<TimeMs>> StateDetectEvery(const std::string& path);

class EngineSink : public IngestSink {
 public:
  // `engine` must outlive the sink; `store` is the sink's own connection; `run_id` an existing
  // run record that the written rows name.
  EngineSink(engine::Engine* engine, std::unique_ptr<Store> store, int64_t run_id)
      : engine_(engine), store_(std::move(store)), run_id_(run_id) {}

  // Consumes the batch; after a detection step, publishes the campaign state. Errors: those of
  // the engine (the batch then stays queued and is replayed). A failed write to the store is
  // not an error of the batch, whose events the engine has taken: it is logged, counted, and
  // retried after the next batch and before a checkpoint.
  Status Accept(const EventBatch& batch) override;

  // Detection steps whose campaign state is in the store; failed writes so far.
  uint64_t published_steps() const { return published_steps_; }
  uint64_t publish_failures() const { return publish_failures_; }

  // Keeping the engine's state across restarts: the sink checkpoints into `path` (the ingest
  // queue then acknowledges bodies only once saved; ingest_sink.h). When the file exists,
  // the state in it is first restored into the engine, which must be new, with an empty
  // dictionary (RestoreEngineState; a state written by `analyze --save-state` is taken too, so
  // that live analysis continues from the archive's). Returns the queue sequence number the
  // state holds. Errors: those of RestoreEngineState.
  StatusOr<uint64_t> KeepState(const std::string& path);
  // The state file: magic "SKSS", version 1, the last queue sequence number it holds (u64),
  // then the engine's checkpoint, whose checksum covers these bytes too. Written to
  // `path.tmp`, flushed, then renamed over `path`, so a failure never replaces a good state.
  // A pending write of the campaign state is retried first; while it fails, so does the
  // checkpoint (a restored state is taken as published).
  Status Checkpoint(uint64_t seq) override;
  // The checkpoint in a child process (fork): the child writes the state from its
  // copy-on-write image of the engine while this process goes on taking batches, so ingest
  // waits only for the pending store write and the fork, not for the save (about a second per
  // 200 MB). The child only serialises, writes and renames the file (it logs nothing and
  // leaves with _exit); its error comes back through a pipe. Memory: pages the engine
  // changes while the child runs are copied, at most the engine's size. The child writes
  // `path.tmp-PID` and renames it only while this process lives: after a crash, a restarted
  // server may already have saved a newer state (KeepState removes such leftovers). When fork
  // fails the checkpoint runs here, at once. Checkpoint and the destructor wait for a running
  // child.
  Status BeginCheckpoint(uint64_t seq) override;
  std::optional<Status> PollCheckpoint(bool wait) override;
  ~EngineSink() override;
  bool checkpoints() const override { return !state_path_.empty(); }
  uint64_t restored_seq() const override { return restored_seq_; }
  uint64_t failing_writes() const override { return failing_for_.load(); }
  uint64_t writes() const override { return published_steps_; }

 private:
  engine::Engine* engine_;
  std::unique_ptr<Store> store_;
  int64_t run_id_;
  // Writes the campaign state when a detection step has not been published yet.
  Status Publish();
  // Publish, its error naming the checkpoint it prevents.
  Status PublishBeforeCheckpoint();

  uint64_t published_steps_ = 0;
  uint64_t publish_failures_ = 0;
  std::atomic<uint64_t> failing_for_{0};  // failed attempts since the last successful write
  absl::flat_hash_set<uint64_t> evidenced_;
  std::string state_path_;
  uint64_t restored_seq_ = 0;
  // Writes the state into `tmp`, flushed, then renames it over the state file if
  // may_replace() (else removes it: Aborted).
  Status WriteState(uint64_t seq, const std::string& tmp,
                    const std::function<bool()>& may_replace) const;
  // The running child of BeginCheckpoint (-1: none), the read end of its error pipe, the
  // sequence number it saves; an outcome PollCheckpoint has not returned yet (a checkpoint
  // that ran here, or a child that Checkpoint waited for).
  int saver_pid_ = -1;
  int saver_pipe_ = -1;
  uint64_t saver_seq_ = 0;
  int64_t saver_fork_us_ = 0;  // how long the fork took (logged)
  std::optional<Status> finished_;
};

}  // namespace sakimori::serve
