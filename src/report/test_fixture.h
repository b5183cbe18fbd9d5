// File: report/test_fixture.h
// A small analysis result written through the Store API for the report and sharing tests:
// two campaigns (a synchronised repost/hashtag burst with a foreign time-zone signal, and a
// copy-paste text campaign), 30 member accounts plus 2 non-members, edges with evidence,
// Japanese texts, alerts, a review and notes, and one run record. Everything is fixed, so
// tests can assert exact values.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace sakimori::report::testing {

// Writes the fixture into a migrated store.
[[nodiscard]] Status WriteFixture(Store& store);

// What the fixture holds, for assertions.
std::vector<std::string> FixtureAccountIds();  // the 30 members, acc01..acc30
std::vector<std::string> FixtureHandles();     // their handles
std::vector<std::string> FixtureTexts();       // every free text: evidence contents, summaries,
                                               // review and note texts
inline constexpr char kBurstCampaign[] = "c-burst";
inline constexpr char kCopyCampaign[] = "c-copypasta";

}  // namespace sakimori::report::testing
