#include "buyergraph/engine/pipeline.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "buyergraph/engine/schema_check.hpp"

namespace buyergraph::engine {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kApiVersion = "buyergraph/v1";

const char* kPipelineSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "required": ["apiVersion", "kind", "stages"],
  "properties": {
    "apiVersion": {"type": "string", "description": "Format version; this build reads buyergraph/v1"},
    "kind": {"type": "string", "enum": ["Pipeline"]},
    "metadata": {
      "type": "object", "additionalProperties": false,
      "properties": {
        "name": {"type": "string"},
        "description": {"type": "string"},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}}
      }
    },
    "plugins": {
      "type": "object", "additionalProperties": false,
      "properties": {"paths": {"type": "array", "items": {"type": "string"}}}
    },
    "runtime": {
      "type": "object", "additionalProperties": false,
      "properties": {
        "max_accounts_in_flight": {"type": "integer", "minimum": 1, "maximum": 100000},
        "timeout_s": {"type": "number", "minimum": 0}
      }
    },
    "resources": {
      "type": "object", "additionalProperties": false,
      "properties": {
        "http": {
          "type": "object",
          "additionalProperties": {
            "type": "object", "additionalProperties": false,
            "required": ["base_url"],
            "properties": {
              "base_url": {"type": "string"},
              "rate_per_s": {"type": "number", "exclusiveMinimum": 0},
              "adaptive_rate": {"type": "boolean"},
              "max_in_flight": {"type": "integer", "minimum": 1},
              "timeout_ms": {"type": "integer", "minimum": 1},
              "connect_timeout_ms": {"type": "integer", "minimum": 1},
              "retries": {
                "type": "object", "additionalProperties": false,
                "properties": {
                  "max": {"type": "integer", "minimum": 0, "maximum": 20},
                  "backoff_ms": {"type": "integer", "minimum": 0},
                  "max_backoff_ms": {"type": "integer", "minimum": 0}
                }
              },
              "api_key_env": {"type": "string"},
              "api_key_file": {"type": "string"},
              "auth_header": {"type": "string"},
              "auth_prefix": {"type": "string"},
              "headers": {"type": "object", "additionalProperties": {"type": "string"}},
              "usd_per_credit": {"type": "number", "minimum": 0}
            }
          }
        },
        "budget": {
          "type": "object", "additionalProperties": false,
          "properties": {
            "max_credits_per_account": {"type": "number", "minimum": 0},
            "max_credits_per_run": {"type": "number", "minimum": 0},
            "max_usd_per_account": {"type": "number", "minimum": 0},
            "max_usd_per_run": {"type": "number", "minimum": 0}
          }
        },
        "cache": {
          "type": "object", "additionalProperties": false,
          "properties": {
            "enabled": {"type": "boolean"},
            "ttl": {"type": "object",
                    "additionalProperties": {"type": ["integer", "string"],
                                             "pattern": "^[0-9]+[smhd]$", "minimum": 0}}
          }
        },
        "store": {
          "type": "object", "additionalProperties": false,
          "properties": {"path": {"type": "string"}}
        }
      }
    },
    "input": {
      "type": "object", "additionalProperties": false,
      "properties": {
        "accounts": {
          "type": "array",
          "items": {
            "type": "object", "additionalProperties": false,
            "properties": {
              "key": {"type": "string"}, "name": {"type": "string"}, "domain": {"type": "string"},
              "provider_id": {"type": "string"}, "attributes": {"type": "object"}
            }
          }
        }
      }
    },
    "stages": {
      "type": "array", "minItems": 1,
      "items": {
        "type": "object", "additionalProperties": false,
        "required": ["id", "use"],
        "properties": {
          "id": {"type": "string", "pattern": "^[a-z][a-z0-9_-]*$"},
          "use": {"type": "string"},
          "with": {"type": "object"},
          "concurrency": {"type": "integer", "minimum": 1, "maximum": 4096},
          "on_error": {"type": "string", "enum": ["skip", "fail"]},
          "inputs": {"type": "array", "items": {"type": "string"}, "minItems": 1}
        }
      }
    }
  }
})json";

// Typed reads of the validated document: a value of the wrong type has already been reported
// by the schema check at its line and column, so here it reads as absent, never as an exception.
std::string text_of(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string type_matches(const std::string& produced, const std::string& expected) {
  if (expected == "*" || produced == "*" || produced == expected) return {};
  return fmt::format("expects '{}'", expected);
}

}  // namespace

