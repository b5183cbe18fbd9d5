// File: ingest/read_inputs.h
// Reads several inputs one after another into a consumer, the common loop of every command
// that takes --input files.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/progress.h"
#include "common/status.h"
#include "ingest/event_reader.h"

namespace sakimori {

using BatchConsumer = std::function<Status(const EventBatch&)>;

// Reads `paths` in order with `options`, handing each non-empty batch to `consume`. Updates
// `progress` (if given) with the running event count. Stops at the first error: an input that
// cannot be opened or detected, a strict-mode rejection, or an error from `consume`.
Status ReadInputs(const std::vector<std::string>& paths, const ReaderOptions& options,
                  Dictionary* dict, IngestReport* report, const BatchConsumer& consume,
                  Progress* progress = nullptr);

}  // namespace sakimori
