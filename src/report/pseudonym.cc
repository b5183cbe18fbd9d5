// File: report/pseudonym.cc
// HMAC-SHA256 pseudonyms (RFC 2104) through libsodium.
#include "report/pseudonym.h"

#include <sodium.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "common/strings.h"

namespace sakimori::report {

StatusOr<Pseudonymizer> Pseudonymizer::FromKey(std::string key) {
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to initialise");
  if (key.size() < 16) {
    return absl::InvalidArgumentError(
        StrCat("pseudonymisation key has ", key.size(), " bytes; at least 16 are needed"));
  }
  return Pseudonymizer(std::move(key));
}

StatusOr<Pseudonymizer> Pseudonymizer::FromKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot read key file ", path));
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return FromKey(std::move(key));
}

std::string Pseudonymizer::Pseudonym(std::string_view kind, std::string_view value) const {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key_.data()),
                              key_.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(kind.data()),
                                kind.size());
  const unsigned char sep = 0x1f;
  crypto_auth_hmacsha256_update(&state, &sep, 1);
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(value.data()),
                                value.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.push_back(kind.empty() ? 'x' : kind[0]);
  out.push_back('_');
  for (int i = 0; i < 12; ++i) {
    out.push_back(kHex[mac[i] >> 4]);
    out.push_back(kHex[mac[i] & 15]);
  }
  return out;
}

}  // namespace sakimori::report
