#pragma once
// Cohesion: how closely the members work together, from org facts only (reporting lines,
// adjacent functions, seniority spread). Null with a note when the facts cannot support it.
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/assembly/rules.hpp"
#include "buyergraph/sdk/records.hpp"

namespace buyergraph::assembly {

/// The `coverage.cohesion` object: {score, band, components[{name, value, weight, inputs,
/// note}], note}. Components:
/// - reporting_proximity: share of members with a reporting line to another member; a known
///   line (`person.manager_id`) counts 1, a line inferred from the same function and a more
///   senior member counts `inferred_line_credit` and is labelled inferred;
/// - department_adjacency: share of member pairs in the same or adjacent functions;
/// - seniority_spread: 100 minus the distance between the members' levels and the ideal mix.
/// A component without inputs has value null and is left out of the weighted mean; the score
/// is null (with `note`) when fewer than 2 members or fewer than 2 components are supported.
///
///   nlohmann::json c = cohesion(members, AssemblyRules::shared());
///   if (c["score"].is_null()) std::cout << c["note"];
nlohmann::json cohesion(const std::vector<sdk::Candidate>& members, const AssemblyRules& rules);

}  // namespace buyergraph::assembly
