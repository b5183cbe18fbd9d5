// File: tests/fuzz/fuzz_reader.cc
// libFuzzer target: feeds arbitrary bytes (plain, or gzip/zstd when they start with those
// magic numbers) through OpenMemory and the event reader of one format, chosen at compile
// time by SAKIMORI_FUZZ_FORMAT (a command-line format name, "auto" for detection). Each input
// is read twice, leniently and in strict mode, and every string of every event is touched so
// that AddressSanitizer sees any view into freed or foreign memory. A format without a parser
// yet (Unimplemented at open) is simply skipped.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/byte_source.h"
#include "ingest/event_reader.h"

#ifndef SAKIMORI_FUZZ_FORMAT
#error "SAKIMORI_FUZZ_FORMAT must name the format to fuzz"
#endif

namespace sakimori {
namespace {

Format FuzzFormat() {
  auto f = ParseFormat(SAKIMORI_FUZZ_FORMAT);
  if (!f.ok()) std::abort();  // a build mistake, not an input
  return *f;
}

uint64_t Touch(std::string_view s) {
  uint64_t h = s.size();
  for (char c : s) h = h * 31 + static_cast<unsigned char>(c);
  return h;
}

uint64_t Touch(const StringList& l) {
  uint64_t h = l.size();
  for (std::string_view s : l) h += Touch(s);
  return h;
}

void ReadOnce(std::string_view bytes, bool strict) {
  ReaderOptions options;
  options.format = FuzzFormat();
  options.strict = strict;
  options.max_record_bytes = 4096;  // reach the too-long paths with small inputs
  options.max_document_bytes = 1 << 20;
  if (options.format == Format::kCsv) {
    options.csv_mapping = {{"id", "id"},         {"kind", "kind"},   {"time", "time"},
                           {"actor", "actor"},   {"target", "target"}, {"text", "text"},
                           {"urls", "urls"},     {"hashtags", "tags"}, {"platform", "platform"},
                           {"target_author", "target_author"}};
  }
  Dictionary dict;
  IngestReport report;
  auto source = OpenMemory("fuzz", bytes);
  if (!source.ok()) return;
  auto reader = EventReader::OpenSource(std::move(*source), options, &dict, &report);
  if (!reader.ok()) return;
  EventBatch batch;
  volatile uint64_t sink = 0;
  for (int i = 0; i < 10000; ++i) {
    auto more = (*reader)->Next(&batch);
    if (!more.ok() || !*more) break;
    for (const Event& e : batch.events()) {
      uint64_t h = Touch(e.id) + Touch(e.text) + Touch(e.lang) + Touch(e.client) +
                   Touch(e.urls) + Touch(e.hashtags) + Touch(e.mentions) + Touch(e.media) +
                   Touch(e.domains) + static_cast<uint64_t>(e.time);
      if (e.actor != kNoAccount) h += Touch(dict.accounts.Name(e.actor));
      if (e.target != kNoPost) h += Touch(dict.posts.Name(e.target));
      if (e.post != kNoPost) h += Touch(dict.posts.Name(e.post));
      if (e.target_account != kNoAccount) h += Touch(dict.accounts.Name(e.target_account));
      if (e.profile != nullptr) {
        h += Touch(e.profile->handle) + Touch(e.profile->name) + Touch(e.profile->description) +
             Touch(e.profile->location) + Touch(e.profile->lang);
      }
      sink = sink + h;
    }
  }
  for (const Rejection& r : report.kept()) sink = sink + Touch(IngestReport::Describe(r));
}

}  // namespace
}  // namespace sakimori

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  sakimori::ReadOnce(bytes, /*strict=*/false);
  sakimori::ReadOnce(bytes, /*strict=*/true);
  return 0;
}
