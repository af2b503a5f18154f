// The pipeline reader: YAML (aliases, depth, types) -> JSON -> schema check -> lint, as `lint`,
// `run` and `explain` read a user's file. Nothing may crash, hang or throw out of it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "buyergraph/engine/pipeline.hpp"
#include "buyergraph/engine/registry.hpp"
#include "buyergraph/engine/yaml_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace buyergraph::engine;
  static const PluginRegistry registry;  // no plugins: stages are "unknown", wiring still runs
  const std::string text(reinterpret_cast<const char*>(data), size);
  Diagnostics diags;
  YamlDocument doc = parse_yaml(text, "fuzz.yaml", diags);
  LintResult result = lint(doc, registry);
  for (const auto& d : result.diagnostics) (void)d.format();
  return 0;
}
