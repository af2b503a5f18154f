#pragma once
// The gather: all candidates of one account -> one BuyerGroup with members, excluded people,
// coverage, engagement, ledger and run (docs/buyer-group-model.md, docs/assembly.md).
#include <string>
#include <vector>

#include "buyergraph/assembly/rules.hpp"
#include "buyergraph/sdk/records.hpp"
#include "buyergraph/tiers/tiers.hpp"

namespace buyergraph::assembly {

/// Run facts and overrides for one assembly.
///
///   AssemblyOptions o;
///   o.generated_at = "2026-11-24T19:00:00Z";  // fixed for reproducible reports
///   o.run_id = "run-42";
struct AssemblyOptions {
  std::string generated_at;  ///< ISO-8601 UTC; empty = now
  std::string run_id;
  std::string account_key;
  std::string pipeline = "buyer-group";
  std::string rules_version;                ///< empty = "assembly@<rules file version>"
  int max_excluded = -1;                    ///< < 0 = the rules file's `excluded.max`
  std::vector<std::string> warnings;        ///< the host's warnings, copied into run.warnings
  const AssemblyRules* rules = nullptr;     ///< nullptr = AssemblyRules::shared()
  const tiers::TierTable* tiers = nullptr;  ///< nullptr = TierTable::shared()
};

/// Builds the group: dedupes people, sets aside excluded and role-less candidates, sizes the
/// group by tier and deal, balances roles, computes coverage, cohesion, leads and call order,
/// and fills ledger and run. Never pads and never promotes: a missing role is a named gap.
/// Throws std::runtime_error only when the rules or tier files cannot be loaded.
///
///   sdk::BuyerGroup g = assemble(std::move(candidates), company, seller, {});
///   g.coverage["size"]["status"];  // "below_ideal"
///   g.engagement["call_order"];    // ranked, ready members only
sdk::BuyerGroup assemble(std::vector<sdk::Candidate> candidates, const sdk::Company& company,
                         const sdk::SellerProfile& seller, const AssemblyOptions& options);

/// True when an excluded candidate is worth listing: seniority in the rules' notable list, a
/// function the seller targets, or a title containing one of the seller's personas.
///
///   is_notable(cand, seller, AssemblyRules::shared());
bool is_notable(const sdk::Candidate& c, const sdk::SellerProfile& seller,
                const AssemblyRules& rules);

}  // namespace buyergraph::assembly
