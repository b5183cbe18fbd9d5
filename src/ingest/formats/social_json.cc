// File: ingest/formats/social_json.cc
#include "common/strings.h"
#include "ingest/formats/social_json.h"

#include <cstdint>

namespace sakimori::social {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// True if `tag` (the text between '<' and '>') names element `name` (optionally closing).
bool TagIs(std::string_view tag, std::string_view name) {
  if (!tag.empty() && tag[0] == '/') tag.remove_prefix(1);
  if (tag.size() < name.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (Lower(tag[i]) != name[i]) return false;
  }
  return tag.size() == name.size() || IsSpace(tag[name.size()]) || tag[name.size()] == '/' ||
         tag[name.size()] == '>';
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes the character reference starting at s[0] == '&'. Returns the bytes consumed, or 0
// when it is not a reference this function knows.
size_t DecodeReference(std::string_view s, std::string* out) {
  size_t semi = s.find(';');
  if (semi == std::string_view::npos || semi > 10) return 0;
  std::string_view name = s.substr(1, semi - 1);
  if (name.size() >= 2 && name[0] == '#') {
    uint32_t cp = 0;
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    for (char c : digits) {
      uint32_t d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (hex && Lower(c) >= 'a' && Lower(c) <= 'f') {
        d = Lower(c) - 'a' + 10;
      } else {
        return 0;
      }
      cp = cp * (hex ? 16 : 10) + d;
      if (cp > 0x10FFFF) return 0;
    }
    AppendUtf8(cp, out);
    return semi + 1;
  }
  struct Named {
    std::string_view name, text;
  };
  static constexpr Named kNamed[] = {{"amp", "&"},   {"lt", "<"},   {"gt", ">"},
                                     {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
  for (const Named& n : kNamed) {
    if (name == n.name) {
      out->append(n.text);
      return semi + 1;
    }
  }
  return 0;
}

// The value of attribute `attr` in `tag`, or empty.
std::string_view Attribute(std::string_view tag, std::string_view attr) {
  size_t pos = 0;
  while ((pos = tag.find(attr, pos)) != std::string_view::npos) {
    size_t end = pos + attr.size();
    bool left = pos > 0 && IsSpace(tag[pos - 1]);
    if (left && end + 1 < tag.size() && tag[end] == '=' &&
        (tag[end + 1] == '"' || tag[end + 1] == '\'')) {
      char q = tag[end + 1];
      size_t close = tag.find(q, end + 2);
      if (close == std::string_view::npos) return {};
      return tag.substr(end + 2, close - end - 2);
    }
    pos = end;
  }
  return {};
}

}  // namespace

void HtmlToText(std::string_view html, std::string* out) {
  out->clear();
  size_t i = 0;
  bool in_paragraph = false;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      size_t close = html.find('>', i + 1);
      if (close == std::string_view::npos) {  // not a tag: keep the rest as text
        out->append(html.substr(i));
        break;
      }
      std::string_view tag = html.substr(i + 1, close - i - 1);
      if (TagIs(tag, "br")) {
        out->push_back('\n');
      } else if (TagIs(tag, "p")) {
        if (tag[0] != '/' && in_paragraph) out->append("\n\n");
        in_paragraph = true;
      }
      i = close + 1;
    } else if (c == '&') {
      size_t n = DecodeReference(html.substr(i), out);
      if (n == 0) {
        out->push_back('&');
        ++i;
      } else {
        i += n;
      }
    } else {
      out->push_back(c);
      ++i;
    }
  }
}

void HtmlLinks(std::string_view html, std::vector<std::string_view>* out) {
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    size_t close = html.find('>', i + 1);
    if (close == std::string_view::npos) return;
    std::string_view tag = html.substr(i + 1, close - i - 1);
    i = close + 1;
    if (tag.empty() || tag[0] == '/' || !TagIs(tag, "a")) continue;
    std::string_view cls = Attribute(tag, "class");
    if (cls.find("mention") != std::string_view::npos ||
        cls.find("hashtag") != std::string_view::npos) {
      continue;
    }
    std::string_view href = Attribute(tag, "href");
    if (!href.empty() && href.find('&') == std::string_view::npos) out->push_back(href);
  }
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

Status InvalidField(std::string_view key) {
  return absl::InvalidArgumentError(StrCat("invalid field: ", key));
}

Status Nested(const Status& s, std::string_view prefix) {
  std::string_view m = Message(s);
  size_t sep = m.find(": ");
  if (sep == std::string_view::npos) return s;
  return absl::InvalidArgumentError(StrCat(m.substr(0, sep + 2), prefix, ".", m.substr(sep + 2)));
}

}  // namespace sakimori::social
