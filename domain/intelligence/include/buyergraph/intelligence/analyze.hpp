#pragma once
// Fills BuyerGroup::intelligence (docs/buyer-group-model.md) from the group's own data: company
// signals, member signals, pain points, decision flow, recommendations and one narrative. No
// LLM; every item carries evidence, and an item without evidence is dropped.
#include <nlohmann/json.hpp>

#include "buyergraph/intelligence/dates.hpp"
#include "buyergraph/intelligence/options.hpp"
#include "buyergraph/sdk/records.hpp"

namespace buyergraph::intelligence {

/// Replaces `group.intelligence` with the analysis of `group` (company, seller, members,
/// coverage, engagement). Never invents a person: every person id is a member's.
///
///   IntelOptions o;
///   o.rules = *load_default_rules();
///   analyze(group, o);
///   for (auto& s : group.intelligence["company_signals"]) std::cout << s["statement"] << "\n";
void analyze(sdk::BuyerGroup& group, const IntelOptions& options);

/// Removes every item whose `evidence` is missing or holds no field or URL, in every list of an
/// `intelligence` object and in decision-flow edges; removes the narrative when unsupported.
/// Returns how many items it removed.
///
///   int dropped = drop_unsupported(group.intelligence);
int drop_unsupported(nlohmann::json& intelligence);

}  // namespace buyergraph::intelligence
