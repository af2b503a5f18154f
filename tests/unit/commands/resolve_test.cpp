#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "../resolve/test_support.hpp"
#include "buyergraph/resolve/companies_file.hpp"
#include "buyergraph/store/store.hpp"
#include "commands.hpp"

namespace buyergraph::cli {
namespace {

using resolve::testing::source_path;

// Runs `buyergraph resolve ARGS` in-process; returns (exit code, stdout, stderr).
struct Run {
  int code = 0;
  std::string out, err;
};

Run run(std::vector<std::string> args, const std::string& stdin_text = "") {
  setenv("BUYERGRAPH_DATA_DIR", source_path("data").c_str(), 1);
  CLI::App app{"buyergraph"};
  app.require_subcommand(1);
  add_resolve_command(app);
  std::vector<std::string> argv_s{"buyergraph", "resolve"};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_s) argv.push_back(s.data());
  std::ostringstream out, err;
  std::istringstream in(stdin_text);
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  auto* old_in = std::cin.rdbuf(in.rdbuf());
  Run r;
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    r.code = app.exit(e);
  }
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  std::cin.rdbuf(old_in);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::vector<nlohmann::json> lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
  return out;
}

const std::string kCompanies = source_path("tests/fixtures/resolve/companies.jsonl");

TEST(ResolveCommand, OneJsonObjectPerQuery) {
  auto r = run({"Contoso", "underline.cz", "Acme", "--companies", kCompanies});
  ASSERT_EQ(r.code, 0) << r.err;
  auto js = lines(r.out);
  ASSERT_EQ(js.size(), 3u);
  EXPECT_EQ(js[0]["status"], "resolved");
  EXPECT_EQ(js[0]["company"]["id"], "c-contoso");
  EXPECT_EQ(js[1]["company"]["id"], "c-underline-cz");
  EXPECT_EQ(js[2]["status"], "ambiguous");
  EXPECT_GE(js[2]["candidates"].size(), 2u);
}

TEST(ResolveCommand, ReadsQueriesFromStdin) {
  auto r = run({"-", "--companies", kCompanies}, "Cisco\n\n$CSCO\r\nhttps://bit.ly/x\n");
  ASSERT_EQ(r.code, 0) << r.err;
  auto js = lines(r.out);
  ASSERT_EQ(js.size(), 3u);
  EXPECT_EQ(js[0]["company"]["id"], "c-cisco");
  EXPECT_EQ(js[1]["company"]["id"], "c-cisco");
  EXPECT_EQ(js[2]["status"], "not_found");
}

TEST(ResolveCommand, BadInputExitsWithOneAndAMessage) {
  auto missing = run({"Contoso", "--companies", "/nonexistent.jsonl"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("cannot read"), std::string::npos) << missing.err;
  EXPECT_TRUE(missing.out.empty());

  std::string bad = ::testing::TempDir() + "/bad_companies.jsonl";
  std::ofstream(bad) << "{\"id\":\"1\",\"name\":\"ok\"}\n{not json\n";
  auto broken = run({"Contoso", "--companies", bad});
  EXPECT_EQ(broken.code, 1);
  EXPECT_NE(broken.err.find(":2:"), std::string::npos) << broken.err;

  std::ofstream(bad) << "{\"id\":1,\"name\":[\"wrong type\"]}\n";
  EXPECT_EQ(run({"Contoso", "--companies", bad}).code, 1);

  // No --companies: the store, which cannot be opened here (its folder is a file, so not even
  // root can create it).
  const std::string not_a_folder = ::testing::TempDir() + "/resolve_cli_not_a_folder";
  std::ofstream(not_a_folder) << "a file\n";
  auto store = run({"Contoso", "--store", not_a_folder + "/x.db"});
  EXPECT_EQ(store.code, 1);
  EXPECT_NE(store.err.find(not_a_folder), std::string::npos) << store.err;
  EXPECT_TRUE(store.out.empty());
  std::remove(not_a_folder.c_str());
}

TEST(ResolveCommand, TakesCandidatesFromTheStore) {
  const std::string db = ::testing::TempDir() + "/resolve_cli_store.db";
  std::remove(db.c_str());
  {
    auto store = store::Store::open(db);
    ASSERT_TRUE(store) << store.error().message;
    auto companies = resolve::load_companies_jsonl(kCompanies);
    ASSERT_TRUE(companies) << companies.error().message;
    for (const auto& c : *companies) ASSERT_TRUE((*store)->upsert_company(c));
  }
  auto r = run({"BMW", "--store", db});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(lines(r.out).at(0)["company"]["id"], "c-bmw");

  // Without --companies the store named by $BUYERGRAPH_STORE is the source, as in every command.
  setenv("BUYERGRAPH_STORE", db.c_str(), 1);
  auto by_default = run({"BMW"});
  unsetenv("BUYERGRAPH_STORE");
  ASSERT_EQ(by_default.code, 0) << by_default.err;
  EXPECT_EQ(lines(by_default.out).at(0)["company"]["id"], "c-bmw");

  // Both sources: each company once.
  auto both = run({"BMW", "--store", db, "--companies", kCompanies});
  ASSERT_EQ(both.code, 0) << both.err;
  EXPECT_EQ(lines(both.out).at(0)["company"]["id"], "c-bmw");
  std::remove(db.c_str());
}

}  // namespace
}  // namespace buyergraph::cli
