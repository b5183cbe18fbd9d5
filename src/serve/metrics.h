// File: serve/metrics.h
// The server's figures for GET /api/metrics and /api/health: request counts by status,
// latency percentiles over the last 4,096 API requests (ingest and stream excluded), and
// ingest throughput (totals and events per second over the last 10 s). Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "serve/json_out.h"

namespace sakimori::serve {

class ServeMetrics {
 public:
  static constexpr size_t kLatencyWindow = 4096;

  void RecordRequest(int status, double latency_ms, bool timed);
  // `now_ms` on the monotonic clock.
  void RecordIngest(int64_t now_ms, uint64_t events, uint64_t bytes, bool accepted,
                    const std::map<std::string, uint64_t>& by_kind);
  void RecordPush(uint64_t n);
  void SetSubscribers(int64_t n);

  // Percentile p in [0, 100] of the recorded latencies (0 when none).
  double LatencyPercentile(double p) const;
  uint64_t ingest_events() const;
  // Appends the "ingest", "requests" and "stream" members to an open object.
  void Write(int64_t now_ms, JsonOut* out) const;

 private:
  mutable std::mutex mutex_;
  std::vector<double> latencies_;          // GUARDED_BY(mutex_), ring
  size_t next_latency_ = 0;                // GUARDED_BY(mutex_)
  uint64_t requests_ = 0;                  // GUARDED_BY(mutex_)
  std::map<int, uint64_t> by_status_;      // GUARDED_BY(mutex_)
  uint64_t ingest_requests_ = 0;           // GUARDED_BY(mutex_)
  uint64_t ingest_rejected_ = 0;           // GUARDED_BY(mutex_)
  uint64_t ingest_events_ = 0;             // GUARDED_BY(mutex_)
  uint64_t ingest_bytes_ = 0;              // GUARDED_BY(mutex_)
  std::map<std::string, uint64_t> by_kind_;  // GUARDED_BY(mutex_)
  std::array<std::pair<int64_t, uint64_t>, 10> per_second_{};  // GUARDED_BY(mutex_)
  uint64_t pushed_ = 0;                    // GUARDED_BY(mutex_)
  int64_t subscribers_ = 0;                // GUARDED_BY(mutex_)
};

}  // namespace sakimori::serve
