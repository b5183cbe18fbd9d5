// File: detect/text/lsh_index.h
// Banded locality-sensitive hashing over MinHash signatures (Indyk & Motwani, STOC 1998;
// Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3.4): the K signature values
// are cut into b bands of r rows and two texts become a candidate pair when all r values of at
// least one band agree. For Jaccard similarity s that happens with probability
//     P(s) = 1 - (1 - s^r)^b,
// an S-curve whose steep part sits near (1/b)^(1/r). Candidates are then verified (see
// ShingleSketch), so a false positive costs time only while a false negative is lost.
#pragma once

#include <cstdint>
#include <vector>

namespace sakimori::text {

struct LshParams {
  int bands = 25;
  int rows = 5;
};

// The probability that two texts of Jaccard similarity `s` share at least one band.
double CandidateProbability(double s, LshParams params);

// Chooses b and r with b*r <= num_hashes for a Jaccard `threshold`: the pair minimising
//     FP + fn_weight * FN,  FP = integral of P(s) over [0, threshold],
//                           FN = integral of 1 - P(s) over [threshold, 1].
// fn_weight > 1 favours recall since candidates are verified. For K = 128, threshold 0.6 and
// fn_weight 8 it gives b = 25, r = 5: P(0.6) = 0.87, P(0.7) = 0.98, P(0.4) = 0.23.
LshParams ChooseLshParams(int num_hashes, double threshold, double fn_weight = 8.0);

// Writes one 32-bit key per band of `signature` (which has at least bands*rows values) to
// `keys` (resized to `bands`). Keys of different bands live in different tables, so only
// equality within a band matters; a 32-bit key may collide by chance (about n^2 / 2^33 pairs
// per band for n texts), which only adds a candidate that verification rejects.
void ComputeBandKeys(const std::vector<uint32_t>& signature, LshParams params,
                     std::vector<uint32_t>* keys);

}  // namespace sakimori::text
