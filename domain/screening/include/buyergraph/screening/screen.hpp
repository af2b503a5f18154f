#pragma once
// Candidate screening: who may be a member at all (docs/screening.md). Marks, never deletes:
// a screened-out candidate keeps flowing with `excluded_reason` set, so the report can list
// notable people who were dropped and why.
#include <string>
#include <string_view>
#include <vector>

#include "buyergraph/sdk/records.hpp"

namespace buyergraph::screening {

struct ScreenOptions {
  /// Data older than this many days (provenance.retrieved_at vs as_of) makes a current
  /// employee `likely_current` instead of `current`.
  int stale_days = 540;
  /// ISO-8601 date/time the data is judged against; empty = the record's own retrieved_at
  /// (no staleness can be measured then).
  std::string as_of;
};

/// Sets `employment_status` and, when the candidate must not be a member, `excluded_reason`
/// (plus evidence and, for anti-personas, the `anti_persona` flag). Rules, in order:
///   not a current employee of `company.id` (by id, never by name) -> departed / unknown;
///   deleted record; duplicate record; headline says former / ex- / retired; no name; no title;
///   title matches one of the seller's anti-personas (whole words).
///
///   sdk::Candidate c = ...;                 // from normalize.title
///   screen(c, company, seller, {});
///   if (!c.excluded_reason.empty()) ...     // e.g. "not a current employee of 8000094"
void screen(sdk::Candidate& candidate, const sdk::Company& company,
            const sdk::SellerProfile& seller, const ScreenOptions& options);

/// Lower-case ASCII words of `text` separated by single spaces, with a space at each end, for
/// whole-word phrase matching (" vp sales ").
std::string word_text(std::string_view text);

}  // namespace buyergraph::screening
