#pragma once
// Engagement: the lead of each role and the call order for the seller's deal stage.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/assembly/rules.hpp"
#include "buyergraph/sdk/records.hpp"

namespace buyergraph::assembly {

/// Whether a member may be called now: a valid (or risky) email and current employment.
/// `why` says what is missing ("email unknown", "employment likely_current", ...).
struct Reachability {
  bool ready = false;
  std::string why;
};

/// Reachability of one member: the best email's status (valid > risky > unknown > invalid) and
/// `employment_status == "current"`.
///
///   reachability(m).ready;  // false when the only email is "unknown"
Reachability reachability(const sdk::Candidate& member);

/// The `engagement` object: {stage, leads {role: person_id}, call_order [{rank, person_id,
/// role, why, evidence}], pending [{person_id, role, why}]}. The stage's slots come first
/// (prospecting: champion, technical evaluator, economic buyer; active: economic buyer,
/// procurement, champion; renewal: end user, champion, economic buyer), then the rest by
/// `rules.rest_order`. Only ready members are ranked; the others are listed in `pending`
/// with what to verify, so nobody with an unknown or invalid email, or employment that is not
/// current, is ever called first. A role's lead is its best-ranked ready member, else its
/// best-ranked member.
///
///   nlohmann::json e = engagement(members, seller, AssemblyRules::shared());
///   e["call_order"][0]["person_id"];
nlohmann::json engagement(const std::vector<sdk::Candidate>& members,
                          const sdk::SellerProfile& seller, const AssemblyRules& rules);

}  // namespace buyergraph::assembly
