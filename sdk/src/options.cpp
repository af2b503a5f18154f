// The checks OptionsSpec::read applies to one option's value: the same rules lint applies from
// the schema, repeated so a stage built without lint (tests, tools) still gets a clear message.
#include <algorithm>

#include "buyergraph/sdk/options.hpp"

namespace buyergraph::sdk::detail {
namespace {

bool has_type(const nlohmann::json& v, const std::string& type) {
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "string") return v.is_string();
  if (type == "array") return v.is_array();
  if (type == "object") return v.is_object();
  return true;
}

void check_scalar(const std::string& name, const nlohmann::json& schema, const nlohmann::json& v) {
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument("option '" + name + "': " + v.dump() + " " + why);
  };
  if (schema.contains("type") && !has_type(v, schema["type"].get<std::string>()))
    fail("is not a" + std::string(schema["type"] == "integer" ? "n " : " ") +
         schema["type"].get<std::string>());
  if (schema.contains("enum")) {
    const auto& allowed = schema["enum"];
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
      std::string names;
      for (const auto& a : allowed) names += (names.empty() ? "" : ", ") + a.dump();
      fail("is not one of " + names);
    }
  }
  if (!v.is_number()) return;
  if (schema.contains("minimum") && v < schema["minimum"])
    fail("is below the minimum " + schema["minimum"].dump());
  if (schema.contains("maximum") && v > schema["maximum"])
    fail("is above the maximum " + schema["maximum"].dump());
  if (schema.contains("exclusiveMinimum") && v <= schema["exclusiveMinimum"])
    fail("must be above " + schema["exclusiveMinimum"].dump());
}

}  // namespace

void check_option_value(const std::string& name, const nlohmann::json& schema,
                        const nlohmann::json& value) {
  check_scalar(name, schema, value);
  if (!value.is_array() || !schema.contains("items")) return;
  for (const auto& item : value) check_scalar(name, schema["items"], item);
  if (schema.value("uniqueItems", false))
    for (auto it = value.begin(); it != value.end(); ++it)
      if (std::find(value.begin(), it, *it) != it)
        throw std::invalid_argument("option '" + name + "': " + it->dump() + " is listed twice");
}

}  // namespace buyergraph::sdk::detail
