#pragma once
// Balancing: caps each role at the tier's mix and the group at its max, demoting or dropping
// the lowest-ranked people, and never dropping the only member who covers a required function.
#include <vector>

#include "buyergraph/assembly/coverage.hpp"
#include "buyergraph/assembly/rules.hpp"
#include "buyergraph/assembly/sizing.hpp"
#include "buyergraph/sdk/records.hpp"

namespace buyergraph::assembly {

/// The members kept and the people balancing removed (with `excluded_reason` set).
struct Balanced {
  std::vector<sdk::Candidate> members;
  std::vector<sdk::Candidate> dropped;
};

/// Balances candidates that hold a role. Over a role's cap, the lowest-ranked go first: a
/// decision maker is demoted to champion and a champion to stakeholder (rule id
/// `assembly.balance.demote`, evidence on `candidate.role`); others leave with "over the tier
/// max for role X". Then the group is trimmed to `plan.max` in `rules.trim_order`. Nobody is
/// promoted: a missing role stays a gap.
///
///   Balanced b = balance(with_roles, plan, reqs, AssemblyRules::shared());
///   b.dropped.front().excluded_reason;  // "over the tier max for role stakeholder (cap 4)"
Balanced balance(std::vector<sdk::Candidate> candidates, const SizePlan& plan,
                 const std::vector<Requirement>& reqs, const AssemblyRules& rules);

}  // namespace buyergraph::assembly
