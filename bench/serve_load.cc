// File: bench/serve_load.cc
// Load test of `sakimori serve` on loopback: ingest canonical JSON Lines through
// POST /api/ingest in batches (default 5,000 events) from several clients while another
// client polls GET /api/alerts and measures its latency. Starts its own server over a fresh
// SQLite file (with 200 alerts to page through), runs for a fixed time, stops by itself and
// prints events/s and the alert-feed latency percentiles. Checks its result: every event
// sent must have reached the sink.
//
//   build/bench/serve_load [seconds=10] [batch=5000] [ingest_clients=2] [--analyze]
//
// The sink counts events by kind, or with --analyze is the live analysis of
// `sakimori serve --analyze` (serve/engine_sink.h: the one-pass engine with the shipped account
// model, a detection step every hour of event time, campaigns written to the store). For the
// engine the event time advances 100 ms per event (10 events/s of event time, so a 10 s run at
// 50,000 events/s spans 14 hours and 14 detection steps), and the bodies are all distinct.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "detect/account/account_scorer.h"
#include "live_server.h"

namespace {

using Clock = std::chrono::steady_clock;

// Events first .. first + n - 1. `advancing`: event i at 2024-10-27T00:00:00Z + i * 100 ms;
// otherwise all within one second.
std::string Batch(int n, int64_t first, bool advancing) {
  std::string out;
  out.reserve(static_cast<size_t>(n) * 150);
  for (int64_t i = first; i < first + n; ++i) {
    const char* kind = i % 4 == 0 ? "post" : (i % 4 == 3 ? "like" : "repost");
    out += "{\"platform\":\"x\",\"id\":\"e";
    out += std::to_string(i);
    out += "\",\"kind\":\"";
    out += kind;
    if (advancing) {
      out += "\",\"time\":";
      out += std::to_string(int64_t{1729987200000} + i * 100);
      out += ",\"actor\":\"acct";
    } else {
      out += "\",\"time\":\"2024-10-27T12:00:00.";
      out += std::to_string(100 + i % 900);
      out += "Z\",\"actor\":\"acct";
    }
    out += std::to_string(i % 100000);
    out += "\"";
    if (i % 4 != 0) {
      out += ",\"target\":\"p";
      out += std::to_string(i % 5000);
      out += "\",\"target_author\":\"acct";
      out += std::to_string(i % 977);
      out += "\"";
    }
    out += "}\n";
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sakimori;
  bool analyze = false;
  std::vector<int> numbers;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--analyze") {
      analyze = true;
    } else {
      numbers.push_back(std::atoi(argv[i]));
    }
  }
  const int seconds = numbers.size() > 0 ? numbers[0] : 10;
  const int batch = numbers.size() > 1 ? numbers[1] : 5000;
  const int clients = numbers.size() > 2 ? numbers[2] : 2;
  if (seconds <= 0 || batch <= 0 || clients <= 0) {
    std::fprintf(stderr, "usage: serve_load [seconds] [batch] [ingest_clients] [--analyze]\n");
    return 2;
  }

