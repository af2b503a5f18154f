// `buyergraph plugins` and `buyergraph plugins inspect NAME`.
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "commands.hpp"

namespace buyergraph::cli {
namespace {

std::string describe_type(const nlohmann::json& p) {
  if (!p.is_object()) return "any";
  if (p.contains("enum")) {
    std::string s;
    for (const auto& e : p["enum"])
      s += (s.empty() ? "" : "|") + (e.is_string() ? e.get<std::string>() : e.dump());
    return s;
  }
  std::string t = p.contains("type")
                      ? (p["type"].is_string() ? p["type"].get<std::string>() : p["type"].dump())
                      : "any";
  if (t == "array" && p.contains("items") && p["items"].contains("type"))
    t += " of " + p["items"]["type"].get<std::string>();
  if (p.contains("minimum") || p.contains("maximum"))
    t += fmt::format(" [{}..{}]", p.contains("minimum") ? p["minimum"].dump() : "",
                     p.contains("maximum") ? p["maximum"].dump() : "");
  return t;
}

int inspect(const engine::PluginRegistry& reg, const std::string& name) {
  const engine::StageDef* d = reg.find(name);
  if (!d) {
    std::string near = reg.suggest(name);
    std::cerr << "error: unknown stage '" << name << "'"
              << (near.empty() ? "" : "; did you mean '" + near + "'?") << "\n";
    return 1;
  }
  const auto& s = d->spec;
  std::cout << fmt::format(
      "{}\n  {}\n\n  kind       {} ({})\n  input      {}\n  output     {}\n  plugin     {} ({})\n",
      s.name, s.summary, sdk::to_string(s.kind), sdk::to_string(s.execution), s.input_type,
      s.output_type.empty() ? "(none)" : s.output_type, d->plugin, d->plugin_path);
  if (!s.docs.empty()) std::cout << "\n" << s.docs << "\n";
  std::cout << "\noptions (with:)\n";
  const auto& props = d->schema.value("properties", nlohmann::json::object());
  if (props.empty()) std::cout << "  (none)\n";
  std::vector<std::string> required = d->schema.value("required", std::vector<std::string>{});
  for (auto it = props.begin(); it != props.end(); ++it) {
    const auto& p = it.value();
    bool req = std::find(required.begin(), required.end(), it.key()) != required.end();
    std::cout << fmt::format(
        "  {:<20} {:<24} {}{}\n", it.key(), describe_type(p),
        req ? "required" : (p.contains("default") ? "default " + p["default"].dump() : "optional"),
        p.contains("description")
            ? "\n  " + std::string(22, ' ') + p["description"].get<std::string>()
            : "");
  }
  return 0;
}

}  // namespace

void add_plugins_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("plugins", "List the stages every loaded plugin provides");
  static std::vector<std::string> paths;
  static bool as_json = false;
  cmd->add_option("--plugin-path", paths, "Extra plugin files or folders");
  cmd->add_flag("--json", as_json, "Print JSON");
  auto* ins = cmd->add_subcommand("inspect", "Show a stage's options, types, defaults and docs");
  static std::string name;
  ins->add_option("NAME", name, "Stage name, e.g. test.generate")->required();
  ins->callback([] {
    engine::PluginRegistry reg;
    load_plugins(reg, paths, true);
    if (int rc = inspect(reg, name); rc != 0) throw CLI::RuntimeError(rc);
  });
  cmd->callback([cmd, ins] {
    if (ins->parsed()) return;
    engine::PluginRegistry reg;
    load_plugins(reg, paths, false);
    if (as_json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& d : reg.stages())
        out.push_back({{"name", d.spec.name},
                       {"kind", sdk::to_string(d.spec.kind)},
                       {"execution", sdk::to_string(d.spec.execution)},
                       {"input", d.spec.input_type},
                       {"output", d.spec.output_type},
                       {"summary", d.spec.summary},
                       {"plugin", d.plugin}});
      std::cout << out.dump(2) << "\n";
    } else {
      std::cout << fmt::format("{:<36} {:<8} {:<6} {:<28} {}\n", "STAGE", "KIND", "EXEC",
                               "INPUT -> OUTPUT", "SUMMARY");
      for (const auto& d : reg.stages())
        std::cout << fmt::format(
            "{:<36} {:<8} {:<6} {:<28} {}\n", d.spec.name, sdk::to_string(d.spec.kind),
            sdk::to_string(d.spec.execution),
            d.spec.input_type + " -> " + (d.spec.output_type.empty() ? "-" : d.spec.output_type),
            d.spec.summary);
    }
    for (const auto& f : reg.failures())
      std::cerr << "failed: " << f.path << ": " << f.reason << "\n";
    (void)cmd;
  });
}

}  // namespace buyergraph::cli
