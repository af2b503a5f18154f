#pragma once
// String similarity used to rank name candidates. All scores are in [0, 1].
#include <string>
#include <string_view>
#include <vector>

namespace buyergraph::resolve {

/// Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4 bytes). Works on bytes, so feed it
/// folded text.
///
///   jaro_winkler("martha", "marhta") ~= 0.961
double jaro_winkler(std::string_view a, std::string_view b);

/// 1 - Levenshtein distance / max length (bytes).
///
///   levenshtein_ratio("kitten", "sitting") ~= 0.571
double levenshtein_ratio(std::string_view a, std::string_view b);

/// Token-set ratio: compares the shared tokens with each side's remainder, so word order and
/// duplicates do not matter and a subset scores 1. Tokens must already be normalised.
///
///   token_set_ratio({"cisco", "systems"}, {"systems", "cisco"}) == 1.0
double token_set_ratio(const std::vector<std::string>& a, const std::vector<std::string>& b);

/// The name similarity the resolver uses: mean of Jaro-Winkler on the compact forms and the
/// token-set ratio on the core tokens. A subset ("cisco" vs "moto cisco systems") therefore
/// stays well below 1.
double name_similarity(const std::vector<std::string>& a_core, std::string_view a_compact,
                       const std::vector<std::string>& b_core, std::string_view b_compact);

}  // namespace buyergraph::resolve
