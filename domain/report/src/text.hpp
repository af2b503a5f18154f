#pragma once
// Text helpers shared by the renderers (private to the library).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace buyergraph::report::text {

/// Joins with a separator.
std::string join(const std::vector<std::string>& parts, std::string_view sep);

/// Markdown inline text: newlines become spaces and Markdown/HTML metacharacters are
/// backslash-escaped or entity-encoded, so a name cannot open a link, table cell or tag.
std::string md(std::string_view s);

/// Number of code points (our stand-in for terminal columns; wide CJK is counted as 1).
std::size_t columns(std::string_view s);

/// At most `width` code points, ending in "…" when cut; never splits a UTF-8 sequence.
std::string fit(std::string_view s, std::size_t width);

/// `s` padded with spaces to `width` code points (or cut to it).
std::string pad(std::string_view s, std::size_t width);

/// 0.734 -> "73%".
std::string percent(double unit);

/// A number without trailing zeros: 12 -> "12", 0.4 -> "0.4".
std::string number(double v);

/// One line: control characters (newlines, escapes) become spaces.
std::string one_line(std::string_view s);

}  // namespace buyergraph::report::text
