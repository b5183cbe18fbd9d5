// File: campaign/summary.h
// Plain-language campaign summaries in English and Japanese, and the campaign `signals` JSON
// object (the format report/signals.h reads). All text is generated from the evidence alone,
// deterministically: signals are named as signals with their confidence ("activity fits UTC+8
// (confidence 0.82)"), never as an attribution, and the authors of the amplified items are
// named as targets, never as members. Pure functions: thread-safe.
#pragma once

#include <string>

#include "campaign/evidence.h"

namespace sakimori::campaign {

// 2 to 5 English sentences: who and when (UTC and JST), the coordination, what was amplified
// (kinds with counts, the top item ids, reach), the signals with their confidence, severity.
std::string SummaryEn(const CampaignEvidence& evidence);

// The same content in Japanese (UTF-8; counts with 件/人/アカウント, times in UTC and JST).
std::string SummaryJa(const CampaignEvidence& evidence);

// The `signals` object: one member per signal present in the evidence, each an object with
// "confidence" (0..1), "detail" (English text) and signal fields. Members, in this order when
// present: coordination, automation, timezone, foreign_timezone, creation_wave,
// new_accounts, sleepers, near_duplicates, hashtag_flood, script_anomaly, domains,
// watchlist. docs/campaigns.md lists the fields. Compact JSON; "{}" when there is none.
std::string SignalsJson(const CampaignEvidence& evidence);

}  // namespace sakimori::campaign
