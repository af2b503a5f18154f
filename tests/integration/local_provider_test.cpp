// Property test over the demo dataset: through real plugin loading, a real SQLite store and the
// engine, provider.local never returns a former employee, a duplicate record (is_parent = 0), a
// deleted record, or another company's employee, for any demo company; and it misses no current
// employee. Near-duplicates (a second record of the same person under another id, as raw
// provider data has them) are returned, flagged in the ground truth, and left to the pipeline's
// dedupe step, which works across providers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "buyergraph/engine/pipeline.hpp"
#include "buyergraph/engine/runtime.hpp"
#include "buyergraph/store/store.hpp"
#include "demo_store.hpp"

using namespace buyergraph;
namespace fs = std::filesystem;

namespace {

struct Truth {
  std::string company_id;
  bool duplicate_record = false;  // is_parent = 0 in the source (a provider-side duplicate)
  std::string second_company;     // a board seat elsewhere
  bool duplicate = false;
  bool deleted = false;
  std::vector<std::string> former;
};

std::string id_text(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

class LocalProvider : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The shared demo store (without the >=100,000-employee company, to keep CI fast), built
    // once for all test processes; its folder also holds the generator's truth.jsonl.
    const std::string& store_path = test::demo_store();
    dir_ = new std::string(fs::path(store_path).parent_path().string());
    auto s = store::Store::open(store_path);
    ASSERT_TRUE(s) << s.error().message;
    companies_ = new std::vector<sdk::Company>((*s)->all_companies());
    store_ = s->release();
    truth_ = new std::map<std::string, Truth>();
    std::ifstream in(*dir_ + "/truth.jsonl");
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line);
      Truth t;
      t.company_id = id_text(j["company_id"]);
      const auto& f = j["flags"];
      t.duplicate = !f["duplicate_of"].is_null();
      t.deleted = f["deleted"].get<bool>();
      if (!f["two_current_roles"].is_null()) t.second_company = id_text(f["two_current_roles"]);
      for (const auto& c : f["former"]) t.former.push_back(id_text(c));
      if (t.duplicate)
        if (auto p = store_->person(id_text(j["person_id"]))) t.duplicate_record = p->duplicate;
      (*truth_)[id_text(j["person_id"])] = t;
    }
  }

  static engine::RunReport run_all() {
    engine::PluginRegistry reg;
    auto st =
        reg.load_file(std::string(BUYERGRAPH_PLUGIN_DIR) + "/libbuyergraph-provider-local.so");
    EXPECT_TRUE(st) << st.error().message;
    std::string store = *dir_ + "/store.db";
    std::string yaml = fmt::format(R"(apiVersion: buyergraph/v1
kind: Pipeline
stages:
  - {{id: company, use: provider.local.resolve_company, with: {{store: "{0}"}}}}
  - {{id: people, use: provider.local.search_people, with: {{store: "{0}"}}}}
  - {{id: collect, use: provider.local.collect, with: {{store: "{0}"}}}}
)",
                                   store);
    engine::Diagnostics d;
    auto doc = engine::parse_yaml(yaml, "local.yaml", d);
    auto l = engine::lint(doc, reg);
    EXPECT_TRUE(l.ok()) << (l.diagnostics.empty() ? "" : l.diagnostics[0].format());
    std::vector<sdk::Account> accounts;
    for (const auto& c : *companies_) {
      sdk::Account a;
      a.key = c.id;
      a.name = c.name;
      a.provider_id = c.id;
      accounts.push_back(a);
    }
    engine::HostServices host;
    engine::Runner runner(*l.plan, host);
    engine::VectorAccountSource src(accounts);
    return runner.run(src, {});
  }

  static std::string* dir_;
  static store::Store* store_;
  static std::vector<sdk::Company>* companies_;
  static std::map<std::string, Truth>* truth_;
};
std::string* LocalProvider::dir_ = nullptr;
store::Store* LocalProvider::store_ = nullptr;
std::vector<sdk::Company>* LocalProvider::companies_ = nullptr;
std::map<std::string, Truth>* LocalProvider::truth_ = nullptr;

}  // namespace

