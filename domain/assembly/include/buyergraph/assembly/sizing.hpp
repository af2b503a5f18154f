#pragma once
// Group sizing: the tier's size and role mix, adjusted in the order of docs/assembly.md (tiny
// companies, data availability, small deals, tier floor). Never a reason to pad.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/assembly/rules.hpp"
#include "buyergraph/sdk/records.hpp"
#include "buyergraph/tiers/tiers.hpp"

namespace buyergraph::assembly {

/// The size a group aims for, the most it may hold per role, and every adjustment applied.
struct SizePlan {
  const tiers::Tier* tier = nullptr;  ///< nullptr: company size unknown, group not sized
  bool sized = false;
  int min = 0, ideal = 0, max = 0;
  tiers::RoleMix ideal_roles;       ///< the tier's mix (blockers zeroed when they do not count)
  std::map<std::string, int> caps;  ///< most members per role
  bool blockers_count = false;
  bool deal_size_shrunk = false;            ///< the small-deal rule lowered the ideal
  bool data_limited = false;                ///< a data-availability rule fired
  std::vector<nlohmann::json> adjustments;  ///< {"rule", "detail"}, in the order applied
  std::vector<std::string> warnings;
};

/// Plans the group size for `company` and `seller`. `considered` is the number of distinct
/// people the providers returned for the company (after dedupe); it drives the
/// data-availability rules.
///
///   auto choice = tiers::TierTable::shared().choose(company);
///   SizePlan p = plan_size(choice, company, seller, 40, AssemblyRules::shared());
///   // p.min, p.ideal, p.max, p.caps["decision"], p.adjustments
SizePlan plan_size(const tiers::TierChoice& choice, const sdk::Company& company,
                   const sdk::SellerProfile& seller, int considered, const AssemblyRules& rules);

/// "below_min" | "below_ideal" | "at_ideal" | "within" | "unsized" for `found` members.
///
///   size_status(plan, 3);  // "below_min" when plan.min is 7
std::string size_status(const SizePlan& plan, int found);

}  // namespace buyergraph::assembly
