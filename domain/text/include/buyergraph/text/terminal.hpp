#pragma once
// Text from files and providers printed to a terminal. A company name or title may carry escape
// sequences (recolour, retitle the window, move the cursor, hide text), bidi overrides that
// reorder what is shown, or line breaks that forge extra output lines; printed raw, the data
// controls the user's terminal. Every place that prints data to a terminal goes through here.
#include <string>
#include <string_view>

namespace buyergraph::text {

/// `s` made inert for a terminal, on one line: control characters (C0, DEL, C1, including ESC
/// and CSI), line and paragraph separators, bidi controls and invisible format characters are
/// shown as visible escapes ("\x1b", "\u202e"); bytes that are not UTF-8 as "\xNN". Everything
/// else, accents and scripts included, is kept as is.
///
///   terminal_safe("Contoso\x1b]0;pwned\x07")  // "Contoso\x1b]0;pwned\x07" as visible text
std::string terminal_safe(std::string_view s);

/// Like terminal_safe, but keeps "\n" (for multi-line messages built by the program).
std::string terminal_safe_lines(std::string_view s);

/// terminal_safe(s), cut to at most `max_code_points` code points (a table column).
std::string terminal_cell(std::string_view s, std::size_t max_code_points);

}  // namespace buyergraph::text
