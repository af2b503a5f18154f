#pragma once
// Guarded YAML: yaml-cpp parses anchors and aliases into a shared node graph, which is small in
// memory but explodes when walked (a "billion laughs" file: ten aliases of ten aliases ...) and
// never ends when an alias points into its own anchor (`m: &m {labels: *m}`). Every reader of
// untrusted YAML loads through here, so the graph is checked once, with limits, before anyone
// walks it.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

namespace buyergraph::input {

struct YamlLimits {
  std::size_t max_depth = 64;        ///< nested mappings and lists
  std::size_t max_values = 200'000;  ///< values after aliases are expanded
};

/// Where and why a YAML text was refused. Lines and columns are 1-based; 0 = unknown.
struct YamlProblem {
  int line = 0;
  int column = 0;
  std::string message;
};

struct YamlLoad {
  std::vector<YAML::Node> documents;  ///< empty when `problem` is set
  bool ok = true;
  YamlProblem problem;
};

/// Parses every document of `text` and checks each against `limits`. Syntax errors, an alias
/// inside its own anchor, too deep nesting and too large expansion are a problem, never an
/// exception, a crash or a runaway allocation.
///
///   auto y = load_yaml(text);
///   if (!y.ok) report(y.problem.line, y.problem.column, y.problem.message);
YamlLoad load_yaml(std::string_view text, const YamlLimits& limits = {});

/// A plain scalar as JSON (YAML 1.2 core schema): null, bool, integer or finite float when it
/// spells one, else a string; quoted scalars always stay strings.
///
///   scalar_to_json(YAML::Load("12"))    // 12
///   scalar_to_json(YAML::Load("'12'"))  // "12"
nlohmann::json scalar_to_json(const YAML::Node& scalar);

/// A checked node (from load_yaml) as JSON. Keys that are not plain scalars keep their YAML text.
nlohmann::json to_json(const YAML::Node& node);

}  // namespace buyergraph::input
