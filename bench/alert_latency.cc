// File: bench/alert_latency.cc
// Live alerting latency of `sakimori serve --analyze` (SPEC section 9: an alert within 5 s of
// wall-clock time of the event that crosses the threshold, at 100,000 events/s).
//
// Replays a simulated world (`sakimori simulate`, canonical JSON Lines in time order) into a
// server on loopback at a fixed offered rate: event i is due at start + (i + 1) / rate, and a
// body of `--body` lines is posted as soon as its last event is due (or at once when the sender
// is behind). The live analysis runs as `serve --analyze` runs it (the shipped model, the
// default channels, a detection step every `--detect-every` hours of event time). Two clients
// watch the alerts: one polls GET /api/alerts every 20 ms, the other reads GET /api/stream.
//
// An alert's latency is the wall time from the moment its crossing event was due to the moment
// the client saw the alert. The crossing event is the first event of the file whose time is at
// or after the alert's `raised_at`: the engine runs the detection step that raises the alert
// just before that event (engine/engine.h). The latency so includes the wait for the body to
// fill, the queue behind the ingest lock, the engine's work, the detection step, writing
// campaigns and alerts to the store, and the client's poll interval. It does not include the
// event time between the real crossing and the next detection step: replayed faster than real
// time, that is nothing in wall time here, but in real time it adds up to `--detect-every`.
//
// Fails (exit 1) when a request is refused, an event does not reach the engine, or no alert is
// raised.
//
//   build/bench/alert_latency EVENTS.jsonl [--rate 100000] [--body 5000] [--detect-every 1]
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cli/analysis_options.h"
#include "common/time.h"
#include "live_server.h"

namespace {

using Clock = std::chrono::steady_clock;
using sakimori::TimeMs;

// The value of the first `"key":` in `json` from `from` on, up to the next ',' or '}' (quotes
// stripped); `*end` is set past it. Empty when absent. The API writes compact JSON.
std::string_view Field(std::string_view json, std::string_view key, size_t from, size_t* end) {
  const std::string needle = "\"" + std::string(key) + "\":";
  const size_t at = json.find(needle, from);
  if (at == std::string_view::npos) return {};
  size_t b = at + needle.size();
  size_t e = json.find_first_of(",}", b);
  if (e == std::string_view::npos) e = json.size();
  *end = e;
  std::string_view v = json.substr(b, e - b);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return v;
}

// Alerts first seen by one watcher: id -> (raised_at, seconds since the start).
struct Seen {
  std::mutex mutex;
  std::map<std::string, std::pair<TimeMs, double>> alerts;

  // Notes every alert object in `json` ("id" then "raised_at"), at `t` seconds.
  void Note(std::string_view json, double t) {
    std::lock_guard<std::mutex> lock(mutex);
    size_t pos = 0, end = 0;
    while (true) {
      const std::string_view id = Field(json, "id", pos, &end);
      if (id.empty()) return;
      const std::string_view raised = Field(json, "raised_at", end, &end);
      if (raised.empty()) return;
      alerts.emplace(std::string(id), std::pair{std::atoll(std::string(raised).c_str()), t});
      pos = end;
    }
  }
};

int Usage() {
  std::fprintf(stderr,
               "usage: alert_latency EVENTS.jsonl [--rate EVENTS_PER_S] [--body LINES] "
               "[--detect-every HOURS]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sakimori;
  if (argc < 2) return Usage();
  const std::string path = argv[1];
  double rate = 100000;
  int body_lines = 5000;
  double detect_every_hours = 1;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const double v = std::atof(argv[i + 1]);
    if (flag == "--rate") {
      rate = v;
    } else if (flag == "--body") {
      body_lines = static_cast<int>(v);
    } else if (flag == "--detect-every") {
      detect_every_hours = v;
    } else {
      return Usage();
    }
  }
  if (argc % 2 != 0 || rate <= 0 || body_lines <= 0 || detect_every_hours <= 0) return Usage();

  // The lines and their event times (`"time":"..."` or epoch milliseconds).
  std::ifstream in(path);
  if (!in) return std::fprintf(stderr, "alert_latency: cannot read %s\n", path.c_str()), 1;
  std::vector<std::string> lines;
  std::vector<TimeMs> times;
  TimeMs latest = INT64_MIN;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    size_t end = 0;
    TimeMs t = 0;
    if (!ParseAnyTime(Field(line, "time", 0, &end), &t)) {
      std::fprintf(stderr, "alert_latency: line %zu has no readable time\n", lines.size() + 1);
      return 1;
    }
    latest = std::max(latest, t);
    times.push_back(latest);  // the engine's watermark after this event
    lines.push_back(std::move(line) + "\n");
  }
  if (lines.empty()) return std::fprintf(stderr, "alert_latency: %s is empty\n", path.c_str()), 1;

