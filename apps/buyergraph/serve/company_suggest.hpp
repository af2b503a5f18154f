#pragma once
// Suggestions while a user types a company name: companies whose name words start with the
// words typed so far ("conto" -> Contoso Ltd). Resolution needs whole words; this does not.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "buyergraph/store/store.hpp"

namespace buyergraph::serve {

class CompanySuggestions {
 public:
  /// Reads the store's company names on first use (at most `max_companies` of them).
  explicit CompanySuggestions(store::Store& store, std::size_t max_companies = 200000)
      : store_(store), max_(max_companies) {}

  struct Suggestion {
    std::string id, name, domain, industry, hq;
    std::optional<std::int64_t> employees;
  };
  /// Up to `limit` companies, larger ones first.
  std::vector<Suggestion> find(const std::string& typed, std::size_t limit = 8);

 private:
  void load();
  store::Store& store_;
  std::size_t max_;
  std::once_flag loaded_;
  struct Entry {
    Suggestion s;
    std::vector<std::string> words;  ///< the folded words of the name, legal name and aliases
  };
  std::vector<Entry> entries_;
};

/// Lower-case ASCII letters and digits split into words ("Contoso, Ltd." -> contoso ltd).
std::vector<std::string> name_words(const std::string& text);

}  // namespace buyergraph::serve
