#pragma once
// JSON Schema validation (valijson) of a JSON value that came from YAML, reporting every error
// with its YAML position. Unknown keys are reported with the allowed keys and a suggestion.
#include <string>

#include <nlohmann/json.hpp>

#include "buyergraph/engine/yaml_json.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::engine {

/// Checks that `schema_text` is a JSON Schema valijson can use.
sdk::Status check_schema_text(const std::string& schema_text);

/// Validates `doc.value[pointer]` against `schema` and appends diagnostics.
/// `pointer` is the JSON pointer of the validated value inside the document ("" = root).
void validate_against_schema(const nlohmann::json& schema, const YamlDocument& doc,
                             const std::string& pointer, Diagnostics& diags);

/// Fills top-level `default` values from the schema's `properties` into `config`.
void apply_defaults(const nlohmann::json& schema, nlohmann::json& config);

}  // namespace buyergraph::engine
