// Every shipped plugin, loaded as the CLI loads them: `plugins inspect` shows each option with
// the default the stage really uses (the options struct's initialiser, through the plugin's
// OptionsSpec), and the committed docs/stages.md is what `plugins docs` generates today.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "buyergraph/engine/registry.hpp"
#include "buyergraph/engine/stage_docs.hpp"

namespace {

using buyergraph::engine::PluginRegistry;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string run_cli(const std::string& args) {
  std::string out = fmt::format("{}/stage_docs.{}.out", ::testing::TempDir(), getpid());
  int status =
      std::system(fmt::format("{}/buyergraph {} >{} 2>&1", BUYERGRAPH_BIN_DIR, args, out).c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << args << "\n" << slurp(out);
  return slurp(out);
}

const PluginRegistry& shipped() {
  static PluginRegistry* reg = [] {
    auto* r = new PluginRegistry;
    r->load_dir(BUYERGRAPH_PLUGIN_DIR);
    return r;
  }();
  return *reg;
}

TEST(ShippedPlugins, AllLoad) {
  for (const auto& f : shipped().failures()) ADD_FAILURE() << f.path << ": " << f.reason;
  EXPECT_GE(shipped().plugins().size(), 13u);
}

TEST(ShippedPlugins, InspectShowsEveryOptionWithItsDefault) {
  for (const auto& def : shipped().stages()) {
    const std::string out = run_cli("plugins inspect " + def.spec.name);
    bool complete = true;
    for (const auto& o : buyergraph::engine::describe_options(def.schema)) {
      // The option's own line: name, type, then its default (or "required").
      std::string line = fmt::format("  {:<20} {:<24} {}\n", o.name, o.type, o.default_text);
      EXPECT_NE(out.find(line), std::string::npos)
          << def.spec.name << ": no line '" << line << "' in\n"
          << out;
      if (o.default_text == "optional") complete = false;
    }
    EXPECT_TRUE(complete) << def.spec.name << " has an option with no default:\n" << out;
  }
}

TEST(ShippedPlugins, InspectShowsTheRealDefaults) {
  // Spot checks against the values the stages' code used before the options were declared.
  std::string out = run_cli("plugins inspect filter.candidates");
  EXPECT_NE(out.find("stale_days           integer [1..]            default 540"),
            std::string::npos)
      << out;
  out = run_cli("plugins inspect report.files");
  EXPECT_NE(out.find("default [\"json\",\"md\",\"html\",\"csv\"]"), std::string::npos) << out;
  EXPECT_NE(out.find("csv_flavor           generic|hubspot|salesforce default \"generic\""),
            std::string::npos)
      << out;
  out = run_cli("plugins inspect intelligence.rules");
  EXPECT_NE(out.find("recent_days          integer [1..3650]        default 90"), std::string::npos)
      << out;
}

TEST(ShippedPlugins, StagesDocIsUpToDate) {
  const std::string path = std::string(BUYERGRAPH_SOURCE_DIR) + "/docs/stages.md";
  EXPECT_EQ(slurp(path), buyergraph::engine::stages_markdown(shipped()))
      << "docs/stages.md is stale: regenerate it with `" << BUYERGRAPH_BIN_DIR
      << "/buyergraph plugins docs --out docs/stages.md` (from the source folder)";
  // The command writes the same text.
  EXPECT_EQ(run_cli("plugins docs"), slurp(path));
}

}  // namespace
