// File: ingest/ingest_report.cc
#include "ingest/ingest_report.h"

#include "common/strings.h"

namespace sakimori {

void IngestReport::Reject(Rejection r) {
  ++rejected_;
  std::string category = r.reason.substr(0, r.reason.find(": "));
  ++by_reason_[category];
  if (sink_) sink_(r);
  if (kept_.size() < kMaxKept) kept_.push_back(std::move(r));
}

std::string IngestReport::Describe(const Rejection& r) {
  if (r.line > 0) return StrCat(r.source, ":", r.line, ": ", r.reason);
  return StrCat(r.source, ": byte ", r.offset, ": ", r.reason);
}

}  // namespace sakimori
