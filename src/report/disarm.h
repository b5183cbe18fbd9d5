// File: report/disarm.h
// The DISARM Red Framework v1.6 technique table compiled into the binary (generated from the
// framework's master data by gen_disarm_table.py; DISARM Foundation, CC BY-SA 4.0), with the
// MISP DISARM galaxy (v1.4) cluster value and uuid where the galaxy has the id.
// Immutable static data: thread-safe.
#pragma once

#include <string_view>

namespace sakimori::report {

inline constexpr std::string_view kDisarmFramework = "DISARM Red Framework v1.6";

struct DisarmTechnique {
  std::string_view id;           // T0049.003
  std::string_view name;         // Bots Amplify via Automated Forwarding and Reposting
  std::string_view tactic_id;    // TA17
  std::string_view tactic_name;  // Maximise Exposure
  std::string_view misp_value;   // the MISP galaxy cluster value; empty when not in v1.4
  std::string_view misp_uuid;    // its uuid; empty when not in the galaxy
};

// The technique with DISARM id `id`, or nullptr for an id v1.6 does not have.
const DisarmTechnique* FindDisarmTechnique(std::string_view id);

// The number of techniques in the table (391 for v1.6).
int DisarmTechniqueCount();

}  // namespace sakimori::report
