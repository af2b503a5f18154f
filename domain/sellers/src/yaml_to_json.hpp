#pragma once
// YAML -> JSON for free-form profile sections (role_rules), resolving plain scalars to types.
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

namespace buyergraph::sellers::detail {

/// Converts a YAML node. Plain (unquoted) scalars become null, bool, integer or float when they
/// read as one (YAML 1.2 core schema spellings), otherwise strings; quoted scalars stay strings.
///
///   yaml_to_json(YAML::Load("{a: 1, b: 'true', c: [x, 2.5]}"))
///   // {"a": 1, "b": "true", "c": ["x", 2.5]}
nlohmann::json yaml_to_json(const YAML::Node& node);

}  // namespace buyergraph::sellers::detail
