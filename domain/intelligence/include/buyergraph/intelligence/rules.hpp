#pragma once
// Intelligence rules: the seller-category technology map and the pain themes, read from
// data/intelligence/rules.yaml (docs/intelligence.md).
#include <map>
#include <string>
#include <vector>

#include "buyergraph/sdk/status.hpp"

namespace buyergraph::intelligence {

/// Technologies that share a stack with a seller category, and the incumbents it competes with.
///
///   TechnologyCategory c{.category = "cloud infrastructure", .related = {"Kubernetes"}};
struct TechnologyCategory {
  std::string category;
  std::vector<std::string> aliases;
  std::vector<std::string> related;
  std::vector<std::string> competitors;
};

/// A pain a value proposition addresses: who feels it (functions) and which company signals
/// make it urgent (signal kinds).
///
///   PainTheme t{.id = "cost", .pain = "Spend is growing", .keywords = {"spend"},
///               .functions = {"finance"}, .signals = {"headcount_growth"}};
struct PainTheme {
  std::string id;
  std::string pain;
  std::vector<std::string> keywords;
  std::vector<std::string> functions;
  std::vector<std::string> signals;
};

/// Everything the rules file holds.
///
///   auto r = load_default_rules();
///   if (!r) { std::cerr << r.error().message << "\n"; return 1; }
///   const TechnologyCategory* c = r->category_for("Cloud Infrastructure");
struct IntelRules {
  std::string version;  ///< "intelligence/default@1"
  std::vector<TechnologyCategory> technology_map;
  std::vector<PainTheme> pain_themes;
  /// Role -> pain theme ids in the order that role's message prefers them.
  std::map<std::string, std::vector<std::string>> role_themes;

  /// The map entry whose category or alias equals `seller_category` (case-insensitive), or null.
  const TechnologyCategory* category_for(const std::string& seller_category) const;
};

/// Reads and checks a rules file. Errors: "not_found", "invalid_input" (message names the key).
sdk::Result<IntelRules> load_rules(const std::string& path);

/// `$BUYERGRAPH_DATA_DIR/intelligence/rules.yaml`, else under BUYERGRAPH_DEFAULT_DATA_DIR.
std::string default_rules_path();

/// load_rules(default_rules_path()).
sdk::Result<IntelRules> load_default_rules();

}  // namespace buyergraph::intelligence
