#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "buyergraph/resolve/cli.hpp"
#include "test_support.hpp"

namespace buyergraph::resolve {
namespace {

using testing::source_path;

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

TEST(Cli, OneJsonObjectPerQuery) {
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

TEST(Cli, ReadsQueriesFromStdin) {
  auto r = run({"-", "--companies", kCompanies}, "Cisco\n\n$CSCO\r\nhttps://bit.ly/x\n");
  ASSERT_EQ(r.code, 0) << r.err;
  auto js = lines(r.out);
  ASSERT_EQ(js.size(), 3u);
  EXPECT_EQ(js[0]["company"]["id"], "c-cisco");
  EXPECT_EQ(js[1]["company"]["id"], "c-cisco");
  EXPECT_EQ(js[2]["status"], "not_found");
}

TEST(Cli, BadInputExitsWithOneAndAMessage) {
  auto missing = run({"Contoso", "--companies", "/nonexistent.jsonl"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("cannot read"), std::string::npos) << missing.err;
  EXPECT_TRUE(missing.out.empty());

  auto no_source = run({"Contoso"});
  EXPECT_EQ(no_source.code, 1);
  EXPECT_NE(no_source.err.find("--companies"), std::string::npos);

  std::string bad = ::testing::TempDir() + "/bad_companies.jsonl";
  std::ofstream(bad) << "{\"id\":\"1\",\"name\":\"ok\"}\n{not json\n";
  auto broken = run({"Contoso", "--companies", bad});
  EXPECT_EQ(broken.code, 1);
  EXPECT_NE(broken.err.find(":2:"), std::string::npos) << broken.err;

  std::ofstream(bad) << "{\"id\":1,\"name\":[\"wrong type\"]}\n";
  EXPECT_EQ(run({"Contoso", "--companies", bad}).code, 1);

  auto store = run({"Contoso", "--store", "/tmp/x.db"});
  EXPECT_EQ(store.code, 1) << "no store factory registered in this build";
}

TEST(Cli, StoreFactoryIsUsedWhenRegistered) {
  set_store_source_factory([](const Resolver& r, const std::string& path)
                               -> sdk::Result<std::unique_ptr<CandidateSource>> {
    auto companies = load_companies_jsonl(path);
    if (!companies) return companies.error();
    return std::unique_ptr<CandidateSource>(new VectorCandidateSource(r, std::move(*companies)));
  });
  auto r = run({"BMW", "--store", kCompanies});
  set_store_source_factory(nullptr);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(lines(r.out).at(0)["company"]["id"], "c-bmw");
}

}  // namespace
}  // namespace buyergraph::resolve
