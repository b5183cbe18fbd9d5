// File: ingest/event_reader.cc
// The driver: splits the input into records, hands each to its format's parser, and turns
// every failure into a counted, positioned rejection (or, in strict mode, an error).
#include "ingest/event_reader.h"

#include <simdjson.h>

#include <pthread.h>
#include <sched.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "common/strings.h"
#include "ingest/byte_source.h"
#include "ingest/json_util.h"
#include "ingest/record_parser.h"
#include "ingest/record_splitter.h"

namespace sakimori {
namespace {

constexpr size_t kSniffBytes = 64 << 10;

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// The factor from the input read so far to the whole input (input size / bytes read), at
// most kMaxScale; 0 when the input size is unknown (standard input, compressed files) or
// too little was read to tell.
double InputScale(uint64_t input_bytes, uint64_t bytes_read) {
  constexpr uint64_t kMinBytes = 64 << 10;
  constexpr double kMaxScale = 64;
  if (input_bytes == 0 || bytes_read < kMinBytes || bytes_read >= input_bytes) return 0;
  return std::min(static_cast<double>(input_bytes) / static_cast<double>(bytes_read), kMaxScale);
}

// Sizes Dictionary interners for the whole input after its first batch, by scaling the keys
// that batch added by InputScale (at most 64 times, so a first batch that is not
// representative cannot make a table much larger than doubling would have). An interner
// otherwise doubles its table about ten times while a file is read, faulting in and
// rehashing twice the memory of the final table: on CooRTweet's Russian table (35 k rows,
// 42 k post ids) sizing once saved 2 ms of the reading thread's 10. Inputs of unknown size
// are left to grow as before. Sizes the interners named at construction; not thread-safe:
// call it on the thread that interns into them.
class DictionarySizer {
 public:
  DictionarySizer(Dictionary* dict, uint64_t input_bytes, bool accounts, bool posts)
      : input_(input_bytes),
        accounts_(accounts ? &dict->accounts : nullptr),
        posts_(posts ? &dict->posts : nullptr) {}

  // Before the first batch's keys are interned.
  void BeforeFirst() {
    if (accounts_ != nullptr) accounts_before_ = accounts_->size();
    if (posts_ != nullptr) posts_before_ = posts_->size();
  }
  // After them, with the input bytes the first batch spans.
  void AfterFirst(uint64_t bytes_read) {
    const double scale = InputScale(input_, bytes_read);
    if (scale == 0) return;
    if (accounts_ != nullptr) Reserve(*accounts_, accounts_before_, scale);
    if (posts_ != nullptr) Reserve(*posts_, posts_before_, scale);
  }

 private:
  static void Reserve(Interner& interner, size_t before, double scale) {
    const size_t added = interner.size() - before;
    interner.Reserve(before + static_cast<size_t>(static_cast<double>(added) * scale));
  }

  uint64_t input_;
  Interner* accounts_;
  Interner* posts_;
  size_t accounts_before_ = 0, posts_before_ = 0;
};

class ReaderImpl : public EventReader {
 public:
  enum class JsonMode { kLines, kArray, kDocuments };

  ReaderImpl(std::unique_ptr<RecordSplitter> splitter, Format format, const ReaderOptions& options,
             Dictionary* dict, IngestReport* report)
      : splitter_(std::move(splitter)),
        format_(format),
        options_(options),
        dict_(dict),
        report_(report) {
    ctx_.dict = dict_;
    ctx_.options = &options_;
    ctx_.report = report_;
    ctx_.default_platform = ParsePlatform(options_.default_platform);
  }

