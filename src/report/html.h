// File: report/html.h
// HTML/XML escaping for the report and GraphML.
#pragma once

#include <string>
#include <string_view>

namespace sakimori::report {

// Escapes & < > " ' as entities; drops bytes that are invalid in XML 1.0 (C0 controls other
// than tab, CR, LF). UTF-8 passes through unchanged.
std::string HtmlEscape(std::string_view s);

}  // namespace sakimori::report
