// File: cli/main.cc
// The sakimori command line: one binary, one subcommand per job.
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"sakimori: finds inauthentic amplification around elections"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