  Status Init() {
    if (IsJsonFormat(format_)) {
      json_parser_ = MakeJsonParser(format_);
      if (json_parser_ == nullptr) {
        return absl::UnimplementedError(StrCat("no reader for format ", FormatName(format_)));
      }
      splitter_->set_mode(RecordSplitter::Mode::kLines);
      ASSIGN_OR_RETURN(std::string_view head, splitter_->Peek(kSniffBytes));
      size_t i = head.find_first_not_of(" \t\r\n");
      if (i != std::string_view::npos) {
        std::string_view first_line = TrimRight(head.substr(i, head.find('\n', i) - i));
        if (head[i] == '[') {
          json_mode_ = JsonMode::kArray;
        } else if (first_line.empty() || first_line.back() != '}') {
          json_mode_ = JsonMode::kDocuments;  // pretty-printed or concatenated objects
        }
      }
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(csv_parser_, MakeCsvParser(format_, options_));
    splitter_->set_mode(RecordSplitter::Mode::kCsv);
    Record rec;
    while (true) {
      ASSIGN_OR_RETURN(bool ok, splitter_->Next(&rec));
      if (!ok) return absl::OkStatus();  // empty input
      if (rec.too_long || rec.truncated) {
        return absl::InvalidArgumentError(
            StrCat(splitter_->name(), ":", rec.line, ": CSV header is unreadable"));
      }
      if (!IsBlank(rec.data)) break;
    }
    CsvRow row;
    if (!row.Parse(rec.data, csv_parser_->delimiter())) {
      return absl::InvalidArgumentError(
          StrCat(splitter_->name(), ":", rec.line, ": malformed CSV header"));
    }
    header_.Set(row);
    Status s = csv_parser_->SetHeader(header_);
    if (!s.ok()) {
      return absl::InvalidArgumentError(StrCat(splitter_->name(), ": ", Message(s)));
    }
    return absl::OkStatus();
  }

  Format format() const override { return format_; }

  StatusOr<bool> Next(EventBatch* batch) override {
    const bool first = !sized_;
    if (first) sizer_.BeforeFirst();
    Status s = Fill(batch, &pending_);
    // On an error the records before the bad one were read: their ids are assigned as if
    // the interning had not been deferred.
    pending_.Resolve(dict_, batch);
    if (first) {
      sized_ = true;
      sizer_.AfterFirst(bytes_consumed());
    }
    if (!s.ok()) return s;
    return !batch->empty();
  }

  uint64_t bytes_consumed() const override { return splitter_->bytes_consumed(); }
  uint64_t input_size() const override { return splitter_->input_size(); }

  // True when the parser leaves all interning to PendingIds (so Fill touches no Dictionary).
  bool DefersInterning() const {
    return format_ == Format::kCanonical || format_ == Format::kCoortweet ||
           format_ == Format::kCoortweetMulti;
  }

  // Clears `batch` and fills it like Next, leaving the interning requests in `pending` for
  // the caller to resolve (also when an error is returned). `pending` must be empty.
  Status Fill(EventBatch* batch, PendingIds* pending) {
    batch->Clear();
    ctx_.batch = batch;
    ctx_.pending = pending;
    while (!done_ && !batch->Full()) {
      Status s;
      if (csv_parser_ != nullptr) {
        s = NextCsv();
      } else if (json_mode_ == JsonMode::kLines) {
        s = NextJsonLine();
      } else {
        s = NextJsonElement();
      }
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }

 private:
  // Records a rejection; in strict mode returns it as an error.
  Status Reject(uint64_t line, uint64_t offset, std::string reason) {
    Rejection r{splitter_->name(), line, offset, std::move(reason)};
    if (options_.strict) {
      return absl::InvalidArgumentError(IngestReport::Describe(r));
    }
    report_->Reject(std::move(r));
    return absl::OkStatus();
  }

  // An error from the byte source: the rest of the input is lost; say so and stop.
  Status SourceError(const Status& s) {
    done_ = true;
    if (options_.strict) return s;
    return Reject(0, splitter_->bytes_consumed(), StrCat("unreadable input: ", Message(s)));
  }

  StatusOr<bool> NextRecord(Record* rec) {
    auto more = splitter_->Next(rec);
    if (!more.ok()) {
      RETURN_IF_ERROR(SourceError(more.status()));
      return false;
    }
    if (!*more) done_ = true;
    return *more;
  }

  // Runs one parser call; on failure removes its events and records the rejection.
  template <typename F>
  Status Guarded(uint64_t line, uint64_t offset, F&& parse) {
    EventBatch& batch = *ctx_.batch;
    size_t before = batch.size();
    const PendingIds::Mark mark = ctx_.pending->mark();
    Status s;
    try {
      s = parse();
    } catch (const simdjson::simdjson_error& e) {
      s = json::JsonError(e.error());
    }
    report_->AddRecords(1);
    if (s.ok()) {
      report_->AddEvents(batch.size() - before);
      return absl::OkStatus();
    }
    batch.events().resize(before);
    ctx_.pending->Rollback(mark);
    return Reject(line, offset, std::string(s.message()));
  }

  // Whether `rec`'s bytes are valid UTF-8. Rather than validating each record (a call per
  // record, 6 % of the reading thread on the German CooRTweet table), validates everything
  // buffered from the record's start up to the last newline at once: a newline never occurs
  // inside a multi-byte sequence, so when that span is valid, so is every record inside it,
  // and those are then not looked at again. Where a span is not valid, its records are
  // validated one by one, so the bad ones are still rejected each with its own line.
  bool IsValidUtf8(const Record& rec) {
    const uint64_t end = rec.offset + rec.data.size();
    if (end <= utf8_valid_until_) return true;
    if (rec.offset >= utf8_checked_until_) {
      std::string_view span = splitter_->BufferedFrom(rec);
      const size_t last_newline = span.rfind('\n');
      if (last_newline != std::string_view::npos && last_newline >= rec.data.size()) {
        span = span.substr(0, last_newline);
        utf8_checked_until_ = rec.offset + span.size();
        if (simdjson::validate_utf8(span.data(), span.size())) {
          utf8_valid_until_ = utf8_checked_until_;
          return true;
        }
      }
    }
    return simdjson::validate_utf8(rec.data.data(), rec.data.size());
  }

  Status NextCsv() {
    Record rec;
    ASSIGN_OR_RETURN(bool more, NextRecord(&rec));
    if (!more) return absl::OkStatus();
    if (rec.too_long) {
      report_->AddRecords(1);
      return Reject(rec.line, rec.offset,
                    StrCat("record too long: more than ", options_.max_record_bytes,
                           " bytes (or an unterminated quote)"));
    }
    if (IsBlank(rec.data)) return absl::OkStatus();
    if (rec.truncated) {
      report_->AddRecords(1);
      // A quote opened on this line and never closed: lose only this line.
      if (splitter_->ResumeAfterFirstLine(rec)) {
        return Reject(rec.line, rec.offset, "malformed CSV: unterminated quote");
      }
      return Reject(rec.line, rec.offset, "truncated record: input ends inside a quoted field");
    }
    if (!IsValidUtf8(rec)) {
      report_->AddRecords(1);
      return Reject(rec.line, rec.offset, "invalid UTF-8");
    }
    return Guarded(rec.line, rec.offset, [&]() -> Status {
      if (!row_.Parse(rec.data, csv_parser_->delimiter())) {
        // A record spanning lines that does not parse most likely began with an unterminated
        // quote that swallowed the lines after it: give those lines back.
        if (splitter_->ResumeAfterFirstLine(rec)) {
          return absl::InvalidArgumentError("malformed CSV: unterminated quote");
        }
        return absl::InvalidArgumentError("malformed CSV: misplaced quote");
      }
      if (row_.size() != header_.size()) {
        return absl::InvalidArgumentError(StrCat("wrong number of fields: ", row_.size(),
                                                 " where the header has ", header_.size()));
      }
      return csv_parser_->Parse(row_, ctx_);
    });
  }

  Status NextJsonLine() {
    Record rec;
    ASSIGN_OR_RETURN(bool more, NextRecord(&rec));
    if (!more) return absl::OkStatus();
    if (rec.too_long) {
      report_->AddRecords(1);
      return Reject(rec.line, rec.offset,
                    StrCat("record too long: more than ", options_.max_record_bytes, " bytes"));
    }
    if (IsBlank(rec.data)) return absl::OkStatus();
    return Guarded(rec.line, rec.offset, [&]() -> Status {
      simdjson::padded_string_view view(rec.data.data(), rec.data.size(),
                                        rec.data.size() + RecordSplitter::kPadding);
      simdjson::ondemand::document doc;
      if (auto err = json_.iterate(view).get(doc)) return json::JsonError(err);
      simdjson::ondemand::object obj;
      if (auto err = doc.get_object().get(obj)) return json::JsonError(err);
      return json_parser_->Parse(obj, ctx_);
    });
  }

  // Array and document modes: the whole input is parsed as one buffer.
  Status StartDocument() {
    doc_started_ = true;
    auto all = splitter_->ReadAll(options_.max_document_bytes);
    if (!all.ok()) {
      done_ = true;
      if (absl::IsResourceExhausted(all.status())) return all.status();
      return SourceError(all.status());
    }
    doc_text_ = *all;
    simdjson::padded_string_view view(doc_text_.data(), doc_text_.size(),
                                      doc_text_.size() + RecordSplitter::kPadding);
    if (json_mode_ == JsonMode::kArray) {
      if (auto err = json_.iterate(view).get(doc_)) return FailDocument(0, err);
      if (auto err = doc_.get_array().get(array_)) return FailDocument(0, err);
      if (auto err = array_.begin().get(it_)) return FailDocument(0, err);
      if (auto err = array_.end().get(end_)) return FailDocument(0, err);
    } else {
      if (auto err = StartStream(0)) return FailDocument(0, err);
    }
    return absl::OkStatus();
  }

  Status FailDocument(size_t offset, simdjson::error_code err) {
    done_ = true;
    report_->AddRecords(1);
    return Reject(LineAt(offset), offset,
                  StrCat("invalid JSON: ", simdjson::error_message(err),
                         " (the rest of the document is skipped)"));
  }

  uint64_t LineAt(size_t offset) {
    // Lines are counted incrementally as offsets only grow.
    offset = std::min(offset, doc_text_.size());
    if (offset < line_offset_) {
      line_offset_ = 0;
      line_no_ = 1;
    }
    for (; line_offset_ < offset; ++line_offset_) {
      if (doc_text_[line_offset_] == '\n') ++line_no_;
    }
    return line_no_;
  }

  Status NextJsonElement() {
    if (!doc_started_) {
      RETURN_IF_ERROR(StartDocument());
      if (done_) return absl::OkStatus();
    }
    if (json_mode_ == JsonMode::kArray) {
      if (!(it_ != end_)) {
        done_ = true;
        return absl::OkStatus();
      }
      const char* loc = nullptr;
      size_t offset = doc_.current_location().get(loc) ? doc_text_.size() : loc - doc_text_.data();
      simdjson::ondemand::value v;
      if (auto err = (*it_).get(v)) return FailDocument(offset, err);
      Status s = Guarded(LineAt(offset), offset, [&]() -> Status {
        simdjson::ondemand::object obj;
        if (auto err = v.get_object().get(obj)) return json::JsonError(err);
        return json_parser_->Parse(obj, ctx_);
      });
      ++it_;
      return s;
    }
    if (!(stream_it_ != stream_.end())) {
      done_ = true;
      if (stream_.truncated_bytes() > 0) {
        size_t offset = doc_text_.size() - stream_.truncated_bytes();
        report_->AddRecords(1);
        return Reject(LineAt(offset), offset, "truncated record: incomplete JSON document at end");
      }
      return absl::OkStatus();
    }
    size_t offset = stream_base_ + stream_it_.current_index();
    simdjson::ondemand::document_reference doc;
    if (auto err = (*stream_it_).get(doc)) return FailDocument(offset, err);
    Status s = Guarded(LineAt(offset), offset, [&]() -> Status {
      simdjson::ondemand::object obj;
      if (auto err = doc.get_object().get(obj)) return json::JsonError(err);
      return json_parser_->Parse(obj, ctx_);
    });
    if (!static_cast<simdjson::ondemand::document&>(doc).is_alive()) {
      // simdjson gave up on this document and cannot step past it: resume at the next line
      // that opens an object (concatenated and pretty-printed objects start that way).
      size_t next = doc_text_.find("\n{", offset + 1);
      if (next == std::string_view::npos) {
        done_ = true;
        return s;
      }
      if (auto err = StartStream(next + 1)) {
        RETURN_IF_ERROR(s);
        return FailDocument(next + 1, err);
      }
      return s;
    }
    ++stream_it_;
    return s;
  }

  // Starts iterating the documents of doc_text_ from byte `start`.
  simdjson::error_code StartStream(size_t start) {
    stream_base_ = start;
    std::string_view rest = doc_text_.substr(start);
    auto err = json_.iterate_many(rest.data(), rest.size(), std::max<size_t>(rest.size(), 1 << 20))
                   .get(stream_);
    if (!err) stream_it_ = stream_.begin();
    return err;
  }

  std::unique_ptr<RecordSplitter> splitter_;
  Format format_;
  ReaderOptions options_;
  Dictionary* dict_;
  IngestReport* report_;
  ParseContext ctx_{};
  PendingIds pending_;
  DictionarySizer sizer_{dict_, splitter_->input_size(), true, true};
  // Input offsets below which CSV bytes are known valid UTF-8, and below which a span was
  // validated at once (valid or not); see IsValidUtf8.
  uint64_t utf8_valid_until_ = 0;
  uint64_t utf8_checked_until_ = 0;
  bool sized_ = false;
  bool done_ = false;

  std::unique_ptr<CsvRecordParser> csv_parser_;
  CsvHeader header_;
  CsvRow row_;

  std::unique_ptr<JsonRecordParser> json_parser_;
  JsonMode json_mode_ = JsonMode::kLines;
  simdjson::ondemand::parser json_;
  bool doc_started_ = false;
  std::string_view doc_text_;
  simdjson::ondemand::document doc_;
  simdjson::ondemand::array array_;
  simdjson::ondemand::array_iterator it_;
  simdjson::ondemand::array_iterator end_;
  simdjson::ondemand::document_stream stream_;
  simdjson::ondemand::document_stream::iterator stream_it_;
  size_t stream_base_ = 0;  // offset in doc_text_ where stream_ starts
  size_t line_offset_ = 0;
  uint64_t line_no_ = 1;
};

// Runs a ReaderImpl on a background thread, `depth` batches ahead of the caller. Batches
// pass between the threads through a fixed set of slots: the thread fills a free slot
// (events and interning requests), Next resolves the ids of the oldest filled slot on the
// caller's thread and swaps its batch with the caller's, and the slot, now holding the
// caller's old batch, is free again. With `accounts_here` the thread interns the account ids
// itself as it fills a slot (ReaderOptions::accounts_on_reader_thread). The thread stops
// after the input ends or an error, or when the reader is destroyed (the destructor waits
// for it).
class PrefetchingReader : public EventReader {
 public:
  PrefetchingReader(std::unique_ptr<ReaderImpl> inner, Dictionary* dict, int depth,
                    bool accounts_here, bool separate_cpus)
      : inner_(std::move(inner)),
        dict_(dict),
        accounts_here_(accounts_here),
        sizer_(dict, inner_->input_size(), !accounts_here, true),
        thread_sizer_(dict, inner_->input_size(), true, false),
        slots_(std::max(depth, 1)) {
    for (Slot& slot : slots_) free_.push_back(&slot);
    thread_ = std::thread([this] { Produce(); });
    if (separate_cpus) SeparateCpus();
  }

  ~PrefetchingReader() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
    if (pinned_caller_) {
      pthread_setaffinity_np(pthread_self(), sizeof caller_cpus_, &caller_cpus_);
    }
  }

  Format format() const override { return inner_->format(); }
  uint64_t input_size() const override { return inner_->input_size(); }
  uint64_t bytes_consumed() const override { return bytes_returned_; }

  StatusOr<bool> Next(EventBatch* batch) override {
    batch->Clear();
    if (finished_) return false;
    Slot* slot;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return !ready_.empty(); });
      slot = ready_.front();
      ready_.pop_front();
    }
    const bool first = !sized_;
    if (first) sizer_.BeforeFirst();
    slot->pending.Resolve(dict_, &slot->batch);
    if (first) {
      sized_ = true;
      sizer_.AfterFirst(slot->bytes_read);
    }
    Status status = std::move(slot->status);
    const bool last = slot->last;
    bytes_returned_ = slot->bytes_read;
    if (status.ok()) batch->Swap(slot->batch);
    if (last || !status.ok()) finished_ = true;
    {
      std::lock_guard<std::mutex> lock(mu_);
      free_.push_back(slot);
    }
    cv_.notify_all();
    if (!status.ok()) return status;
    return !batch->empty();
  }

