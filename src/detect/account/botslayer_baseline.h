// File: detect/account/botslayer_baseline.h
// The heuristic bot score of BotSlayer-CE (Hui et al. 2019, OSoMe), the peer sakimori's model
// is measured against: the mean of
//   sigmoid(friends growth - 1), sigmoid(friends / followers - 7.4),
//   sigmoid(posts per day - 33), default profile, no background image, not verified.
// Inputs here are sakimori's account features. Friends growth is friends per day of account
// age (friends / max(age in days, 1)); "no background image" is not in the data sakimori
// reads, so the default profile image flag stands in for it, or the default profile flag when
// that is missing too. Components whose inputs are unknown are left out of the mean; with no
// component known the score is 0.5.
#pragma once

namespace sakimori {

// The heuristic score in [0, 1] of one feature row (kNumAccountFeatures values, NaN unknown).
double BotSlayerScore(const float* features);

}  // namespace sakimori
