#pragma once
// The numbers and tables the gather stage applies, from data/assembly/assembly.yaml
// (docs/assembly.md explains each one and its source).
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "buyergraph/sdk/status.hpp"

namespace buyergraph::assembly {

/// One call-order slot: the best member holding `sub_role`, else the best member of `role`.
struct CallSlot {
  std::string sub_role;
  std::string role;
};

/// A breadth step: deals above `above_usd` need `functions` distinct functions among members.
struct BreadthStep {
  double above_usd = 0;
  int functions = 0;
};

/// Every rule of the gather stage. Load once and share; cheap to copy.
///
///   auto rules = AssemblyRules::load_default();
///   if (!rules) { std::cerr << rules.error().message; return 1; }
///   bool near = rules->adjacent("finance", "procurement");  // true
struct AssemblyRules {
  int version = 0;
  std::string path;  ///< the file it came from

  int max_excluded = 50;
  std::vector<std::string> notable_seniorities;

  double small_deal_usd = 50000, small_deal_factor = 0.6, tier_min_factor = 0.7;
  double scarce_share = 0.10;
  int scarce_found = 3, scarce_ideal = 2;
  double thin_share = 0.20;
  int thin_found = 5;
  double thin_ideal_factor = 0.7;
  double blockers_above_deal_usd = 50000;
  long long blockers_above_employees = 100;
  int unsized_max = 12;

  std::map<std::string, int> slack;
  std::map<std::string, std::string> demote;
  std::vector<std::string> trim_order;

  std::map<std::string, int> weights;  ///< requirement weights by kind
  std::vector<std::string> technical_functions, financial_functions, risk_functions;
  double technical_above_usd = 50000, financial_above_usd = 100000, risk_above_usd = 150000;
  std::vector<BreadthStep> breadth;
  std::string large_tier_prefix = "L";
  int max_breadth = 4;

  std::map<std::string, double> cohesion_weights;
  double inferred_line_credit = 0.6;
  std::map<std::string, double> seniority_mix;
  int band_high = 80, band_medium = 65, band_low = 50;
  std::set<std::pair<std::string, std::string>> adjacent_pairs;  ///< stored sorted (a < b)

  std::map<std::string, std::vector<CallSlot>> call_slots;  ///< by deal stage
  std::vector<std::string> rest_order;

  /// Loads a rules file; errors name the file and the key.
  static sdk::Result<AssemblyRules> load(const std::string& path);
  /// Loads <data dir>/assembly/assembly.yaml ($BUYERGRAPH_DATA_DIR, else the build's data dir).
  static sdk::Result<AssemblyRules> load_default();
  /// A process-wide default, loaded once; throws std::runtime_error if it cannot load.
  static const AssemblyRules& shared();

  /// Same function, executive with anything, or a listed pair.
  bool adjacent(const std::string& a, const std::string& b) const;
  /// The weight of a requirement kind ("decision", "security", ...); 1 when not listed.
  int weight(const std::string& kind) const;
};

}  // namespace buyergraph::assembly
