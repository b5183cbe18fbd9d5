// File: cli/commands.cc
#include "cli/commands.h"

#include <cstdio>

namespace sakimori::cli {

void Fail(const Status& status) {
  std::fprintf(stderr, "sakimori: %s\n", std::string(status.message()).c_str());
  bool user_error = absl::IsInvalidArgument(status) || absl::IsNotFound(status) ||
                    absl::IsFailedPrecondition(status) || absl::IsPermissionDenied(status);
  throw ExitCode{user_error ? 2 : 1};
}

}  // namespace sakimori::cli
