#include "yaml_to_json.hpp"

#include <cmath>
#include <cstdint>
#include <string>

namespace buyergraph::sellers::detail {
namespace {

nlohmann::json scalar_to_json(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  // yaml-cpp tags quoted scalars "!": the author asked for a string.
  if (node.Tag() == "!") return s;
  if (s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  std::int64_t i = 0;
  if (YAML::convert<std::int64_t>::decode(node, i)) return i;
  double d = 0;
  // Only finite numbers: JSON has no spelling for inf or nan.
  if (YAML::convert<double>::decode(node, d) && std::isfinite(d)) return d;
  return s;
}

}  // namespace

nlohmann::json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      auto out = nlohmann::json::object();
      for (const auto& kv : node) {
        // A complex key ("? [a, b]") has no JSON spelling; keep its YAML text.
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : YAML::Dump(kv.first);
        out[key] = yaml_to_json(kv.second);
      }
      return out;
    }
    case YAML::NodeType::Sequence: {
      auto out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(yaml_to_json(item));
      return out;
    }
    case YAML::NodeType::Scalar:
      return scalar_to_json(node);
    default:
      return nullptr;
  }
}

}  // namespace buyergraph::sellers::detail
