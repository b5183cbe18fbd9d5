// File: store/internal/sql_connection.cc
// Conversions of result values read as text (PostgreSQL) to numbers.
#include "store/internal/sql_connection.h"

#include <charconv>
#include <cstdlib>

namespace sakimori::store_internal {

int64_t SqlRow::Int(size_t i) const {
  const Value& v = values_[i];
  if (const auto* p = std::get_if<int64_t>(&v)) return *p;
  if (const auto* p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  if (const auto* p = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    std::from_chars(p->data(), p->data() + p->size(), out);
    return out;
  }
  return 0;
}

double SqlRow::Double(size_t i) const {
  const Value& v = values_[i];
  if (const auto* p = std::get_if<double>(&v)) return *p;
  if (const auto* p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  if (const auto* p = std::get_if<std::string>(&v)) {
    // PostgreSQL prints the shortest text that reads back to the same double, and
    // "Infinity" / "NaN", which strtod accepts.
    return std::strtod(p->c_str(), nullptr);
  }
  return 0;
}

std::string SqlRow::Text(size_t i) const {
  const Value& v = values_[i];
  if (const auto* p = std::get_if<std::string>(&v)) return *p;
  if (const auto* p = std::get_if<int64_t>(&v)) return std::to_string(*p);
  if (const auto* p = std::get_if<double>(&v)) return std::to_string(*p);
  return std::string();
}

std::optional<int64_t> SqlRow::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

std::optional<double> SqlRow::OptDouble(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Double(i);
}

}  // namespace sakimori::store_internal
