// File: cli/narratives_command.cc
// `sakimori narratives --input FILE... --out clusters.csv [--threshold J]`: clusters the texts
// of posts, quotes and replies into narratives (near-duplicate variants, docs/text.md) and
// writes one CSV row per text of every narrative with at least two texts.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/input_options.h"
#include "common/progress.h"
#include "common/strings.h"
#include "detect/text/near_duplicate_clusterer.h"
#include "ingest/read_inputs.h"

namespace sakimori::cli {
namespace {

struct NarrativesArgs {
  InputOptions input;
  std::string out_path;
  double threshold = 0.6;
  size_t min_chars = 10;
};

// The texts read, in input order; the sequence number of a text is its index.
struct TextRecord {
  uint64_t offset;  // into TextStore::bytes: id, then text
  uint32_t id_length;
  uint32_t text_length;
  AccountId actor;
  TimeMs time;
};

struct TextStore {
  std::string bytes;
  std::vector<TextRecord> records;
  std::string_view Id(const TextRecord& r) const {
    return std::string_view(bytes).substr(r.offset, r.id_length);
  }
  std::string_view Text(const TextRecord& r) const {
    return std::string_view(bytes).substr(r.offset + r.id_length, r.text_length);
  }
};

void AppendCsvField(std::string* out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

// At most `max_bytes` of `s`, cut at a UTF-8 character boundary, on one line.
std::string Preview(std::string_view s, size_t max_bytes) {
  size_t n = std::min(s.size(), max_bytes);
  while (n > 0 && n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  std::string out(s.substr(0, n));
  std::replace(out.begin(), out.end(), '\n', ' ');
  std::replace(out.begin(), out.end(), '\r', ' ');
  if (n < s.size()) out += "...";
  return out;
}

Status WriteClusters(const std::string& path, const text::NearDuplicateClusterer& clusterer,
                     const TextStore& store, const Dictionary& dict) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (file == nullptr) return absl::NotFoundError(StrCat("cannot write ", path));
  std::string buffer = "cluster_id,event_id,account_id,time,text\n";
  for (const text::Narrative& n : clusterer.clusters()) {
    for (uint64_t seq : n.members) {
      const TextRecord& r = store.records[seq];
      StrAppend(&buffer, n.id, ",");
      AppendCsvField(&buffer, store.Id(r));
      buffer.push_back(',');
      AppendCsvField(&buffer,
                     r.actor == kNoAccount ? std::string_view() : dict.accounts.Name(r.actor));
      StrAppend(&buffer, ",", FormatIso8601(r.time), ",");
      AppendCsvField(&buffer, store.Text(r));
      buffer.push_back('\n');
      if (buffer.size() > (1 << 20)) {
        if (std::fwrite(buffer.data(), 1, buffer.size(), file.get()) != buffer.size()) {
          return absl::InternalError(StrCat("write error on ", path));
        }
        buffer.clear();
      }
    }
  }
  if (std::fwrite(buffer.data(), 1, buffer.size(), file.get()) != buffer.size() ||
      std::fflush(file.get()) != 0) {
    return absl::InternalError(StrCat("write error on ", path));
  }
  return absl::OkStatus();
}

void Run(const NarrativesArgs& args) {
  auto options = MakeReaderOptions(args.input);
  CheckOk(options.status());
  text::NearDuplicateOptions nd;
  nd.threshold = args.threshold;
  nd.min_chars = args.min_chars;
  auto clusterer = text::NearDuplicateClusterer::Create(nd, /*keep_texts=*/false);
  CheckOk(clusterer.status());
  Dictionary dict;
  IngestReport report;
  auto rejects = ConnectRejectsFile(args.input, &report);
  CheckOk(rejects.status());
  TextStore store;
  uint64_t events = 0;
  Progress progress("events");
  CheckOk(ReadInputs(
      args.input.files, *options, &dict, &report,
      [&](const EventBatch& batch) {
        for (const Event& e : batch.events()) {
          ++events;
          if (e.kind != EventKind::kPost && e.kind != EventKind::kQuote &&
              e.kind != EventKind::kReply) {
            continue;
          }
          if (e.text.empty()) continue;
          const uint64_t seq = store.records.size();
          store.records.push_back(TextRecord{store.bytes.size(), static_cast<uint32_t>(e.id.size()),
                                             static_cast<uint32_t>(e.text.size()), e.actor,
                                             e.time});
          store.bytes.append(e.id);
          store.bytes.append(e.text);
          clusterer->Add(seq, e.text);
        }
        return absl::OkStatus();
      },
      &progress));
  progress.Finish(events);
  CheckOk(clusterer->Run());
  CheckOk(WriteClusters(args.out_path, *clusterer, store, dict));
  PrintRejectSummary(report);

  const text::ClustererStats& s = clusterer->stats();
  const text::LshParams lsh = clusterer->lsh();
  std::printf("events       %llu read, %llu texts (post, quote, reply)\n",
              (unsigned long long)events, (unsigned long long)s.texts);
  std::printf("too short    %llu (fewer than %zu characters once normalised; not clustered)\n",
              (unsigned long long)s.too_short, args.min_chars);
  std::printf("narratives   %zu with 2 or more texts, holding %llu texts\n",
              clusterer->clusters().size(), (unsigned long long)s.clustered_texts);
  std::printf(
      "method       Jaccard >= %.2f on 3-character shingles; MinHash 128, LSH %d bands x "
      "%d rows; %llu exact copies, %llu pairs verified\n",
      args.threshold, lsh.bands, lsh.rows, (unsigned long long)s.exact_duplicates,
      (unsigned long long)s.candidate_pairs);
  std::vector<const text::Narrative*> largest;
  for (const text::Narrative& n : clusterer->clusters()) largest.push_back(&n);
  std::stable_sort(largest.begin(), largest.end(), [](const auto* a, const auto* b) {
    return a->members.size() > b->members.size();
  });
  if (largest.size() > 5) largest.resize(5);
  for (const text::Narrative* n : largest) {
    std::printf("  %-10llu %6zu texts  %s\n", (unsigned long long)n->id, n->members.size(),
                Preview(store.Text(store.records[n->id]), 90).c_str());
  }
  std::printf("written      %s\n", args.out_path.c_str());
}

}  // namespace

void RegisterNarratives(CLI::App& app) {
  auto args = std::make_shared<NarrativesArgs>();
  CLI::App* cmd = app.add_subcommand(
      "narratives",
      "Cluster the texts of posts, quotes and replies into narratives (near-duplicate variants: "
      "width, punctuation, emoji, URLs, mentions and small edits ignored) and write them as CSV");
  AddInputOptions(cmd, &args->input, /*positional=*/false);
  cmd->add_option("-o,--out", args->out_path,
                  "CSV file to write: cluster_id,event_id,account_id,time,text for every text "
                  "in a narrative of 2 or more (cluster_id = the input position of its first text)")
      ->required();
  cmd->add_option("--threshold", args->threshold,
                  "Jaccard similarity of 3-character shingle sets at which two texts are variants")
      ->check(CLI::Range(0.05, 1.0))
      ->capture_default_str();
  cmd->add_option("--min-chars", args->min_chars,
                  "Texts with fewer normalised characters are not clustered")
      ->capture_default_str();
  cmd->callback([args] { Run(*args); });
}

}  // namespace sakimori::cli