  cli::AnalysisArgs args;
  args.detect_every_hours = detect_every_hours;
  auto analysis = cli::MakeAnalysis(args);
  if (!analysis.ok()) return std::fprintf(stderr, "%s\n", analysis.status().ToString().c_str()), 1;
  auto live = bench::StartLiveServer(&(*analysis)->options, nullptr);
  if (!live.ok()) return std::fprintf(stderr, "%s\n", live.status().ToString().c_str()), 1;
  serve::Server& server = *(*live)->server;
  const int port = server.port();
  const httplib::Headers auth = {{"Authorization", "Bearer " + (*live)->token}};

  std::atomic<bool> stop{false};
  std::atomic<int64_t> failed{0};
  Seen polled, streamed;
  const auto start = Clock::now();
  const auto since_start = [&start] {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  std::thread poller([&] {
    httplib::Client client("127.0.0.1", port);
    while (!stop) {
      auto res = client.Get("/api/alerts?limit=1000", auth);
      if (!res || res->status != 200) {
        ++failed;
      } else {
        polled.Note(res->body, since_start());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  httplib::Client stream_client("127.0.0.1", port);
  std::thread streamer([&] {
    stream_client.set_read_timeout(3600, 0);
    std::string pending;
    stream_client.Get("/api/stream", auth, [&](const char* data, size_t n) {
      pending.append(data, n);
      // One event per "data:" line; keep an unfinished line for the next chunk.
      const size_t cut = pending.rfind('\n');
      if (cut != std::string::npos) {
        streamed.Note(std::string_view(pending).substr(0, cut), since_start());
        pending.erase(0, cut + 1);
      }
      return !stop;
    });
  });

  // The sender: body k holds lines [k * body_lines, (k + 1) * body_lines).
  std::vector<double> ingest_ms, behind_s;
  {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(600, 0);
    std::string body;
    for (size_t first = 0; first < lines.size(); first += static_cast<size_t>(body_lines)) {
      const size_t last = std::min(lines.size(), first + static_cast<size_t>(body_lines));
      body.clear();
      for (size_t i = first; i < last; ++i) body += lines[i];
      const double due = static_cast<double>(last) / rate;
      const double now = since_start();
      if (now < due) std::this_thread::sleep_for(std::chrono::duration<double>(due - now));
      behind_s.push_back(std::max(0.0, since_start() - due));
      const auto t0 = Clock::now();
      auto res = client.Post("/api/ingest", auth, body, "application/x-ndjson");
      if (!res || res->status != 202) ++failed;
      ingest_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
  }
  const double sent_s = since_start();
  // Let the watchers see the last step's alerts: two stream polls (500 ms each) and more.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  stop = true;
  poller.join();
  server.Stop();  // closes the stream
  streamer.join();
  const uint64_t consumed = (*live)->engine->stats().events;
  const uint64_t steps = (*live)->engine->stats().detect_steps;

  std::printf(
      "alert_latency: %zu events from %s, offered %.0f events/s in bodies of %d lines, "
      "detection every %g h of event time (%llu steps)\n",
      lines.size(), path.c_str(), rate, body_lines, detect_every_hours,
      static_cast<unsigned long long>(steps));
  std::printf(
      "ingest: all sent after %.2f s (%.0f events/s achieved); request p50 %.1f ms, "
      "p99 %.1f ms, max %.1f ms; sender behind schedule: p50 %.3f s, max %.3f s\n",
      sent_s, static_cast<double>(lines.size()) / sent_s, bench::Percentile(ingest_ms, 50),
      bench::Percentile(ingest_ms, 99), bench::Percentile(ingest_ms, 100),
      bench::Percentile(behind_s, 50), bench::Percentile(behind_s, 100));
  size_t polled_alerts = 0;
  for (auto* watcher : {&polled, &streamed}) {
    std::vector<double> latency;
    for (const auto& [id, seen] : watcher->alerts) {
      const auto crossing = static_cast<size_t>(
          std::lower_bound(times.begin(), times.end(), seen.first) - times.begin());
      // No later event: the step ran only if the alert came from an earlier mark.
      if (crossing == times.size()) continue;
      const double due = static_cast<double>(crossing + 1) / rate;
      latency.push_back(seen.second - due);
    }
    const int ok = static_cast<int>(
        std::count_if(latency.begin(), latency.end(), [](double l) { return l <= 5.0; }));
    std::printf("%s: %zu alerts; latency p50 %.3f s, max %.3f s; within 5 s: %d of %zu\n",
                watcher == &polled ? "GET /api/alerts every 20 ms" : "GET /api/stream",
                latency.size(), bench::Percentile(latency, 50), bench::Percentile(latency, 100), ok,
                latency.size());
    if (watcher == &polled) polled_alerts = latency.size();
  }
  std::printf("failed requests: %lld; events at the engine: %llu of %zu\n",
              static_cast<long long>(failed.load()), static_cast<unsigned long long>(consumed),
              lines.size());
  if (failed > 0 || consumed != lines.size() || polled_alerts == 0) {
    std::fprintf(stderr, "alert_latency: FAILED (%s)\n",
                 polled_alerts == 0 ? "no alert raised" : "lost or refused requests");
    return 1;
  }
  return 0;
}
