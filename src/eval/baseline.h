// File: eval/baseline.h
// Reference detectors that real ones are compared against (`sakimori baseline NAME`). A
// baseline consumes the event stream batch by batch and then produces a results.json.
// Baselines are listed in one name -> factory table (cli/baseline_command.cc); adding one is
// adding a class implementing Baseline and one BaselineEntry line there.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "common/status.h"
#include "model/event.h"
#include "model/results.h"

namespace sakimori::eval {

// Options every baseline accepts; each documents what they mean for it.
struct BaselineParams {
  std::optional<double> threshold;  // unset: the baseline's default
};

// A baseline detector. Not thread-safe; one instance per run.
class Baseline {
 public:
  virtual ~Baseline() = default;
  // Consumes one batch. Errors stop the run.
  virtual Status Update(const EventBatch& batch) = 0;
  // Produces the results after the last batch; `dict` names the accounts and posts the
  // batches' dense ids refer to.
  virtual StatusOr<Results> Finish(const Dictionary& dict) = 0;
};

// One line of the baseline table.
struct BaselineEntry {
  std::string_view name;  // the subcommand name, e.g. "rate"
  std::string_view help;  // one line for --help, including what --threshold means
  // Builds the baseline; InvalidArgument for parameters it cannot use.
  std::function<StatusOr<std::unique_ptr<Baseline>>(const BaselineParams&)> make;
};

}  // namespace sakimori::eval