const json& pipeline_schema() {
  static const json schema = json::parse(kPipelineSchema);
  return schema;
}

std::vector<std::string> pipeline_plugin_paths(const YamlDocument& doc) {
  std::vector<std::string> out;
  const json& v = doc.value;
  if (!v.is_object() || !v.contains("plugins") || !v["plugins"].is_object()) return out;
  const json& paths = v["plugins"].value("paths", json::array());
  if (!paths.is_array()) return out;
  fs::path base = fs::path(doc.file).parent_path();
  for (const auto& p : paths)
    if (p.is_string())
      out.push_back((fs::path(p.get<std::string>()).is_absolute() ? fs::path(p.get<std::string>())
                                                                  : base / p.get<std::string>())
                        .string());
  return out;
}

LintResult lint(const YamlDocument& doc, const PluginRegistry& registry) {
  LintResult result;
  Diagnostics& diags = result.diagnostics;
  if (doc.value.is_null()) {
    if (diags.empty()) diags.push_back({doc.file, 0, 0, "", "empty pipeline file"});
    return result;
  }
  if (!doc.value.is_object()) {
    diags.push_back(doc.at("", "a pipeline file is a mapping with apiVersion, kind and stages"));
    return result;
  }
  validate_against_schema(pipeline_schema(), doc, "", diags);
  const json& root = doc.value;
  if (root.contains("apiVersion") && root["apiVersion"].is_string() &&
      root["apiVersion"] != kApiVersion)
    diags.push_back(
        doc.at("/apiVersion", fmt::format("unsupported apiVersion '{}'; this build reads '{}'",
                                          root["apiVersion"].get<std::string>(), kApiVersion)));

  Plan plan;
  plan.file = doc.file;
  plan.dir = fs::path(doc.file).parent_path().string();
  if (root.contains("metadata") && root["metadata"].is_object()) {
    plan.name = text_of(root["metadata"], "name");
    plan.description = text_of(root["metadata"], "description");
  }
  if (plan.name.empty()) plan.name = fs::path(doc.file).stem().string();
  if (root.contains("runtime") && root["runtime"].is_object()) {
    const json& rt = root["runtime"];
    if (rt.contains("max_accounts_in_flight") && rt["max_accounts_in_flight"].is_number_integer())
      plan.runtime.max_accounts_in_flight = rt["max_accounts_in_flight"].get<int>();
    if (rt.contains("timeout_s") && rt["timeout_s"].is_number())
      plan.runtime.timeout_s = rt["timeout_s"].get<double>();
  }
  if (root.contains("resources") && root["resources"].is_object())
    plan.resources = root["resources"];
  if (root.contains("input") && root["input"].is_object() && root["input"].contains("accounts") &&
      root["input"]["accounts"].is_array()) {
    int row = 0;
    for (const auto& a : root["input"]["accounts"]) {
      ++row;
      if (!a.is_object()) continue;
      sdk::Account acc;
      try {
        from_json(a, acc);
      } catch (const std::exception&) {
        continue;  // a field of the wrong type: the schema check reported it at its line
      }
      if (acc.key.empty()) acc.key = acc.name.empty() ? fmt::format("account-{}", row) : acc.name;
      plan.accounts.push_back(std::move(acc));
    }
  }

  if (!root.contains("stages") || !root["stages"].is_array()) {
    if (!diags.empty()) return result;
    diags.push_back(doc.at("", "the pipeline has no stages"));
    return result;
  }

  // Pass 1: each stage on its own.
  const json& stages = root["stages"];
  std::map<std::string, int> by_id;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const json& s = stages[i];
    std::string ptr = "/stages/" + std::to_string(i);
    PlannedStage ps;
    ps.mark = doc.mark_of(ptr);
    if (!s.is_object()) {
      plan.stages.push_back(ps);
      continue;
    }
    ps.id = text_of(s, "id");
    ps.use = text_of(s, "use");
    if (!ps.id.empty()) {
      if (by_id.count(ps.id))
        diags.push_back(
            doc.at(ptr + "/id", fmt::format("duplicate stage id '{}' (first used by stages[{}])",
                                            ps.id, by_id[ps.id])));
      else
        by_id[ps.id] = static_cast<int>(i);
    }
    if (s.contains("concurrency") && s["concurrency"].is_number_integer())
      ps.concurrency = s["concurrency"].get<int>();
    if (s.contains("on_error") && s["on_error"] == "fail") ps.on_error = OnError::fail;
    if (!ps.use.empty()) {
      ps.def = registry.find(ps.use);
      if (ps.def == nullptr) {
        std::string msg = fmt::format("unknown stage '{}'", ps.use);
        std::string near = registry.suggest(ps.use);
        if (!near.empty()) msg += fmt::format("; did you mean '{}'?", near);
        msg += " (`buyergraph plugins` lists the stages)";
        diags.push_back(doc.at(ptr + "/use", msg));
      } else {
        if (ps.def->spec.kind == sdk::StageKind::resolve && !s.contains("on_error"))
          ps.on_error = OnError::fail;  // nothing downstream can work without the company
        ps.config = s.contains("with") && s["with"].is_object() ? s["with"] : json::object();
        if (s.contains("with") && s["with"].is_object())
          validate_against_schema(ps.def->schema, doc, ptr + "/with", diags);
        else if (!s.contains("with")) {
          // Validate an absent block as {}, so required options are reported at the stage.
          YamlDocument empty;
          empty.file = doc.file;
          empty.value = json::object();
          Diagnostics inner;
          validate_against_schema(ps.def->schema, empty, "", inner);
          for (auto& d : inner) diags.push_back(doc.at(ptr, "with: " + d.message, true));
        }
        apply_defaults(ps.def->schema, ps.config);
        if (!s.contains("concurrency") && ps.def->spec.kind == sdk::StageKind::sink)
          ps.concurrency = 1;  // sinks write files and databases: serial unless asked
        ps.input_type = ps.def->spec.input_type;
        ps.output_type = ps.def->spec.output_type;
      }
    }
    plan.stages.push_back(std::move(ps));
  }

  // Pass 2: wiring. Default: each stage reads the one listed before it.
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const json& s = stages[i];
    std::string ptr = "/stages/" + std::to_string(i);
    auto& ps = plan.stages[i];
    if (s.is_object() && s.contains("inputs") && s["inputs"].is_array()) {
      for (std::size_t k = 0; k < s["inputs"].size(); ++k) {
        const json& in = s["inputs"][k];
        if (!in.is_string()) continue;
        auto it = by_id.find(in.get<std::string>());
        if (it == by_id.end()) {
          std::vector<std::string> ids;
          ids.reserve(by_id.size());
          for (auto& [id, _] : by_id) ids.push_back(id);
          std::string msg = fmt::format("unknown input stage '{}'", in.get<std::string>());
          std::string near = closest_match(in.get<std::string>(), ids);
          if (!near.empty()) msg += fmt::format("; did you mean '{}'?", near);
          diags.push_back(doc.at(ptr + "/inputs/" + std::to_string(k), msg));
        } else if (it->second == static_cast<int>(i)) {
          diags.push_back(
              doc.at(ptr + "/inputs/" + std::to_string(k), "a stage cannot read its own output"));
        } else {
          ps.inputs.push_back(it->second);
        }
      }
    } else if (i > 0) {
      ps.inputs.push_back(static_cast<int>(i) - 1);
    }
  }
  if (!diags.empty()) return result;

  // Topological order (Kahn); a cycle is an error at one of its stages.
  const int n = static_cast<int>(plan.stages.size());
  for (int i = 0; i < n; ++i)
    for (int u : plan.stages[i].inputs) plan.stages[u].outputs.push_back(i);
  std::vector<int> indeg(n), order;
  for (int i = 0; i < n; ++i) indeg[i] = static_cast<int>(plan.stages[i].inputs.size());
  std::vector<int> ready;
  for (int i = 0; i < n; ++i)
    if (indeg[i] == 0) ready.push_back(i);
  while (!ready.empty()) {
    int u = ready.front();
    ready.erase(ready.begin());
    order.push_back(u);
    for (int v : plan.stages[u].outputs)
      if (--indeg[v] == 0) ready.push_back(v);
  }
  if (static_cast<int>(order.size()) != n) {
    for (int i = 0; i < n; ++i)
      if (indeg[i] > 0) {
        diags.push_back(doc.at("/stages/" + std::to_string(i) + "/inputs", "stages form a cycle"));
        break;
      }
    return result;
  }

  // Pass 3: types and cardinality along every edge, in topological order.
  int gathers = 0;
  for (int i : order) {
    auto& ps = plan.stages[i];
    std::string ptr = "/stages/" + std::to_string(i);
    const auto kind = ps.def->spec.kind;
    Multiplicity in_mult = Multiplicity::one;
    if (ps.inputs.empty()) {
      if (auto m = type_matches("account", ps.input_type); !m.empty())
        diags.push_back(doc.at(
            ptr + "/use", fmt::format("the first stage reads accounts, but '{}' {}", ps.use, m)));
      if (ps.input_type == "*") ps.input_type = "account";
    }
    for (int u : ps.inputs) {
      const auto& up = plan.stages[u];
      if (up.def->spec.kind == sdk::StageKind::sink) {
        diags.push_back(doc.at(
            ptr, fmt::format("'{}' reads from sink '{}', which produces nothing", ps.id, up.id)));
        continue;
      }
      if (auto m = type_matches(up.output_type, ps.input_type); !m.empty())
        diags.push_back(
            doc.at(ptr + "/use", fmt::format("stage '{}' ({}) {} but '{}' ({}) produces '{}'",
                                             ps.id, ps.use, m, up.id, up.use, up.output_type)));
      if (ps.input_type == "*") ps.input_type = up.output_type;
      if (up.multiplicity == Multiplicity::many) in_mult = Multiplicity::many;
    }
    if (ps.inputs.size() > 1) in_mult = Multiplicity::many;
    if (ps.output_type == "*") ps.output_type = ps.input_type;

    switch (kind) {
      case sdk::StageKind::resolve:
      case sdk::StageKind::group:
        if (in_mult == Multiplicity::many)
          diags.push_back(
              doc.at(ptr + "/use", fmt::format("{} stage '{}' needs one item per account, but its "
                                               "input carries many; put a gather stage before it",
                                               sdk::to_string(kind), ps.id)));
        ps.multiplicity = Multiplicity::one;
        break;
      case sdk::StageKind::expand:
        ps.multiplicity = Multiplicity::many;
        break;
      case sdk::StageKind::gather:
        ps.multiplicity = Multiplicity::one;
        if (++gathers > 1)
          diags.push_back(doc.at(ptr + "/use", "only one gather stage per pipeline is supported"));
        plan.gather = i;
        break;
      case sdk::StageKind::map:
      case sdk::StageKind::filter:
      case sdk::StageKind::sink:
        ps.multiplicity = in_mult;
        break;
    }
  }
  if (!diags.empty()) return result;

  // Reorder stages topologically, remapping indices.
  std::vector<int> pos(n);
  for (int k = 0; k < n; ++k) pos[order[k]] = k;
  std::vector<PlannedStage> sorted(n);
  for (int i = 0; i < n; ++i) {
    PlannedStage s = plan.stages[i];
    for (auto& u : s.inputs) u = pos[u];
    for (auto& v : s.outputs) v = pos[v];
    sorted[pos[i]] = std::move(s);
  }
  plan.stages = std::move(sorted);
  if (plan.gather >= 0) plan.gather = pos[plan.gather];
  result.plan = std::move(plan);
  return result;
}

