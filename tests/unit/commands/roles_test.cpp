// `buyergraph roles assign|check`, run through CLI11 as the main binary would.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "../roles/roles_fixture.hpp"
#include "commands.hpp"

namespace {

struct Run {
  int code;
  std::string out, err;
};

Run run_cli(std::vector<std::string> args) {
  CLI::App app{"buyergraph"};
  buyergraph::cli::add_roles_command(app);
  std::ostringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  int code = 0;
  std::vector<std::string> argv = {"roles"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::reverse(argv.begin(), argv.end());  // CLI11 parse(vector) takes arguments reversed
  try {
    app.parse(argv);
  } catch (const CLI::ParseError& e) {
    code = app.exit(e);
  }
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  return {code, out.str(), err.str()};
}

std::string temp_file(const std::string& name, const std::string& text) {
  auto p = std::filesystem::temp_directory_path() / ("roles_cli_" + name);
  std::ofstream(p) << text;
  return p.string();
}

}  // namespace

TEST(RolesCli, CheckPrintsVersionAndRuleIds) {
  auto r = run_cli({"check"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("roles/default@1\n", 0), 0u);
  EXPECT_NE(r.out.find("decision.authority"), std::string::npos);
}

TEST(RolesCli, AssignsPeopleFromJsonLines) {
  std::string in =
      temp_file("people.jsonl", R"({"id":"1","title":"VP Engineering","connections":612})"
                                "\n"
                                R"({"id":"2","title":"Barista"})"
                                "\n");
  auto r = run_cli({"assign", "--input", in, "--employees", "300", "--seller",
                    std::string(BUYERGRAPH_SOURCE_DIR) + "/sellers/cloud-infrastructure.yaml",
                    "--as-of", "2026-11-24"});
  ASSERT_EQ(r.code, 0) << r.err;
  if (std::getenv("ROLES_SHOW")) std::cerr << r.out;  // to read a real output by hand
  std::istringstream lines(r.out);
  std::string line;
  std::vector<nlohmann::json> out;
  while (std::getline(lines, line)) out.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["role"], "decision");
  EXPECT_FALSE(out[0]["scores"].empty());
  EXPECT_EQ(out[1].value("role", ""), "");
}

TEST(RolesCli, BadInputExitsWithOne) {
  std::string in = temp_file("bad.jsonl", "{not json\n");
  auto r = run_cli({"assign", "--input", in, "--employees", "300"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("line 1"), std::string::npos);
  auto missing = run_cli({"assign", "--seller", "/nonexistent.yaml"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_FALSE(missing.err.empty());
  auto rules = run_cli({"check", "--rules", "/nonexistent.yaml"});
  EXPECT_EQ(rules.code, 1);
}
