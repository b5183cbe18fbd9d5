// File: cli/main.cc
// The sakimori command line: one binary, one subcommand per job (see cli/commands.h).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <string_view>
#include <utility>

#include "cli/commands.h"

namespace {

// The subcommand named on the command line: the first argument that is not an option (the
// top-level options take no values), or "" if there is none.
std::string_view NamedCommand(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] != '-') return argv[i];
  }
  return {};
}

}  // namespace

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
  app.parse_complete_callback(
      [&] { spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::info); });

  // Registering every subcommand's options costs about 1.5 ms, a third of the start-up
  // (docs/benchmarks.md): when the command line names a subcommand, only that one is
  // registered (its help and errors are unchanged); the listing of all of them (--help, no
  // or an unknown subcommand) registers them all, --version alone none. Each entry: the
  // name the function gives its subcommand, and the function.
  using Register = void (*)(CLI::App&);
  const std::pair<std::string_view, Register> commands[] = {
      {"inspect", sakimori::cli::RegisterInspect},
      {"narratives", sakimori::cli::RegisterNarratives},
      {"eval", sakimori::cli::RegisterEval},
      {"baseline", sakimori::cli::RegisterBaseline},
      {"simulate", sakimori::cli::RegisterSimulate},
      {"coord", sakimori::cli::RegisterCoord},
      {"train", sakimori::cli::RegisterTrain},
      {"score", sakimori::cli::RegisterScore},
      {"db", sakimori::cli::RegisterDb},
      {"report", sakimori::cli::RegisterReport},
      {"export", sakimori::cli::RegisterExport},
      {"import", sakimori::cli::RegisterImport},
      {"purge", sakimori::cli::RegisterPurge},
      {"serve", sakimori::cli::RegisterServe},
      {"user", sakimori::cli::RegisterUser},
      {"analyze", sakimori::cli::RegisterAnalyze},
      {"demo", sakimori::cli::RegisterDemo},
  };
  const std::string_view named = NamedCommand(argc, argv);
  // `sakimori --version` needs none of them.
  bool registered = named.empty() && argc == 2 && std::string_view(argv[1]) == "--version";
  for (const auto& command : commands) {
    if (command.first == named) {
      command.second(app);
      registered =
          !app.get_subcommands([&](CLI::App* sub) { return sub->get_name() == command.first; })
               .empty();
    }
  }
  if (!registered) {
    for (const auto& [name, add] : commands) {
      if (name != named) add(app);
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const sakimori::cli::ExitCode& code) {
    return code.value;
  }
  return 0;
}
