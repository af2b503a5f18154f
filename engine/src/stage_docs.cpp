#include "buyergraph/engine/stage_docs.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace buyergraph::engine {
namespace {

using nlohmann::json;

std::string enum_text(const json& values) {
  std::string s;
  for (const auto& e : values)
    s += (s.empty() ? "" : "|") + (e.is_string() ? e.get<std::string>() : e.dump());
  return s;
}

std::string type_text(const json& p) {
  if (p.contains("enum")) return enum_text(p["enum"]);
  std::string t = p.contains("type") && p["type"].is_string() ? p["type"].get<std::string>()
                                                              : std::string("any");
  if (t == "array" && p.contains("items")) {
    const json& items = p["items"];
    if (items.contains("enum"))
      t = "list of " + enum_text(items["enum"]);
    else if (items.contains("type"))
      t += " of " + items["type"].get<std::string>();
  }
  if (p.contains("minimum") || p.contains("maximum") || p.contains("exclusiveMinimum")) {
    std::string low = p.contains("minimum")            ? "[" + p["minimum"].dump()
                      : p.contains("exclusiveMinimum") ? "(" + p["exclusiveMinimum"].dump()
                                                       : "[";
    t += fmt::format(" {}..{}]", low, p.contains("maximum") ? p["maximum"].dump() : "");
  }
  return t;
}

void collect(const json& schema, const std::string& prefix, std::vector<OptionDoc>& out) {
  const json props = schema.value("properties", json::object());
  const auto required = schema.value("required", std::vector<std::string>{});
  // nlohmann::json sorts object keys; the spec's order is the declaration order, which the
  // schema cannot keep, so options are listed by name.
  for (auto it = props.begin(); it != props.end(); ++it) {
    const json& p = it.value();
    bool is_required = std::find(required.begin(), required.end(), it.key()) != required.end();
    OptionDoc d{prefix + it.key(), type_text(p),
                is_required             ? "required"
                : p.contains("default") ? "default " + p["default"].dump()
                                        : "optional",
                p.value("description", ""),
                p.contains("examples") && !p["examples"].empty() ? p["examples"][0].dump() : ""};
    out.push_back(std::move(d));
    if (p.value("type", "") == "object" && p.contains("properties"))
      collect(p, prefix + it.key() + ".", out);
  }
}

std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

}  // namespace

std::vector<OptionDoc> describe_options(const json& schema) {
  std::vector<OptionDoc> out;
  collect(schema, "", out);
  return out;
}

std::string stages_markdown(const PluginRegistry& reg) {
  std::vector<const StageDef*> defs;
  for (const auto& d : reg.stages()) defs.push_back(&d);
  std::stable_sort(defs.begin(), defs.end(),
                   [](const StageDef* a, const StageDef* b) { return a->plugin < b->plugin; });
  std::string md =
      "# Stages\n\n"
      "Every stage the shipped plugins provide, with its options (the `with:` of a pipeline "
      "stage) and their defaults. Generated from the options each plugin declares: do not edit "
      "by hand; regenerate with `buyergraph plugins docs --out docs/stages.md`. Writing a "
      "plugin: [plugins.md](plugins.md).\n";
  std::string plugin;
  for (const StageDef* d : defs) {
    const auto& s = d->spec;
    if (d->plugin != plugin) {
      plugin = d->plugin;
      md += fmt::format("\n## Plugin `{}`\n", plugin);
    }
    md += fmt::format("\n### `{}`\n\n{}\n\n{} stage ({}), `{}` -> `{}`.\n", s.name, s.summary,
                      sdk::to_string(s.kind), sdk::to_string(s.execution), s.input_type,
                      s.output_type.empty() ? "(none)" : s.output_type);
    if (!s.docs.empty()) md += "\n" + s.docs + "\n";
    auto options = describe_options(d->schema);
    if (options.empty()) {
      md += "\nNo options.\n";
      continue;
    }
    md += "\n| Option | Type | Default | Description |\n|---|---|---|---|\n";
    for (const auto& o : options)
      md += fmt::format(
          "| `{}` | {} | {} | {}{} |\n", o.name, cell(o.type),
          o.default_text.starts_with("default ") ? "`" + cell(o.default_text.substr(8)) + "`"
                                                 : o.default_text,
          cell(o.description), o.example.empty() ? "" : cell(" Example: `" + o.example + "`."));
  }
  return md;
}

}  // namespace buyergraph::engine
