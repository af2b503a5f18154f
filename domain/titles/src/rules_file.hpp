#pragma once
// Parsing and validation of data/titles/rules.yaml (internal to buyergraph_titles).
#include <string>
#include <unordered_set>
#include <vector>

#include "buyergraph/sdk/status.hpp"
#include "buyergraph/titles/normalize.hpp"

namespace buyergraph::titles::detail {

struct Rule {
  std::string id;
  std::string label;    ///< seniority level or function
  std::string pattern;  ///< RE2, before whole-word wrapping
  std::string unless;   ///< RE2 veto, empty if none
  double confidence = 0;
  int line = 0;  ///< 1-based line in the rules file
};

struct Defaults {
  double seniority_confidence = 0.95;
  double function_confidence = 0.9;
  double ic_with_function = 0.7;
  double ic_unknown = 0.4;
  double other_function = 0.3;
  double rule_wins = 0.7;          ///< a function rule this sure is not second-guessed by the model
  double department_weight = 0.9;  ///< a function read from the department counts this much
};

struct RulesFile {
  NormalizeRules normalize;
  Defaults defaults;
  /// Words that name a level or a kind of role but no function; a title made only of these is
  /// generic ("Senior Manager", "Associate"): the model is not asked about it.
  std::unordered_set<std::string> generic_words;
  /// Department values that say nothing ("Other", "N/A", "Sonstige"), as written in the file;
  /// such a department is read as no department.
  std::vector<std::string> blank_departments;
  std::vector<Rule> seniority;
  std::vector<Rule> function;
};

/// Wraps a rule pattern so it matches whole words of normalised text only.
std::string whole_words(const std::string& pattern);

/// Reads and validates a rules file; every error message starts with "path:line: ".
sdk::Result<RulesFile> read_rules_file(const std::string& path);

}  // namespace buyergraph::titles::detail
