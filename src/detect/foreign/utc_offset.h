// File: detect/foreign/utc_offset.h
// Which UTC offset best explains a daily activity profile (SPEC 5.4): the observed counts by
// UTC hour and home weekday/weekend are compared with reference daily rhythms shifted to every
// whole-hour offset, under a Dirichlet-multinomial likelihood (Mosimann 1962, Biometrika 49:65;
// the overdispersed multinomial, so a bursty account with many events does not become
// arbitrarily certain). The result is a signal with a confidence, never a verdict.
//
// The reference rhythms (documented in docs/foreign-signals.md, "Reference rhythms"):
//  * kLeisure, the general population's posting rhythm: near zero 3-5 h local, rising from
//    6 h, a lunch bump, a maximum at 21-23 h; on weekends the morning rise comes about two
//    hours later and daytime activity is higher. Built from the time-use shares of people
//    asleep by time of day (Statistics Bureau of Japan, Survey on Time Use and Leisure
//    Activities 2001/2011: over half asleep by 23 h on weekdays, over 80% by 0 h, about a third
//    awake at 6 h and 70% at 7 h; NHK 2020 National Time Use Survey: about 20% still awake at
//    0 h, almost everyone asleep around 3 h) times the evening peak of media use, and from the
//    published hour-of-day Twitter curves (Golder & Macy 2011, Science 333:1878, weekend
//    mornings later; Leypunskiy et al. 2018, Current Biology 28:3763, a nightly lull that
//    shifts later on weekends).
//  * kOffice, a working-day rhythm: active 9-18 h local on weekdays with shoulders at 8 and
//    18 h, a small floor elsewhere and on weekends.
//  * kWorkday, half kOffice and half kLeisure (by weekly event mass): someone who posts for an
//    employer in working hours and otherwise lives an ordinary day (a "cyborg" operator).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "detect/foreign/activity.h"

namespace sakimori::foreign {

enum class RhythmTemplate : uint8_t { kLeisure = 0, kOffice = 1, kWorkday = 2 };
inline constexpr int kNumRhythmTemplates = 3;

// "leisure", "office" or "workday".
std::string_view RhythmTemplateName(RhythmTemplate t);

// The template's relative activity rate at local hour `local_hour` (0..23) of a weekday or a
// weekend day (kLeisure and kOffice have maximum 1.0). Exposed for tests and documentation.
double TemplateRate(RhythmTemplate t, bool weekend, int local_hour);

// The expected share of events in each (home day type, UTC hour) bin for operators living at
// UTC+`offset_hours` with template `t`, when weekday/weekend is read in the home zone
// (UTC+`home_offset_hours`) and whole weeks are observed: index h is a weekday UTC hour,
// 24 + h a weekend one. Sums to 1.
std::vector<double> ExpectedProfile(RhythmTemplate t, int offset_hours, int home_offset_hours);

struct OffsetFitOptions {
  int home_utc_offset_hours = 9;  // Japan
  int min_offset_hours = -12;
  int max_offset_hours = 14;
  // Fewer events than this: the fit is "unknown" (fitted = false).
  uint64_t min_events = 50;
  // Dirichlet-multinomial concentration A per account (one account's profile scatters around
  // the template like A pseudo-events; a sum of k accounts like k x A, since the mean of k
  // independent Dirichlet(A p) draws has the variance of a Dirichlet(k A p)); <= 0 gives the
  // plain multinomial.
  double concentration = 100.0;
  // Empirical Bayes: the concentration above is an upper bound, lowered to the value that best
  // explains the observed profile under the best hypothesis (searched over concentration / 2^j,
  // j = 0..concentration_halvings) before the posterior is computed. Accounts that act in
  // lock-step (a coordinated ring, whose thirty members' events fall in the same few hours of
  // a few days) are not thirty independent draws of a daily rhythm: their summed profile is a
  // handful of spikes that no template fits, the estimate comes out near 1, and the posterior
  // over offsets stays wide instead of claiming a confident wrong zone. 0 disables it.
  int concentration_halvings = 15;
  // Share of every template's mass spread uniformly (stray events at any hour).
  double outlier_mass = 0.02;
  std::vector<RhythmTemplate> templates = {RhythmTemplate::kLeisure, RhythmTemplate::kOffice,
                                           RhythmTemplate::kWorkday};
  // Nightly rest: an account with at least min_events_for_rest events whose quietest cyclic
  // window of rest_hours consecutive UTC hours holds more than max_rest_share of its events
  // has no nightly rest (round-the-clock shift work, automation). On the kLeisure rhythm the
  // quietest 4 hours hold 3.5% of the events; on a flat day 16.7%.
  int rest_hours = 4;
  double max_rest_share = 0.08;
  uint64_t min_events_for_rest = 96;
};

struct OffsetFit {
  uint64_t events = 0;
  bool fitted = false;   // false: fewer than min_events, the offset is unknown
  int offset_hours = 0;  // best offset (whole hours)
  RhythmTemplate rhythm = RhythmTemplate::kLeisure;
  // Posterior (uniform prior over offsets and templates) of the best offset's hour phase:
  // offsets 24 h apart (e.g. -10 and +14) differ only in the weekend boundary and are summed.
  double confidence = 0.0;
  double template_confidence = 0.0;  // posterior of `rhythm`, summed over offsets
  double log_likelihood = 0.0;       // of the best hypothesis (up to a constant)
  // The Dirichlet-multinomial concentration the posterior was computed with (see
  // OffsetFitOptions::concentration_halvings); 0 for the plain multinomial.
  double concentration = 0.0;
  double gain_over_home = 0.0;       // best log-likelihood minus the best at the home offset
  double home_posterior = 0.0;       // posterior of the home offset's hour phase
  // Posterior of each offset (both templates), index offset - min_offset_hours.
  std::vector<double> offset_posterior;

  bool rest_known = false;       // enough events to judge the nightly rest
  bool no_nightly_rest = false;  // rest_known and rest_share > max_rest_share
  double rest_share = 0.0;       // share of events in the quietest rest_hours window
  int rest_start_utc_hour = -1;  // where that window starts (UTC hour), -1 without events
};

// Fits `activity` (one account's or a merged group's). Deterministic; ties go to the offset
// nearest home, then the smaller offset, then kLeisure.
OffsetFit FitUtcOffset(const DailyActivity& activity, const OffsetFitOptions& options = {});

}  // namespace sakimori::foreign
