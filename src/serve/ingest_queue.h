// File: serve/ingest_queue.h
// The durable ingest queue: each accepted request body is appended to a spool file and
// fsynced before the server answers, then handed to the IngestSink; once the sink has
// taken it, the queue records the body's sequence number as acknowledged. At start-up the
// bodies after the last acknowledged one are replayed, so nothing accepted is lost by a
// crash or restart (delivery is at least once).
//
// Files in `dir`: `ingest.spool` (frames: a header line
// "SKMQ1 <seq> <format> <partial 0|1> <bytes> <xxh3 hex>\n", the body, "\n") and
// `ingest.ack` (the last acknowledged seq, replaced atomically). A torn last frame (crash
// while appending) is cut off when opening. When every frame is acknowledged and the spool
// passes `compact_bytes`, it is emptied.
//
// Thread safety: not thread-safe, except that last_seq may be read from any thread at any
// time; the server serialises the other calls with its ingest lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sakimori::serve {

struct QueuedBody {
  uint64_t seq = 0;
  std::string format;  // reader format name ("canonical", ...)
  bool partial = false;
  std::string body;
};

class IngestQueue {
 public:
  ~IngestQueue();

  // Opens (creating `dir` and the files if needed). Errors: the directory or files cannot
  // be created or read; a corrupt frame before the end (DataLoss).
  [[nodiscard]] static StatusOr<std::unique_ptr<IngestQueue>> Open(
      const std::string& dir, uint64_t compact_bytes = uint64_t{1} << 30);

  // Appends a body durably (write + fdatasync) and returns its sequence number.
  [[nodiscard]] StatusOr<uint64_t> Append(std::string_view format, bool partial,
                                          std::string_view body);
  // Records that every body up to `seq` reached the sink (file replaced and fsynced).
  [[nodiscard]] Status Ack(uint64_t seq);
  // Calls `fn` for each body after the last acknowledged one, in order; stops at its first
  // error and returns it.
  [[nodiscard]] Status ForEachPending(const std::function<Status(const QueuedBody&)>& fn);

  uint64_t last_seq() const { return last_seq_.load(std::memory_order_relaxed); }
  uint64_t acked_seq() const { return acked_seq_; }
  uint64_t spool_bytes() const { return size_; }

 private:
  IngestQueue() = default;
  // Reads frames from the spool; `fn` may be null (scan only). Truncates a torn tail.
  Status Scan(const std::function<Status(const QueuedBody&)>& fn);

  std::string dir_;
  std::string spool_path_;
  std::string ack_path_;
  int fd_ = -1;
  uint64_t size_ = 0;
  std::atomic<uint64_t> last_seq_{0};
  uint64_t acked_seq_ = 0;
  uint64_t compact_bytes_ = 0;
};

}  // namespace sakimori::serve
