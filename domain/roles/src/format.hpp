#pragma once
// Number formatting for evidence notes. std::to_chars, not printf: scoring formats a dozen
// numbers per candidate and printf's float path dominated the profile.
#include <charconv>
#include <cmath>
#include <string>

namespace buyergraph::roles::detail {

/// `v` with `decimals` digits after the point; "unlimited" for infinity.
///
///   fixed(97200, 0) == "97200";  fixed(0.8125, 3) == "0.812"
inline std::string fixed(double v, int decimals = 0) {
  if (std::isinf(v)) return "unlimited";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  return std::string(buf, r.ptr);
}

/// Points with their sign: "+10", "-40", "+2.5".
inline std::string signed_points(double v) {
  bool whole = std::fabs(v - std::round(v)) < 1e-9;
  std::string s = fixed(v, whole ? 0 : 1);
  return v >= 0 ? "+" + s : s;
}

}  // namespace buyergraph::roles::detail
