// File: cli/commands.h
// Each subcommand lives in its own file (<name>_command.cc) and registers itself on the app
// through one function declared here. A failing callback throws ExitCode (after printing
// its error) so main() returns that code: 1 when the job failed, 2 for bad usage or input.
#pragma once

#include <CLI/CLI.hpp>

#include "common/status.h"

namespace sakimori::cli {

struct ExitCode {
  int value;
};

// Prints "sakimori: <message>" to standard error and throws ExitCode: 2 for
// InvalidArgument / NotFound / FailedPrecondition (the user can fix the input), 1 otherwise.
[[noreturn]] void Fail(const Status& status);

// Calls Fail() if `status` is not OK.
inline void CheckOk(const Status& status) {
  if (!status.ok()) Fail(status);
}

void RegisterInspect(CLI::App& app);
void RegisterNarratives(CLI::App& app);
void RegisterEval(CLI::App& app);
void RegisterBaseline(CLI::App& app);
void RegisterSimulate(CLI::App& app);
void RegisterCoord(CLI::App& app);
void RegisterTrain(CLI::App& app);
void RegisterScore(CLI::App& app);
void RegisterDb(CLI::App& app);
void RegisterReport(CLI::App& app);
void RegisterExport(CLI::App& app);
void RegisterImport(CLI::App& app);
void RegisterPurge(CLI::App& app);
void RegisterServe(CLI::App& app);
void RegisterUser(CLI::App& app);
void RegisterAnalyze(CLI::App& app);
void RegisterDemo(CLI::App& app);

}  // namespace sakimori::cli
