// `buyergraph plugins`, `buyergraph plugins inspect NAME` and `buyergraph plugins docs`.
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "buyergraph/engine/stage_docs.hpp"
#include "cli_common.hpp"
#include "commands.hpp"

namespace buyergraph::cli {
namespace {

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
  auto options = engine::describe_options(d->schema);
  if (options.empty()) std::cout << "  (none)\n";
  for (const auto& o : options) {
    std::cout << fmt::format("  {:<20} {:<24} {}\n", o.name, o.type, o.default_text);
    if (!o.description.empty()) std::cout << std::string(24, ' ') << o.description << "\n";
    if (!o.example.empty()) std::cout << std::string(24, ' ') << "example: " << o.example << "\n";
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
  auto* docs = cmd->add_subcommand(
      "docs", "Write the stage reference (docs/stages.md) from the plugins next to this program");
  static std::string docs_out;
  docs->add_option("--out", docs_out, "File to write (default: print it)");
  docs->callback([] {
    // Only the shipped plugins, so the reference does not depend on BUYERGRAPH_PLUGIN_PATH.
    engine::PluginRegistry reg;
    reg.load_dir(exe_dir() / "plugins");
    for (const auto& f : reg.failures())
      std::cerr << "warning: plugin " << f.path << ": " << f.reason << "\n";
    std::string md = engine::stages_markdown(reg);
    if (docs_out.empty()) {
      std::cout << md;
      return;
    }
    std::ofstream out(docs_out, std::ios::binary | std::ios::trunc);
    if (!(out << md) || !out.flush()) {
      std::cerr << "error: cannot write " << docs_out << "\n";
      throw CLI::RuntimeError(1);
    }
    std::cerr << "wrote " << docs_out << " (" << reg.stages().size() << " stages)\n";
  });
  cmd->callback([cmd, ins, docs] {
    if (ins->parsed() || docs->parsed()) return;
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
