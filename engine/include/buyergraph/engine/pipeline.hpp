#pragma once
// Pipeline files: parse (YAML) -> lint (all errors at once) -> Plan (pure data the runtime builds
// a graph from).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/engine/diagnostics.hpp"
#include "buyergraph/engine/registry.hpp"
#include "buyergraph/engine/yaml_json.hpp"
#include "buyergraph/sdk/account.hpp"

namespace buyergraph::engine {

enum class OnError { skip, fail };

/// How many items per account flow on an edge: exactly one, or any number.
enum class Multiplicity { one, many };

/// One stage of a validated plan.
struct PlannedStage {
  std::string id;
  std::string use;
  const StageDef* def = nullptr;
  nlohmann::json config;  ///< `with:` plus schema defaults
  int concurrency = 0;    ///< CPU: parallel bodies (0 = unlimited); async: calls in flight (0 = 16)
  OnError on_error = OnError::skip;
  std::vector<int> inputs;              ///< indices of upstream stages; empty = fed by the accounts
  std::vector<int> outputs;             ///< indices of downstream stages
  std::string input_type, output_type;  ///< resolved ("*" replaced by the neighbour's type)
  Multiplicity multiplicity = Multiplicity::one;  ///< of this stage's output
  Mark mark;
};

/// Run-wide settings from the file's `runtime:` block.
struct RuntimeSettings {
  int max_accounts_in_flight = 64;  ///< bounds memory: accounts admitted into the graph at once
  double timeout_s = 0;             ///< 0 = none
};

/// A pipeline ready to run: stages in topological order, neighbours type-checked.
struct Plan {
  std::string file;
  std::string dir;  ///< folder of the file, for relative paths in stage configs
  std::string name;
  std::string description;
  RuntimeSettings runtime;
  nlohmann::json resources = nlohmann::json::object();
  std::vector<sdk::Account> accounts;  ///< `input.accounts`, used when the CLI names none
  std::vector<PlannedStage> stages;
  int gather = -1;  ///< index of the gather stage, -1 if none
};

/// The result of linting: a plan when there were no errors.
struct LintResult {
  Diagnostics diagnostics;
  std::optional<Plan> plan;
  bool ok() const { return diagnostics.empty() && plan.has_value(); }
};

/// Plugin folders a pipeline names (`plugins.paths`), resolved against its folder. Read before
/// linting so those plugins can be loaded first.
std::vector<std::string> pipeline_plugin_paths(const YamlDocument& doc);

/// Applies command-line overrides `STAGE_ID.OPTION=VALUE` to the stages' `with:` blocks before
/// lint, so one pipeline file serves many runs (`--set report.dir=out`). VALUE is read as YAML
/// (`42`, `true`, `[json, md]`, text). An override naming no stage, or without `.` and `=`, is
/// a diagnostic. Lint then checks the result against the stage's schema as usual.
/// `resources.http.NAME.FIELD=VALUE` sets a field of a declared HTTP resource (e.g. a mock's
/// `base_url`); naming an undeclared resource is a diagnostic.
///
///   apply_overrides(doc, {"report.formats=[json, md]"}, diags);
///   apply_overrides(doc, {"resources.http.coresignal.base_url=http://127.0.0.1:8080/cdapi/v2"},
///                   diags);
void apply_overrides(YamlDocument& doc, const std::vector<std::string>& sets, Diagnostics& diags);

/// Checks a parsed pipeline against the file schema, the registry and the typing rules.
LintResult lint(const YamlDocument& doc, const PluginRegistry& registry);

/// The JSON Schema of the pipeline file itself (structure only; stage `with:` blocks are
/// checked against each stage's own schema).
const nlohmann::json& pipeline_schema();

/// Human-readable plan; `dot` gives Graphviz instead.
std::string explain(const Plan& plan, bool dot);

}  // namespace buyergraph::engine
