#pragma once
// Title normalisation: the text every title rule is matched against.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace buyergraph::titles {

/// Token rewrites applied after folding; loaded from the `abbreviations` and `drop_phrases`
/// sections of the rules file.
///
///   NormalizeRules r;
///   r.abbreviations["sr"] = "senior";
///   r.drop_phrases.push_back({"north", "america"});
struct NormalizeRules {
  std::unordered_map<std::string, std::string> abbreviations;  ///< token -> replacement text
  std::vector<std::vector<std::string>> drop_phrases;          ///< token sequences removed
};

/// Folds a title to lower-case ASCII-ish words separated by single spaces: accents stripped
/// (utf8proc NFKD + case fold, so "Geschäftsführer" -> "geschaftsfuhrer", "ß" -> "ss"),
/// dots inside initialisms joined ("V.P." -> "vp", "I.T." -> "it"), '&' joining short tokens
/// ("R&D" -> "rd", "FP&A" -> "fpa") and otherwise read as "and", every other punctuation mark a
/// space. Invalid UTF-8 never fails: undecodable bytes are dropped.
///
///   fold_title("Sr. Director, Sales & Marketing") == "sr director sales and marketing"
std::string fold_title(std::string_view title);

/// fold_title() followed by abbreviation expansion and removal of drop phrases.
///
///   normalize_title("Sr. Mgr - EMEA", rules) == "senior manager"
std::string normalize_title(std::string_view title, const NormalizeRules& rules);

}  // namespace buyergraph::titles
