// File: detect/text/lsh_index.cc
// LSH band parameters and band keys.
#include "detect/text/lsh_index.h"

#include <cmath>
#include <string_view>

#include "common/hash.h"

namespace sakimori::text {

double CandidateProbability(double s, LshParams params) {
  return 1.0 - std::pow(1.0 - std::pow(s, params.rows), params.bands);
}

namespace {

// Midpoint rule; the integrands are smooth.
template <typename F>
double Integrate(F f, double a, double b) {
  constexpr int kSteps = 200;
  const double h = (b - a) / kSteps;
  double sum = 0;
  for (int i = 0; i < kSteps; ++i) sum += f(a + (i + 0.5) * h);
  return sum * h;
}

}  // namespace

LshParams ChooseLshParams(int num_hashes, double threshold, double fn_weight) {
  LshParams best{1, num_hashes};
  double best_cost = INFINITY;
  for (int rows = 1; rows <= num_hashes; ++rows) {
    LshParams p{num_hashes / rows, rows};
    double fp = Integrate([&](double s) { return CandidateProbability(s, p); }, 0.0, threshold);
    double fn =
        Integrate([&](double s) { return 1.0 - CandidateProbability(s, p); }, threshold, 1.0);
    double cost = fp + fn_weight * fn;
    if (cost < best_cost) {
      best_cost = cost;
      best = p;
    }
  }
  return best;
}

void ComputeBandKeys(const std::vector<uint32_t>& signature, LshParams params,
                     std::vector<uint32_t>* keys) {
  keys->resize(params.bands);
  for (int b = 0; b < params.bands; ++b) {
    std::string_view bytes(reinterpret_cast<const char*>(signature.data() + b * params.rows),
                           params.rows * sizeof(uint32_t));
    (*keys)[b] = static_cast<uint32_t>(Hash64(bytes, static_cast<uint64_t>(b) + 1));
  }
}

}  // namespace sakimori::text
