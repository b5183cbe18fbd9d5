// File: cli/report_command.cc
// `sakimori report --db PATH [--campaign ID | --since T --until T] --out report.html
// [--lang ja|en]`: the self-contained HTML daily brief (see report/html_report.h).
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/sharing_options.h"
#include "common/json_writer.h"
#include "common/strings.h"
#include "report/html_report.h"

namespace sakimori::cli {

void RegisterReport(CLI::App& app) {
  auto args = std::make_shared<SharingArgs>();
  auto lang = std::make_shared<std::string>("en");
  CLI::App* cmd = app.add_subcommand(
      "report", "Write the daily brief: one self-contained HTML file with charts (prints to PDF)");
  AddStoreOptions(cmd, args.get());
  AddSelectionOptions(cmd, args.get(), /*all=*/false, /*range=*/true);
  cmd->add_option("--out", args->out, "Output HTML file")->required();
  cmd->add_option("--lang", *lang, "Language of the report")
      ->check(CLI::IsMember({"en", "ja"}))
      ->capture_default_str();
  cmd->callback([args, lang] {
    auto selection = SelectionOf(*args, /*require_choice=*/false);
    CheckOk(selection.status());
    auto store = OpenExistingStore(args->db);
    CheckOk(store.status());
    auto data = report::LoadReportData(**store, *selection);
    CheckOk(data.status());
    report::HtmlOptions options;
    options.lang = *lang == "ja" ? report::Lang::kJa : report::Lang::kEn;
    std::string html = report::RenderHtmlReport(*data, options);
    CheckOk(WriteOutput(args->out, html));
    JsonWriter detail;
    detail.BeginObject().Field("format", "html").Field("lang", *lang);
    detail.Field("campaigns", static_cast<int64_t>(data->campaigns.size()));
    detail.Field("out", args->out).EndObject();
    CheckOk(Audit(**store, *args, "export_report", "campaign",
                  args->campaign.empty() ? "*" : args->campaign, detail.Take()));
    std::fprintf(stderr, "report: %zu campaigns, %zu bytes -> %s\n", data->campaigns.size(),
                 html.size(), args->out.c_str());
  });
}

}  // namespace sakimori::cli
