// File: detect/text/simplified_table.h
// The sorted table of simplified-Chinese-only Han characters (BMP code points) used by the
// script signals. Its provenance and the rule that builds it are in
// scripts/gen_simplified_table.py and docs/text.md.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sakimori::text {

extern const uint16_t kSimplifiedOnly[];  // ascending
extern const size_t kSimplifiedOnlyCount;

}  // namespace sakimori::text
