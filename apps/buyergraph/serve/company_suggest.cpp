#include "company_suggest.hpp"

#include <algorithm>

namespace buyergraph::serve {

std::vector<std::string> name_words(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      word += static_cast<char>(std::tolower(c));
    } else if (c >= 0x80) {
      word += static_cast<char>(c);  // UTF-8 letters stay as they are
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

void CompanySuggestions::load() {
  auto companies = store_.all_companies();
  if (companies.size() > max_) companies.resize(max_);
  for (auto& c : companies) {
    Entry e;
    e.s = {c.id,
           c.name,
           c.domains.empty() ? "" : c.domains.front(),
           c.industry,
           c.hq_city.empty() ? c.hq_country : c.hq_city + ", " + c.hq_country,
           c.employees};
    for (const auto* text : {&c.name, &c.legal_name})
      for (auto& w : name_words(*text)) e.words.push_back(std::move(w));
    for (const auto& a : c.aliases)
      for (auto& w : name_words(a)) e.words.push_back(std::move(w));
    entries_.push_back(std::move(e));
  }
  std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return a.s.employees.value_or(0) > b.s.employees.value_or(0);
  });
}

std::vector<CompanySuggestions::Suggestion> CompanySuggestions::find(const std::string& typed,
                                                                     std::size_t limit) {
  std::call_once(loaded_, [this] { load(); });
  const auto wanted = name_words(typed);
  std::vector<Suggestion> out;
  if (wanted.empty()) return out;
  for (const auto& e : entries_) {
    // Every typed word starts some word of the name.
    const bool match = std::all_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
      return std::any_of(e.words.begin(), e.words.end(),
                         [&](const std::string& n) { return n.rfind(w, 0) == 0; });
    });
    if (match) out.push_back(e.s);
    if (out.size() >= limit) break;
  }
  return out;
}

}  // namespace buyergraph::serve
