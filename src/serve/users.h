// File: serve/users.h
// User and token management shared by `sakimori user` and the admin API: creating users
// with Argon2id password hashes and issuing API tokens that are shown once and stored hashed.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "store/store.h"

namespace sakimori::serve {

// Adds user `name` with `role` and `password`. InvalidArgument for an empty or overlong
// name (1..64 bytes of [A-Za-z0-9._@-]) or a password shorter than 8 bytes; AlreadyExists
// when the user exists.
[[nodiscard]] Status AddUser(Store& store, std::string_view name, Role role,
                             std::string_view password, TimeMs now);

// Issues a new API token for `user` ("skm_" + 64 hex digits) and stores its hash. Returns the
// token: the only time it is available. FailedPrecondition for an unknown user.
[[nodiscard]] StatusOr<std::string> IssueToken(Store& store, std::string_view user,
                                               std::string_view label, TimeMs now);

}  // namespace sakimori::serve
