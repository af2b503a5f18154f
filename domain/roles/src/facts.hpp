#pragma once
// What the scores and rules read about one candidate, computed once per call.
#include <string>

#include "buyergraph/sdk/records.hpp"
#include "config.hpp"

namespace buyergraph::roles::detail {

struct CandidateFacts {
  std::string padded_title;  ///< " vice president sales " (normalised like the title rules)
  int level = -1;            ///< Level, -1 unknown
  int function = -1;         ///< function index, -1 unknown
  bool primary = false, secondary = false, technical = false, user = false, gatekeeper = false;
  const Phrase* persona = nullptr;
  const Phrase* anti = nullptr;
  const Phrase* hunter = nullptr;  ///< only when the seller sells to sales teams
  const Phrase* farmer = nullptr;
  const Phrase* top_executive = nullptr;  ///< only when level == c_level
  const Phrase* physical_security = nullptr;
};

inline CandidateFacts facts_of(const sdk::Candidate& c, const AccountData& a) {
  const Config& cfg = *a.config;
  CandidateFacts f;
  if (!c.person.title.empty()) {
    // Appended, not "a" + b: GCC 12 -O2 warns falsely (-Wrestrict) on the operator+ form.
    const std::string n = cfg.titles->normalize(c.person.title);
    f.padded_title.reserve(n.size() + 2);
    f.padded_title.append(1, ' ').append(n).append(1, ' ');
  }
  f.level = level_index(c.seniority);
  f.function = function_index(c.function);
  if (f.function >= 0) {
    FnMask bit = FnMask{1} << f.function;
    f.primary = (a.target & bit) != 0;
    f.secondary = (a.secondary & bit) != 0;
    f.technical = (a.technical & bit) != 0;
    f.user = (a.users & bit) != 0;
    f.gatekeeper = (a.gatekeepers & bit) != 0;
  }
  if (f.padded_title.size() > 2) {
    f.persona = a.personas.find(f.padded_title);
    f.anti = a.anti_personas.find(f.padded_title);
    if (a.seller_flags & kSellsToSalesTeams) {
      f.farmer = cfg.farmer.find(f.padded_title);
      if (!f.farmer) f.hunter = cfg.hunter.find(f.padded_title);
    }
    if (f.level == kCLevel) f.top_executive = cfg.top_executive.find(f.padded_title);
    // "General Manager" runs a small company, though the title rules place it at director.
    if (f.level == kDirector) f.top_executive = cfg.top_executive_director.find(f.padded_title);
    // A guard's words, unless the title is C-level or names information security.
    if (f.level < kCLevel && !cfg.information_security.find(f.padded_title))
      f.physical_security = cfg.physical_security.find(f.padded_title);
  }
  return f;
}

}  // namespace buyergraph::roles::detail
