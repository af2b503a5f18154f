// The report-file stage is found by what it is (a sink taking a buyer group with a `dir`
// option), not by its id: `find --out` and `batch` work whatever the pipeline calls it.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "pipeline_runner.hpp"

namespace buyergraph::cli {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The shipped buyer-group pipeline with its report stage renamed.
std::string renamed_pipeline() {
  std::string text = slurp(std::string(BUYERGRAPH_SOURCE_DIR) + "/pipelines/buyer-group.yaml");
  const std::string from = "- id: report ", to = "- id: files  ";
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "pipelines/buyer-group.yaml changed: update this test";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  const std::string path = ::testing::TempDir() + "/renamed-" + std::to_string(getpid()) + ".yaml";
  std::ofstream(path) << text;
  return path;
}

const engine::PlannedStage* stage(const engine::Plan& plan, const std::string& id) {
  for (const auto& s : plan.stages)
    if (s.id == id) return &s;
  return nullptr;
}

TEST(FindReportStage, FoundByKindAndTypeWhateverItsId) {
  const std::string file = renamed_pipeline();
  engine::PluginRegistry reg;
  LoadedPipeline l = load_pipeline(file, reg, {}, {}, {"dir=/tmp/somewhere", "formats=[json]"});
  ASSERT_TRUE(l.lint.ok()) << (l.lint.diagnostics.empty() ? "" : l.lint.diagnostics[0].format());
  EXPECT_EQ(l.report_stage, "files");
  const auto* files = stage(*l.lint.plan, "files");
  ASSERT_NE(files, nullptr);
  EXPECT_EQ(files->config["dir"], "/tmp/somewhere");
  EXPECT_EQ(files->config["formats"], nlohmann::json::array({"json"}));
  // The other buyer-group sink (the run history) has no `dir`: it is not a report-file stage.
  ASSERT_NE(stage(*l.lint.plan, "history"), nullptr);
  EXPECT_FALSE(writes_report_files(*stage(*l.lint.plan, "history")->def));
  std::remove(file.c_str());
}

TEST(FindReportStage, ReportOptionsOnAPipelineWithoutOneAreAnError) {
  const std::string people = std::string(BUYERGRAPH_SOURCE_DIR) + "/pipelines/people.yaml";
  engine::PluginRegistry reg;
  LoadedPipeline plain = load_pipeline(people, reg, {});
  EXPECT_TRUE(plain.lint.ok());
  EXPECT_TRUE(plain.report_stage.empty());

  engine::PluginRegistry reg2;
  LoadedPipeline asked = load_pipeline(people, reg2, {}, {}, {"dir=out"});
  EXPECT_FALSE(asked.lint.ok());
  ASSERT_FALSE(asked.lint.diagnostics.empty());
  EXPECT_NE(asked.lint.diagnostics[0].message.find("writes no report files"), std::string::npos)
      << asked.lint.diagnostics[0].message;
}

TEST(FindReportStage, BadReportValuesAreLintErrors) {
  const std::string file = std::string(BUYERGRAPH_SOURCE_DIR) + "/pipelines/buyer-group.yaml";
  engine::PluginRegistry reg;
  LoadedPipeline l = load_pipeline(file, reg, {}, {}, {"csv_flavor=nonsense"});
  EXPECT_FALSE(l.lint.ok());
  EXPECT_EQ(l.report_stage, "report");
}

}  // namespace
}  // namespace buyergraph::cli
