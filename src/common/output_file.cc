// File: common/output_file.cc
#include "common/output_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/strings.h"

namespace sakimori {
namespace {

Status Error(std::string_view what, const std::string& path) {
  return absl::InternalError(StrCat("cannot ", what, " ", path, ": ", std::strerror(errno)));
}

}  // namespace

Status WriteFileInPlace(const std::string& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) return Error("write", path);
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status s = Error("write", path);
      ::close(fd);
      return s;
    }
    done += static_cast<size_t>(n);
  }
  if (::ftruncate(fd, static_cast<off_t>(bytes.size())) != 0) {
    Status s = Error("truncate", path);
    ::close(fd);
    return s;
  }
  if (::close(fd) != 0) return Error("close", path);
  return absl::OkStatus();
}

}  // namespace sakimori
