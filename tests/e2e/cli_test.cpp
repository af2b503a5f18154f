// The CLI as a user runs it: real binary, real plugins, files on disk.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace {

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

std::string tmp(const std::string& name) { return ::testing::TempDir() + "/" + name; }

// ctest runs tests in parallel processes: keep each process's files apart.
std::string unique(const std::string& name) { return fmt::format("{}.{}", name, getpid()); }

Result run(const std::string& args, const std::string& stdin_text = "") {
  std::string in = tmp(unique("cli.in")), out = tmp(unique("cli.out")),
              err = tmp(unique("cli.err"));
  std::ofstream(in) << stdin_text;
  int status = std::system(fmt::format("{} {} <{} >{} 2>{}", kBin, args, in, out, err).c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

std::string write_file(const std::string& name, const std::string& text) {
  std::string p = tmp(unique(name));
  std::ofstream(p) << text;
  return p;
}

}  // namespace

TEST(Cli, PluginsListsStagesAndInspectShowsOptions) {
  auto r = run("plugins");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("test.generate"), std::string::npos);
  EXPECT_NE(r.out.find("account -> test.number"), std::string::npos);
  auto i = run("plugins inspect test.sleep");
  EXPECT_EQ(i.code, 0) << i.err;
  EXPECT_NE(i.out.find("latency_ms"), std::string::npos);
  EXPECT_NE(i.out.find("default 50"), std::string::npos);
  auto bad = run("plugins inspect test.slep");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("did you mean 'test.sleep'"), std::string::npos) << bad.err;
}

TEST(Cli, LintReportsErrorsWithPositionsAndExitsOne) {
  auto good = run("lint " + kSrc + "/pipelines/engine-demo.yaml");
  EXPECT_EQ(good.code, 0) << good.err;
  EXPECT_NE(good.out.find(": ok"), std::string::npos);
  std::string bad = write_file(
      "bad.yaml",
      "apiVersion: buyergraph/v1\nkind: Pipeline\nstages:\n  - id: gen\n    use: test.generate\n"
      "    with: {cuont: 3}\n");
  auto r = run("lint " + bad);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(
      r.err.find(bad + ":6:12 stages[0].with.cuont: unknown key 'cuont'; did you mean 'count'?"),
      std::string::npos)
      << r.err;
}

TEST(Cli, ExplainPrintsThePlanAndDot) {
  auto r = run("explain " + kSrc + "/pipelines/engine-demo.yaml --dot");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("digraph"), std::string::npos);
  EXPECT_NE(r.out.find("\"numbers\" -> \"lookup\""), std::string::npos);
}

TEST(Cli, RunPrintsOneJsonLinePerAccount) {
  auto r = run("run " + kSrc + "/pipelines/engine-demo.yaml --metrics");
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::map<std::string, nlohmann::json> seen;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    seen[j["account"]["key"]] = j;
  }
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen["Fabrikam"]["outputs"][0]["record"]["items"].size(), 5u);
  EXPECT_EQ(seen["Northwind"]["outputs"][0]["record"]["items"].size(), 0u);
  EXPECT_NE(r.err.find("3 of 3 accounts"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("peak items alive"), std::string::npos) << r.err;
}

TEST(Cli, RunWithoutAccountsOrWithABadPipelineExplainsWhy) {
  std::string p = write_file(
      "noacc.yaml",
      "apiVersion: buyergraph/v1\nkind: Pipeline\nstages:\n  - {id: g, use: test.generate}\n");
  auto r = run("run " + p);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no accounts"), std::string::npos) << r.err;
  auto dry = run("run " + p + " --dry-run");
  EXPECT_EQ(dry.code, 0) << dry.err;
  auto missing = run("run /nonexistent.yaml");
  EXPECT_NE(missing.code, 0);
}

TEST(Cli, CtrlCKeepsFinishedAccountsAndExits130) {
  std::string p = write_file("slow.yaml", R"(apiVersion: buyergraph/v1
kind: Pipeline
runtime: {max_accounts_in_flight: 1}
stages:
  - {id: g, use: test.generate, with: {count: 1}}
  - {id: w, use: test.sleep, with: {latency_ms: 150}}
  - {id: out, use: test.count}
)");
  std::string accounts = write_file("accounts.txt", "A\nB\nC\nD\nE\nF\nG\nH\nI\nJ\n");
  std::string out = tmp(unique("ctrlc.out"));
  pid_t pid = fork();
  if (pid == 0) {
    execl(kBin.c_str(), kBin.c_str(), "run", p.c_str(), "--accounts", accounts.c_str(), "-o",
          out.c_str(), "-q", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Interrupt once the first account is written (not after a fixed sleep: a loaded machine may
  // take seconds to start the binary).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (slurp(out).find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  std::istringstream lines(slurp(out));
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);  // every line complete and valid
    EXPECT_EQ(j["status"], "ok");
    ++n;
  }
  EXPECT_GE(n, 2);   // accounts done before and while draining are all kept
  EXPECT_LT(n, 10);  // and the rest were not started
}
