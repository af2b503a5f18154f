// Cost control as a user meets it: the real `buyergraph find` binary with the CoreSignal
// pipeline against the in-process mock over loopback, a real store for the response cache and
// history. A repeat run buys nothing, a dry run spends and writes nothing, --budget stops the
// spending, and the API key shows nowhere: not on the terminal, in a report or in the store.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "../integration/providers_fixture.hpp"
#include "buyergraph/mock/server.hpp"

using namespace buyergraph;
namespace fs = std::filesystem;

namespace {

constexpr const char* kKey = "cs-Zq81mXv0Rk3Tn5Wp7Ye2Ua9Bd4Hf6Jc";
const std::string kBin = std::string(BUYERGRAPH_BIN_DIR) + "/buyergraph";

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Result {
  int code = -1;
  std::string out, err;
};

class CostCli : public ::testing::Test {
 protected:
  void SetUp() override {
    fixture_ = test::small_demo_fixture();
    ASSERT_FALSE(fixture_.empty());
    auto s = store::Store::open(fixture_ + "/store.db");
    ASSERT_TRUE(s) << s.error().message;
    for (const auto& c : (*s)->all_companies())  // a small company with a website
      if (!c.domains.empty() &&
          c.employees.value_or(1 << 30) < company_.employees.value_or(1 << 30))
        company_ = c;
    ASSERT_FALSE(company_.id.empty());
    mock::MockConfig cfg;
    cfg.store_path = fixture_ + "/store.db";
    cfg.api_keys = {kKey};
    server_ = std::make_unique<mock::MockServer>(cfg);
    port_ = server_->start();
    ASSERT_NE(port_, 0);
    dir_ = fs::path(::testing::TempDir()) /
           fmt::format("bg-cost-cli-{}-{}", getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }

  // `buyergraph find COMPANY --domain D` through the CoreSignal pipeline at the mock.
  Result find(const std::string& extra, const std::string& out_dir) {
    const std::string out = (dir_ / "stdout").string(), err = (dir_ / "stderr").string();
    const std::string cmd = fmt::format(
        "ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 CORESIGNAL_API_KEY='{}' "
        "BUYERGRAPH_STORE='{}' {} find '{}' --domain '{}' --seller {}/sellers/security.yaml "
        "--pipeline {}/pipelines/buyer-group-coresignal-full.yaml "
        "--set resources.http.coresignal.base_url=http://127.0.0.1:{}/cdapi/v2 "
        "--set resources.http.coresignal.rate_per_s=1000 -o '{}' {} </dev/null >'{}' 2>'{}'",
        kKey, (dir_ / "user.db").string(), kBin, company_.name, company_.domains.front(),
        BUYERGRAPH_SOURCE_DIR, BUYERGRAPH_SOURCE_DIR, port_, out_dir, extra, out, err);
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  }

  // Every file under `dir`, concatenated (reports, the store and its journal).
  static std::string everything_in(const fs::path& dir) {
    std::string all;
    for (const auto& f : fs::recursive_directory_iterator(dir))
      if (f.is_regular_file()) all += slurp(f.path());
    return all;
  }

  std::string fixture_;
  sdk::Company company_;
  std::unique_ptr<mock::MockServer> server_;
  std::uint16_t port_ = 0;
  fs::path dir_;
};

// "cost: coresignal: 78 calls (0 from the cache), 70 paid, 1400 credits, $0.0000"
struct CostLine {
  long calls = -1, cached = -1, paid = -1;
  double credits = -1;
};
CostLine cost_line(const std::string& err) {
  std::smatch m;
  static const std::regex re(
      R"(cost: coresignal: (\d+) calls \((\d+) from the cache\), (\d+) paid, ([0-9.]+) credits)");
  if (!std::regex_search(err, m, re)) return {};
  return {std::stol(m[1]), std::stol(m[2]), std::stol(m[3]), std::stod(m[4])};
}

}  // namespace

TEST_F(CostCli, ARepeatedFindBuysNothingAndTheKeyShowsNowhere) {
  const Result first = find("", (dir_ / "r1").string());
  ASSERT_EQ(first.code, 0) << first.err;
  const auto after_first = server_->counters();
  const CostLine c1 = cost_line(first.err);
  ASSERT_GT(c1.paid, 0) << first.err;
  EXPECT_EQ(c1.cached, 0);
  EXPECT_DOUBLE_EQ(c1.credits, static_cast<double>(after_first.credits_spent));

  const Result second = find("", (dir_ / "r2").string());
  ASSERT_EQ(second.code, 0) << second.err;
  const CostLine c2 = cost_line(second.err);
  EXPECT_EQ(c2.calls, c1.calls) << second.err;
  EXPECT_EQ(c2.cached, c1.calls);
  EXPECT_EQ(c2.paid, 0);
  EXPECT_DOUBLE_EQ(c2.credits, 0);
  EXPECT_EQ(server_->counters().requests, after_first.requests) << "the repeat called the API";
  EXPECT_EQ(second.out, first.out);  // the same summary, from the cache

  ASSERT_FALSE(fs::is_empty(dir_ / "r1"));
  const std::string all = first.out + first.err + second.out + second.err + everything_in(dir_);
  EXPECT_EQ(all.find(kKey), std::string::npos) << "the API key was written somewhere";
}

TEST_F(CostCli, ADryRunSpendsNothingAndWritesNothing) {
  const Result r = find("--dry-run", (dir_ / "reports").string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("dry run: no paid call was sent"), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(dry run: [1-9]\d* paid calls not sent)")))
      << r.out;
  EXPECT_EQ(server_->counters().credits_spent, 0);
  EXPECT_FALSE(fs::exists(dir_ / "reports")) << "a dry run wrote reports";
}

TEST_F(CostCli, TheBudgetFlagStopsSpendingAndSaysWhy) {
  const Result r = find("--budget 60 --no-cache", (dir_ / "reports").string());
  EXPECT_EQ(r.code, 3) << r.err;  // partial: a group from what 60 credits bought
  EXPECT_LE(server_->counters().credits_spent, 60);
  EXPECT_NE(r.err.find("per-run budget of 60 credits reached"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("more like it"), std::string::npos) << "one warning per refused call";
  const CostLine c = cost_line(r.err);
  EXPECT_LE(c.credits, 60);
  EXPECT_NE(r.err.find("refused by the budget"), std::string::npos);
}

TEST_F(CostCli, ABatchDryRunEstimatesEveryAccountAndLeavesThemToDo) {
  const fs::path csv = dir_ / "accounts.csv";
  std::ofstream(csv) << "name,domain\n"
                     << '"' << company_.name << "\"," << company_.domains.front() << "\n";
  const fs::path out = dir_ / "batch";
  const std::string cmd = fmt::format(
      "ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 CORESIGNAL_API_KEY='{}' "
      "BUYERGRAPH_STORE='{}' {} batch '{}' --seller {}/sellers/security.yaml "
      "--pipeline {}/pipelines/buyer-group-coresignal-full.yaml "
      "--set resources.http.coresignal.base_url=http://127.0.0.1:{}/cdapi/v2 --out '{}' "
      "--dry-run </dev/null >'{}' 2>'{}'",
      kKey, (dir_ / "user.db").string(), kBin, csv.string(), BUYERGRAPH_SOURCE_DIR,
      BUYERGRAPH_SOURCE_DIR, port_, out.string(), (dir_ / "stdout").string(),
      (dir_ / "stderr").string());
  const int status = std::system(cmd.c_str());
  const std::string text = slurp(dir_ / "stdout"), err = slurp(dir_ / "stderr");
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << err;
  EXPECT_NE(text.find("dry run over 1 account(s)"), std::string::npos) << text;
  EXPECT_TRUE(std::regex_search(text, std::regex(R"(dry run: [1-9]\d* paid calls not sent)")))
      << text;
  EXPECT_EQ(server_->counters().credits_spent, 0);
  // Nothing journalled and no report: a real batch afterwards still has every account to do.
  EXPECT_TRUE(!fs::exists(out / "batch.jsonl") || slurp(out / "batch.jsonl").empty());
  EXPECT_TRUE(!fs::exists(out / "accounts") || fs::is_empty(out / "accounts"));
}
