// File: store/records.cc
// Names of the closed vocabularies of records.h, as stored in the database.
#include "store/records.h"

#include <array>

#include "common/strings.h"

namespace sakimori {
namespace {

constexpr std::array<std::string_view, 4> kSeverities = {"low", "medium", "high", "critical"};
constexpr std::array<std::string_view, 5> kAlertStates = {"open", "acknowledged", "confirmed",
                                                          "dismissed", "closed"};
constexpr std::array<std::string_view, 3> kDecisions = {"confirm", "dismiss", "needs_more"};
constexpr std::array<std::string_view, 4> kRoles = {"admin", "analyst", "viewer", "partner"};
constexpr std::array<std::string_view, 4> kIndicatorTypes = {"account_id", "handle", "domain",
                                                             "url"};
constexpr std::array<std::string_view, 5> kTlps = {"clear", "green", "amber", "amber+strict",
                                                   "red"};

template <typename E, size_t N>
StatusOr<E> ParseName(const std::array<std::string_view, N>& names, std::string_view s,
                      std::string_view what) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<E>(i);
  }
  return absl::InvalidArgumentError(
      StrCat("unknown ", what, " '", s, "' (expected one of ", StrJoin(names, ", "), ")"));
}

}  // namespace

std::string_view SeverityName(Severity v) { return kSeverities[static_cast<size_t>(v)]; }
std::string_view AlertStateName(AlertState v) { return kAlertStates[static_cast<size_t>(v)]; }
std::string_view DecisionName(Decision v) { return kDecisions[static_cast<size_t>(v)]; }
std::string_view RoleName(Role v) { return kRoles[static_cast<size_t>(v)]; }
std::string_view IndicatorTypeName(IndicatorType v) {
  return kIndicatorTypes[static_cast<size_t>(v)];
}
std::string_view TlpName(Tlp v) { return kTlps[static_cast<size_t>(v)]; }

StatusOr<Severity> ParseSeverity(std::string_view s) {
  return ParseName<Severity>(kSeverities, s, "severity");
}
StatusOr<AlertState> ParseAlertState(std::string_view s) {
  return ParseName<AlertState>(kAlertStates, s, "alert state");
}
StatusOr<Decision> ParseDecision(std::string_view s) {
  return ParseName<Decision>(kDecisions, s, "review decision");
}
StatusOr<Role> ParseRole(std::string_view s) { return ParseName<Role>(kRoles, s, "role"); }
StatusOr<IndicatorType> ParseIndicatorType(std::string_view s) {
  return ParseName<IndicatorType>(kIndicatorTypes, s, "indicator type");
}
StatusOr<Tlp> ParseTlp(std::string_view s) { return ParseName<Tlp>(kTlps, s, "TLP label"); }

}  // namespace sakimori
