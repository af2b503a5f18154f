#pragma once
// The ranked spares of a group: people who hold a role but were left out by balancing (over a
// role's cap or the group's max). A stage that verifies members after buying their full records
// replaces a member who fails from these, best first (docs/assembly.md, docs/providers.md).
#include <string_view>
#include <vector>

#include "buyergraph/sdk/records.hpp"

namespace buyergraph::assembly {

/// The flag assemble() puts on a spare in `BuyerGroup::excluded`.
inline constexpr std::string_view kSpareFlag = "spare";

/// The spares in `group.excluded` holding `role` (any role when empty), best first by the same
/// ranking that decided the seats (overall score, confidence, seniority, id).
///
///   for (const sdk::Candidate* s : ranked_spares(group, "champion")) ...
std::vector<const sdk::Candidate*> ranked_spares(const sdk::BuyerGroup& group,
                                                 std::string_view role = {});

}  // namespace buyergraph::assembly
