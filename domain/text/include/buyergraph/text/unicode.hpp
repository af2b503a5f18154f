#pragma once
// Unicode character classes shared by the company-name and job-title normalisers.
#include <cstdint>

namespace buyergraph::text {

/// True for code points that belong to a word: ASCII letters and digits, and any Unicode
/// letter, combining mark or number (so "Müller", "東京" and "Ⅳ" stay whole words).
///
///   if (is_word_code_point(cp)) token += ...;
bool is_word_code_point(std::int32_t cp);

/// True for code points that act on a display instead of showing a glyph: controls (C0, DEL,
/// C1), line and paragraph separators, bidi controls and other invisible format characters
/// (zero-width space, joiners, BOM), surrogates and non-characters. Kept out of terminals.
///
///   is_control_or_format(0x1B)    // true: ESC
///   is_control_or_format(0x0301)  // false: a combining accent is text
bool is_control_or_format(std::int32_t cp);

/// is_control_or_format, plus code points that let one string pass for another: combining
/// marks, private-use and unassigned code points. Kept out of contact addresses.
///
///   is_unsafe_code_point(0x202E)  // true: RIGHT-TO-LEFT OVERRIDE
///   is_unsafe_code_point(0x00FC)  // false: ü
bool is_unsafe_code_point(std::int32_t cp);

}  // namespace buyergraph::text
