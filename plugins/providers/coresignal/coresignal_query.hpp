#pragma once
// CoreSignal Elasticsearch DSL bodies (providers.md 1.9, 1.10): current employees of one
// company id with role clauses from a people_query target, and a company name search.
#include <string>

#include <nlohmann/json.hpp>

#include <buyergraph/sdk.hpp>

#include "provider_support.hpp"

namespace buyergraph::providers {

/// A company id as CoreSignal indexes it: a number when it is all digits, else the text.
///
///   company_id_value("8697858") == nlohmann::json(8697858)
nlohmann::json company_id_value(const std::string& id);

/// The search body for one target: a `bool.filter` with ONE nested clause on `experience`
/// holding the company id and `active_experience: 1` (so a former employee's old entry can
/// never match), `is_deleted: 0` and `is_parent: 1`; then, when the target has criteria, a
/// `must` of alternatives (minimum_should_match 1): each title term as a phrase on the
/// position title *inside* the same nested current-role clause, or (seniority part AND
/// function part), each part being its mapped level/department values OR its title phrases.
/// Sorted by `_score`. See docs/providers.md for the mapping.
///
///   auto body = employee_search_body("8697858", {.purpose = "decision",
///       .functions = {"finance"}, .seniorities = {"c_level"}}, mapping);
nlohmann::json employee_search_body(const std::string& company_id, const sdk::QueryTarget& target,
                                    const RoleMapping& mapping);

/// `must_not` clauses that keep suppressed people out of a search, so they are never collected
/// (the search is free, the collect is paid): LinkedIn slugs on `linkedin_shorthand_names`,
/// emails on `primary_professional_email`, email domains as a case-insensitive wildcard. At
/// most `cap` values per kind (a query has a size limit); the rest are caught after collect.
/// Empty when nothing is suppressed.
///
///   body["query"]["bool"]["must_not"] = employee_exclusions(list);
nlohmann::json employee_exclusions(const suppression::SuppressionList& list,
                                   std::size_t cap = 5000);

/// A company search by exact name phrase, best first (used when the account has no id or
/// domain that CoreSignal can look up directly).
///
///   company_name_search_body("Acme Corp")
nlohmann::json company_name_search_body(const std::string& name);

}  // namespace buyergraph::providers
