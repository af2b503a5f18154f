#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../intelligence/fixtures.hpp"
#include "commands.hpp"

using json = nlohmann::json;

namespace {

struct CliRun {
  int code = 0;
  std::string out, err;
};

CliRun run_cli(std::vector<std::string> args) {
  CLI::App app{"buyergraph"};
  buyergraph::cli::add_intelligence_command(app);
  args.insert(args.begin(), "buyergraph");
  std::vector<const char*> argv;
  for (auto& a : args) argv.push_back(a.c_str());
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  CliRun r;
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    r.code = e.get_exit_code();
  }
  r.out = testing::internal::GetCapturedStdout();
  r.err = testing::internal::GetCapturedStderr();
  return r;
}

std::string temp_file(const std::string& name, const std::string& content) {
  auto p = std::filesystem::temp_directory_path() / ("intel-cli-" + name);
  std::ofstream(p) << content;
  return p.string();
}

TEST(IntelligenceCli, FillsTheGroup) {
  json g;
  buyergraph::sdk::to_json(g, fixtures::group());
  auto path = temp_file("group.json", g.dump());
  CliRun r =
      run_cli({"intelligence", "--group", path, "--as-of", "2026-11-24", "--only", "intelligence"});
  ASSERT_EQ(r.code, 0) << r.err;
  json out = json::parse(r.out);
  EXPECT_EQ(out["as_of"], "2026-11-24");
  EXPECT_FALSE(out["company_signals"].empty());
  EXPECT_FALSE(out["recommendations"].empty());
}

TEST(IntelligenceCli, BadInputExitsWithOne) {
  CliRun missing = run_cli({"intelligence", "--group", "/nonexistent/group.json"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("cannot read"), std::string::npos);

  CliRun garbage = run_cli({"intelligence", "--group", temp_file("bad.json", "{not json")});
  EXPECT_EQ(garbage.code, 1);
  EXPECT_NE(garbage.err.find("not a buyer_group JSON"), std::string::npos) << garbage.err;

  CliRun array = run_cli({"intelligence", "--group", temp_file("arr.json", "[1,2]")});
  EXPECT_EQ(array.code, 1);

  json g;
  buyergraph::sdk::to_json(g, fixtures::group());
  CliRun date =
      run_cli({"intelligence", "--group", temp_file("g2.json", g.dump()), "--as-of", "yesterday"});
  EXPECT_EQ(date.code, 1);
  EXPECT_NE(date.err.find("--as-of"), std::string::npos);
}

}  // namespace
