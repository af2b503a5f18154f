#pragma once
// Whole-word phrase matching on normalised titles: both sides are padded with spaces, so
// "it" never matches inside "security" and "owner" never inside "ownership".
#include <string>
#include <string_view>
#include <vector>

namespace buyergraph::roles::detail {

/// One phrase, normalised like titles, with spaces around it for boundary-safe search.
struct Phrase {
  std::string text;    ///< as written in the rules or the seller profile
  std::string padded;  ///< " vice president sales "
};

/// A list of phrases; find() returns the first that occurs as whole words in a padded title.
struct PhraseList {
  std::vector<Phrase> items;
  const Phrase* find(std::string_view padded_title) const {
    for (const auto& p : items)
      if (padded_title.find(p.padded) != std::string_view::npos) return &p;
    return nullptr;
  }
  bool empty() const { return items.empty(); }
};

}  // namespace buyergraph::roles::detail
