// File: cli/main.cc
// The sakimori command line: one binary, one subcommand per job (see cli/commands.h).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "sakimori finds inauthentic amplification on social media around elections:\n"
      "bots and coordinated account networks that push chosen posts. Run a subcommand\n"
      "with --help for its options; docs/ explains the methods and formats."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "sakimori 0.1.0");
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Log debug messages to standard error");
  spdlog::set_default_logger(spdlog::stderr_color_mt("sakimori"));
  spdlog::set_pattern("[%l] %v");
  app.parse_complete_callback([&] {
    spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::info);
  });

  sakimori::cli::RegisterInspect(app);
  sakimori::cli::RegisterNarratives(app);
  sakimori::cli::RegisterEval(app);
  sakimori::cli::RegisterBaseline(app);
  sakimori::cli::RegisterSimulate(app);
  sakimori::cli::RegisterCoord(app);
  sakimori::cli::RegisterTrain(app);
  sakimori::cli::RegisterScore(app);
  sakimori::cli::RegisterDb(app);
  sakimori::cli::RegisterReport(app);
  sakimori::cli::RegisterExport(app);
  sakimori::cli::RegisterImport(app);
  sakimori::cli::RegisterPurge(app);
  sakimori::cli::RegisterServe(app);
  sakimori::cli::RegisterUser(app);
  sakimori::cli::RegisterAnalyze(app);
  sakimori::cli::RegisterDemo(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const sakimori::cli::ExitCode& code) {
    return code.value;
  }
  return 0;
}
