// File: serve/engine_sink_test.cc
// Live analysis: events handed to the EngineSink in small batches, as POST /api/ingest does,
// make the ring's campaign and alert appear in the store (where the alert feed finds them)
// while the stream is still arriving.
#include "serve/engine_sink.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "engine/ring_stream_testing.h"
#include "store/store_test_util.h"

namespace sakimori::serve {
namespace {

// The fast channel only, a detection step every two hours of the ring stream.
engine::EngineOptions RingOptions() {
  engine::EngineOptions options;
  options.coordination.channels = {{{coord::Action::kRepost, coord::Action::kLike}, 60}};
  options.detect_every_ms = 2 * 60 * engine::testing_streams::kMinute;
  return options;
}

// An empty directory under the test's temporary directory.
std::string FreshDir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Hands events[begin, end) to the sink in batches of 200, as ingest bodies would.
void Feed(EngineSink& sink, const std::vector<Event>& events, size_t begin, size_t end) {
  for (size_t i = begin; i < end; i += 200) {
    EventBatch part;
    for (size_t k = i; k < std::min(end, i + 200); ++k) part.Add() = events[k];
    ASSERT_TRUE(sink.Accept(part).ok()) << i;
  }
}

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
  const engine::EngineOptions options = RingOptions();
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

// With a state file, a restart loses nothing the engine had learnt: the sink restored from its
// checkpoint, fed the rest of the stream, ends with the results of one engine over all of it,
// and says which queued body the state holds. A damaged file is refused and changes nothing.
// A sink for `engine` writing into the SQLite file `db` (made when missing), under a new run.
std::unique_ptr<EngineSink> OpenSink(const std::string& db, engine::Engine* engine) {
  StoreOptions so;
  so.migrate = true;
  auto store = Store::Open(db, so);
  EXPECT_TRUE(store.ok()) << store.status();
  auto run_id = (*store)->AddRun(RunRecord{});
  EXPECT_TRUE(run_id.ok()) << run_id.status();
  return std::make_unique<EngineSink>(engine, std::move(*store), *run_id);
}

// The results of one engine fed all of `events` through a sink writing into `db`; it must
// alert once.
std::string OneEngineResults(const std::string& db, Dictionary* dict,
                             const std::vector<Event>& events) {
  auto whole = engine::Engine::Create(RingOptions(), dict);
  EXPECT_TRUE(whole.ok());
  auto sink = OpenSink(db, whole->get());
  Feed(*sink, events, 0, events.size());
  EXPECT_TRUE((*whole)->Finish().ok());
  EXPECT_EQ((*whole)->results().alerts.size(), 1u);
  return WriteResultsJson((*whole)->results());
}

// What the state tests start from: a fresh directory with a store and a state path, the ring
// stream, and the results of one engine over all of it.
struct RingRun {
  explicit RingRun(const std::string& name)
      : dir(FreshDir(name)), db(dir + "/live.db"), state(dir + "/state") {
    engine::testing_streams::RingStream(&dict, &all);
    expected = OneEngineResults(db, &dict, all.events());
  }
  ~RingRun() { std::filesystem::remove_all(dir); }
  const std::string dir, db, state;
  Dictionary dict;
  EventBatch all;
  std::string expected;
};

TEST(EngineSinkTest, StateKeptAcrossARestartGivesTheSameResults) {
  RingRun run("engine_sink_state");
  const std::string& db = run.db;
  const std::string& state = run.state;
  Dictionary& dict = run.dict;
  const engine::EngineOptions options = RingOptions();
  const auto& events = run.all.events();
  const std::string& expected = run.expected;

  const size_t cut = events.size() / 3;
  auto first = engine::Engine::Create(options, &dict);
  ASSERT_TRUE(first.ok());
  auto first_sink = OpenSink(db, first->get());
  auto none = first_sink->KeepState(state);  // no file yet: a fresh start
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(*none, 0u);
  EXPECT_TRUE(first_sink->checkpoints());
  Feed(*first_sink, events, 0, cut);
  ASSERT_TRUE(first_sink->Checkpoint(7).ok());
  EXPECT_FALSE(std::filesystem::exists(state + ".tmp"));

  Dictionary restarted_dict;
  auto restarted = engine::Engine::Create(options, &restarted_dict);
  ASSERT_TRUE(restarted.ok());
  auto restarted_sink = OpenSink(db, restarted->get());
  auto seq = restarted_sink->KeepState(state);
  ASSERT_TRUE(seq.ok()) << seq.status();
  EXPECT_EQ(*seq, 7u);
  EXPECT_EQ(restarted_sink->restored_seq(), 7u);
  EXPECT_EQ((*restarted)->stats().events, cut);
  Feed(*restarted_sink, events, cut, events.size());
  EXPECT_GT(restarted_sink->published_steps(), first_sink->published_steps());
  ASSERT_TRUE((*restarted)->Finish().ok());
  EXPECT_EQ(WriteResultsJson((*restarted)->results()), expected);

  // One flipped byte: refused by the checksum, the new engine left as it was.
  std::string bytes;
  {
    std::ifstream in(state, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes[bytes.size() / 2] ^= 0x20;
  std::ofstream(state, std::ios::binary | std::ios::trunc) << bytes;
  Dictionary damaged_dict;
  auto damaged = engine::Engine::Create(options, &damaged_dict);
  ASSERT_TRUE(damaged.ok());
  auto damaged_sink = OpenSink(db, damaged->get());
  auto refused = damaged_sink->KeepState(state);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("checksum"), std::string::npos) << refused.status();
  EXPECT_EQ(damaged_dict.accounts.size(), 0u);
}

// A checkpoint beside ingest holds the engine as it was when it began, whatever the sink took
// while the child wrote: restored and fed the rest of the stream, it gives the results of one
// engine over the whole. One at a time; a failed child's error comes back; leftovers of
// killed writers are removed at start.
TEST(EngineSinkTest, CheckpointBesideIngestIsTheStateWhenItBegan) {
  RingRun run("engine_sink_background");
  const auto& events = run.all.events();

  const size_t cut = events.size() / 3;
  auto first = engine::Engine::Create(RingOptions(), &run.dict);
  ASSERT_TRUE(first.ok());
  auto first_sink = OpenSink(run.db, first->get());
  std::ofstream(run.state + ".tmp-12345") << "left by a killed state writer";
  ASSERT_TRUE(first_sink->KeepState(run.state).ok());
  EXPECT_FALSE(std::filesystem::exists(run.state + ".tmp-12345"));
  Feed(*first_sink, events, 0, cut);
  ASSERT_TRUE(first_sink->BeginCheckpoint(4).ok());
  EXPECT_EQ(first_sink->BeginCheckpoint(5).code(), absl::StatusCode::kFailedPrecondition);
  Feed(*first_sink, events, cut, 2 * cut);  // taken while the child writes
  const std::optional<Status> done = first_sink->PollCheckpoint(/*wait=*/true);
  ASSERT_TRUE(done.has_value());
  ASSERT_TRUE(done->ok()) << *done;
  EXPECT_FALSE(first_sink->PollCheckpoint(/*wait=*/true).has_value());  // reported once
  EXPECT_EQ((*first)->stats().events, 2 * cut);

  Dictionary restarted_dict;
  auto restarted = engine::Engine::Create(RingOptions(), &restarted_dict);
  ASSERT_TRUE(restarted.ok());
  auto restarted_sink = OpenSink(run.db, restarted->get());
  auto seq = restarted_sink->KeepState(run.state);
  ASSERT_TRUE(seq.ok()) << seq.status();
  EXPECT_EQ(*seq, 4u);
  EXPECT_EQ((*restarted)->stats().events, cut);
  Feed(*restarted_sink, events, cut, events.size());
  ASSERT_TRUE((*restarted)->Finish().ok());
  EXPECT_EQ(WriteResultsJson((*restarted)->results()), run.expected);

  // A state file the child cannot write: its error, naming the path, comes back.
  const std::string unwritable = run.dir + "/no-such-dir/state";
  auto second = engine::Engine::Create(RingOptions(), &run.dict);
  ASSERT_TRUE(second.ok());
  auto second_sink = OpenSink(run.db, second->get());
  ASSERT_TRUE(second_sink->KeepState(unwritable).ok());
  Feed(*second_sink, events, 0, cut);
  ASSERT_TRUE(second_sink->BeginCheckpoint(1).ok());
  const std::optional<Status> failed = second_sink->PollCheckpoint(/*wait=*/true);
  ASSERT_TRUE(failed.has_value());
  EXPECT_FALSE(failed->ok());
  EXPECT_NE(failed->message().find("no-such-dir"), std::string::npos) << *failed;
  EXPECT_FALSE(std::filesystem::exists(unwritable));
}

// The store out of reach (another connection holds SQLite's exclusive lock) while detection
// steps pass: every batch is still taken once, as the engine consumed it; the campaign state
// is written when the store is back, and no checkpoint is written meanwhile (a restored state
// counts as published). The results are those of one engine over the stream, and the alert
// reaches the store.
TEST(EngineSinkTest, StoreOutageLosesNothingAndTakesNothingTwice) {
  const std::string dir = FreshDir("engine_sink_outage");
  const std::string db = dir + "/live.db";
  const std::string state = dir + "/state";
  StoreOptions so;
  so.migrate = true;
  so.busy_timeout_ms = 20;
  auto store = Store::Open(db, so);
  ASSERT_TRUE(store.ok()) << store.status();
  auto run_id = (*store)->AddRun(RunRecord{});
  ASSERT_TRUE(run_id.ok()) << run_id.status();
  Dictionary dict;
  EventBatch all;
  engine::testing_streams::RingStream(&dict, &all);
  const engine::EngineOptions options = RingOptions();
  auto whole = engine::Engine::Create(options, &dict);
  ASSERT_TRUE(whole.ok());
  ASSERT_TRUE((*whole)->Consume(all).ok());
  ASSERT_TRUE((*whole)->Finish().ok());
  const std::string expected = WriteResultsJson((*whole)->results());

  auto eng = engine::Engine::Create(options, &dict);
  ASSERT_TRUE(eng.ok());
  EngineSink sink(eng->get(), std::move(*store), *run_id);
  ASSERT_TRUE(sink.KeepState(state).ok());
  const auto& events = all.events();
  const auto feed = [&](size_t begin, size_t end) { Feed(sink, events, begin, end); };
  const size_t outage_from = events.size() / 4, outage_to = events.size() * 3 / 4;
  feed(0, outage_from);
  const uint64_t published_before = sink.published_steps();

  sqlite3* lock = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &lock), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(lock, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  feed(outage_from, outage_to);
  EXPECT_GT(sink.publish_failures(), 0u);
  EXPECT_GT(sink.failing_writes(), 0u);
  EXPECT_EQ(sink.published_steps(), published_before);
  EXPECT_GT((*eng)->stats().detect_steps, published_before);
  EXPECT_EQ((*eng)->stats().events, outage_to);  // each batch once
  const Status saved = sink.Checkpoint(3);
  EXPECT_FALSE(saved.ok());
  EXPECT_NE(saved.message().find("no checkpoint"), std::string::npos) << saved;
  EXPECT_FALSE(std::filesystem::exists(state));
  sqlite3_exec(lock, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(lock);

  ASSERT_TRUE(sink.Checkpoint(3).ok());  // publishes what was pending, then saves
  EXPECT_EQ(sink.failing_writes(), 0u);
  EXPECT_EQ(sink.published_steps(), (*eng)->stats().detect_steps);
  feed(outage_to, events.size());
  ASSERT_TRUE((*eng)->Finish().ok());
  EXPECT_EQ(WriteResultsJson((*eng)->results()), expected);
  auto reader = Store::Open(db, StoreOptions{});
  ASSERT_TRUE(reader.ok()) << reader.status();
  auto page = (*reader)->ListAlerts(AlertQuery{});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->alerts.size(), 1u);
  std::filesystem::remove_all(dir);
}

// A PostgreSQL server that drops the sink's connection (an administrator's
// pg_terminate_backend, a restart): the writes right after fail, the batches are taken all
// the same, once, and a later retry reaches the store (libpqxx connects again).
class SinkReconnectTest : public StoreFixture {};

TEST_P(SinkReconnectTest, SurvivesADroppedConnection) {
  const std::string url = db_->url() + "&application_name=sakimori_sink_probe";
  StoreOptions so;
  auto opened = Store::Open(url, so);
  ASSERT_TRUE(opened.ok()) << opened.status();
  auto run_id = (*opened)->AddRun(RunRecord{});
  ASSERT_TRUE(run_id.ok()) << run_id.status();
  Dictionary dict;
  EventBatch all;
  engine::testing_streams::RingStream(&dict, &all);
  auto eng = engine::Engine::Create(RingOptions(), &dict);
  ASSERT_TRUE(eng.ok());
  EngineSink sink(eng->get(), std::move(*opened), *run_id);
  const auto& events = all.events();
  const size_t cut = events.size() / 4;
  Feed(sink, events, 0, cut);
  {
    pqxx::connection admin(db_->url());
    pqxx::result r = pqxx::nontransaction(admin).exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE application_name = 'sakimori_sink_probe'");
    ASSERT_EQ(r.size(), 1u);
  }
  Feed(sink, events, cut, events.size());
  EXPECT_GE(sink.publish_failures(), 1u);  // the writes right after the drop
  EXPECT_EQ(sink.failing_writes(), 0u);
  EXPECT_EQ(sink.published_steps(), (*eng)->stats().detect_steps);
  EXPECT_EQ((*eng)->stats().events, events.size());
  auto page = store_->ListAlerts(AlertQuery{});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->alerts.size(), 1u);
}

// PostgreSQL only: a SQLite file has no connection to lose (its lock outage is
// EngineSinkTest.StoreOutageLosesNothingAndTakesNothingTwice).
INSTANTIATE_TEST_SUITE_P(Backends, SinkReconnectTest, ::testing::Values("postgresql"), BackendName);

}  // namespace
}  // namespace sakimori::serve
