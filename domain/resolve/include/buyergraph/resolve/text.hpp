#pragma once
// Company-name normalisation: Unicode folding, tokens, legal suffixes and sub-entity markers.
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace buyergraph::resolve {

/// NFKC, case folding and accent folding with libutf8proc, plus the Latin letters Unicode does
/// not decompose (ø, æ, œ, ł, đ, þ, ...). Invalid UTF-8 bytes are dropped, never crash.
///
///   fold("Société Générale") == "societe generale"
std::string fold(std::string_view text);

/// Word tokens of folded text. '&' becomes the token "and"; apostrophes join ("McDonald's" ->
/// "mcdonalds"); single letters separated by dots merge ("S.A." -> "sa", "L.L.C." -> "llc");
/// every other punctuation mark separates.
///
///   tokenize("AT&T Inc.") == {"at", "and", "t", "inc"}
std::vector<std::string> tokenize(std::string_view text);

/// A company name in the forms the resolver compares.
struct NormalizedName {
  std::vector<std::string> tokens;    ///< all tokens, articles at either end removed
  std::vector<std::string> core;      ///< tokens without trailing legal suffixes
  std::vector<std::string> suffixes;  ///< legal forms removed, canonical ("corp." -> "corporation")
  std::vector<std::string> markers;   ///< sub-entity markers present ("school", "division")
  std::string full;                   ///< tokens joined by spaces
  std::string key;                    ///< core joined by spaces: the comparison form
  std::string compact;                ///< core joined without spaces ("coca cola" -> "cocacola")
  /// Core tokens without weak words ("holdings", "group", "and"), sorted and unique: the words
  /// that tell this company from others. All core tokens when every one is weak.
  std::vector<std::string> distinctive;
  std::string
      signature;  ///< distinctive joined by spaces: equal for "Horton D R" and "D.R. Horton"
};

/// Registry conventions the normaliser undoes (data/resolve/: articles.txt, weak-words.txt,
/// abbreviations.txt, jurisdiction-markers.txt). Each entry is tokenized like a name.
struct NameConventions {
  std::vector<std::string> articles;       ///< dropped at either end: "the" ("Boeing Co (The)")
  std::vector<std::string> weak_words;     ///< not distinctive: "holdings", "group", "worldwide"
  std::vector<std::string> abbreviations;  ///< "canonical | short | short": "international | intl"
  std::vector<std::string> jurisdictions;  ///< "/DE/", "/OH" markers removed: "de", "oh"
};

/// Longest company name the resolver compares, in bytes. No registry allows names near this
/// (Companies House: 160 characters); longer input is refused, never compared.
constexpr std::size_t kMaxNameBytes = 1000;

/// Normalises names with a legal-suffix list and a sub-entity marker list (data/resolve/).
/// Suffixes are stripped only for comparison; callers keep and display the original name.
///
///   NameNormalizer n({"inc", "gmbh"}, {"school"});
///   n.normalize("Contoso GmbH").key == "contoso"
class NameNormalizer {
 public:
  NameNormalizer() = default;
  /// `suffixes`: one legal form per entry, spellings separated by '|', canonical first
  /// ("Ltd | Ltd. | Limited"); `markers`: words that denote a separate entity ("school").
  NameNormalizer(const std::vector<std::string>& suffixes, const std::vector<std::string>& markers,
                 const NameConventions& conventions = {});

  NormalizedName normalize(std::string_view name) const;
  /// The comparison form only: `normalize(name).key`.
  std::string key(std::string_view name) const { return normalize(name).key; }
  bool is_marker(const std::string& token) const { return markers_.count(token) > 0; }
  bool is_weak(const std::string& token) const { return weak_.count(token) > 0; }

 private:
  std::string drop_jurisdiction_markers(std::string_view name) const;
  struct Suffix {
    std::vector<std::string> tokens;
    std::string canonical;
  };
  std::vector<Suffix> suffixes_;  // longest first
  std::unordered_set<std::string> markers_;
  std::unordered_set<std::string> articles_, weak_, jurisdictions_;
  std::unordered_set<std::string> suffix_words_;  // one-word legal forms ("inc", "corp")
  std::unordered_map<std::string, std::string> abbreviations_;  // short -> canonical
};

}  // namespace buyergraph::resolve
