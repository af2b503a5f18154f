// `buyergraph sellers validate|show`, run through CLI11 as the main binary would.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <sstream>

#include "commands.hpp"

namespace buyergraph::cli {
namespace {

struct Run {
  int code;
  std::string out, err;
};

Run run(std::vector<std::string> args) {
  CLI::App app{"buyergraph"};
  add_sellers_command(app);
  std::ostringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  int code = 0;
  std::vector<std::string> argv = {"buyergraph", "sellers"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::reverse(argv.begin() + 1, argv.end());  // CLI11 parse(vector) takes arguments reversed
  argv.erase(argv.begin());
  try {
    app.parse(argv);
  } catch (const CLI::ParseError& e) {
    code = app.exit(e);
  }
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  return {code, out.str(), err.str()};
}

std::string example(const std::string& name) {
  return std::string(BUYERGRAPH_SOURCE_DIR) + "/sellers/" + name;
}

TEST(SellersCli, ValidateExamples) {
  auto r = run({"validate", example("security.yaml"), example("sales-tooling.yaml")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("ok " + example("security.yaml")), std::string::npos);
  EXPECT_NE(r.out.find("ok " + example("sales-tooling.yaml")), std::string::npos);
}

TEST(SellersCli, ValidateMissingFileExitsOne) {
  auto r = run({"validate", "/nonexistent.yaml"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("/nonexistent.yaml: no such file"), std::string::npos) << r.err;
}

TEST(SellersCli, ShowDefaultPrintsJson) {
  auto r = run({"show"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["source_file"], "default");
}

TEST(SellersCli, ShowFilePrintsItsProfile) {
  auto r = run({"show", example("finance-software.yaml")});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["currency"], "EUR");
  EXPECT_EQ(j["deal_size"], 90000);
}

}  // namespace
}  // namespace buyergraph::cli
