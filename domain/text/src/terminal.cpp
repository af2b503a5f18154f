#include "buyergraph/text/terminal.hpp"

#include <cstdint>

#include <fmt/format.h>
#include <utf8proc.h>

#include "buyergraph/text/unicode.hpp"

namespace buyergraph::text {
namespace {

std::string render(std::string_view s, bool keep_newlines) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  std::size_t i = 0;
  while (i < s.size()) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n =
        utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (n <= 0) {  // not UTF-8: a lone 0x9B byte is CSI to some terminals
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i]));
      ++i;
      continue;
    }
    if (cp == '\n' && keep_newlines) {
      out += '\n';
    } else if (cp == '\t') {
      out += ' ';
    } else if (cp < 0x20 || cp == 0x7f) {
      out += fmt::format("\\x{:02x}", cp);
    } else if (cp >= 0x80 && cp != 0x200C && cp != 0x200D && is_control_or_format(cp)) {
      // Zero-width (non-)joiners are kept: Persian, Indic scripts and emoji sequences need them,
      // and they cannot move the cursor or reorder text.
      out += fmt::format("\\u{:04x}", cp);
    } else {
      out.append(s.substr(i, static_cast<std::size_t>(n)));
    }
    i += static_cast<std::size_t>(n);
  }
  return out;
}

}  // namespace

std::string terminal_safe(std::string_view s) { return render(s, false); }
std::string terminal_safe_lines(std::string_view s) { return render(s, true); }

std::string terminal_cell(std::string_view s, std::size_t max_code_points) {
  std::string safe = terminal_safe(s);
  std::size_t count = 0;
  for (std::size_t i = 0; i < safe.size(); ++i) {
    if ((static_cast<unsigned char>(safe[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (++count > max_code_points) return safe.substr(0, i);
  }
  return safe;
}

}  // namespace buyergraph::text
