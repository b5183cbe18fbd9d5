// File: detect/coord/url_normalize.cc
#include "detect/coord/url_normalize.h"

#include <algorithm>
#include <array>
#include <vector>

namespace sakimori::coord {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool IsTrackingParam(std::string_view name, std::string_view host) {
  std::string n = LowerCopy(name);
  if (n.starts_with("utm_")) return true;
  static constexpr std::array<std::string_view, 11> kNames = {
      "fbclid", "gclid", "dclid", "msclkid", "igshid", "mc_cid",
      "mc_eid", "yclid", "_ga",   "ref_src", "ref_url"};
  if (std::find(kNames.begin(), kNames.end(), n) != kNames.end()) return true;
  bool x_host = host == "x.com" || host == "twitter.com" || host == "www.twitter.com" ||
                host == "mobile.twitter.com";
  return x_host && (n == "s" || n == "t");
}

struct Parts {
  std::string_view scheme, authority, path, query;
  bool ok = false;
};

Parts Split(std::string_view url) {
  Parts p;
  size_t colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0) return p;
  for (size_t i = 0; i < colon; ++i) {
    char c = url[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '-' || c == '.';
    if (!ok) return p;
  }
  p.scheme = url.substr(0, colon);
  std::string_view rest = url.substr(colon + 3);
  size_t hash = rest.find('#');
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);
  size_t end = rest.find_first_of("/?");
  p.authority = rest.substr(0, end);
  if (end == std::string_view::npos) {
    p.ok = true;
    return p;
  }
  rest = rest.substr(end);
  size_t q = rest.find('?');
  p.path = rest.substr(0, q);
  if (q != std::string_view::npos) p.query = rest.substr(q + 1);
  p.ok = true;
  return p;
}

// user info dropped, lower-cased; port kept separately.
void HostPort(std::string_view authority, std::string* host, std::string_view* port) {
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  size_t colon = authority.rfind(':');
  *port = {};
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    *port = authority.substr(colon + 1);
    authority = authority.substr(0, colon);
  }
  *host = LowerCopy(authority);
}

}  // namespace

std::string NormalizeUrl(std::string_view url) {
  Parts p = Split(url);
  if (!p.ok) return std::string(url);
  std::string scheme = LowerCopy(p.scheme);
  std::string host;
  std::string_view port;
  HostPort(p.authority, &host, &port);
  std::string out = scheme + "://" + host;
  bool default_port = (scheme == "http" && port == "80") || (scheme == "https" && port == "443");
  if (!port.empty() && !default_port) {
    out += ':';
    out += port;
  }
  if (p.path != "/") out += p.path;
  std::string query;
  std::string_view q = p.query;
  while (!q.empty()) {
    size_t amp = q.find('&');
    std::string_view param = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    if (param.empty()) continue;
    std::string_view name = param.substr(0, param.find('='));
    if (IsTrackingParam(name, host)) continue;
    if (!query.empty()) query += '&';
    query += param;
  }
  if (!query.empty()) {
    out += '?';
    out += query;
  }
  return out;
}

std::string UrlHost(std::string_view url) {
  Parts p = Split(url);
  if (!p.ok) return {};
  std::string host;
  std::string_view port;
  HostPort(p.authority, &host, &port);
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

}  // namespace sakimori::coord
