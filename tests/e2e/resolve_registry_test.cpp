// Company resolution as a user meets it: a registry-style companies CSV imported with
// `buyergraph import`, then `buyergraph resolve` and `buyergraph find` by the names people type.
// Also: the held-out split of the listings evaluation set (tools/resolve-eval/) through the same
// path, with the goals of docs/company-resolution.md.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;

const std::string kBin = std::string(BUYERGRAPH_BIN_DIR) + "/buyergraph";
const std::string kSrc = BUYERGRAPH_SOURCE_DIR;

struct Result {
  int code = -1;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string tmp(const std::string& name) {
  return fmt::format("{}/{}.{}", ::testing::TempDir(), name, getpid());
}

std::string write_file(const std::string& name, const std::string& text) {
  std::string p = tmp(name);
  std::ofstream(p) << text;
  return p;
}

// Runs the binary with `env` prefixed ("BUYERGRAPH_STORE=... "), stdin from `in`.
Result run(const std::string& args, const std::string& in = "", const std::string& env = "") {
  std::string i = write_file("resolve.in", in), o = tmp("resolve.out"), e = tmp("resolve.err");
  int status = std::system(
      fmt::format("env -u BUYERGRAPH_STORE {} {} {} <{} >{} 2>{}", env, kBin, args, i, o, e)
          .c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(o), slurp(e)};
}

std::vector<json> lines(const std::string& out) {
  std::vector<json> v;
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) v.push_back(json::parse(l));
  return v;
}

// A registry the way registries write names: upper case, state markers, "(The)" last,
// surname first, tickers, a former name.
constexpr const char* kRegistry =
    "ID,Name,Ticker,Former Names,Domain\n"
    "qcom,QUALCOMM INC/DE,NASDAQ:QCOM,,qualcomm.com\n"
    "vz,VERIZON COMMUNICATIONS INC,NYSE:VZ,Bell Atlantic Corp,\n"
    "dis,Walt Disney Company (The),NYSE:DIS,,\n"
    "dhi,HORTON D R INC /DE/,NYSE:DHI,,\n"
    "mco,MOODYS CORP /DE/,NYSE:MCO,,\n"
    "hlt,\"Hilton Worldwide Holdings Inc.\",NYSE:HLT,,\n"
    "rcl,ROYAL CARIBBEAN CRUISES LTD,NYSE:RCL,,\n"
    "rgld,ROYAL GOLD INC,NASDAQ:RGLD,,\n"
    "meta,\"Meta Platforms, Inc.\",NASDAQ:META,\"Facebook, Inc.\",\n";

class RegistryStore : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = tmp("registry.db");
    std::remove(store_.c_str());
    auto r = run(fmt::format("import {} --format companies-csv --store {}",
                             write_file("registry.csv", kRegistry), store_));
    ASSERT_EQ(r.code, 0) << r.err;
  }
  std::string store_;
};

TEST_F(RegistryStore, TypedNamesResolveThroughTheCli) {
  const std::map<std::string, std::string> expected = {{"Qualcomm", "qcom"},
                                                       {"Verizon", "vz"},
                                                       {"The Walt Disney Company", "dis"},
                                                       {"D. R. Horton", "dhi"},
                                                       {"Moody's Corporation", "mco"},
                                                       {"Hilton Worldwide", "hlt"},
                                                       {"Royal Caribbean Group", "rcl"},
                                                       {"Facebook", "meta"},
                                                       {"Bell Atlantic", "vz"},
                                                       {"$QCOM", "qcom"}};
  std::string queries;
  for (const auto& [q, id] : expected) queries += q + "\n";
  queries += "Royal\n";
  auto r = run("resolve - --store " + store_, queries);
  ASSERT_EQ(r.code, 0) << r.err;
  auto answers = lines(r.out);
  ASSERT_EQ(answers.size(), expected.size() + 1);
  for (const auto& a : answers) {
    const std::string q = a["query"];
    if (q == "Royal") {
      EXPECT_EQ(a["status"], "ambiguous") << a.dump();
      EXPECT_GE(a["candidates"].size(), 2u);
      continue;
    }
    ASSERT_EQ(a["status"], "resolved") << a.dump(1);
    EXPECT_EQ(a["company"]["id"], expected.at(q)) << q;
    EXPECT_TRUE(a["evidence"].is_object()) << q;
    EXPECT_GT(a["confidence"].get<double>(), 0.5) << q;
    if (q == "Facebook" || q == "Bell Atlantic") {
      EXPECT_EQ(a["evidence"]["field"], "former_name") << a.dump(1);
      EXPECT_NE(a["reason"].get<std::string>().find("formerly known as"), std::string::npos);
    }
  }
}

