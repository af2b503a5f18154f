#include "rule_trust.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "buyergraph/titles/classifier.hpp"

namespace buyergraph::titles::detail {

std::string rule_trust_path(const std::string& rules_yaml_path) {
  return (std::filesystem::path(rules_yaml_path).parent_path() / "rule_trust.tsv").string();
}

sdk::Result<RuleTrust> read_rule_trust(const std::string& path,
                                       const std::vector<Rule>& function_rules) {
  std::ifstream in(path);
  if (!in) return sdk::Error{"not_found", path + ": rule trust file not found"};
  std::unordered_set<std::string> known;
  for (const auto& r : function_rules) known.insert(r.id);
  RuleTrust trust;
  std::unordered_set<std::string> seen;  // "rule function"
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#' || line.rfind("rule\t", 0) == 0) continue;
    const auto where = [&] { return path + ":" + std::to_string(n) + ": "; };
    std::istringstream fields(line);
    std::string id, function, value;
    if (!std::getline(fields, id, '\t') || !std::getline(fields, function, '\t') ||
        !std::getline(fields, value, '\t'))
      return sdk::Error{"invalid_input", where() + "expected rule id<TAB>function<TAB>trust"};
    if (known.count(id) == 0)
      return sdk::Error{"invalid_input",
                        where() + "'" + id + "' is not a function rule of the rules file"};
    if (!is_function(function))
      return sdk::Error{"invalid_input", where() + "unknown function '" + function + "'"};
    if (!seen.insert(id + " " + function).second)
      return sdk::Error{"invalid_input",
                        where() + "rule '" + id + "' against '" + function + "' is listed twice"};
    if (value == "-") continue;
    double v = -1;
    try {
      std::size_t used = 0;
      v = std::stod(value, &used);
      if (used != value.size()) v = -1;
    } catch (const std::exception&) {
      v = -1;
    }
    if (!(v >= 0.0 && v <= 1.0))
      return sdk::Error{"invalid_input",
                        where() + "trust of '" + id + "' must be '-' or a number between 0 and 1"};
    trust[id][function] = v;
  }
  return trust;
}

}  // namespace buyergraph::titles::detail
