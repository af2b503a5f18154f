#include "buyergraph/report/json_report.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

// valijson aborts on errors unless told to throw.
#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "buyergraph/common/reason.hpp"

namespace buyergraph::report {

using nlohmann::json;

json to_report_json(const sdk::BuyerGroup& group) {
  json j = group;
  // The plain-language reason, lifted from its evidence item for readers of the JSON.
  for (const char* list : {"members", "excluded"}) {
    const auto& people = std::string_view(list) == "members" ? group.members : group.excluded;
    for (std::size_t i = 0; i < people.size(); ++i)
      if (auto why = common::reason_of(people[i]); !why.empty()) j[list][i]["reason"] = why;
  }
  j["schema_version"] = std::string(kReportSchemaVersion);
  return j;
}

std::string report_schema_path() {
  if (const char* env = std::getenv("BUYERGRAPH_REPORT_SCHEMA"); env && *env) return env;
  return BUYERGRAPH_REPORT_SCHEMA_FILE;
}

namespace {

// valijson context is ["<root>", "[members]", "[0]", ...]; a JSON pointer reads better.
std::string to_pointer(const std::vector<std::string>& context) {
  std::string ptr;
  for (const auto& c : context) {
    if (c == "<root>") continue;
    std::string tok =
        (c.size() >= 2 && c.front() == '[' && c.back() == ']') ? c.substr(1, c.size() - 2) : c;
    ptr += "/" + tok;
  }
  return ptr.empty() ? "/" : ptr;
}

// valijson reports the failing leaf and then every enclosing object or array; the wrappers
// only repeat the leaf, so they are left out.
bool is_wrapper(const std::string& d) {
  return d.rfind("Failed to validate against schema associated with property", 0) == 0 ||
         d.rfind("Failed to validate item", 0) == 0 ||
         d.rfind("Failed to validate against child schema", 0) == 0 ||
         d.rfind("Failed to validate against schema referenced", 0) == 0;
}

// Follows a local "$ref" ("#/definitions/x") until a concrete sub-schema.
const json* deref(const json& root, const json* s) {
  for (int guard = 0; s && s->is_object() && s->contains("$ref") && guard < 16; ++guard) {
    const json& ref = (*s)["$ref"];
    if (!ref.is_string() || ref.get<std::string>().rfind("#/", 0) != 0) return nullptr;
    json::json_pointer p(ref.get<std::string>().substr(1));
    s = root.contains(p) ? &root.at(p) : nullptr;
  }
  return s;
}

// The allowed values at a valijson context, so an enum failure can list them.
std::string allowed_values(const json& root, const std::vector<std::string>& context) {
  const json* s = deref(root, &root);
  for (const auto& c : context) {
    if (c == "<root>") continue;
    if (!s || !s->is_object()) return "";
    std::string tok = c.size() >= 2 ? c.substr(1, c.size() - 2) : c;
    if (s->contains("properties") && (*s)["properties"].contains(tok))
      s = deref(root, &(*s)["properties"][tok]);
    else if (s->contains("items") && (*s)["items"].is_object())
      s = deref(root, &(*s)["items"]);
    else
      return "";
  }
  if (!s || !s->is_object() || !s->contains("enum")) return "";
  std::string out;
  for (const auto& v : (*s)["enum"])
    out += (out.empty() ? "" : ", ") + (v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

}  // namespace

sdk::Status validate_report(const json& report, const json& schema) {
  valijson::Schema parsed;
  try {
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter schema_adapter(schema);
    parser.populateSchema(schema_adapter, parsed);
  } catch (const std::exception& e) {
    return sdk::Status::error("bad_schema", std::string("report schema is invalid: ") + e.what());
  }
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(report);
  if (validator.validate(parsed, target, &results)) return sdk::Status::ok();
  std::string message;
  std::vector<std::string> seen;
  valijson::ValidationResults::Error err;
  while (results.popError(err)) {
    if (is_wrapper(err.description)) continue;
    std::string line = to_pointer(err.context) + ": " + err.description;
    if (err.description.rfind("Failed to match against any enum values", 0) == 0)
      if (std::string allowed = allowed_values(schema, err.context); !allowed.empty())
        line = to_pointer(err.context) + ": must be one of: " + allowed;
    if (std::find(seen.begin(), seen.end(), line) != seen.end()) continue;
    seen.push_back(line);
    message += (message.empty() ? "" : "\n") + line;
  }
  if (message.empty()) message = "report does not match the schema";
  return sdk::Status::error("invalid_report", message);
}

sdk::Status validate_report(const json& report) {
  std::string path = report_schema_path();
  std::ifstream in(path);
  if (!in) return sdk::Status::error("not_found", "cannot read the report schema " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  json schema = json::parse(buf.str(), nullptr, false);
  if (schema.is_discarded())
    return sdk::Status::error("bad_schema", "the report schema " + path + " is not valid JSON");
  return validate_report(report, schema);
}

}  // namespace buyergraph::report
