// File: report/tlp.h
// The official TLP 2.0 STIX marking definitions (OASIS cti-stix-common-objects): fixed ids,
// names and creation time, and the TLP 2.0 extension definition they use. Exports copy these
// objects exactly (STIX requires equal ids with equal versions to be identical).
#pragma once

#include <optional>
#include <string_view>

#include "common/json_writer.h"
#include "store/records.h"

namespace sakimori::report {

inline constexpr std::string_view kTlpExtensionId =
    "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

// "marking-definition--94868c89-..." for TLP:CLEAR, and so on.
std::string_view TlpMarkingId(Tlp tlp);
// "TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED".
std::string_view TlpMarkingName(Tlp tlp);
// The TLP of a marking-definition id: the five TLP 2.0 ids and the four TLP 1.0 ids (white
// maps to clear); nullopt for anything else.
std::optional<Tlp> TlpFromMarkingId(std::string_view id);

// Writes the marking-definition object of `tlp` / the TLP 2.0 extension-definition object.
void WriteTlpMarking(Tlp tlp, JsonWriter* w);
void WriteTlpExtensionDefinition(JsonWriter* w);

}  // namespace sakimori::report