  // --analyze: the engine sink, set up as `sakimori serve --analyze --detect-every 1` does.
  AccountModel model;
  engine::EngineOptions eo;
  if (analyze) {
    auto loaded = LoadAccountModelOrDefault("");
    if (!loaded.ok()) return std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str()), 1;
    model = std::move(*loaded);
    eo.account_model = &model;
    eo.detect_every_ms = 3600 * 1000;
  }
  // 200 alerts of 20 campaigns to page through.
  const auto seed = [](Store& store) -> Status {
    std::vector<CampaignRecord> campaigns(20);
    for (int i = 0; i < 20; ++i) campaigns[i] = CampaignRecord{.id = "C-" + std::to_string(i)};
    RETURN_IF_ERROR(store.PutCampaigns(campaigns));
    std::vector<AlertRecord> alerts(200);
    for (int i = 0; i < 200; ++i) {
      alerts[i].id = "A-" + std::to_string(i);
      alerts[i].campaign_id = "C-" + std::to_string(i % 20);
      alerts[i].raised_at = 1'730'000'000'000 + i * 1000;
      alerts[i].severity = static_cast<Severity>(i % 4);
    }
    return store.PutAlerts(alerts);
  };
  auto live = bench::StartLiveServer(analyze ? &eo : nullptr, seed);
  if (!live.ok()) return std::fprintf(stderr, "%s\n", live.status().ToString().c_str()), 1;
  serve::Server& server = *(*live)->server;
  const std::string& token = (*live)->token;
  const int port = server.port();

  // Pre-build the bodies so the clients only send: 8 reused ones for the counting sink, and
  // for the engine enough distinct ones for 60,000 events/s (then they repeat, out of order).
  std::vector<std::string> bodies;
  const int num_bodies = analyze ? std::max(8, seconds * 60000 / batch) : 8;
  for (int i = 0; i < num_bodies; ++i) bodies.push_back(Batch(batch, int64_t{i} * batch, analyze));
  const httplib::Headers auth = {{"Authorization", "Bearer " + token}};

  std::atomic<bool> stop{false};
  std::atomic<int64_t> sent_events{0}, failed{0};
  std::vector<double> ingest_ms[16];
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int c = 0; c < clients && c < 16; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_read_timeout(60, 0);
      for (int i = c; !stop; i += clients) {
        const auto t0 = Clock::now();
        auto res =
            client.Post("/api/ingest", auth, bodies[i % bodies.size()], "application/x-ndjson");
        if (!res || res->status != 202) {
          ++failed;
          continue;
        }
        ingest_ms[c].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        sent_events += batch;
      }
    });
  }
  std::vector<double> poll_ms;
  std::thread poller([&] {
    httplib::Client client("127.0.0.1", port);
    int i = 0;
    while (!stop) {
      const auto t0 = Clock::now();
      auto res = client.Get(
          i++ % 2 == 0 ? "/api/alerts?limit=50" : "/api/alerts?severity=high,critical&limit=100",
          auth);
      if (!res || res->status != 200) ++failed;
      poll_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  poller.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  const engine::Engine* eng = (*live)->engine.get();
  const uint64_t sunk = analyze ? eng->stats().events : server.counting_sink()->total();
  server.Stop();

  std::vector<double> all_ingest;
  for (auto& v : ingest_ms) all_ingest.insert(all_ingest.end(), v.begin(), v.end());
  std::printf("serve_load: %d s, batches of %d events, %d ingest clients, 1 alert poller, %s\n",
              seconds, batch, clients, analyze ? "engine sink (--analyze)" : "counting sink");
  if (analyze) {
    const engine::EngineStats& st = eng->stats();
    std::printf("engine: %llu detection steps over %.1f h of event time; stages: accounts %.1f s, "
                "coordination %.1f s, detection %.1f s\n",
                static_cast<unsigned long long>(st.detect_steps),
                st.events ? (st.last_time - st.first_time) / 3.6e6 : 0.0, st.times.accounts_s,
                st.times.coordination_s, st.times.detect_s);
  }
  std::printf("ingest: %lld events in %.1f s = %.0f events/s; request p50 %.1f ms, p99 %.1f ms\n",
              static_cast<long long>(sent_events.load()), elapsed, sent_events / elapsed,
              bench::Percentile(all_ingest, 50), bench::Percentile(all_ingest, 99));
  std::printf("GET /api/alerts: %zu requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
              poll_ms.size(), bench::Percentile(poll_ms, 50), bench::Percentile(poll_ms, 99),
              bench::Percentile(poll_ms, 100));
  std::printf("failed requests: %lld; events at the sink: %llu\n",
              static_cast<long long>(failed.load()), static_cast<unsigned long long>(sunk));
  if (failed > 0 || sunk != static_cast<uint64_t>(sent_events.load())) {
    std::fprintf(stderr, "serve_load: FAILED (lost or refused requests)\n");
    return 1;
  }
  return 0;
}