 private:
  struct Slot {
    EventBatch batch;
    PendingIds pending;
    Status status;
    bool last = false;        // the input ended (or failed) with this batch
    uint64_t bytes_read = 0;  // input bytes consumed up to the end of this batch
  };

  // Keeps the caller's thread on the processor it runs on and the reading thread off it,
  // until the reader is destroyed (ReaderOptions::prefetch_separate_cpus). Does nothing
  // when the process may use only one processor or an affinity call fails.
  void SeparateCpus() {
    cpu_set_t all;
    if (sched_getaffinity(0, sizeof all, &all) != 0 || CPU_COUNT(&all) < 2) return;
    const int here = sched_getcpu();
    if (here < 0 || !CPU_ISSET(here, &all)) return;
    cpu_set_t caller, reader = all;
    CPU_ZERO(&caller);
    CPU_SET(here, &caller);
    CPU_CLR(here, &reader);
    if (pthread_setaffinity_np(thread_.native_handle(), sizeof reader, &reader) != 0) return;
    if (pthread_setaffinity_np(pthread_self(), sizeof caller, &caller) == 0) {
      caller_cpus_ = all;
      pinned_caller_ = true;
    }
  }

  void Produce() {
    while (true) {
      Slot* slot;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stop_ || !free_.empty(); });
        if (stop_) return;
        slot = free_.front();
        free_.pop_front();
      }
      const bool first = !thread_sized_;
      if (accounts_here_ && first) thread_sizer_.BeforeFirst();
      slot->status = inner_->Fill(&slot->batch, &slot->pending);
      slot->bytes_read = inner_->bytes_consumed();
      if (accounts_here_) {
        slot->pending.ResolveAccounts(dict_, &slot->batch);
        if (first) thread_sizer_.AfterFirst(slot->bytes_read);
      }
      thread_sized_ = true;
      slot->last = !slot->status.ok() || slot->batch.empty();
      const bool last = slot->last;
      {
        std::lock_guard<std::mutex> lock(mu_);
        ready_.push_back(slot);
      }
      cv_.notify_all();
      if (last) return;
    }
  }

  std::unique_ptr<ReaderImpl> inner_;
  Dictionary* dict_;
  const bool accounts_here_;  // the thread interns account ids
  DictionarySizer sizer_;  // used on the caller's thread
  bool sized_ = false;
  DictionarySizer thread_sizer_;  // used on the thread, for accounts_here_
  bool thread_sized_ = false;
  uint64_t bytes_returned_ = 0;  // input bytes up to the end of the last batch returned
  std::vector<Slot> slots_;
  bool finished_ = false;  // the caller's side has seen the last slot

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Slot*> free_;   // guarded by mu_
  std::deque<Slot*> ready_;  // guarded by mu_; filled slots in input order
  bool stop_ = false;        // guarded by mu_
  std::thread thread_;
  cpu_set_t caller_cpus_;  // the caller's processors before SeparateCpus pinned it
  bool pinned_caller_ = false;
};

}  // namespace

