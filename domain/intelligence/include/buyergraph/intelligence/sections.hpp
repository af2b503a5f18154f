#pragma once
// The sections of the intelligence object, one builder each, so they can be tested and reused
// on their own. `analyze` calls them in this order; later sections read earlier ones.
#include <nlohmann/json.hpp>

#include "buyergraph/intelligence/dates.hpp"
#include "buyergraph/intelligence/options.hpp"
#include "buyergraph/sdk/records.hpp"

namespace buyergraph::intelligence {

/// headcount_growth, department_headcount, hiring, executive_change, technology_fit, funding.
///
///   nlohmann::json sigs = company_signals(group, options, Date{2026, 11, 24});
nlohmann::json company_signals(const sdk::BuyerGroup& group, const IntelOptions& options,
                               Date as_of);

/// recently_appointed (with opportunity and caveat), tenure, long_tenure; one per member at most.
nlohmann::json member_signals(const sdk::BuyerGroup& group, const IntelOptions& options,
                              Date as_of);

/// Seller value propositions x members' functions and company signals; each item cites the
/// value proposition and at least one member or company field.
nlohmann::json pain_points(const sdk::BuyerGroup& group, const IntelOptions& options,
                           const nlohmann::json& company_signals);

/// Nodes = members; reports_to edges from manager_id (inferred: false), else inferred from
/// function and seniority (inferred: true, confidence < 1).
nlohmann::json decision_flow(const sdk::BuyerGroup& group);

/// entry_point, sequence, message (one per role), timing, gap. An empty group yields one gap.
nlohmann::json recommendations(const sdk::BuyerGroup& group, const IntelOptions& options,
                               Date as_of, const nlohmann::json& intelligence_so_far);

/// One statement for the whole group, computed from the sections above.
nlohmann::json narrative(const sdk::BuyerGroup& group, const nlohmann::json& intelligence_so_far);

}  // namespace buyergraph::intelligence
