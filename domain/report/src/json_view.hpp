#pragma once
// Tolerant reads of the group's free-form JSON parts (coverage, engagement, intelligence): a
// missing or mistyped field reads as empty, so a renderer never throws on partial groups.
#include <string>

#include <nlohmann/json.hpp>

namespace buyergraph::report::json_view {

/// `j` when it is an object, else an empty object.
inline const nlohmann::json& obj(const nlohmann::json& j) {
  static const nlohmann::json empty = nlohmann::json::object();
  return j.is_object() ? j : empty;
}

/// `obj[key]` when it is an array, else an empty array.
inline const nlohmann::json& arr(const nlohmann::json& obj, const char* key) {
  static const nlohmann::json empty = nlohmann::json::array();
  if (!obj.is_object()) return empty;
  auto it = obj.find(key);
  return (it != obj.end() && it->is_array()) ? *it : empty;
}

/// `obj[key]` when it is a string, else "".
inline std::string str(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return (it != obj.end() && it->is_string()) ? it->get<std::string>() : "";
}

}  // namespace buyergraph::report::json_view
