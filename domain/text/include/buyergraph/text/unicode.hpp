#pragma once
// Unicode character classes shared by the company-name and job-title normalisers.
#include <cstdint>

namespace buyergraph::text {

/// True for code points that belong to a word: ASCII letters and digits, and any Unicode
/// letter, combining mark or number (so "Müller", "東京" and "Ⅳ" stay whole words).
///
///   if (is_word_code_point(cp)) token += ...;
bool is_word_code_point(std::int32_t cp);

}  // namespace buyergraph::text