TEST_F(RegistryStore, ResolveHonoursBuyergraphStoreLikeEveryCommand) {
  auto r = run("resolve Qualcomm", "", "BUYERGRAPH_STORE=" + store_);
  ASSERT_EQ(r.code, 0) << r.err;
  auto a = lines(r.out);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0]["company"]["id"], "qcom") << r.out;
  // --store wins over the variable.
  auto other = tmp("empty.db");
  std::remove(other.c_str());
  auto r2 = run("resolve Qualcomm --store " + other, "", "BUYERGRAPH_STORE=" + store_);
  ASSERT_EQ(r2.code, 0) << r2.err;
  EXPECT_EQ(lines(r2.out).at(0)["status"], "not_found") << r2.out;
}

TEST_F(RegistryStore, FindByTypedNameShowsHowTheCompanyWasIdentified) {
  auto people = write_file("people.csv",
                           "Full Name,Email,Title,Company ID,Company\n"
                           "Ada Lovelace,ada@qualcomm.example,Chief Information Officer,qcom,"
                           "QUALCOMM INC/DE\n"
                           "Alan Turing,alan@qualcomm.example,VP Engineering,qcom,QUALCOMM INC/DE\n"
                           "Grace Hopper,grace@qualcomm.example,Director of IT,qcom,"
                           "QUALCOMM INC/DE\n");
  auto imp = run(fmt::format("import {} --format people-csv --store {}", people, store_));
  ASSERT_EQ(imp.code, 0) << imp.err;
  auto out = tmp("find-out");
  auto r = run(fmt::format("find Qualcomm --store {} --no-color -o {} --format md", store_, out));
  ASSERT_EQ(r.code == 0 || r.code == 3, true) << r.err;
  EXPECT_NE(r.out.find("Buyer group: QUALCOMM INC/DE"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find("Identified \"Qualcomm\" as QUALCOMM INC/DE by its exact name"),
            std::string::npos)
      << r.out;
}

// The held-out ("test") split of tools/resolve-eval/data through import + resolve: the goals
// are right >= 0.90 of the queries whose company is in the directory and wrong <= 0.5 % of all.
TEST(ListingsEvaluation, HeldOutSplitMeetsTheGoals) {
  const std::string dir = kSrc + "/tools/resolve-eval/data";
  std::string store = tmp("listings.db");
  std::remove(store.c_str());
  auto imp =
      run(fmt::format("import {}/companies.csv --format companies-csv --store {}", dir, store));
  ASSERT_EQ(imp.code, 0) << imp.err;
  std::ifstream in(dir + "/queries.tsv");
  std::vector<std::pair<std::string, std::string>> cases;  // (query, expected id)
  std::string queries;
  for (std::string l; std::getline(in, l);) {
    if (l.empty() || l[0] == '#') continue;
    std::vector<std::string> f;
    std::istringstream ls(l);
    for (std::string x; std::getline(ls, x, '\t');) f.push_back(x);
    if (f.size() < 3 || f[0] != "test") continue;
    cases.emplace_back(f[1], f[2]);
    queries += f[1] + "\n";
  }
  ASSERT_GE(cases.size(), 1000u);
  auto r = run("resolve - --store " + store, queries);
  ASSERT_EQ(r.code, 0) << r.err;
  auto answers = lines(r.out);
  ASSERT_EQ(answers.size(), cases.size());
  int present = 0, right = 0, wrong = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& [q, id] = cases[i];
    const bool resolved = answers[i]["status"] == "resolved";
    present += !id.empty();
    if (resolved && answers[i]["company"]["id"] == id)
      ++right;
    else if (resolved)
      ++wrong;
  }
  const double right_share = double(right) / present, wrong_share = double(wrong) / cases.size();
  std::cout << fmt::format(
      "[resolve-eval] test split: {} queries ({} in the directory): right "
      "{:.3f}, wrong {:.4f}, abstained {:.3f}\n",
      cases.size(), present, right_share, wrong_share, 1.0 - double(right + wrong) / cases.size());
  EXPECT_GE(right_share, 0.90);
  EXPECT_LE(wrong_share, 0.005);
}

}  // namespace
