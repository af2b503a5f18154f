// Run history: save groups, list them per company, read one back exactly. Fictional fixtures.
#include <gtest/gtest.h>

#include "buyergraph/store/store.hpp"
#include "test_util.hpp"

using namespace buyergraph;
using namespace buyergraph::store;
using buyergraph::store::testing::TempDir;

namespace {

sdk::BuyerGroup group(const std::string& run_id, const std::string& when, int members) {
  sdk::BuyerGroup g;
  g.company.id = "8000094";
  g.company.name = "Contoso Ltd";
  g.seller.source_file = "sellers/security.yaml";
  for (int i = 0; i < members; ++i) {
    sdk::Candidate m;
    m.person.id = "2000000" + std::to_string(i);
    m.person.full_name = "Fixture Person " + std::to_string(i);
    m.person.title = "Director of IT";
    m.person.provenance = {.source = "demo", .retrieved_at = "2026-11-01T00:00:00Z"};
    m.role = i == 0 ? "decision" : "champion";
    m.confidence = 0.5 + 0.1 * i;
    g.members.push_back(m);
  }
  g.coverage = {{"score", 83}};
  g.run = {{"id", run_id},
           {"generated_at", when},
           {"pipeline", "buyer-group"},
           {"account_key", "Contoso"},
           {"status", "ok"}};
  return g;
}

}  // namespace

TEST(History, SavesListsAndReadsBackRuns) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto& store = **s;
  ASSERT_TRUE(store.save_run(group("run-a", "2026-11-20T10:00:00Z", 2)));
  ASSERT_TRUE(store.save_run(group("run-b", "2026-11-24T10:00:00Z", 3)));

  auto runs = store.runs_for_company("Contoso Ltd.");  // by normalised name
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].id, "run-b");  // newest first
  EXPECT_EQ(runs[0].members, 3);
  EXPECT_EQ(runs[0].coverage, 83);
  EXPECT_EQ(runs[0].seller, "sellers/security.yaml");
  EXPECT_EQ(store.runs_for_company("8000094").size(), 2u);  // by id
  EXPECT_TRUE(store.runs_for_company("Fabrikam").empty());

  auto g = store.run_group("run-a");
  ASSERT_TRUE(g);
  EXPECT_EQ(nlohmann::json(*g), nlohmann::json(group("run-a", "2026-11-20T10:00:00Z", 2)));
  EXPECT_FALSE(store.run_group("no-such-run"));

  // Saving the same run id again replaces it (members too), never duplicates it.
  ASSERT_TRUE(store.save_run(group("run-a", "2026-11-20T10:00:00Z", 1)));
  EXPECT_EQ(store.runs_for_company("8000094").size(), 2u);
  EXPECT_EQ(store.run_summary("run-a")->members, 1);
}

TEST(History, RejectsAGroupWithoutRunIdOrCompany) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto g = group("", "2026-11-20T10:00:00Z", 1);
  auto st = (*s)->save_run(g);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("run id"), std::string::npos);
  g = group("run-x", "2026-11-20T10:00:00Z", 1);
  g.company.id.clear();
  EXPECT_FALSE((*s)->save_run(g));
}
