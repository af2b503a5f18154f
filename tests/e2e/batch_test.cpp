// `buyergraph batch` end to end, as a user runs it: the real binary and plugins over the shared
// demo store (built once per build folder by this test or buyer_group_test, under the same file
// lock). A 200-account batch is interrupted with SIGINT midway and resumed; every account must
// be done exactly once, and sampled groups must equal what single `find` runs give. Every person
// in the store is fictional (synthetic demo data).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "buyergraph/demo/demo.hpp"
#include "buyergraph/store/import.hpp"
#include "buyergraph/store/store.hpp"
#include "demo_store.hpp"

using namespace buyergraph;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kBin = std::string(BUYERGRAPH_BIN_DIR) + "/buyergraph";
const std::string kSrc = BUYERGRAPH_SOURCE_DIR;
const std::string kSeller = kSrc + "/sellers/cloud-infrastructure.yaml";

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

using test::demo_store;

std::string temp_dir(const std::string& name) {
  auto d = ::testing::TempDir() + fmt::format("/bg-batch-{}-{}", getpid(), name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// A CLI process with stdout and stderr in files, so the test can watch and signal it.
struct Process {
  pid_t pid = -1;
  std::string out, err;
};

Process start(const std::vector<std::string>& args, const std::string& dir) {
  Process p{-1, dir + "/stdout", dir + "/stderr"};
  p.pid = fork();
  if (p.pid == 0) {
    ::setenv("BUYERGRAPH_STORE", demo_store().c_str(), 1);
    // LeakSanitizer's tracer can crash at exit of a many-threaded process on a loaded machine
    // (see bench_test.cpp); ASan and UBSan stay on, the unit tests check leaks.
    ::setenv("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=0", 1);
    int o = ::open(p.out.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
    int e = ::open(p.err.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
    int in = ::open("/dev/null", O_RDONLY);
    ::dup2(in, 0);
    ::dup2(o, 1);
    ::dup2(e, 2);
    std::vector<char*> argv{const_cast<char*>(kBin.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(kBin.c_str(), argv.data());
    _exit(127);
  }
  return p;
}

int wait_exit(const Process& p) {
  int status = 0;
  ::waitpid(p.pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Result {
  int code = -1;
  std::string out, err;
};

Result run(const std::vector<std::string>& args, const std::string& dir) {
  Process p = start(args, dir);
  int code = wait_exit(p);
  return {code, slurp(p.out), slurp(p.err)};
}

std::size_t line_count(const std::string& path) {
  std::ifstream in(path);
  std::size_t n = 0;
  std::string line;
  while (std::getline(in, line)) n += line.empty() ? 0 : 1;
  return n;
}

std::vector<json> journal(const std::string& path) {
  std::vector<json> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(json::parse(line));
  return out;
}

// A report without what differs between two runs of the same account: the run id and the
// clock (generation time, contact check time).
json comparable(json report) {
  report["run"].erase("id");
  report["run"].erase("generated_at");
  report["run"].erase("as_of");
  for (auto* list : {&report["members"], &report["excluded"]}) {
    if (!list->is_array()) continue;
    for (auto& m : *list)
      if (m.contains("person") && m["person"].contains("contacts"))
        for (auto& c : m["person"]["contacts"]) c.erase("verified_at");
  }
  return report;
}

std::string csv_quote(const std::string& v) { return "\"" + v + "\""; }

}  // namespace

TEST(BatchE2E, InterruptedBatchResumesWithEveryAccountDoneOnceAndSameGroupsAsFind) {
  const std::string dir = temp_dir("resume");
  auto s = store::Store::open(demo_store());
  ASSERT_TRUE(s);
  auto companies = (*s)->all_companies();
  ASSERT_GE(companies.size(), 20u);

  // 200 accounts: every demo company by name, some by domain alone, the rest names that are in
  // no store, spread through the file so an interrupt lands among real work.
  std::vector<std::string> lines;
  std::set<std::string> keys, domain_rows;
  for (const auto& c : companies)  // namesakes (the demo has some) are one account
    if (keys.insert(c.name).second) lines.push_back(csv_quote(c.name) + ",");
  for (std::size_t i = 0, added = 0; i < companies.size() && added < 5; ++i)
    if (!companies[i].domains.empty() && keys.insert(companies[i].domains.front()).second) {
      lines.push_back("," + companies[i].domains.front());
      domain_rows.insert(companies[i].id);  // its report file is shared with its name row
      ++added;
    }
  std::size_t unlisted = 0;
  for (int i = 0; lines.size() < 200; ++i, ++unlisted) {
    std::string name = fmt::format("Unlisted Prospect {:03} Holdings", i);
    lines.push_back(csv_quote(name) + ",");
    keys.insert(name);
  }
  ASSERT_EQ(keys.size(), 200u);
  {
    std::ofstream csv(dir + "/accounts.csv");
    csv << "name,domain\n";
    for (std::size_t i = 0; i < lines.size(); ++i)   // interleave real and unlisted accounts
      csv << lines[(i * 7) % lines.size()] << "\n";  // 7 is coprime with 200: a permutation
  }
  const std::string out = dir + "/out", journal_path = out + "/batch.jsonl";
  const std::vector<std::string> args = {"batch",
                                         dir + "/accounts.csv",
                                         "--seller",
                                         kSeller,
                                         "--out",
                                         out,
                                         "--threads",
                                         "2",
                                         "--max-in-flight",
                                         "4",
                                         "--progress-every",
                                         "1"};

  // First run: SIGINT once some accounts are done.
  Process first = start(args, dir);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(300);
  while (line_count(journal_path) < 20 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ::kill(first.pid, SIGINT);
  const int first_code = wait_exit(first);
  const std::string first_err = slurp(first.err);
  ASSERT_EQ(first_code, 130) << first_err;
  const auto after_first = journal(journal_path);
  ASSERT_GE(after_first.size(), 20u);
  ASSERT_LT(after_first.size(), 200u) << "the interrupt came too late to test resuming";
  EXPECT_NE(first_err.find("interrupted"), std::string::npos) << first_err;

  // Second run: the rest, and only the rest.
  auto second = run(args, dir);
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_NE(second.err.find(fmt::format("{} done earlier, {} to run", after_first.size(),
                                        200 - after_first.size())),
            std::string::npos)
      << second.err;

  auto entries = journal(journal_path);
  ASSERT_EQ(entries.size(), 200u);
  std::map<std::string, int> seen;
  std::set<std::string> run_prefixes;
  for (const auto& e : entries) {
    const std::string key = e["key"];
    seen[key]++;
    EXPECT_NE(e["status"], "cancelled");
    if (e["run_id"].is_string()) {
      const std::string id = e["run_id"];
      ASSERT_GT(id.size(), key.size() + 1);
      run_prefixes.insert(id.substr(0, id.size() - key.size() - 1));
    }
  }
  // The resume keeps the batch's run-id prefix (an account redone replaces its run).
  EXPECT_EQ(run_prefixes.size(), 1u);
  for (const auto& k : keys) EXPECT_EQ(seen[k], 1) << k;
  EXPECT_EQ(seen.size(), 200u);

  // The store's record agrees: 200 done, and each found group saved once in the run history.
  const std::string summary = second.out;
  auto at = summary.find("batch ");
  ASSERT_NE(at, std::string::npos) << summary;
  const std::string batch_id = summary.substr(at + 6, summary.find(':', at) - at - 6);
  auto reread = store::Store::open(demo_store());
  ASSERT_TRUE(reread);
  EXPECT_EQ((*reread)->batch_accounts(batch_id).size(), 200u);
  std::size_t resolved = 0, not_found = 0;
  for (const auto& e : entries) {
    const std::string key = e["key"];
    if (e["error_code"] == "not_found") ++not_found;
    if (!e["group"].is_object()) continue;
    ++resolved;
    int saved = 0;
    for (const auto& r : (*reread)->runs_for_company(key, 0))
      for (const auto& p : run_prefixes) saved += r.id == p + "-" + key ? 1 : 0;
    EXPECT_EQ(saved, 1) << key;
    ASSERT_TRUE(e["report"].is_string()) << key;
    EXPECT_TRUE(fs::exists(e["report"].get<std::string>())) << key;
  }
  EXPECT_GE(resolved, 30u);
  EXPECT_EQ(not_found, unlisted);  // names in no store are "not found", not errors

  // The combined CSV has every account.
  const std::string csv = slurp(out + "/batch.csv");
  for (const auto& k : {companies.front().name, std::string("Unlisted Prospect 000 Holdings")})
    EXPECT_NE(csv.find(k), std::string::npos) << k;

  // A third run has nothing left to do.
  auto third = run(args, dir);
  EXPECT_EQ(third.code, 0) << third.err;
  EXPECT_NE(third.err.find("200 done earlier, 0 to run"), std::string::npos) << third.err;
  EXPECT_EQ(line_count(journal_path), 200u);

  // Sampled per-account reports equal single `find` runs (minus run id and clock).
  std::vector<const json*> sample;
  for (const auto& e : entries)
    if (e["report"].is_string() && !e["name"].get<std::string>().empty() &&
        !domain_rows.count(e["company"]["id"].get<std::string>()) && sample.size() < 3)
      sample.push_back(&e);
  ASSERT_FALSE(sample.empty());
  for (const json* e : sample) {
    const std::string name = (*e)["name"];
    SCOPED_TRACE(name);
    const std::string fdir = temp_dir("find");
    auto f =
        run({"find", name, "--seller", kSeller, "--out", fdir, "--format", "json", "--json"}, fdir);
    ASSERT_EQ(f.code, 0) << f.err;
    const json batch_report = json::parse(slurp((*e)["report"].get<std::string>()));
    EXPECT_EQ(batch_report["run"]["id"], (*e)["run_id"]);  // the file is this account's run
    EXPECT_EQ(comparable(json::parse(f.out)), comparable(batch_report));
    EXPECT_EQ(batch_report["members"].size(), (*e)["members"].get<std::size_t>());
  }
}

TEST(BatchE2E, BadRowsAreReportedWithLineNumbersAndTheRestRuns) {
  const std::string dir = temp_dir("bad");
  std::ofstream(dir + "/bad.csv") << "name,domain,deal_size\n"
                                     "Unlisted Alpha Holdings,,\n"         // 2: fine
                                     "\"Broken \"quote\" Ltd,,\n"          // 3: broken quoting
                                     ",,\n"                                // 4: no company
                                     "Only A Name\n"                       // 5: missing columns
                                     "Unlisted Beta Holdings,,lots\n"      // 6: bad deal size
                                     "Unlisted Alpha Holdings,,\n"         // 7: repeats line 2
                                     "Unlisted Gamma Holdings,,250000\n";  // 8: fine
  auto r = run({"batch", dir + "/bad.csv", "--seller", kSeller, "--out", dir + "/out"}, dir);
  EXPECT_EQ(r.code, 1) << r.err;
  for (int line : {3, 4, 5, 6, 7})
    EXPECT_NE(r.err.find(fmt::format("bad.csv:{}:", line)), std::string::npos) << line << "\n"
                                                                               << r.err;
  for (int line : {2, 8})
    EXPECT_EQ(r.err.find(fmt::format("bad.csv:{}:", line)), std::string::npos) << line;
  EXPECT_NE(r.err.find("empty company name"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("repeats line 2"), std::string::npos) << r.err;
  auto entries = journal(dir + "/out/batch.jsonl");
  std::set<std::string> done;
  for (const auto& e : entries) done.insert(e["key"].get<std::string>());
  EXPECT_EQ(done, (std::set<std::string>{"Unlisted Alpha Holdings", "Unlisted Gamma Holdings"}));

  // A header without any company column is an error for the whole file, at line 1.
  std::ofstream(dir + "/nocol.csv") << "person,title\nAda,CTO\n";
  auto nocol = run({"batch", dir + "/nocol.csv", "--out", dir + "/out2"}, dir);
  EXPECT_EQ(nocol.code, 1);
  EXPECT_NE(nocol.err.find("line 1: no company column"), std::string::npos) << nocol.err;
  auto missing = run({"batch", dir + "/nope.csv", "--out", dir + "/out3"}, dir);
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("nope.csv"), std::string::npos) << missing.err;
}

TEST(BatchE2E, ForceRunsEveryAccountAgain) {
  const std::string dir = temp_dir("force");
  std::ofstream(dir + "/a.csv")
      << "key,name\nk1,Unlisted Delta Holdings\nk2,Unlisted Eta Holdings\n";
  const std::vector<std::string> args = {"batch",      dir + "/a.csv",
                                         "--out",      dir + "/out",
                                         "--batch-id", fmt::format("force-{}", getpid())};
  ASSERT_EQ(run(args, dir).code, 0);
  auto again = run(args, dir);
  EXPECT_NE(again.err.find("2 done earlier, 0 to run"), std::string::npos) << again.err;
  auto args_force = args;
  args_force.push_back("--force");
  auto forced = run(args_force, dir);
  EXPECT_EQ(forced.code, 0) << forced.err;
  EXPECT_NE(forced.err.find("0 done earlier, 2 to run"), std::string::npos) << forced.err;
  EXPECT_EQ(line_count(dir + "/out/batch.jsonl"), 2u);
}
