// File: report/disarm.cc
// Lookup in the generated DISARM technique table (sorted by id).
#include "report/disarm.h"

#include <algorithm>
#include <iterator>

namespace sakimori::report {
namespace {

constexpr DisarmTechnique kTechniques[] = {
#include "report/disarm_table.inc"
};

}  // namespace

const DisarmTechnique* FindDisarmTechnique(std::string_view id) {
  auto it = std::lower_bound(std::begin(kTechniques), std::end(kTechniques), id,
                             [](const DisarmTechnique& t, std::string_view v) { return t.id < v; });
  if (it == std::end(kTechniques) || it->id != id) return nullptr;
  return &*it;
}

int DisarmTechniqueCount() { return static_cast<int>(std::size(kTechniques)); }

}  // namespace sakimori::report
