#pragma once
// Coverage: which roles and functions a group must hold for this company and seller, and how
// much of that the members cover, with a reason for every gap.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/assembly/rules.hpp"
#include "buyergraph/assembly/sizing.hpp"
#include "buyergraph/sdk/records.hpp"

namespace buyergraph::assembly {

/// One required role, function or breadth of functions.
struct Requirement {
  std::string id;    ///< "role:decision", "function:security", "breadth:functions"
  std::string kind;  ///< "role" | "function" | "breadth"
  std::string name;  ///< for people: "Decision maker"
  int weight = 1;
  std::string why;                     ///< the rule that made it required
  std::string role;                    ///< kind role: the role that covers it
  std::vector<std::string> functions;  ///< kind function: any of these covers it
  int min_functions = 0;               ///< kind breadth: distinct functions needed
};

/// The requirements, in report order: decision and champion always; the seller's target
/// function; technical / financial / risk functions by deal size; security and legal forced by
/// seller flags; a blocker when blockers count; and a breadth of 2-4 functions by deal size.
///
///   auto reqs = requirements(company, seller, plan, AssemblyRules::shared());
///   reqs.front().id;  // "role:decision"
std::vector<Requirement> requirements(const sdk::Company& company, const sdk::SellerProfile& seller,
                                      const SizePlan& plan, const AssemblyRules& rules);

/// True when `c` (a member) covers the role or function requirement `r`.
bool covers(const sdk::Candidate& c, const Requirement& r);

/// The coverage JSON of docs/buyer-group-model.md minus `tier`, `size` and `cohesion` (the
/// caller adds those): roles, ideal_roles, required[] with gap_reason and detail, score,
/// covered, total, threads. `considered` are all deduped candidates (members, excluded and
/// role-less), used to say why a gap exists.
///
///   nlohmann::json cov = coverage(members, considered, reqs, plan);
///   cov["score"];  // covered weight / total weight x 100, rounded
nlohmann::json coverage(const std::vector<sdk::Candidate>& members,
                        const std::vector<sdk::Candidate>& considered,
                        const std::vector<Requirement>& reqs, const SizePlan& plan);

}  // namespace buyergraph::assembly
