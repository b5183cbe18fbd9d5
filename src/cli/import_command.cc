// File: cli/import_command.cc
// `sakimori import stix FILE --db PATH`: a partner's STIX 2.1 indicators become watch-list
// entries (account ids, handles, domains, urls), keeping each indicator's source and TLP;
// what cannot be used is counted with its reason. The import is audit-logged.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>

#include "cli/commands.h"
#include "cli/sharing_options.h"
#include "common/json_writer.h"
#include "common/strings.h"
#include "report/stix_import.h"

namespace sakimori::cli {

void RegisterImport(CLI::App& app) {
  auto args = std::make_shared<SharingArgs>();
  auto file = std::make_shared<std::string>();
  CLI::App* imp = app.add_subcommand("import", "Import partners' data into the store");
  imp->require_subcommand(1);
  CLI::App* stix = imp->add_subcommand("stix", "STIX 2.1 indicators -> watch list");
  stix->add_option("file", *file, "The STIX 2.1 bundle (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  AddStoreOptions(stix, args.get());
  stix->callback([args, file] {
    std::ifstream in(*file, std::ios::binary);
    std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto result = report::ImportStixIndicators(json);
    CheckOk(result.status());
    StoreOptions options;
    options.migrate = true;
    auto store = Store::Open(args->db, options);
    CheckOk(store.status());
    CheckOk((*store)->PutIndicators(result->indicators));
    JsonWriter detail;
    detail.BeginObject().Field("file", *file).Field("objects", result->objects);
    detail.Field("indicators", result->stix_indicators).Field("accepted", result->accepted);
    detail.Field("entries", static_cast<int64_t>(result->indicators.size()));
    detail.Key("rejected").BeginObject();
    for (const auto& [reason, n] : result->rejected) detail.Field(reason, n);
    detail.EndObject().EndObject();
    CheckOk(Audit(**store, *args, "import_stix", "watchlist", *file, detail.Take()));
    std::printf("%lld objects, %lld indicators: %lld accepted -> %zu watch-list entries\n",
                static_cast<long long>(result->objects),
                static_cast<long long>(result->stix_indicators),
                static_cast<long long>(result->accepted), result->indicators.size());
    if (result->defaulted_tlp > 0) {
      std::printf("%lld indicators had no TLP marking and were stored as TLP:AMBER\n",
                  static_cast<long long>(result->defaulted_tlp));
    }
    for (const auto& [reason, n] : result->rejected) {
      std::printf("rejected %lld: %s\n", static_cast<long long>(n), reason.c_str());
    }
  });
}

}  // namespace sakimori::cli
