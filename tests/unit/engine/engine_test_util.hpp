#pragma once
// Shared helpers: parse a pipeline from text, lint it against the real testing plugin, run it.
#include <gtest/gtest.h>

#include <string>

#include "buyergraph/engine/pipeline.hpp"
#include "buyergraph/engine/registry.hpp"
#include "buyergraph/engine/runtime.hpp"

namespace buyergraph::test {

inline engine::PluginRegistry& testing_registry() {
  static engine::PluginRegistry* reg = [] {
    auto* r = new engine::PluginRegistry();  // lives for the process: plugins stay loaded
    auto s = r->load_file(std::string(BUYERGRAPH_PLUGIN_DIR) + "/libbuyergraph-testing.so");
    EXPECT_TRUE(s) << s.error().message;
    return r;
  }();
  return *reg;
}

struct Linted {
  engine::YamlDocument doc;
  engine::LintResult result;
};

inline Linted lint_text(const std::string& yaml, const std::string& file = "pipeline.yaml") {
  Linted l;
  engine::Diagnostics parse;
  l.doc = engine::parse_yaml(yaml, file, parse);
  l.result = engine::lint(l.doc, testing_registry());
  l.result.diagnostics.insert(l.result.diagnostics.begin(), parse.begin(), parse.end());
  return l;
}

inline engine::Plan plan_of(const std::string& yaml) {
  Linted l = lint_text(yaml);
  std::string all;
  for (const auto& d : l.result.diagnostics) all += d.format() + "\n";
  EXPECT_TRUE(l.result.ok()) << all;
  if (!l.result.plan) throw std::runtime_error("pipeline did not lint:\n" + all);
  return *l.result.plan;
}

inline std::vector<sdk::Account> accounts(std::initializer_list<std::string> names) {
  std::vector<sdk::Account> out;
  for (const auto& n : names) {
    sdk::Account a;
    a.key = a.name = n;
    out.push_back(std::move(a));
  }
  return out;
}

inline std::string header() { return "apiVersion: buyergraph/v1\nkind: Pipeline\n"; }

}  // namespace buyergraph::test
