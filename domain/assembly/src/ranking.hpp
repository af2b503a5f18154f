#pragma once
// Shared private helpers: seniority order, a candidate's overall score and the ranking that
// decides who stays when a role is over its cap and who leads it.
#include <optional>
#include <string>
#include <string_view>

#include "buyergraph/sdk/records.hpp"
#include "buyergraph/titles/classifier.hpp"

namespace buyergraph::assembly::detail {

/// c_level 6 ... intern 0; -1 for an unknown label.
inline int seniority_rank(std::string_view s) { return titles::seniority_rank(s); }

inline std::optional<double> score_of(const sdk::Candidate& c, std::string_view name) {
  for (const auto& s : c.scores)
    if (s.name == name) return s.value;
  return std::nullopt;
}

/// Better first: overall score, then role confidence, then seniority, then id (stable output).
/// A missing overall score ranks below any computed one, never as a silent 0 tie.
inline bool ranks_before(const sdk::Candidate& a, const sdk::Candidate& b) {
  auto sa = score_of(a, "overall"), sb = score_of(b, "overall");
  if (sa.has_value() != sb.has_value()) return sa.has_value();
  if (sa && *sa != *sb) return *sa > *sb;
  if (a.confidence != b.confidence) return a.confidence > b.confidence;
  int ra = seniority_rank(a.seniority), rb = seniority_rank(b.seniority);
  if (ra != rb) return ra > rb;
  return a.person.id < b.person.id;
}

/// The source to cite for a candidate's fields.
inline std::string source_of(const sdk::Candidate& c) {
  return c.person.provenance.source.empty() ? "unknown" : c.person.provenance.source;
}

}  // namespace buyergraph::assembly::detail
