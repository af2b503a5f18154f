#pragma once
// Score names and the date arithmetic the scores share (docs/roles.md#scores).
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "buyergraph/sdk/records.hpp"

namespace buyergraph::roles {

/// The six scores score() writes to Candidate::scores, each 0-100 (docs/buyer-group-model.md).
///
///   for (auto name : kScoreNames) if (const sdk::Score* s = find_score(c, name)) ...
inline constexpr std::array<std::string_view, 6> kScoreNames = {
    "seniority", "function_fit", "influence", "champion_potential", "recency", "overall"};

/// The score named `name`, or nullptr when it was not computed.
///
///   const sdk::Score* fit = find_score(candidate, "function_fit");
const sdk::Score* find_score(const sdk::Candidate& c, std::string_view name);

/// A calendar day as days since 1970-01-01, parsed from the start of an ISO-8601 text
/// ("2026-11-24", "2026-11-24T19:00:00Z"); nullopt when it is not a valid date.
///
///   day_number("1970-01-02") == 1
std::optional<long> day_number(std::string_view iso_date);

/// Today (UTC, host clock) as "YYYY-MM-DD".
std::string today_utc();

/// How long the person has held their current role at the company, as of a date.
///
///   Tenure t = current_tenure(person, company, "2026-11-24");
///   if (t.known && t.days < 90) ...  // recently appointed
struct Tenure {
  bool known = false;  ///< a current role with a start year was found
  bool month_known = false;
  long days = 0;            ///< days from the first day of the start month (mid-year if no month)
  std::string field;        ///< "person.experience[2].from"
  std::string value;        ///< "2026-09"
  std::string as_of;        ///< the date used, YYYY-MM-DD
  std::string as_of_basis;  ///< "argument" | "person.provenance.retrieved_at" | "host clock"
};

/// The current experience at `company` (by id, else the first current one), measured against
/// `as_of` when non-empty, else the person's provenance.retrieved_at, else the host clock.
Tenure current_tenure(const sdk::Person& person, const sdk::Company& company,
                      std::string_view as_of);

}  // namespace buyergraph::roles
