// File: report/ids.h
// Deterministic identifiers for exported objects: name-based UUIDs version 5 (SHA-1) per
// RFC 4122 section 4.3, so that exporting the same campaign again yields the same STIX ids
// (consumers update objects instead of duplicating them). Thread-safe (no state).
#pragma once

#include <string>
#include <string_view>

namespace sakimori::report {

// sakimori's fixed namespace for its STIX ids (a random v4 UUID chosen once; never change it).
inline constexpr std::string_view kSakimoriNamespace = "0b7c6f5e-3c1d-4f43-9a8e-2e5d1c7a9b41";

// The UUIDv5 of `name` (bytes, usually UTF-8) in namespace `ns` (a UUID in 8-4-4-4-12 hex
// form), lower-case 8-4-4-4-12. An `ns` that is not a UUID is treated as the nil UUID.
std::string Uuid5(std::string_view ns, std::string_view name);

// "<type>--<Uuid5(kSakimoriNamespace, type + ":" + key)>".
std::string StixId(std::string_view type, std::string_view key);

}  // namespace sakimori::report
