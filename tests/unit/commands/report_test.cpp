#include <gtest/gtest.h>

#include <unistd.h>
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "commands.hpp"

namespace fs = std::filesystem;

namespace {

struct CliRun {
  int code = 0;
  std::string out, err;
};

CliRun run(std::vector<std::string> args) {
  CLI::App app{"buyergraph"};
  buyergraph::cli::add_reports_command(app);
  args.insert(args.begin(), "buyergraph");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  CliRun r;
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    r.code = app.exit(e);
  }
  r.out = testing::internal::GetCapturedStdout();
  r.err = testing::internal::GetCapturedStderr();
  return r;
}

std::string fixture_path(const char* name) {
  return std::string(BUYERGRAPH_SOURCE_DIR) + "/tests/fixtures/reports/" + name + ".json";
}

}  // namespace

TEST(ReportCli, PrintsTerminalSummaryByDefault) {
  CliRun r = run({"report", fixture_path("group_full")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Priya Vandermeer"), std::string::npos);
}

TEST(ReportCli, ValidatesAndPrintsJson) {
  CliRun r = run({"report", fixture_path("group_tiny_gaps"), "--validate", "--format", "json"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["schema_version"], "1.0");
}

TEST(ReportCli, BadInputExitsOneWithAMessage) {
  fs::path bad =
      fs::temp_directory_path() / ("bg-report-bad-" + std::to_string(::getpid()) + ".json");
  std::ofstream(bad) << "{not json";
  CliRun r = run({"report", bad.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("not a JSON object"), std::string::npos) << r.err;

  std::ofstream(bad)
      << R"({"members":[{"person":{"id":"1","full_name":"A","provenance":{}},"role":"kingmaker"}]})";
  r = run({"report", bad.string(), "--validate"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("/members/0/role"), std::string::npos) << r.err;

  std::ofstream(bad) << R"({"members":"oops"})";
  r = run({"report", bad.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("not a buyer group"), std::string::npos) << r.err;

  r = run({"report", fixture_path("group_full"), "--format", "pdf"});
  EXPECT_EQ(r.code, 1);
  r = run({"report", "/nonexistent/file.json"});
  EXPECT_EQ(r.code, 1);
  fs::remove(bad);
}

TEST(ReportCli, WritesFilesWithOut) {
  fs::path dir = fs::temp_directory_path() / ("bg-report-cli-" + std::to_string(::getpid()));
  CliRun r = run(
      {"report", fixture_path("group_full"), "--out", dir.string(), "--csv-flavor", "salesforce"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "larkspur-freight-systems-910000042.html"));
  EXPECT_TRUE(fs::exists(dir / "larkspur-freight-systems-910000042.csv"));
  fs::remove_all(dir);
}
