#include "buyergraph/engine/schema_check.hpp"

#include <algorithm>

// valijson aborts on errors unless told to throw.
#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace buyergraph::engine {
namespace {

using nlohmann::json;

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Reports keys not declared by an object schema with additionalProperties:false; valijson's own
// message for this is hard to read and lists no alternatives.
void check_unknown_keys(const json& schema, const json& value, const YamlDocument& doc,
                        const std::string& ptr, Diagnostics& diags) {
  if (!schema.is_object()) return;
  if (value.is_object() && schema.contains("properties")) {
    const json& props = schema["properties"];
    bool closed = schema.value("additionalProperties", json(true)) == json(false);
    std::vector<std::string> allowed;
    for (auto it = props.begin(); it != props.end(); ++it) allowed.push_back(it.key());
    for (auto it = value.begin(); it != value.end(); ++it) {
      std::string child = ptr + "/" + escape_pointer_token(it.key());
      if (props.contains(it.key())) {
        check_unknown_keys(props[it.key()], it.value(), doc, child, diags);
      } else if (closed) {
        std::string msg = "unknown key '" + it.key() + "'";
        std::string near = closest_match(it.key(), allowed);
        if (!near.empty()) msg += "; did you mean '" + near + "'?";
        msg += (near.empty() ? "; allowed keys: " : " Allowed keys: ") +
               (allowed.empty() ? std::string("(none)") : join(allowed));
        diags.push_back(doc.at(child, msg, true));
      }
    }
    if (schema.contains("additionalProperties") && schema["additionalProperties"].is_object()) {
      for (auto it = value.begin(); it != value.end(); ++it)
        if (!props.contains(it.key()))
          check_unknown_keys(schema["additionalProperties"], it.value(), doc,
                             ptr + "/" + escape_pointer_token(it.key()), diags);
    }
  } else if (value.is_object() && schema.contains("additionalProperties") &&
             schema["additionalProperties"].is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it)
      check_unknown_keys(schema["additionalProperties"], it.value(), doc,
                         ptr + "/" + escape_pointer_token(it.key()), diags);
  }
  if (value.is_array() && schema.contains("items") && schema["items"].is_object()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      check_unknown_keys(schema["items"], value[i], doc, ptr + "/" + std::to_string(i), diags);
  }
}

std::string context_to_pointer(const std::vector<std::string>& context) {
  std::string ptr;
  for (const auto& c : context) {
    if (c == "<root>") continue;
    if (c.size() >= 2 && c.front() == '[' && c.back() == ']')
      ptr += "/" + escape_pointer_token(c.substr(1, c.size() - 2));
  }
  return ptr;
}

// The sub-schema that applies at a valijson context path, to explain enum failures.
const json* schema_at(const json& schema, const std::vector<std::string>& context) {
  const json* cur = &schema;
  for (const auto& c : context) {
    if (c == "<root>") continue;
    std::string tok = c.size() >= 2 ? c.substr(1, c.size() - 2) : c;
    if (cur->contains("properties") && (*cur)["properties"].contains(tok))
      cur = &(*cur)["properties"][tok];
    else if (cur->contains("items") && (*cur)["items"].is_object())
      cur = &(*cur)["items"];
    else if (cur->contains("additionalProperties") && (*cur)["additionalProperties"].is_object())
      cur = &(*cur)["additionalProperties"];
    else
      return nullptr;
  }
  return cur;
}

bool is_unknown_key_error(const std::string& description) {
  return description.find("could not be validated using 'properties' or 'additionalProperties'") !=
             std::string::npos ||
         description.find("additional properties") != std::string::npos;
}

}  // namespace

sdk::Status check_schema_text(const std::string& schema_text) {
  try {
    json schema = json::parse(schema_text);
    valijson::Schema parsed;
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(schema);
    parser.populateSchema(adapter, parsed);
    return sdk::Status::ok();
  } catch (const std::exception& e) {
    return sdk::Status::error("bad_schema", std::string("invalid config schema: ") + e.what());
  }
}

void validate_against_schema(const json& schema, const YamlDocument& doc,
                             const std::string& pointer, Diagnostics& diags) {
  const json* value = &doc.value;
  if (!pointer.empty()) {
    json::json_pointer jp(pointer);
    if (!doc.value.contains(jp)) return;
    value = &doc.value.at(jp);
  }
  check_unknown_keys(schema, *value, doc, pointer, diags);

  valijson::Schema parsed;
  try {
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter schema_adapter(schema);
    parser.populateSchema(schema_adapter, parsed);
  } catch (const std::exception& e) {
    diags.push_back(doc.at(pointer, std::string("stage declares an invalid schema: ") + e.what()));
    return;
  }
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(*value);
  validator.validate(parsed, target, &results);
  valijson::ValidationResults::Error err;
  std::vector<std::pair<std::string, std::string>> seen;
  while (results.popError(err)) {
    if (is_unknown_key_error(err.description)) continue;  // reported above, with alternatives
    std::string ptr = pointer + context_to_pointer(err.context);
    // valijson reports a failing child and then each enclosing object; keep the innermost.
    if (err.description.rfind("Failed to validate against schema associated with property", 0) ==
            0 ||
        err.description.rfind("Failed to validate item", 0) == 0)
      continue;
    if (std::find(seen.begin(), seen.end(), std::make_pair(ptr, err.description)) != seen.end())
      continue;
    seen.emplace_back(ptr, err.description);
    std::string msg = err.description;
    if (msg.rfind("Failed to match against any enum values", 0) == 0) {
      if (const json* sub = schema_at(schema, err.context); sub && sub->contains("enum")) {
        msg = "must be one of:";
        for (const auto& v : (*sub)["enum"])
          msg += " " + (v.is_string() ? v.get<std::string>() : v.dump());
      }
    }
    diags.push_back(doc.at(ptr, msg));
  }
}

void apply_defaults(const json& schema, json& config) {
  if (!config.is_object() || !schema.is_object() || !schema.contains("properties")) return;
  for (auto it = schema["properties"].begin(); it != schema["properties"].end(); ++it) {
    if (!config.contains(it.key()) && it.value().is_object() && it.value().contains("default"))
      config[it.key()] = it.value()["default"];
  }
}

}  // namespace buyergraph::engine
