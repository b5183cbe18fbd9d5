// File: serve/api_ingest.cc
// POST /api/ingest: read a body of events with the ingest readers, refuse it whole when a
// record is bad (unless partial=1), queue it durably, then hand it to the sink.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/log.h"
#include "common/strings.h"
#include "ingest/byte_source.h"
#include "ingest/event_reader.h"
#include "ingest/format.h"
#include "ingest/ingest_report.h"
#include "serve/internal/api.h"
#include "serve/json_out.h"

namespace sakimori::serve {
namespace {

constexpr size_t kMaxRejectionsShown = 100;

struct ReadResult {
  std::vector<std::unique_ptr<EventBatch>> batches;
  IngestReport report;
  std::string format;
};

// Reads a whole body. Errors: the format cannot be detected or the body is corrupt.
Status ReadBody(std::string_view body, Format format, Dictionary* dict, ReadResult* out) {
  ReaderOptions options;
  options.format = format;
  ASSIGN_OR_RETURN(auto source, OpenMemory("body", body));
  ASSIGN_OR_RETURN(auto reader,
                   EventReader::OpenSource(std::move(source), options, dict, &out->report));
  out->format = std::string(FormatName(reader->format()));
  while (true) {
    auto batch = std::make_unique<EventBatch>();
    ASSIGN_OR_RETURN(bool more, reader->Next(batch.get()));
    if (!batch->empty()) out->batches.push_back(std::move(batch));
    if (!more) break;
  }
  return absl::OkStatus();
}

void WriteRejections(const IngestReport& report, JsonOut* out) {
  out->Key("rejections").BeginArray();
  size_t n = 0;
  for (const Rejection& r : report.kept()) {
    if (n++ >= kMaxRejectionsShown) break;
    out->BeginObject().Key("line").Int(static_cast<int64_t>(r.line));
    out->Key("reason").String(r.reason).EndObject();
  }
  out->EndArray();
}

}  // namespace

StatusOr<uint64_t> Server::Impl::Deliver(const QueuedBody& body) {
  ASSIGN_OR_RETURN(Format format, ParseFormat(body.format));
  ReadResult read;
  RETURN_IF_ERROR(ReadBody(body.body, format, dictionary_, &read));
  uint64_t events = 0;
  for (const auto& batch : read.batches) {
    RETURN_IF_ERROR(sink_->Accept(*batch));
    events += batch->size();
  }
  return events;
}

void Server::Impl::Ingest(const httplib::Request& req, httplib::Response& res,
                          const Principal& who) {
  Format format = Format::kAuto;
  if (const std::string name = req.get_param_value("format"); !name.empty() && name != "auto") {
    ASSIGN_OR_SEND(format, ParseFormat(name));
  }
  const std::string partial_param = req.get_param_value("partial");
  const bool partial = partial_param == "1" || partial_param == "true";
  const std::string encoding = req.get_header_value("Content-Encoding");
  if (!encoding.empty() && encoding != "gzip" && encoding != "zstd" && encoding != "identity") {
    return SendError(res, 400, "bad_request",
                     StrCat("unsupported Content-Encoding '", encoding, "'"));
  }
  const int64_t now = clock_->MonotonicMs();

  std::unique_lock<std::mutex> lock(ingest_mutex_);
  ReadResult read;
  if (Status st = ReadBody(req.body, format, dictionary_, &read); !st.ok()) {
    lock.unlock();
    metrics_.RecordIngest(now, 0, req.body.size(), false, {});
    return SendError(res, 400, "bad_request", Message(st));
  }
  const IngestReport& report = read.report;
  if (report.rejected() > 0 && !partial) {
    lock.unlock();
    metrics_.RecordIngest(now, 0, req.body.size(), false, {});
    JsonOut out;
    out.BeginObject().Key("error").BeginObject();
    out.Key("code").String("rejected_records");
    out.Key("message").String(
        StrCat(report.rejected(), " of ", report.records(), " records rejected; nothing accepted"));
    out.Key("records").Int(static_cast<int64_t>(report.records()));
    out.Key("rejected").Int(static_cast<int64_t>(report.rejected()));
    WriteRejections(report, &out);
    out.EndObject().EndObject();
    return SendJson(res, 422, out.Take());
  }
  uint64_t seq = 0;
  bool delivered = true;
  uint64_t events = 0;
  std::map<std::string, uint64_t> by_kind;
  for (const auto& batch : read.batches) {
    events += batch->size();
    for (const Event& e : batch->events()) ++by_kind[std::string(EventKindName(e.kind))];
  }
  if (events > 0) {
    StatusOr<uint64_t> appended = queue_->Append(read.format, partial, req.body);
    if (!appended.ok()) {
      lock.unlock();
      SAKIMORI_LOG_ERROR("ingest queue: {}", Message(appended.status()));
      return SendError(res, 503, "unavailable",
                       StrCat("cannot queue the batch: ", Message(appended.status())));
    }
    seq = *appended;
    Status st;
    for (const auto& batch : read.batches) {
      st = sink_->Accept(*batch);
      if (!st.ok()) break;
    }
    if (!st.ok()) {
      delivered = false;
      if (refused_seq_ == 0) {
        refused_seq_ = seq;
        SAKIMORI_LOG_ERROR(
            "ingest: the analysis refused body {}: {}; from it on no body is acknowledged and "
            "no state saved, so the next start hands it over again",
            seq, Message(st));
      } else {
        SAKIMORI_LOG_WARN("ingest: body {} queued but not delivered: {}", seq, Message(st));
      }
    } else if (refused_seq_ != 0) {
      // Taken, but held in the queue behind the refused body (see refused_seq_).
    } else if (sink_checkpoints_) {
      // Acknowledged only once a checkpoint holds the body; a failed checkpoint leaves the
      // bodies since the last one queued, consistent with the state saved then.
      delivered_seq_ = seq;
      MaybeBeginCheckpoint(now);
    } else if (const Status acked = queue_->Ack(seq); !acked.ok()) {
      delivered = false;
      SAKIMORI_LOG_WARN("ingest: body {} delivered but not acknowledged: {}", seq, Message(acked));
    }
  }
  // New alerts from the live analysis go out on the stream now, not at its next poll.
  const uint64_t writes = sink_->writes();
  const bool wrote = writes != sink_writes_;
  sink_writes_ = writes;
  lock.unlock();
  if (wrote) feed_->Notify();
  metrics_.RecordIngest(now, events, req.body.size(), true, by_kind);
  if (StatusOr<StorePool::Lease> store = pool_->Acquire(); store.ok()) {
    JsonOut detail;
    detail.BeginObject().Key("events").Int(static_cast<int64_t>(events));
    detail.Key("rejected").Int(static_cast<int64_t>(report.rejected()));
    detail.Key("format").String(read.format).EndObject();
    (void)Audit(**store, who, "ingest", "batch", std::to_string(seq), detail.Take());
  }
  JsonOut out;
  out.BeginObject();
  out.Key("batch").Int(static_cast<int64_t>(seq));
  out.Key("records").Int(static_cast<int64_t>(report.records()));
  out.Key("accepted").Int(static_cast<int64_t>(events));
  out.Key("rejected").Int(static_cast<int64_t>(report.rejected()));
  out.Key("delivered").Bool(delivered);
  out.Key("format").String(read.format);
  WriteRejections(report, &out);
  out.Key("by_kind").BeginObject();
  for (const auto& [kind, n] : by_kind) out.Key(kind).Int(static_cast<int64_t>(n));
  out.EndObject().EndObject();
  SendJson(res, 202, out.Take());
}

}  // namespace sakimori::serve
