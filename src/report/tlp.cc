// File: report/tlp.cc
// The TLP 2.0 objects, as published in data/standards/tlp2 (created 2022-10-01).
#include "report/tlp.h"

namespace sakimori::report {
namespace {

constexpr std::string_view kCreated = "2022-10-01T00:00:00.000Z";

}  // namespace

std::string_view TlpMarkingId(Tlp tlp) {
  switch (tlp) {
    case Tlp::kClear:
      return "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
    case Tlp::kGreen:
      return "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    case Tlp::kAmber:
      return "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
    case Tlp::kAmberStrict:
      return "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003";
    case Tlp::kRed:
      return "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
  }
  return "";
}

std::string_view TlpMarkingName(Tlp tlp) {
  switch (tlp) {
    case Tlp::kClear:
      return "TLP:CLEAR";
    case Tlp::kGreen:
      return "TLP:GREEN";
    case Tlp::kAmber:
      return "TLP:AMBER";
    case Tlp::kAmberStrict:
      return "TLP:AMBER+STRICT";
    case Tlp::kRed:
      return "TLP:RED";
  }
  return "";
}

std::optional<Tlp> TlpFromMarkingId(std::string_view id) {
  for (Tlp t : {Tlp::kClear, Tlp::kGreen, Tlp::kAmber, Tlp::kAmberStrict, Tlp::kRed}) {
    if (TlpMarkingId(t) == id) return t;
  }
  // TLP 1.0 (STIX 2.1 specification section 7.2.1.4).
  if (id == "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9") return Tlp::kClear;
  if (id == "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da") return Tlp::kGreen;
  if (id == "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82") return Tlp::kAmber;
  if (id == "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed") return Tlp::kRed;
  return std::nullopt;
}

void WriteTlpMarking(Tlp tlp, JsonWriter* w) {
  w->BeginObject();
  w->Field("type", "marking-definition").Field("spec_version", "2.1");
  w->Field("id", TlpMarkingId(tlp)).Field("created", kCreated);
  w->Field("name", TlpMarkingName(tlp));
  w->Key("extensions").BeginObject().Key(kTlpExtensionId).BeginObject();
  w->Field("extension_type", "property-extension").Field("tlp_2_0", TlpName(tlp));
  w->EndObject().EndObject();
  w->EndObject();
}

void WriteTlpExtensionDefinition(JsonWriter* w) {
  w->BeginObject();
  w->Field("id", kTlpExtensionId).Field("type", "extension-definition");
  w->Field("spec_version", "2.1").Field("name", "TLP 2.0");
  w->Field("description", "This defines TLP 2.0 as a STIX extension");
  w->Field("created", kCreated).Field("modified", kCreated);
  w->Field("created_by_ref", "identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01");
  w->Field("schema",
           "https://github.com/oasis-open/cti-stix-common-objects/tree/master/"
           "extension-definition-specifications/tlp-2.0");
  w->Field("version", "1.0.0");
  w->Key("extension_types").BeginArray().String("property-extension").EndArray();
  w->EndObject();
}

}  // namespace sakimori::report
