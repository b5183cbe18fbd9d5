// File: detect/coord/co_selection.h
// Target co-selection: coordination without a time window, found at the level of the
// objects an operation pushes (docs/coordination.md, "Target co-selection").
//
// An evasive operation gives each of its chosen posts to a rotating part of its members,
// with delays of tens of minutes. Two members then meet on only a few objects, too few for
// a pair test. But two objects the operation pushed share many of its members, while two
// organic objects share only the accounts that happen to engage with both. So the test runs
// on pairs of objects, then maps the object groups back to accounts:
//
// 1. Objects with at least `min_object_accounts` distinct accounts are eligible. Each
//    account's eligible objects give d_a; accounts with more than `max_account_objects`
//    are left out (counted), which bounds the cost (sum over accounts of d_a^2).
// 2. Null models for objects i, j with n_i, n_j accounts; the larger expectation is used:
//    - popularity: each of an account's other d_a - 1 eligible objects falls on j with
//      probability n_j / D (D = sum of n over eligible objects), so the shared accounts
//      k_ij ~ Poisson(lambda) with lambda = (S_i n_j + S_j n_i) / (2 D), S_i = sum over i's
//      accounts of (d_a - 1);
//    - audience (posts of known authors A != B): an account spreads its m_a(A) actions on
//      A's posts uniformly over A's P_A posts (P_A: posts A wrote, or if more, A's posts
//      acted on), so lambda = sum over accounts of m_a(A) m_a(B) / (P_A P_B). Fans of two
//      authors who engage with most of both authors' posts are expected on every pair of
//      their posts; an operation on a few chosen posts of each is not.
//    Posts by the same author share that author's audience and are not tested.
// 3. Pairs with k_ij >= `min_shared` are tested (P(X >= k)); Benjamini-Hochberg at `fdr`
//    over the family of all eligible object pairs. The components of the significant pairs
//    are the object groups; a component of more than `split_objects` objects is split by
//    Leiden (groups.h, `leiden_params`, resolution 10 by default) over its pairs weighted by
//    -log10 p (chance pairs chain unrelated clusters into one large component, and
//    modularity at resolution 1 merges small dense groups in it). Groups of at least
//    `min_group_objects` objects are kept.
// 4. Members: an account with h >= `min_member_objects` of a group's objects, on posts of at
//    least two authors when the authors are known (one author's fans engage with that
//    author's posts), tested against h ~ Poisson(d_a N_G / D), N_G the summed n of the
//    group's objects; Benjamini-Hochberg at `fdr` over every (account, group) with a hit.
//    A group is kept when its members made at least `min_member_share` of its objects'
//    accounts (counted with multiplicity): posts that merely share a news event's or viral
//    moment's crowd are engaged mostly by others.
//
// Depends only on which accounts acted on which objects: event order, times and text play no
// part. Deterministic.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "detect/coord/groups.h"
#include "detect/coord/share_set.h"

namespace sakimori::coord {

struct CoSelectionParams {
  uint32_t min_object_accounts = 10;
  uint32_t max_account_objects = 2000;
  uint32_t min_shared = 3;
  double fdr = 0.05;  // as `sakimori coord`
  uint32_t min_group_objects = 3;
  uint32_t min_member_objects = 3;
  double min_member_share = 0.5;
  uint32_t split_objects = 100;
};

// A significant object pair (a < b).
struct CoSelectedPair {
  ObjectId a = 0, b = 0;
  uint32_t shared = 0;  // accounts that acted on both
  double expected = 0;  // lambda under the null
  double ln_p = 0;
};

struct CoSelectionMember {
  AccountId account = 0;
  uint32_t hits = 0;     // the group's objects it acted on
  uint32_t authors = 0;  // distinct known authors of those objects
  double expected = 0;
  double ln_p = 0;
};

struct CoSelectionGroup {
  std::vector<ObjectId> objects;           // ascending
  std::vector<CoSelectionMember> members;  // by account id
  uint32_t authors = 0;                    // distinct known authors of the objects
  uint64_t engagements = 0;                // accounts per object, summed over the objects
  double member_share = 0;                 // of those, the share made by the members
};

struct CoSelectionStats {
  uint64_t eligible_objects = 0;
  uint64_t accounts = 0;           // accounts with an eligible object
  uint64_t accounts_over_cap = 0;  // left out: more than max_account_objects
  uint64_t pairs_counted = 0;      // object pairs sharing an account
  uint64_t pairs_tested = 0;       // of them, with >= min_shared shared and different authors
  double family = 0;               // eligible object pairs
  uint64_t significant_pairs = 0;
  uint64_t groups_dropped = 0;  // object groups whose members made too few of their accounts
};

struct CoSelectionResult {
  std::vector<CoSelectedPair> pairs;     // significant, by ln_p then (a, b)
  std::vector<CoSelectionGroup> groups;  // by their smallest object
  CoSelectionStats stats;
};

// Runs the test over `shares` (one action's shares; object authors are used when known).
// `authored_posts`: posts each account wrote (ShareSet::authored_posts(); may be empty).
// Errors: InvalidArgument for an fdr outside (0, 1), zero minima or a share outside [0, 1];
// Internal when Leiden fails.
StatusOr<CoSelectionResult> DetectCoSelection(const ActionShares& shares,
                                              const std::vector<uint32_t>& authored_posts,
                                              const CoSelectionParams& params,
                                              const LeidenParams& leiden_params = {.resolution = 10});

}  // namespace sakimori::coord
