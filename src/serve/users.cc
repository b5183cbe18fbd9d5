// File: serve/users.cc
// AddUser and IssueToken.
#include "serve/users.h"

#include "common/strings.h"
#include "serve/credentials.h"

namespace sakimori::serve {
namespace {

bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '@' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Status AddUser(Store& store, std::string_view name, Role role, std::string_view password,
               TimeMs now) {
  if (!ValidName(name)) {
    return absl::InvalidArgumentError(
        StrCat("invalid user name '", name, "': 1 to 64 of A-Z a-z 0-9 . _ @ -"));
  }
  if (password.size() < 8) {
    return absl::InvalidArgumentError("the password must have at least 8 characters");
  }
  if (store.GetUser(name).ok()) {
    return absl::AlreadyExistsError(StrCat("user '", name, "' already exists"));
  }
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  return store.PutUser(UserRecord{std::string(name), role, std::move(hash), now});
}

StatusOr<std::string> IssueToken(Store& store, std::string_view user, std::string_view label,
                                 TimeMs now) {
  std::string token = NewSecret("skm_");
  ApiTokenRecord record;
  record.token_hash = HashSecret(token);
  record.user = std::string(user);
  record.label = std::string(label);
  record.created_at = now;
  RETURN_IF_ERROR(store.AddApiToken(record));
  return token;
}

}  // namespace sakimori::serve
