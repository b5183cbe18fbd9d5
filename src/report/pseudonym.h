// File: report/pseudonym.h
// Keyed pseudonyms for research exports: HMAC-SHA256 (libsodium crypto_auth_hmacsha256) of
// a kind-prefixed identifier under a secret key read from a file. The same key gives the same
// pseudonyms across exports (so partners can join exports), a different key unlinkable ones;
// without the key a pseudonym cannot be reversed or recomputed from a guessed id.
// Immutable after construction: thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace sakimori::report {

class Pseudonymizer {
 public:
  // Reads the key: the whole file's bytes (at least 16). NotFound when the file cannot be
  // read, InvalidArgument when it is shorter than 16 bytes, Internal when libsodium fails to
  // initialise.
  [[nodiscard]] static StatusOr<Pseudonymizer> FromKeyFile(const std::string& path);
  // A key given directly (tests); InvalidArgument when shorter than 16 bytes.
  [[nodiscard]] static StatusOr<Pseudonymizer> FromKey(std::string key);

  // "<prefix>_<24 lower-case hex digits>": the first 96 bits of
  // HMAC-SHA256(key, kind + "\x1f" + value). kind names the namespace (account, handle, post,
  // ...) so that equal strings of different kinds get different pseudonyms; prefix is its first
  // letter (a_..., h_..., p_...).
  std::string Pseudonym(std::string_view kind, std::string_view value) const;

 private:
  explicit Pseudonymizer(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

}  // namespace sakimori::report
