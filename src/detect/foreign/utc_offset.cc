// File: detect/foreign/utc_offset.cc
#include "detect/foreign/utc_offset.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace sakimori::foreign {
namespace {

// kLeisure by local hour 0..23, relative to the maximum (22 h). See the header and
// docs/foreign-signals.md for how these were derived from the cited time-use and Twitter
// studies: the asleep share (3-5 h: near everyone; 0 h: about 80%) sets the night, the media
// use peak of 20-22 h sets the evening maximum, and weekends wake about two hours later with
// more daytime use.
constexpr double kLeisureWeekday[kHoursPerDay] = {
    0.55, 0.32, 0.18, 0.10, 0.07, 0.08, 0.18, 0.38,  // 0-7
    0.48, 0.45, 0.45, 0.48, 0.62, 0.52, 0.47, 0.48,  // 8-15
    0.50, 0.56, 0.66, 0.76, 0.86, 0.95, 1.00, 0.85,  // 16-23
};
constexpr double kLeisureWeekend[kHoursPerDay] = {
    0.65, 0.42, 0.26, 0.15, 0.09, 0.07, 0.10, 0.20,  // 0-7
    0.36, 0.52, 0.62, 0.68, 0.72, 0.70, 0.68, 0.68,  // 8-15
    0.68, 0.70, 0.74, 0.80, 0.88, 0.95, 1.00, 0.88,  // 16-23
};
// kOffice: 9-18 h on weekdays (a lunch dip at 12 h), shoulders at 8 h and 18 h, a floor of 3%.
constexpr double kOfficeFloor = 0.03;
constexpr double kOfficeWeekday[kHoursPerDay] = {
    0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03,  // 0-7
    0.30, 1.00, 1.00, 1.00, 0.75, 1.00, 1.00, 1.00,  // 8-15
    1.00, 1.00, 0.30, 0.03, 0.03, 0.03, 0.03, 0.03,  // 16-23
};

int Mod(int a, int m) { return ((a % m) + m) % m; }
int FloorDiv24(int a) { return (a - Mod(a, 24)) / 24; }
bool IsWeekendDow(int dow) { return dow == 0 || dow == 6; }

double LogLikelihood(const DailyActivity& a, const std::vector<double>& p, double concentration,
                     uint64_t total) {
  double ll = 0.0;
  if (concentration <= 0) {
    for (int h = 0; h < kHoursPerDay; ++h) {
      if (a.weekday[h]) ll += static_cast<double>(a.weekday[h]) * std::log(p[h]);
      if (a.weekend[h]) ll += static_cast<double>(a.weekend[h]) * std::log(p[24 + h]);
    }
    return ll;
  }
  // Dirichlet-multinomial (Mosimann 1962) without the multinomial coefficient, which is the
  // same for every hypothesis.
  const double alpha = concentration;
  ll = std::lgamma(alpha) - std::lgamma(static_cast<double>(total) + alpha);
  for (int b = 0; b < 2 * kHoursPerDay; ++b) {
    uint64_t n = b < 24 ? a.weekday[b] : a.weekend[b - 24];
    if (n == 0) continue;
    double ap = alpha * p[b];
    ll += std::lgamma(static_cast<double>(n) + ap) - std::lgamma(ap);
  }
  return ll;
}

void FitRest(const DailyActivity& a, uint64_t total, const OffsetFitOptions& o, OffsetFit* fit) {
  fit->rest_known = total >= o.min_events_for_rest;
  fit->rest_share = 0.0;
  fit->rest_start_utc_hour = -1;
  if (total == 0) return;
  const int w = std::clamp(o.rest_hours, 1, kHoursPerDay);
  uint64_t best = UINT64_MAX;
  for (int start = 0; start < kHoursPerDay; ++start) {
    uint64_t n = 0;
    for (int i = 0; i < w; ++i) n += a.Hour((start + i) % kHoursPerDay);
    if (n < best) {
      best = n;
      fit->rest_start_utc_hour = start;
    }
  }
  fit->rest_share = static_cast<double>(best) / static_cast<double>(total);
  fit->no_nightly_rest = fit->rest_known && fit->rest_share > o.max_rest_share;
}

double WeeklyMass(RhythmTemplate t) {
  double m = 0.0;
  for (int h = 0; h < kHoursPerDay; ++h) {
    m += 5 * TemplateRate(t, false, h) + 2 * TemplateRate(t, true, h);
  }
  return m;
}

}  // namespace

std::string_view RhythmTemplateName(RhythmTemplate t) {
  switch (t) {
    case RhythmTemplate::kLeisure:
      return "leisure";
    case RhythmTemplate::kOffice:
      return "office";
    case RhythmTemplate::kWorkday:
      return "workday";
  }
  return "leisure";
}

double TemplateRate(RhythmTemplate t, bool weekend, int local_hour) {
  int h = Mod(local_hour, kHoursPerDay);
  if (t == RhythmTemplate::kWorkday) {
    static const double office_mass = WeeklyMass(RhythmTemplate::kOffice);
    static const double leisure_mass = WeeklyMass(RhythmTemplate::kLeisure);
    return 0.5 * TemplateRate(RhythmTemplate::kOffice, weekend, h) / office_mass +
           0.5 * TemplateRate(RhythmTemplate::kLeisure, weekend, h) / leisure_mass;
  }
  if (t == RhythmTemplate::kOffice) return weekend ? kOfficeFloor : kOfficeWeekday[h];
  return weekend ? kLeisureWeekend[h] : kLeisureWeekday[h];
}

