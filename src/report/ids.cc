// File: report/ids.cc
// UUIDv5 (RFC 4122 4.3): SHA-1 over namespace bytes + name; take the first 16 bytes; set
// the version nibble to 5 and the variant bits to 10. SHA-1 is OpenSSL's (EVP).
#include "report/ids.h"

#include <openssl/evp.h>

#include <array>
#include <cstdint>

#include "common/strings.h"

namespace sakimori::report {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::array<uint8_t, 16> ParseUuid(std::string_view s) {
  std::array<uint8_t, 16> out{};
  int n = 0;
  int hi = -1;
  for (char c : s) {
    if (c == '-') continue;
    int v = HexValue(c);
    if (v < 0 || n >= 16) return {};
    if (hi < 0) {
      hi = v;
    } else {
      out[n++] = static_cast<uint8_t>(hi << 4 | v);
      hi = -1;
    }
  }
  if (n != 16 || hi >= 0) return {};
  return out;
}

}  // namespace

std::string Uuid5(std::string_view ns, std::string_view name) {
  std::array<uint8_t, 16> ns_bytes = ParseUuid(ns);
  std::string input(reinterpret_cast<const char*>(ns_bytes.data()), ns_bytes.size());
  input.append(name);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  EVP_Digest(input.data(), input.size(), digest, &digest_len, EVP_sha1(), nullptr);
  digest[6] = static_cast<uint8_t>((digest[6] & 0x0f) | 0x50);
  digest[8] = static_cast<uint8_t>((digest[8] & 0x3f) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

std::string StixId(std::string_view type, std::string_view key) {
  return StrCat(type, "--", Uuid5(kSakimoriNamespace, StrCat(type, ":", key)));
}

}  // namespace sakimori::report
