// File: detect/coord/url_normalize.h
// URL normalisation for "same URL" coordination: two shares of one article must give the
// same key although one carries tracking parameters or a fragment.
#pragma once

#include <string>
#include <string_view>

namespace sakimori::coord {

// Returns the normalised URL: scheme and host lower-cased, "www." kept, default ports
// (:80 for http, :443 for https) removed, the fragment removed, tracking query parameters
// removed (utm_*, fbclid, gclid, dclid, msclkid, igshid, mc_cid, mc_eid, yclid, _ga, ref_src,
// ref_url, s, t when the host is x.com / twitter.com), an empty query removed, and a path of
// "/" dropped. Path and remaining parameters keep their case and order. Strings without
// "scheme://" (for example anonymised URL ids) are returned unchanged.
std::string NormalizeUrl(std::string_view url);

// The lower-cased host of `url` without port, user info or a leading "www."; empty when
// `url` has no "scheme://host".
std::string UrlHost(std::string_view url);

}  // namespace sakimori::coord
