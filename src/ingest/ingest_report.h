// File: ingest/ingest_report.h
// What reading produced and what it refused: counts of records and events, and every
// rejected record with its source, line, byte offset and reason. Rejections are counted by
// reason (the part of the message before the first ": "), kept in memory up to a bound, and
// optionally streamed to a sink so that none is lost however many there are.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sakimori {

struct Rejection {
  std::string source;  // file name or "<stdin>"
  uint64_t line = 0;   // 1-based line of the record (0 if unknown)
  uint64_t offset = 0; // byte offset of the record in the decompressed input
  std::string reason;  // e.g. "invalid time: 'yesterday'"
};

class IngestReport {
 public:
  static constexpr size_t kMaxKept = 10000;

  void AddRecords(uint64_t n) { records_ += n; }
  void AddEvents(uint64_t n) { events_ += n; }
  void Reject(Rejection r);
  // Counts a record (or part of one) that was read correctly but holds no event of interest
  // (e.g. a Bluesky block record, a Mastodon poll notification). Not an error; `reason` is a
  // short fixed phrase naming what was skipped.
  // Repeats of the last reason are counted without a map lookup.
  void Skip(std::string_view reason, uint64_t n = 1) {
    auto*& last = last_skip_.entry;
    if (last == nullptr || reason != last->first) {
      last = &*skipped_.try_emplace(std::string(reason)).first;
    }
    last->second += n;
  }

  // Called for every rejection as it happens (e.g. to write a rejects file).
  void set_sink(std::function<void(const Rejection&)> sink) { sink_ = std::move(sink); }

  uint64_t records() const { return records_; }
  uint64_t events() const { return events_; }
  uint64_t rejected() const { return rejected_; }
  // Rejections by reason category, ordered by name.
  const std::map<std::string, uint64_t>& by_reason() const { return by_reason_; }
  // Skipped items by reason, ordered by reason.
  const std::map<std::string, uint64_t>& skipped() const { return skipped_; }
  // The first kMaxKept rejections.
  const std::vector<Rejection>& kept() const { return kept_; }

  // "FILE:LINE: reason" for messages.
  static std::string Describe(const Rejection& r);

 private:
  uint64_t records_ = 0;
  uint64_t events_ = 0;
  uint64_t rejected_ = 0;
  std::map<std::string, uint64_t> by_reason_;
  std::vector<Rejection> kept_;
  std::map<std::string, uint64_t> skipped_;
  // The entry of skipped_ counted last; not carried over by copies.
  struct LastSkip {
    std::pair<const std::string, uint64_t>* entry = nullptr;
    LastSkip() = default;
    LastSkip(const LastSkip&) {}
    LastSkip& operator=(const LastSkip&) {
      entry = nullptr;
      return *this;
    }
  } last_skip_;
  std::function<void(const Rejection&)> sink_;
};

}  // namespace sakimori