uint64_t EventReader::EstimateTotalEvents(uint64_t events) const {
  return static_cast<uint64_t>(static_cast<double>(events) *
                               InputScale(input_size(), bytes_consumed()));
}

StatusOr<std::unique_ptr<EventReader>> EventReader::Open(const std::string& path,
                                                         const ReaderOptions& options,
                                                         Dictionary* dict, IngestReport* report) {
  ASSIGN_OR_RETURN(auto source, OpenInput(path));
  return OpenSource(std::move(source), options, dict, report);
}

StatusOr<std::unique_ptr<EventReader>> EventReader::OpenSource(std::unique_ptr<ByteSource> source,
                                                               const ReaderOptions& options,
                                                               Dictionary* dict,
                                                               IngestReport* report) {
  const std::string path = source->name();
  auto splitter = std::make_unique<RecordSplitter>(std::move(source), RecordSplitter::Mode::kLines,
                                                   options.max_record_bytes);
  Format format = options.format;
  if (format == Format::kAuto) {
    ASSIGN_OR_RETURN(std::string_view head, splitter->Peek(kSniffBytes));
    auto detected = DetectFormat(head);
    if (!detected.ok()) {
      return absl::InvalidArgumentError(StrCat(path, ": ", Message(detected.status())));
    }
    format = *detected;
  }
  auto reader = std::make_unique<ReaderImpl>(std::move(splitter), format, options, dict, report);
  RETURN_IF_ERROR(reader->Init());
  if (options.prefetch_batches > 0 && reader->DefersInterning()) {
    return std::unique_ptr<EventReader>(
        std::make_unique<PrefetchingReader>(std::move(reader), dict, options.prefetch_batches,
                                            options.accounts_on_reader_thread,
                                            options.prefetch_separate_cpus));
  }
  return std::unique_ptr<EventReader>(std::move(reader));
}

}  // namespace sakimori
