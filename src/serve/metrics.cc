// File: serve/metrics.cc
// ServeMetrics.
#include "serve/metrics.h"

#include <algorithm>
#include <cmath>

namespace sakimori::serve {

void ServeMetrics::RecordRequest(int status, double latency_ms, bool timed) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_;
  ++by_status_[status];
  if (!timed) return;
  if (latencies_.size() < kLatencyWindow) {
    latencies_.push_back(latency_ms);
  } else {
    latencies_[next_latency_] = latency_ms;
  }
  next_latency_ = (next_latency_ + 1) % kLatencyWindow;
}

void ServeMetrics::RecordIngest(int64_t now_ms, uint64_t events, uint64_t bytes, bool accepted,
                                const std::map<std::string, uint64_t>& by_kind) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++ingest_requests_;
  ingest_bytes_ += bytes;
  if (!accepted) {
    ++ingest_rejected_;
    return;
  }
  ingest_events_ += events;
  for (const auto& [kind, n] : by_kind) by_kind_[kind] += n;
  const int64_t second = now_ms / 1000;
  auto& slot = per_second_[static_cast<size_t>(second % 10)];
  if (slot.first != second) slot = {second, 0};
  slot.second += events;
}

void ServeMetrics::RecordPush(uint64_t n) {
  std::lock_guard<std::mutex> lock(mutex_);
  pushed_ += n;
}

void ServeMetrics::SetSubscribers(int64_t n) {
  std::lock_guard<std::mutex> lock(mutex_);
  subscribers_ = n;
}

double ServeMetrics::LatencyPercentile(double p) const {
  std::vector<double> v;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    v = latencies_;
  }
  if (v.empty()) return 0;
  // Nearest-rank percentile.
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  rank = std::clamp<size_t>(rank, 1, v.size());
  std::nth_element(v.begin(), v.begin() + static_cast<long>(rank - 1), v.end());
  return v[rank - 1];
}

uint64_t ServeMetrics::ingest_events() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return ingest_events_;
}

void ServeMetrics::Write(int64_t now_ms, JsonOut* out) const {
  const double p50 = LatencyPercentile(50), p90 = LatencyPercentile(90),
               p99 = LatencyPercentile(99), max = LatencyPercentile(100);
  std::lock_guard<std::mutex> lock(mutex_);
  uint64_t recent = 0;
  const int64_t second = now_ms / 1000;
  for (const auto& [s, n] : per_second_) {
    if (s > second - 10 && s <= second) recent += n;
  }
  out->Key("ingest").BeginObject();
  out->Key("requests").Int(static_cast<int64_t>(ingest_requests_));
  out->Key("rejected_requests").Int(static_cast<int64_t>(ingest_rejected_));
  out->Key("events").Int(static_cast<int64_t>(ingest_events_));
  out->Key("bytes").Int(static_cast<int64_t>(ingest_bytes_));
  out->Key("events_per_s_last_10s").Double(static_cast<double>(recent) / 10.0);
  out->Key("by_kind").BeginObject();
  for (const auto& [kind, n] : by_kind_) out->Key(kind).Int(static_cast<int64_t>(n));
  out->EndObject().EndObject();
  out->Key("requests").BeginObject();
  out->Key("count").Int(static_cast<int64_t>(requests_));
  out->Key("latency_ms").BeginObject();
  out->Key("p50").Double(p50).Key("p90").Double(p90).Key("p99").Double(p99).Key("max").Double(max);
  out->EndObject();
  out->Key("by_status").BeginObject();
  for (const auto& [status, n] : by_status_) {
    out->Key(std::to_string(status)).Int(static_cast<int64_t>(n));
  }
  out->EndObject().EndObject();
  out->Key("stream").BeginObject();
  out->Key("subscribers").Int(subscribers_);
  out->Key("alerts_pushed").Int(static_cast<int64_t>(pushed_));
  out->EndObject();
}

}  // namespace sakimori::serve
