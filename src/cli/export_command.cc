// File: cli/export_command.cc
// `sakimori export stix|network|misp`: sharing and research exports of campaigns (see
// docs/sharing.md). Every export appends an audit-log entry (who, what, where to).
//   export stix    --db PATH (--campaign ID | --all) --tlp LEVEL --out bundle.json
//                  [--pseudonymize KEYFILE [--keep-text]]
//   export network --db PATH (--campaign ID | --all) --format csv|graphml --out FILE
//                  [--pseudonymize KEYFILE [--keep-text]]
//   export misp    --db PATH --campaign ID [--tlp LEVEL] --out event.json
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/sharing_options.h"
#include "common/json_writer.h"
#include "common/strings.h"
#include "report/misp_export.h"
#include "report/network_export.h"
#include "report/stix_export.h"

namespace sakimori::cli {
namespace {

struct ExportArgs {
  SharingArgs common;
  std::string tlp = "amber";
  std::string key_file;
  bool keep_text = false;
  std::string format = "csv";
};

void AddPseudonymOptions(CLI::App* cmd, ExportArgs* args) {
  cmd->add_option("--pseudonymize", args->key_file,
                  "Replace account ids, handles and post ids by keyed hashes (HMAC-SHA256) "
                  "under the key in this file (at least 16 bytes); drops free text")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--keep-text", args->keep_text,
                "With --pseudonymize: keep free text (summaries, notes, evidence contents)");
}

void AddTlpOption(CLI::App* cmd, ExportArgs* args) {
  cmd->add_option("--tlp", args->tlp, "TLP 2.0 marking")
      ->check(CLI::IsMember({"clear", "green", "amber", "amber+strict", "red"}))
      ->capture_default_str();
}

// Loads the selection and applies pseudonymisation when asked.
report::ReportData Load(Store& store, const ExportArgs& args, bool require_choice) {
  auto selection = SelectionOf(args.common, require_choice);
  CheckOk(selection.status());
  auto data = report::LoadReportData(store, *selection);
  CheckOk(data.status());
  if (!args.key_file.empty()) {
    auto p = report::Pseudonymizer::FromKeyFile(args.key_file);
    CheckOk(p.status());
    report::Pseudonymize(*p, args.keep_text, &*data);
  } else if (args.keep_text) {
    Fail(absl::InvalidArgumentError("--keep-text needs --pseudonymize"));
  }
  return *std::move(data);
}

std::string Detail(const ExportArgs& args, std::string_view format, size_t campaigns) {
  JsonWriter w;
  w.BeginObject().Field("format", format).Field("out", args.common.out);
  w.Field("campaigns", static_cast<int64_t>(campaigns));
  if (format == "stix" || format == "misp") w.Field("tlp", args.tlp);
  w.Field("pseudonymized", !args.key_file.empty()).Field("keep_text", args.keep_text);
  w.EndObject();
  return w.Take();
}

std::string ObjectId(const ExportArgs& args) {
  return args.common.campaign.empty() ? "*" : args.common.campaign;
}

}  // namespace

void RegisterExport(CLI::App& app) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* exp = app.add_subcommand("export", "Export campaigns: STIX 2.1, MISP, networks");
  exp->require_subcommand(1);

  CLI::App* stix = exp->add_subcommand(
      "stix", "STIX 2.1 bundle with TLP 2.0 markings and DISARM attack-patterns");
  AddStoreOptions(stix, &args->common);
  AddSelectionOptions(stix, &args->common, /*all=*/true, /*range=*/false);
  AddTlpOption(stix, args.get());
  AddPseudonymOptions(stix, args.get());
  stix->add_option("--out", args->common.out, "Output file (- for standard output)")->required();
  stix->callback([args] {
    auto store = OpenExistingStore(args->common.db);
    CheckOk(store.status());
    report::ReportData data = Load(**store, *args, /*require_choice=*/true);
    report::StixOptions options;
    options.tlp = *ParseTlp(args->tlp);
    std::string bundle = report::ExportStix(data, options);
    CheckOk(WriteOutput(args->common.out, bundle));
    CheckOk(Audit(**store, args->common, "export_stix", "campaign", ObjectId(*args),
                  Detail(*args, "stix", data.campaigns.size())));
    std::fprintf(stderr, "stix: %zu campaigns -> %s\n", data.campaigns.size(),
                 args->common.out.c_str());
  });

  CLI::App* network = exp->add_subcommand(
      "network", "Coordination network with per-edge evidence, as CSV or GraphML");
  AddStoreOptions(network, &args->common);
  AddSelectionOptions(network, &args->common, /*all=*/true, /*range=*/false);
  network->add_option("--format", args->format, "csv or graphml")
      ->check(CLI::IsMember({"csv", "graphml"}))
      ->capture_default_str();
  AddPseudonymOptions(network, args.get());
  network->add_option("--out", args->common.out, "Output file (- for standard output)")->required();
  network->callback([args] {
    auto store = OpenExistingStore(args->common.db);
    CheckOk(store.status());
    report::ReportData data = Load(**store, *args, /*require_choice=*/true);
    std::string out = args->format == "graphml" ? report::ExportNetworkGraphMl(data)
                                                : report::ExportNetworkCsv(data);
    CheckOk(WriteOutput(args->common.out, out));
    CheckOk(Audit(**store, args->common, "export_network", "campaign", ObjectId(*args),
                  Detail(*args, args->format, data.campaigns.size())));
    std::fprintf(stderr, "network (%s): %zu campaigns -> %s\n", args->format.c_str(),
                 data.campaigns.size(), args->common.out.c_str());
  });

  CLI::App* misp = exp->add_subcommand("misp", "MISP event JSON with DISARM galaxy tags");
  AddStoreOptions(misp, &args->common);
  misp->add_option("--campaign", args->common.campaign, "The campaign")->required();
  AddTlpOption(misp, args.get());
  misp->add_option("--out", args->common.out, "Output file (- for standard output)")->required();
  misp->callback([args] {
    auto store = OpenExistingStore(args->common.db);
    CheckOk(store.status());
    report::ReportData data = Load(**store, *args, /*require_choice=*/true);
    report::MispOptions options;
    options.tlp = *ParseTlp(args->tlp);
    auto event = report::ExportMisp(data, options);
    CheckOk(event.status());
    CheckOk(WriteOutput(args->common.out, *event));
    CheckOk(Audit(**store, args->common, "export_misp", "campaign", ObjectId(*args),
                  Detail(*args, "misp", data.campaigns.size())));
    std::fprintf(stderr, "misp: campaign %s -> %s\n", args->common.campaign.c_str(),
                 args->common.out.c_str());
  });
}

}  // namespace sakimori::cli
