// File: serve/engine_sink_test.cc
// Live analysis: events handed to the EngineSink in small batches, as POST /api/ingest does,
// make the ring's campaign and alert appear in the store (where the alert feed finds them)
// while the stream is still arriving.
#include "serve/engine_sink.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "engine/ring_stream_testing.h"

namespace sakimori::serve {
namespace {

TEST(EngineSinkTest, AlertReachesTheStoreWhileTheStreamArrives) {
  const std::string path = ::testing::TempDir() + "/engine_sink_test.db";
  std::filesystem::remove(path);
  StoreOptions so;
  so.migrate = true;
  auto writer = Store::Open(path, so);
  ASSERT_TRUE(writer.ok()) << writer.status();
  RunRecord run;
  run.generator = "sakimori serve --analyze";
  auto run_id = (*writer)->AddRun(run);
  ASSERT_TRUE(run_id.ok()) << run_id.status();
  auto reader = Store::Open(path, so);
  ASSERT_TRUE(reader.ok());

  Dictionary dict;
  EventBatch all;
  engine::testing_streams::RingStream(&dict, &all);
  engine::EngineOptions options;
  options.coordination.channels = {{{coord::Action::kRepost, coord::Action::kLike}, 60}};
  options.detect_every_ms = 2 * 60 * engine::testing_streams::kMinute;
  auto eng = engine::Engine::Create(options, &dict);
  ASSERT_TRUE(eng.ok()) << eng.status();
  EngineSink sink(eng->get(), std::move(*writer), *run_id);

  const auto& events = all.events();
  size_t alerted_at = events.size();
  for (size_t i = 0; i < events.size(); i += 200) {
    EventBatch part;
    for (size_t k = i; k < std::min(events.size(), i + 200); ++k) part.Add() = events[k];
    ASSERT_TRUE(sink.Accept(part).ok());
    auto page = (*reader)->ListAlerts(AlertQuery{});
    ASSERT_TRUE(page.ok()) << page.status();
    if (!page->alerts.empty() && alerted_at == events.size()) alerted_at = i;
  }
  EXPECT_GT(sink.published_steps(), 0u);
  ASSERT_LT(alerted_at, events.size()) << "no alert while the stream arrived";
  EXPECT_LT(alerted_at, events.size() * 9 / 10);

  auto page = (*reader)->ListAlerts(AlertQuery{});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->alerts.size(), 1u);
  auto detail = (*reader)->GetCampaignDetail(page->alerts[0].campaign_id, 10);
  ASSERT_TRUE(detail.ok()) << detail.status();
  EXPECT_EQ(detail->campaign.members.size(), 10u);
  for (const std::string& m : detail->campaign.members) EXPECT_EQ(m[0], 'r') << m;
  EXPECT_FALSE(detail->campaign.summary_en.empty());
  EXPECT_FALSE(detail->campaign.techniques.empty());
  // Evidence was written once per edge, however many steps published the campaign.
  auto evidence = (*reader)->EvidenceOf("r0", "r1", 100);
  ASSERT_TRUE(evidence.ok()) << evidence.status();
  EXPECT_GE(evidence->size(), 1u);
  EXPECT_LE(evidence->size(), 5u);
}

}  // namespace
}  // namespace sakimori::serve
