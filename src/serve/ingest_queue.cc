// File: serve/ingest_queue.cc
// The spool file and its acknowledgement marker.
#include "serve/ingest_queue.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "common/hash.h"
#include "common/strings.h"

namespace sakimori::serve {
namespace {

Status ErrnoError(std::string_view what, const std::string& path) {
  return absl::InternalError(StrCat(what, " ", path, ": ", std::strerror(errno)));
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot write", path);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

std::string HexHash(std::string_view body) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(Hash64(body)));
  return buf;
}

}  // namespace

IngestQueue::~IngestQueue() {
  if (fd_ >= 0) ::close(fd_);
}

StatusOr<std::unique_ptr<IngestQueue>> IngestQueue::Open(const std::string& dir,
                                                         uint64_t compact_bytes) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::InternalError(StrCat("cannot create ", dir, ": ", ec.message()));
  std::unique_ptr<IngestQueue> q(new IngestQueue());
  q->dir_ = dir;
  q->spool_path_ = dir + "/ingest.spool";
  q->ack_path_ = dir + "/ingest.ack";
  q->compact_bytes_ = compact_bytes;
  {
    std::ifstream ack(q->ack_path_);
    if (ack) ack >> q->acked_seq_;
  }
  q->fd_ = ::open(q->spool_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (q->fd_ < 0) return ErrnoError("cannot open", q->spool_path_);
  RETURN_IF_ERROR(q->Scan(nullptr));
  if (q->last_seq_ < q->acked_seq_) q->last_seq_ = q->acked_seq_;
  return q;
}

Status IngestQueue::Scan(const std::function<Status(const QueuedBody&)>& fn) {
  std::ifstream in(spool_path_, std::ios::binary);
  if (!in) return ErrnoError("cannot read", spool_path_);
  uint64_t good_end = 0;
  std::string header;
  while (std::getline(in, header)) {
    std::istringstream fields(header);
    std::string magic, hash;
    QueuedBody b;
    int partial = 0;
    uint64_t len = 0;
    if (!(fields >> magic >> b.seq >> b.format >> partial >> len >> hash) || magic != "SKMQ1") {
      break;  // torn or foreign tail
    }
    b.partial = partial != 0;
    b.body.resize(len);
    if (!in.read(b.body.data(), static_cast<std::streamsize>(len))) break;
    char nl = 0;
    if (!in.get(nl) || nl != '\n' || HexHash(b.body) != hash) break;
    good_end = static_cast<uint64_t>(in.tellg());
    last_seq_ = b.seq;
    if (fn && b.seq > acked_seq_) RETURN_IF_ERROR(fn(b));
  }
  if (fn == nullptr) {
    struct stat st;
    if (::fstat(fd_, &st) != 0) return ErrnoError("cannot stat", spool_path_);
    if (static_cast<uint64_t>(st.st_size) != good_end) {
      if (::ftruncate(fd_, static_cast<off_t>(good_end)) != 0) {
        return ErrnoError("cannot truncate", spool_path_);
      }
      if (::fdatasync(fd_) != 0) return ErrnoError("cannot sync", spool_path_);
    }
    size_ = good_end;
  }
  return absl::OkStatus();
}

StatusOr<uint64_t> IngestQueue::Append(std::string_view format, bool partial,
                                       std::string_view body) {
  const uint64_t seq = last_seq_ + 1;
  std::string frame = StrCat("SKMQ1 ", seq, " ", format, " ", partial ? 1 : 0, " ", body.size(),
                             " ", HexHash(body), "\n");
  if (::lseek(fd_, static_cast<off_t>(size_), SEEK_SET) < 0) {
    return ErrnoError("cannot seek", spool_path_);
  }
  Status st = WriteAll(fd_, frame, spool_path_);
  if (st.ok()) st = WriteAll(fd_, body, spool_path_);
  if (st.ok()) st = WriteAll(fd_, "\n", spool_path_);
  if (st.ok() && ::fdatasync(fd_) != 0) st = ErrnoError("cannot sync", spool_path_);
  if (!st.ok()) {
    // Cut the partial frame off so the spool stays readable.
    (void)::ftruncate(fd_, static_cast<off_t>(size_));
    return st;
  }
  size_ += frame.size() + body.size() + 1;
  last_seq_ = seq;
  return seq;
}

Status IngestQueue::Ack(uint64_t seq) {
  const std::string tmp = ack_path_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoError("cannot open", tmp);
  Status st = WriteAll(fd, StrCat(seq, "\n"), tmp);
  if (st.ok() && ::fdatasync(fd) != 0) st = ErrnoError("cannot sync", tmp);
  ::close(fd);
  RETURN_IF_ERROR(st);
  if (std::rename(tmp.c_str(), ack_path_.c_str()) != 0) return ErrnoError("cannot rename", tmp);
  acked_seq_ = seq;
  if (acked_seq_ >= last_seq_ && size_ > compact_bytes_) {
    if (::ftruncate(fd_, 0) != 0) return ErrnoError("cannot truncate", spool_path_);
    size_ = 0;
  }
  return absl::OkStatus();
}

Status IngestQueue::ForEachPending(const std::function<Status(const QueuedBody&)>& fn) {
  return Scan(fn);
}

}  // namespace sakimori::serve
