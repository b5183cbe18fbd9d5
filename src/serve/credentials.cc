// File: serve/credentials.cc
// libsodium wrappers for passwords, tokens, session ids, CSRF tokens and pseudonyms.
#include "serve/credentials.h"

#include <sodium.h>

#include <string>

namespace sakimori::serve {
namespace {

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

std::string KeyedHash(std::string_view key, std::string_view message, size_t out_len) {
  unsigned char out[crypto_generichash_BYTES_MAX];
  // Keys longer than the maximum are first hashed down to a key.
  unsigned char key_buf[crypto_generichash_KEYBYTES];
  crypto_generichash(key_buf, sizeof key_buf, reinterpret_cast<const unsigned char*>(key.data()),
                     key.size(), nullptr, 0);
  crypto_generichash(out, out_len, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size(), key_buf, sizeof key_buf);
  return Hex(out, out_len);
}

}  // namespace

Status InitCrypto() {
  static const int rc = sodium_init();
  if (rc < 0) return absl::InternalError("libsodium failed to initialise");
  return absl::OkStatus();
}

StatusOr<std::string> HashPassword(std::string_view password) {
  RETURN_IF_ERROR(InitCrypto());
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return absl::ResourceExhaustedError("not enough memory to hash the password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view encoded, std::string_view password) {
  if (!InitCrypto().ok()) return false;
  std::string hash(encoded);  // NUL-terminated copy
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string NewSecret(std::string_view prefix) {
  (void)InitCrypto();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  std::string out(prefix);
  out += Hex(bytes, sizeof bytes);
  return out;
}

std::string HashSecret(std::string_view secret) {
  (void)InitCrypto();
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  return Hex(out, sizeof out);
}

std::string CsrfFor(std::string_view session_id) {
  (void)InitCrypto();
  return KeyedHash(session_id, "sakimori-csrf", 32);
}

std::string Pseudonym(std::string_view key, std::string_view id) {
  (void)InitCrypto();
  return "anon-" + KeyedHash(key, id, 8);
}

bool SecretsEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  (void)InitCrypto();
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sakimori::serve
