// File: common/status.h
// Errors are values: sakimori uses absl::Status / absl::StatusOr<T> everywhere and these
// helpers to propagate them. Library code never throws; adapters to throwing libraries
// catch and convert.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sakimori {

using absl::Status;
using absl::StatusOr;

}  // namespace sakimori

#define SAKIMORI_CONCAT_INNER_(a, b) a##b
#define SAKIMORI_CONCAT_(a, b) SAKIMORI_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (a Status) is not OK.
#define RETURN_IF_ERROR(expr)                   \
  do {                                          \
    ::absl::Status sakimori_status_ = (expr);   \
    if (!sakimori_status_.ok()) return sakimori_status_; \
  } while (0)

// `lhs = value of rexpr` (a StatusOr), or returns its error.
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  ASSIGN_OR_RETURN_IMPL_(SAKIMORI_CONCAT_(sakimori_statusor_, __LINE__), lhs, rexpr)
#define ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                           \
  if (!tmp.ok()) return tmp.status();           \
  lhs = std::move(tmp).value()
