// File: common/output_file.h
// Writing a whole output file at once. Commands that regenerate the same outputs (a run
// repeated into the same directory) mostly rewrite files of about the same size; opening them
// with O_TRUNC first frees every block of the old file, and on a file system that discards
// freed blocks (ext4 mounted with `discard`, as on this project's build machines) that cost
// 0.5-2 ms per file — more than formatting it. WriteFileInPlace overwrites the old bytes and
// then cuts the file to its new length, so only a shrinking file frees blocks.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace sakimori {

// Makes the file at `path` hold exactly `bytes` (created with mode 0666 & ~umask if absent).
// Errors: the file cannot be opened, written or cut to length (the message names the path
// and the system error). On an error the file's contents are unspecified.
Status WriteFileInPlace(const std::string& path, std::string_view bytes);

}  // namespace sakimori
