#include "text.hpp"

#include <cmath>
#include <cstdio>

namespace buyergraph::report::text {

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  return out;
}

std::string md(std::string_view s) {
  std::string out;
  for (char c : one_line(s)) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '#':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

std::size_t columns(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if (!is_continuation(c)) ++n;
  return n;
}

std::string fit(std::string_view s, std::size_t width) {
  if (columns(s) <= width) return std::string(s);
  if (width == 0) return "";
  std::size_t keep = width - 1, seen = 0, i = 0;
  for (; i < s.size(); ++i) {
    if (!is_continuation(s[i])) {
      if (seen == keep) break;
      ++seen;
    }
  }
  return std::string(s.substr(0, i)) + "\u2026";
}

std::string pad(std::string_view s, std::size_t width) {
  std::string out = fit(s, width);
  out.append(width - columns(out), ' ');
  return out;
}

std::string percent(double unit) {
  return std::to_string(static_cast<int>(std::lround(unit * 100))) + "%";
}

std::string number(double v) {
  if (!std::isfinite(v)) return "unknown";
  if (std::floor(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace buyergraph::report::text
