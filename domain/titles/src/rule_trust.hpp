#pragma once
// Reading data/titles/rule_trust.tsv: how far each function rule is trusted against the model,
// measured by tools/titles-train.sh (internal to buyergraph_titles; see docs/titles.md).
#include <string>
#include <unordered_map>
#include <vector>

#include "buyergraph/sdk/status.hpp"
#include "rules_file.hpp"

namespace buyergraph::titles::detail {

/// The file next to a rules file that holds its rule trust ("<dir>/rule_trust.tsv").
std::string rule_trust_path(const std::string& rules_yaml_path);

/// Rule id -> the model answer it defers to -> the rule's trust: a sure model answer naming that
/// function with a higher probability overrules the rule.
using RuleTrust = std::unordered_map<std::string, std::unordered_map<std::string, double>>;

/// Reads a rule trust table: tab-separated, '#' comments, a header line starting with "rule",
/// then one line per (function rule, model answer): rule id, the function the model answers,
/// trust (a number in 0..1, or "-": the rule keeps winning against that answer), then counts
/// that are for the reviewer only. A rule id that is not one of `function_rules`, an unknown
/// function, a duplicate pair or a bad number is an error naming "path:line". A missing file is
/// "not_found".
sdk::Result<RuleTrust> read_rule_trust(const std::string& path,
                                       const std::vector<Rule>& function_rules);

}  // namespace buyergraph::titles::detail
