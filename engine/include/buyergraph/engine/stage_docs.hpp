#pragma once
// How users read a stage's options: `buyergraph plugins inspect` and the generated
// docs/stages.md both come from here, and both from the schema each plugin's OptionsSpec built.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/engine/registry.hpp"

namespace buyergraph::engine {

/// One option of a stage, read from its schema.
struct OptionDoc {
  std::string name;          ///< "costs.search" for an option inside a group
  std::string type;          ///< "integer [1..10]", "json|md|html|csv", "array of string"
  std::string default_text;  ///< "default 540", "required" or "optional"
  std::string description;
  std::string example;  ///< JSON text of the first example, or empty
};

/// Every option of a stage's schema, in declaration order, groups flattened after their key.
///
///   for (const auto& o : describe_options(def.schema)) std::cout << o.name << o.default_text;
std::vector<OptionDoc> describe_options(const nlohmann::json& schema);

/// The Markdown of docs/stages.md: every stage of `reg`, by plugin name, then as registered.
std::string stages_markdown(const PluginRegistry& reg);

}  // namespace buyergraph::engine