std::string explain(const Plan& plan, bool dot) {
  std::string out;
  if (dot) {
    out += fmt::format(
        "digraph \"{}\" {{\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n",
        plan.name);
    out += "  accounts [shape=oval];\n";
    for (const auto& s : plan.stages) {
      out += fmt::format("  \"{}\" [label=\"{}\\n{} ({}, {})\\n{} -> {}\"];\n", s.id, s.id, s.use,
                         sdk::to_string(s.def->spec.kind), sdk::to_string(s.def->spec.execution),
                         s.input_type, s.output_type.empty() ? "-" : s.output_type);
      if (s.inputs.empty()) out += fmt::format("  accounts -> \"{}\";\n", s.id);
      for (int u : s.inputs)
        out += fmt::format("  \"{}\" -> \"{}\" [label=\"{}\"];\n", plan.stages[u].id, s.id,
                           plan.stages[u].output_type);
    }
    out += "}\n";
    return out;
  }
  out += fmt::format("pipeline {} ({})\n", plan.name, plan.file);
  if (!plan.description.empty()) out += "  " + plan.description + "\n";
  out += fmt::format(
      "  accounts in flight: at most {}{}\n", plan.runtime.max_accounts_in_flight,
      plan.runtime.timeout_s > 0 ? fmt::format(", timeout {}s", plan.runtime.timeout_s) : "");
  int k = 0;
  for (const auto& s : plan.stages) {
    std::string from = "accounts";
    if (!s.inputs.empty()) {
      from.clear();
      for (int u : s.inputs) from += (from.empty() ? "" : ", ") + plan.stages[u].id;
    }
    const auto& spec = s.def->spec;
    out += fmt::format("  {:>2}. {:<14} {:<34} {:<7} {:<5} {} -> {}{}\n", ++k, s.id, s.use,
                       sdk::to_string(spec.kind), sdk::to_string(spec.execution), s.input_type,
                       s.output_type.empty() ? "(none)" : s.output_type,
                       s.multiplicity == Multiplicity::many ? " [many per account]" : "");
    std::string conc = s.concurrency > 0                         ? std::to_string(s.concurrency)
                       : spec.execution == sdk::Execution::async ? "16"
                                                                 : "unlimited";
    out += fmt::format("      from {}; {} {}; on_error {}\n", from,
                       spec.execution == sdk::Execution::async ? "in flight" : "concurrency", conc,
                       s.on_error == OnError::skip ? "skip" : "fail");
    if (!s.config.empty()) out += "      with " + s.config.dump() + "\n";
  }
  return out;
}

