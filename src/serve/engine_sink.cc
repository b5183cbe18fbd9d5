// File: serve/engine_sink.cc
#include "serve/engine_sink.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <functional>
#include <system_error>

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
  // Temporary files of saves that did not finish (the server or its state writer was killed).
  const std::filesystem::path state(path);
  const std::string stale = state.filename().string() + ".tmp";
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(
           state.has_parent_path() ? state.parent_path() : ".", error)) {
    if (entry.path().filename().string().starts_with(stale)) {
      std::filesystem::remove(entry.path(), error);
    }
  }
  if (!std::filesystem::exists(path)) return uint64_t{0};
  ASSIGN_OR_RETURN(restored_seq_, RestoreEngineState(path, engine_));
  published_steps_ = engine_->stats().detect_steps;  // published before the restart
  return restored_seq_;
}

Status EngineSink::PublishBeforeCheckpoint() {
  // A restored state counts as published: the store must hold what it holds.
  if (const Status st = Publish(); !st.ok()) {
    return absl::Status(st.code(),
                        StrCat("campaign state not written, so no checkpoint: ", Message(st)));
  }
  return absl::OkStatus();
}

Status EngineSink::Checkpoint(uint64_t seq) {
  if (state_path_.empty()) return absl::FailedPreconditionError("no state file (KeepState)");
  // One writer of the file at a time; the outcome of a running child is still PollCheckpoint's.
  if (saver_pid_ > 0) finished_ = PollCheckpoint(/*wait=*/true);
  RETURN_IF_ERROR(PublishBeforeCheckpoint());
  RETURN_IF_ERROR(WriteState(seq, state_path_ + ".tmp", [] { return true; }));
  SAKIMORI_LOG_INFO("serve: engine state through body {} ({} events) -> {}", seq,
                    engine_->stats().events, state_path_);
  return absl::OkStatus();
}

Status EngineSink::WriteState(uint64_t seq, const std::string& tmp,
                              const std::function<bool()>& may_replace) const {
  ASSIGN_OR_RETURN(auto out, FileCheckpointWriter::Open(tmp));
  std::string head;
  WriteHeader(&head, kStateMagic, kStateVersion);
  ByteWriter(&head).U64(seq);
  RETURN_IF_ERROR(out->Write(head));
  RETURN_IF_ERROR(engine_->Save(*out));
  RETURN_IF_ERROR(out->Close());
  if (!may_replace()) {
    std::filesystem::remove(tmp);
    return absl::AbortedError("the server stopped before the state was complete");
  }
  std::error_code error;
  std::filesystem::rename(tmp, state_path_, error);
  if (error) {
    return absl::UnavailableError(StrCat("cannot write ", state_path_, ": ", error.message()));
  }
  return absl::OkStatus();
}

Status EngineSink::BeginCheckpoint(uint64_t seq) {
  if (state_path_.empty()) return absl::FailedPreconditionError("no state file (KeepState)");
  if (saver_pid_ > 0 || finished_.has_value()) {
    return absl::FailedPreconditionError("a checkpoint is already running");
  }
  RETURN_IF_ERROR(PublishBeforeCheckpoint());
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    finished_ = Checkpoint(seq);
    return absl::OkStatus();
  }
  const pid_t parent = ::getpid();
  const auto fork_start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    // The child: one thread, a snapshot of the engine. Only what the save needs: no logging
    // (another thread may have held the logger's lock at the fork), no destructors (_exit).
    // Its own temporary file, and no rename once the server is gone: a server started after
    // a crash may have saved a newer state since.
    ::close_range(3, static_cast<unsigned>(fds[1]) - 1, 0);
    ::close_range(static_cast<unsigned>(fds[1]) + 1, ~0U, 0);
    const Status st = WriteState(seq, StrCat(state_path_, ".tmp-", ::getpid()),
                                 [parent] { return ::getppid() == parent; });
    if (st.ok()) ::_exit(0);
    const std::string message(Message(st));
    (void)!::write(fds[1], message.data(), std::min<size_t>(message.size(), 4096));
    ::_exit(1);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    finished_ = Checkpoint(seq);
    return absl::OkStatus();
  }
  saver_pid_ = pid;
  saver_pipe_ = fds[0];
  saver_seq_ = seq;
  saver_fork_us_ = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::steady_clock::now() - fork_start)
                       .count();
  return absl::OkStatus();
}

std::optional<Status> EngineSink::PollCheckpoint(bool wait) {
  if (finished_.has_value()) {
    std::optional<Status> done = std::move(finished_);
    finished_.reset();
    return done;
  }
  if (saver_pid_ <= 0) return std::nullopt;
  int wstatus = 0;
  pid_t r;
  do {
    r = ::waitpid(saver_pid_, &wstatus, wait ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  const int wait_errno = errno;
  if (r == 0) return std::nullopt;
  std::string message;
  char buf[512];
  for (ssize_t n; (n = ::read(saver_pipe_, buf, sizeof buf)) > 0;) message.append(buf, n);
  ::close(saver_pipe_);
  saver_pid_ = -1;
  saver_pipe_ = -1;
  if (r < 0) {
    return absl::InternalError(
        StrCat("waiting for the state writer: ", std::generic_category().message(wait_errno)));
  }
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) {
    SAKIMORI_LOG_INFO(
        "serve: engine state through body {} -> {} (written beside ingest; the fork held it "
        "{:.1f} ms)",
        saver_seq_, state_path_, static_cast<double>(saver_fork_us_) / 1000);
    return absl::OkStatus();
  }
  if (message.empty()) {
    message = WIFSIGNALED(wstatus) ? StrCat("killed by signal ", WTERMSIG(wstatus))
                                   : StrCat("exit status ", WEXITSTATUS(wstatus));
  }
  return absl::UnavailableError(StrCat("state writer for ", state_path_, ": ", message));
}

EngineSink::~EngineSink() {
  if (saver_pid_ > 0) (void)PollCheckpoint(/*wait=*/true);
}

}  // namespace sakimori::serve
