// File: ingest/read_inputs.cc
#include "ingest/read_inputs.h"

namespace sakimori {

Status ReadInputs(const std::vector<std::string>& paths, const ReaderOptions& options,
                  Dictionary* dict, IngestReport* report, const BatchConsumer& consume,
                  Progress* progress) {
  EventBatch batch;
  uint64_t events = 0;
  for (const std::string& path : paths) {
    ASSIGN_OR_RETURN(auto reader, EventReader::Open(path, options, dict, report));
    while (true) {
      ASSIGN_OR_RETURN(bool more, reader->Next(&batch));
      if (!more) break;
      RETURN_IF_ERROR(consume(batch));
      events += batch.size();
      if (progress != nullptr) progress->Update(events);
    }
  }
  if (progress != nullptr) progress->Finish(events);
  return absl::OkStatus();
}

}  // namespace sakimori