std::vector<double> ExpectedProfile(RhythmTemplate t, int offset_hours, int home_offset_hours) {
  std::vector<double> p(2 * kHoursPerDay, 0.0);
  double sum = 0.0;
  for (int u = 0; u < kHoursPerDay; ++u) {
    // Day shift from the home calendar day to the operators' calendar day at UTC hour u.
    int shift = FloorDiv24(u + offset_hours) - FloorDiv24(u + home_offset_hours);
    int local_hour = Mod(u + offset_hours, kHoursPerDay);
    for (int home_dow = 0; home_dow < 7; ++home_dow) {
      int local_dow = Mod(home_dow + shift, 7);
      double r = TemplateRate(t, IsWeekendDow(local_dow), local_hour);
      p[(IsWeekendDow(home_dow) ? kHoursPerDay : 0) + u] += r;
      sum += r;
    }
  }
  for (double& x : p) x /= sum;
  return p;
}

OffsetFit FitUtcOffset(const DailyActivity& activity, const OffsetFitOptions& options) {
  OffsetFit fit;
  fit.events = activity.Total();
  FitRest(activity, fit.events, options, &fit);
  if (fit.events < options.min_events || options.templates.empty() ||
      options.min_offset_hours > options.max_offset_hours) {
    return fit;
  }
  const int lo = options.min_offset_hours;
  const int n_offsets = options.max_offset_hours - lo + 1;
  const double eps = std::clamp(options.outlier_mass, 0.0, 1.0);

  struct Hypothesis {
    int offset;
    RhythmTemplate rhythm;
    std::vector<double> p;  // expected share per bin
    double ll;
  };
  std::vector<Hypothesis> hyps;
  for (int o = lo; o <= options.max_offset_hours; ++o) {
    for (RhythmTemplate t : options.templates) {
      std::vector<double> p = ExpectedProfile(t, o, options.home_utc_offset_hours);
      for (double& x : p) x = (1.0 - eps) * x + eps / (2 * kHoursPerDay);
      hyps.push_back({o, t, std::move(p), 0.0});
    }
  }
  const int home = options.home_utc_offset_hours;
  auto better = [home](const Hypothesis& a, const Hypothesis& b) {
    if (a.ll != b.ll) return a.ll > b.ll;
    int da = std::abs(a.offset - home), db = std::abs(b.offset - home);
    if (da != db) return da < db;
    if (a.offset != b.offset) return a.offset < b.offset;
    return a.rhythm < b.rhythm;
  };
  // Scores every hypothesis with `concentration`; returns the best.
  auto score = [&](double concentration) {
    const Hypothesis* best = &hyps[0];
    for (Hypothesis& h : hyps) {
      h.ll = LogLikelihood(activity, h.p, concentration, fit.events);
      if (better(h, *best)) best = &h;
    }
    return best;
  };
  double concentration = options.concentration * std::max<uint32_t>(1, activity.accounts);
  const Hypothesis* best = score(concentration);
  if (concentration > 0 && options.concentration_halvings > 0) {
    // The concentration on the grid that best explains the profile under the best
    // hypothesis (ties: the larger one).
    double chosen = concentration, chosen_ll = best->ll;
    for (int j = 1; j <= std::min(options.concentration_halvings, 62); ++j) {
      const double c = concentration / static_cast<double>(uint64_t{1} << j);
      const double ll = LogLikelihood(activity, best->p, c, fit.events);
      if (ll > chosen_ll) {
        chosen = c;
        chosen_ll = ll;
      }
    }
    if (chosen < concentration) {
      concentration = chosen;
      best = score(concentration);
    }
  }
  double home_ll = -INFINITY;
  for (const Hypothesis& h : hyps) {
    if (h.offset == home) home_ll = std::max(home_ll, h.ll);
  }
  double z = 0.0;
  for (const Hypothesis& h : hyps) z += std::exp(h.ll - best->ll);
  fit.offset_posterior.assign(n_offsets, 0.0);
  double template_mass = 0.0, phase_mass = 0.0, home_mass = 0.0;
  for (const Hypothesis& h : hyps) {
    double w = std::exp(h.ll - best->ll) / z;
    fit.offset_posterior[h.offset - lo] += w;
    if (h.rhythm == best->rhythm) template_mass += w;
    if (Mod(h.offset - best->offset, 24) == 0) phase_mass += w;
    if (Mod(h.offset - home, 24) == 0) home_mass += w;
  }
  fit.concentration = concentration;
  fit.fitted = true;
  fit.offset_hours = best->offset;
  fit.rhythm = best->rhythm;
  fit.log_likelihood = best->ll;
  fit.confidence = phase_mass;
  fit.template_confidence = template_mass;
  fit.home_posterior = home_mass;
  fit.gain_over_home = std::isfinite(home_ll) ? best->ll - home_ll : 0.0;
  return fit;
}

}  // namespace sakimori::foreign
