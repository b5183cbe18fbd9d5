// File: serve/credentials.h
// Secrets with libsodium: Argon2id password hashes (crypto_pwhash_str), random API tokens
// and session ids (randombytes_buf) stored only as BLAKE2b hashes (crypto_generichash), the
// CSRF token derived from a session id, and keyed pseudonyms for partner views.
// All functions are thread-safe (InitCrypto is called by each of them).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace sakimori::serve {

// Initialises libsodium once. Internal error if it cannot.
Status InitCrypto();

// An Argon2id hash string (libsodium's encoded form, with salt and parameters).
StatusOr<std::string> HashPassword(std::string_view password);
// True when `password` matches `encoded`; false for a mismatch or a malformed hash.
bool VerifyPassword(std::string_view encoded, std::string_view password);

// A new random secret: `prefix` + 64 hex digits (256 bits).
std::string NewSecret(std::string_view prefix);
// The hex BLAKE2b-256 hash of a secret: what the store keeps for tokens and sessions.
std::string HashSecret(std::string_view secret);
// The CSRF token of a session: keyed BLAKE2b of the session id (64 hex digits). Never stored.
std::string CsrfFor(std::string_view session_id);
// "anon-" + 16 hex digits: keyed BLAKE2b of `id` under `key`.
std::string Pseudonym(std::string_view key, std::string_view id);
// Constant-time comparison of two strings.
bool SecretsEqual(std::string_view a, std::string_view b);

}  // namespace sakimori::serve