void apply_overrides(YamlDocument& doc, const std::vector<std::string>& sets, Diagnostics& diags) {
  for (const auto& set : sets) {
    const auto dot = set.find('.');
    const auto eq = set.find('=');
    if (dot == std::string::npos || eq == std::string::npos || dot == 0 || dot + 1 >= eq) {
      diags.push_back({"--set", 0, 0, set, "expected STAGE_ID.OPTION=VALUE"});
      continue;
    }
    const std::string id = set.substr(0, dot), key = set.substr(dot + 1, eq - dot - 1);
    Diagnostics value_diags;
    YamlDocument v = parse_yaml(set.substr(eq + 1), "--set", value_diags);
    if (!value_diags.empty()) {
      diags.push_back({"--set", 0, 0, set, "cannot read the value: " + value_diags[0].message});
      continue;
    }
    // resources.http.NAME.FIELD=VALUE: points a declared HTTP resource elsewhere (a mock's
    // base_url, a lower rate) without editing the file. Only existing resources: a typo must
    // not create a new, unused one.
    // resources.budget.FIELD=VALUE and resources.cache.FIELD[.CLASS]=VALUE: set or add.
    if (id == "resources" && doc.value.is_object() &&
        (key.rfind("budget.", 0) == 0 || key.rfind("cache.", 0) == 0)) {
      nlohmann::json* at = &doc.value["resources"];
      std::size_t from = 0;
      while (true) {
        const auto dot = key.find('.', from);
        const std::string part = key.substr(from, dot == std::string::npos ? dot : dot - from);
        if (!at->is_object()) *at = nlohmann::json::object();
        at = &(*at)[part];
        if (dot == std::string::npos) break;
        from = dot + 1;
      }
      *at = v.value;
      continue;
    }
    if (id == "resources") {
      const auto d1 = key.find('.'), d2 = d1 == std::string::npos ? d1 : key.find('.', d1 + 1);
      const std::string kind = key.substr(0, d1);
      const std::string name = d2 == std::string::npos ? "" : key.substr(d1 + 1, d2 - d1 - 1);
      const std::string field = d2 == std::string::npos ? "" : key.substr(d2 + 1);
      nlohmann::json* res = nullptr;
      if (kind == "http" && !name.empty() && !field.empty() && doc.value.contains("resources") &&
          doc.value["resources"].is_object() && doc.value["resources"].contains("http") &&
          doc.value["resources"]["http"].is_object() &&
          doc.value["resources"]["http"].contains(name))
        res = &doc.value["resources"]["http"][name];
      if (res == nullptr || !res->is_object()) {
        diags.push_back({"--set", 0, 0, set,
                         "expected resources.http.NAME.FIELD=VALUE naming a resource the "
                         "pipeline declares"});
        continue;
      }
      (*res)[field] = v.value.is_null() ? nlohmann::json("") : v.value;
      continue;
    }
    bool found = false;
    auto stages = doc.value.find("stages");
    if (stages != doc.value.end() && stages->is_array())
      for (auto& st : *stages)
        if (st.is_object() && text_of(st, "id") == id) {
          if (!st.contains("with") || !st["with"].is_object())
            st["with"] = nlohmann::json::object();
          st["with"][key] = v.value.is_null() ? nlohmann::json("") : v.value;
          found = true;
        }
    if (!found) diags.push_back({"--set", 0, 0, set, "the pipeline has no stage '" + id + "'"});
  }
}

}  // namespace buyergraph::engine
