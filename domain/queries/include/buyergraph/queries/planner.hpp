#pragma once
// Role-based people searches from a company and a seller profile (docs/queries.md).
#include <map>
#include <string>
#include <vector>

#include "buyergraph/sdk/records.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::queries {

/// One row of the `targets` list of data/queries/role-queries.yaml, before the seller's
/// placeholders ($target, $secondary, $personas) are filled in.
struct TargetRule {
  std::string purpose;
  std::string when = "always";  ///< always | blockers | introducer:<definition>
  std::vector<std::string> seniorities;
  std::string functions;  ///< "$target" | "$secondary" | "" (use function_list)
  std::vector<std::string> function_list;
  std::string title_terms;  ///< "$personas" | "" (use term_list)
  std::vector<std::string> term_list;
  int limit = 0;
};

/// Builds the PeopleQuery for one account. Immutable after load; safe to share across threads.
///
///   auto planner = QueryPlanner::load_default();
///   if (!planner) return fail(planner.error());
///   sdk::PeopleQuery q = planner->plan(company, seller);
///   // q.targets: executive, decision, persona, champion, ... (or one "all" target when small)
class QueryPlanner {
 public:
  /// Loads a role-queries YAML file; errors name the file and what is wrong.
  static sdk::Result<QueryPlanner> load(const std::string& path);
  /// Loads <data dir>/queries/role-queries.yaml.
  static sdk::Result<QueryPlanner> load_default();

  /// The searches for this company and seller. Companies of at most `search_all_up_to`
  /// employees get one target ("all", no filter); larger ones one target per role with limits
  /// scaled by the company's tier. A company with no headcount is treated as large (targeted):
  /// reading an unknown-size roster whole could be unbounded.
  sdk::PeopleQuery plan(const sdk::Company& company, const sdk::SellerProfile& seller) const;

  /// Deal size in USD (approximate, from the file's fx table); the raw amount for an unknown
  /// currency.
  double deal_size_usd(const sdk::SellerProfile& seller) const;

  int search_all_up_to() const { return search_all_up_to_; }
  const std::vector<TargetRule>& rules() const { return rules_; }

 private:
  int search_all_up_to_ = 200;
  std::map<char, double> scale_;
  double blocker_deal_usd_ = 50000;
  std::map<std::string, double> fx_;
  std::vector<TargetRule> rules_;
};

}  // namespace buyergraph::queries
