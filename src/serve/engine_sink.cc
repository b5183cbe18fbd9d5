// File: serve/engine_sink.cc
#include "serve/engine_sink.h"

#include <filesystem>

#include "common/bytes.h"
#include "common/checkpoint_io.h"
#include "common/log.h"
#include "common/strings.h"
#include "engine/store_writer.h"

namespace sakimori::serve {

Status EngineSink::Accept(const EventBatch& batch) {
  RETURN_IF_ERROR(engine_->Consume(batch));
  // The events are taken: a failed write of the campaign state is not the batch's failure
  // (handing the batch over again would count its events twice). It is retried after the
  // next batch, and a checkpoint waits for it.
  (void)Publish();
  return absl::OkStatus();
}

Status EngineSink::Publish() {
  const uint64_t steps = engine_->stats().detect_steps;
  if (steps == published_steps_) return absl::OkStatus();
  if (const Status st = engine::WriteCampaignState(*engine_, run_id_, store_.get(), &evidenced_);
      !st.ok()) {
    // Logged once per outage, not once per batch.
    if (failing_for_.fetch_add(1) == 0) {
      SAKIMORI_LOG_WARN("serve: writing the campaign state failed, retried after each batch: {}",
                        Message(st));
    }
    ++publish_failures_;
    return st;
  }
  if (const uint64_t failed = failing_for_.exchange(0); failed > 0) {
    SAKIMORI_LOG_INFO("serve: campaign state written again after {} failed attempts", failed);
  }
  published_steps_ = steps;
  return absl::OkStatus();
}

namespace {
constexpr std::string_view kStateMagic = "SKSS";
constexpr uint8_t kStateVersion = 1;
constexpr std::string_view kStateWhat = "serve state";

// Opens a state file at the start of the engine's checkpoint, past the "SKSS" head of a
// serve state (whose queue sequence number goes to *seq; 0 for an engine checkpoint alone).
StatusOr<std::unique_ptr<FileCheckpointReader>> OpenEngineState(const std::string& path,
                                                                uint64_t* seq) {
  *seq = 0;
  ASSIGN_OR_RETURN(auto in, FileCheckpointReader::Open(path));
  std::string magic;
  RETURN_IF_ERROR(in->Read(4, &magic));
  if (magic == kStateMagic) {
    std::string rest;
    RETURN_IF_ERROR(in->Read(9, &rest));
    const std::string head = magic + rest;  // the reader views it
    ByteReader r(head);
    RETURN_IF_ERROR(r.Header(kStateMagic, kStateVersion, kStateWhat));
    r.U64(seq);
    return in;
  }
  // The engine's checkpoint alone (`analyze --save-state`): read again from the start.
  return FileCheckpointReader::Open(path);
}

Status WithPath(const std::string& path, const Status& st) {
  return absl::Status(st.code(), StrCat(path, ": ", Message(st)));
}

}  // namespace

StatusOr<uint64_t> RestoreEngineState(const std::string& path, engine::Engine* engine) {
  uint64_t seq = 0;
  ASSIGN_OR_RETURN(auto in, OpenEngineState(path, &seq));
  if (const Status st = engine->Restore(*in); !st.ok()) return WithPath(path, st);
  return seq;
}

StatusOr<std::optional<TimeMs>> StateDetectEvery(const std::string& path) {
  uint64_t seq = 0;
  ASSIGN_OR_RETURN(auto in, OpenEngineState(path, &seq));
  auto every = engine::Engine::SavedDetectEvery(*in);
  if (!every.ok()) return WithPath(path, every.status());
  return every;
}

StatusOr<uint64_t> EngineSink::KeepState(const std::string& path) {
  state_path_ = path;
  restored_seq_ = 0;
  if (!std::filesystem::exists(path)) return uint64_t{0};
  ASSIGN_OR_RETURN(restored_seq_, RestoreEngineState(path, engine_));
  published_steps_ = engine_->stats().detect_steps;  // published before the restart
  return restored_seq_;
}

Status EngineSink::Checkpoint(uint64_t seq) {
  if (state_path_.empty()) return absl::FailedPreconditionError("no state file (KeepState)");
  // A restored state counts as published: the store must hold what it holds.
  if (const Status st = Publish(); !st.ok()) {
    return absl::Status(st.code(),
                        StrCat("campaign state not written, so no checkpoint: ", Message(st)));
  }
  const std::string tmp = state_path_ + ".tmp";
  ASSIGN_OR_RETURN(auto out, FileCheckpointWriter::Open(tmp));
  std::string head;
  WriteHeader(&head, kStateMagic, kStateVersion);
  ByteWriter(&head).U64(seq);
  RETURN_IF_ERROR(out->Write(head));
  RETURN_IF_ERROR(engine_->Save(*out));
  RETURN_IF_ERROR(out->Close());
  std::error_code error;
  std::filesystem::rename(tmp, state_path_, error);
  if (error) {
    return absl::UnavailableError(StrCat("cannot write ", state_path_, ": ", error.message()));
  }
  SAKIMORI_LOG_INFO("serve: engine state through body {} ({} events) -> {}", seq,
                    engine_->stats().events, state_path_);
  return absl::OkStatus();
}

}  // namespace sakimori::serve
