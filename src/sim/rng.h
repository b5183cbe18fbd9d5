// File: sim/rng.h
// The simulator's own pseudo-random numbers and samplers, so that the same seed gives the
// same events on every machine and standard library (std::*_distribution output is
// implementation-defined). Generator: xoshiro256** (Blackman & Vigna, "Scrambled linear
// pseudorandom number generators", ACM TOMS 2021), seeded through SplitMix64 (Steele, Lea &
// Flood, OOPSLA 2014). Samplers use inversion or classic exact methods noted at each one.
// Not thread-safe; give each thread or stream its own Rng (see Fork).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace sakimori::sim {

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t x = seed;
    for (uint64_t& w : s_) w = SplitMix(&x);
  }

  // An independent stream for sub-task `stream` (e.g. one per account or per day): the same
  // (seed, stream) always gives the same numbers, whatever else was drawn before.
  static Rng Fork(uint64_t seed, uint64_t stream) {
    uint64_t x = seed ^ (stream * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL);
    return Rng(SplitMix(&x));
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: safe for log().
  double UniformOpen() { return static_cast<double>((Next() >> 11) + 1) * 0x1.0p-53; }
  // Uniform integer in [0, n) (Lemire's multiply-shift; the tiny bias is irrelevant here).
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  int64_t Range(int64_t lo, int64_t hi) {  // inclusive
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  bool Bernoulli(double p) { return Uniform() < p; }

  // Exponential with the given mean (inversion).
  double Exponential(double mean) { return -mean * std::log(UniformOpen()); }

  // Standard normal (Marsaglia's polar method; the second value is cached).
  double Normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = 2 * Uniform() - 1;
      v = 2 * Uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = std::sqrt(-2 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }
  double Normal(double mean, double sd) { return mean + sd * Normal(); }
  // exp(N(mu, sigma^2)).
  double LogNormal(double mu, double sigma) { return std::exp(mu + sigma * Normal()); }
  // Pareto (type I) with minimum xm and tail index alpha (inversion): P(X > x) = (xm/x)^alpha.
  double Pareto(double xm, double alpha) { return xm * std::pow(UniformOpen(), -1 / alpha); }
  // Lomax (Pareto type II) with scale s and shape alpha: a power-law delay kernel that starts
  // at 0, P(X > x) = (1 + x/s)^-alpha.
  double Lomax(double s, double alpha) {
    return s * (std::pow(UniformOpen(), -1 / alpha) - 1);
  }

  // Poisson with mean `lambda`: Knuth's multiplication method below 30, otherwise the
  // PTRS transformed rejection of Hörmann ("The transformed rejection method for generating
  // Poisson random variables", Insurance: Mathematics and Economics 12, 1993).
  uint64_t Poisson(double lambda) {
    if (lambda <= 0) return 0;
    if (lambda < 30) {
      double l = std::exp(-lambda), p = 1;
      uint64_t k = 0;
      do {
        ++k;
        p *= Uniform();
      } while (p > l);
      return k - 1;
    }
    const double slam = std::sqrt(lambda), loglam = std::log(lambda);
    const double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
    const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = Uniform() - 0.5, v = Uniform();
      double us = 0.5 - std::fabs(u);
      double k = std::floor((2 * a / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return static_cast<uint64_t>(k);
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
          -lambda + k * loglam - std::lgamma(k + 1)) {
        return static_cast<uint64_t>(k);
      }
    }
  }

  template <typename T>
  void Shuffle(std::vector<T>* v) {  // Fisher–Yates
    for (size_t i = v->size(); i > 1; --i) std::swap((*v)[i - 1], (*v)[Below(i)]);
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t SplitMix(uint64_t* x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0;
};

// Draws indices 0..n-1 in proportion to non-negative weights in O(1) per draw (Walker's
// alias method, Vose's stable construction: "A linear algorithm for generating random numbers
// with a given distribution", IEEE TSE 1991). Immutable after construction.
class AliasTable {
 public:
  AliasTable() = default;
  explicit AliasTable(const std::vector<double>& weights) { Build(weights); }

  void Build(const std::vector<double>& weights) {
    size_t n = weights.size();
    prob_.assign(n, 0);
    alias_.assign(n, 0);
    if (n == 0) return;
    double total = 0;
    for (double w : weights) total += w;
    std::vector<double> scaled(n);
    std::vector<uint32_t> small, large;
    for (size_t i = 0; i < n; ++i) {
      scaled[i] = total > 0 ? weights[i] * n / total : 1.0;
      (scaled[i] < 1 ? small : large).push_back(static_cast<uint32_t>(i));
    }
    while (!small.empty() && !large.empty()) {
      uint32_t s = small.back(), l = large.back();
      small.pop_back();
      prob_[s] = scaled[s];
      alias_[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) {
        large.pop_back();
        small.push_back(l);
      }
    }
    for (uint32_t i : large) prob_[i] = 1;
    for (uint32_t i : small) prob_[i] = 1;
  }

  uint32_t Sample(Rng& rng) const {
    uint64_t i = rng.Below(prob_.size());
    return rng.Uniform() < prob_[i] ? static_cast<uint32_t>(i) : alias_[i];
  }
  size_t size() const { return prob_.size(); }
  bool empty() const { return prob_.empty(); }

 private:
  std::vector<double> prob_;
  std::vector<uint32_t> alias_;
};

}  // namespace sakimori::sim