TEST_F(LocalProvider, EveryDemoCompanyGetsExactlyItsCurrentEmployees) {
  ASSERT_GE(companies_->size(), 30u);
  engine::RunReport report = run_all();
  ASSERT_TRUE(report.failure.empty()) << report.failure;
  ASSERT_EQ(report.accounts.size(), companies_->size());

  // Expected: every record whose true employer (or second current role) is the company, minus
  // duplicates and deleted records.
  std::map<std::string, std::set<std::string>> expected;
  std::size_t duplicate_records = 0, near_duplicates_returned = 0;
  for (const auto& [pid, t] : *truth_) {
    duplicate_records += t.duplicate_record ? 1 : 0;
    if (t.duplicate_record || t.deleted) continue;
    expected[t.company_id].insert(pid);
    if (!t.second_company.empty()) expected[t.second_company].insert(pid);
  }

  std::size_t returned = 0, formers_seen_elsewhere = 0;
  for (const auto& acc : report.accounts) {
    const std::string& company = acc.account.provider_id;
    ASSERT_EQ(acc.status, engine::AccountStatus::ok) << company << ": " << acc.error_message;
    std::set<std::string> got;
    for (const auto& item : acc.outputs) {
      const auto* p = item.as<sdk::Person>();
      ASSERT_NE(p, nullptr);
      auto it = truth_->find(p->id);
      ASSERT_NE(it, truth_->end()) << "person " << p->id << " is not in the dataset";
      const Truth& t = it->second;
      EXPECT_FALSE(t.duplicate_record) << p->id << " is a duplicate record (is_parent = 0)";
      near_duplicates_returned += t.duplicate ? 1 : 0;
      EXPECT_FALSE(t.deleted) << p->id << " is deleted";
      EXPECT_TRUE(t.company_id == company || t.second_company == company)
          << p->id << " works for " << t.company_id << ", returned for " << company;
      for (const auto& f : t.former)
        EXPECT_FALSE(f == company && t.company_id != company)
            << p->id << " is a former employee of " << company;
      got.insert(p->id);
    }
    returned += got.size();
    EXPECT_EQ(got, expected[company]) << "company " << company << " (" << acc.account.name << ")";
  }
  for (const auto& [pid, t] : *truth_) formers_seen_elsewhere += t.former.empty() ? 0 : 1;
  EXPECT_GT(returned, 1000u);
  // The traps exist in the data, so the checks above mean something.
  EXPECT_GT(formers_seen_elsewhere, 0u);
  EXPECT_GT(duplicate_records, 0u);
  std::cout << fmt::format(
      "{} people returned for {} companies; {} near-duplicates left for dedupe\n", returned,
      report.accounts.size(), near_duplicates_returned);
}

TEST_F(LocalProvider, UnknownCompanyIsNotFoundNotAGuess) {
  engine::PluginRegistry reg;
  ASSERT_TRUE(
      reg.load_file(std::string(BUYERGRAPH_PLUGIN_DIR) + "/libbuyergraph-provider-local.so"));
  std::string yaml = fmt::format(
      "apiVersion: buyergraph/v1\nkind: Pipeline\nstages:\n"
      "  - {{id: company, use: provider.local.resolve_company, with: {{store: \"{}\"}}}}\n",
      *dir_ + "/store.db");
  engine::Diagnostics d;
  auto doc = engine::parse_yaml(yaml, "x.yaml", d);
  auto l = engine::lint(doc, reg);
  ASSERT_TRUE(l.ok());
  sdk::Account a;
  a.key = a.name = "Zyxwvut Quantum Holdings";
  engine::HostServices host;
  engine::Runner runner(*l.plan, host);
  engine::VectorAccountSource src({a});
  auto r = runner.run(src, {});
  ASSERT_EQ(r.accounts.size(), 1u);
  EXPECT_EQ(r.accounts[0].status, engine::AccountStatus::failed);
  EXPECT_EQ(r.accounts[0].error_code, "not_found");
  EXPECT_TRUE(r.accounts[0].outputs.empty());
}
