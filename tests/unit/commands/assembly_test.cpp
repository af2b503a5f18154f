#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "../assembly/fixtures.hpp"
#include "commands.hpp"

namespace fs = std::filesystem;
using namespace buyergraph;

namespace {
int run(std::vector<std::string> args) {
  CLI::App app{"buyergraph"};
  cli::add_assembly_command(app);
  std::vector<const char*> argv = {"buyergraph"};
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    return e.get_exit_code();
  }
  return 0;
}
}  // namespace

TEST(AssemblyCli, BadInputExitsOneGoodInputPrintsAGroup) {
  fs::path dir = fs::temp_directory_path() / ("assembly-cli-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream c(dir / "company.json");
    c << nlohmann::json(fixtures::company(300)).dump();
    std::ofstream p(dir / "people.jsonl");
    p << nlohmann::json(fixtures::candidate({.id = "c1",
                                             .name = "Rosa Ibarra",
                                             .title = "COO",
                                             .seniority = "c_level",
                                             .function = "operations",
                                             .role = "decision"}))
             .dump()
      << "\n";
    std::ofstream bad(dir / "bad.jsonl");
    bad << "{not json\n";
  }
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  int missing = run({"assembly", "--candidates", (dir / "nope.jsonl").string(), "--company",
                     (dir / "company.json").string()});
  int malformed = run({"assembly", "--candidates", (dir / "bad.jsonl").string(), "--company",
                       (dir / "company.json").string()});
  std::string err = testing::internal::GetCapturedStderr();
  testing::internal::GetCapturedStdout();
  EXPECT_EQ(missing, 1);
  EXPECT_EQ(malformed, 1);
  EXPECT_NE(err.find("bad.jsonl:1"), std::string::npos);

  testing::internal::CaptureStdout();
  int ok = run({"assembly", "--candidates", (dir / "people.jsonl").string(), "--company",
                (dir / "company.json").string(), "--generated-at", "2026-11-24T19:00:00Z"});
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(ok, 0);
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["members"].size(), 1u);
  EXPECT_EQ(j["run"]["seller_file"], "default");
  fs::remove_all(dir);
}
