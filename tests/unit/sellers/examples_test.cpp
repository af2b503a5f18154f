// Every shipped profile in sellers/ loads, holds what it says, and survives a JSON round trip.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "buyergraph/sellers/profile.hpp"

namespace buyergraph::sellers {
namespace {

namespace fs = std::filesystem;

std::string example(const std::string& name) {
  return std::string(BUYERGRAPH_SOURCE_DIR) + "/sellers/" + name;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(SellerExamples, EveryFileInSellersDirLoads) {
  int count = 0;
  for (const auto& e : fs::directory_iterator(std::string(BUYERGRAPH_SOURCE_DIR) + "/sellers")) {
    if (e.path().extension() != ".yaml") continue;
    ++count;
    auto r = load_seller_profile(e.path().string());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->source_file, e.path().string());
    EXPECT_FALSE(r->name.empty());
    EXPECT_GT(r->deal_size, 0);
    EXPECT_FALSE(r->target_functions.empty());
    EXPECT_GE(r->value_propositions.size(), 3u) << e.path();
    EXPECT_FALSE(r->personas.empty()) << e.path();
  }
  EXPECT_GE(count, 4);
}

TEST(SellerExamples, CloudInfrastructure) {
  auto r = load_seller_profile(example("cloud-infrastructure.yaml"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->deal_size, 120000);
  EXPECT_EQ(r->currency, "USD");
  EXPECT_EQ(r->target_functions, (std::vector<std::string>{"engineering", "it"}));
  EXPECT_EQ(r->integration_depth, "deep");
  EXPECT_TRUE(r->security_review);
  EXPECT_EQ(r->introducer_definition, "advisors_board");
  EXPECT_EQ(r->role_rules["c_level_threshold"], 250000);
  EXPECT_EQ(r->role_rules["technical_evaluator_functions"],
            nlohmann::json({"engineering", "it", "data"}));
  EXPECT_EQ(r->role_rules["gatekeeper_functions"],
            nlohmann::json({"security", "finance", "procurement", "legal"}));
  EXPECT_EQ(r->role_rules["top_executive_below_employees"], 100);
}

TEST(SellerExamples, Security) {
  auto r = load_seller_profile(example("security.yaml"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->deal_size, 250000);
  EXPECT_EQ(r->deal_stage, "active");
  EXPECT_EQ(r->sales_cycle_days, 180);
  EXPECT_TRUE(contains(r->personas, "CISO"));
  EXPECT_TRUE(contains(r->anti_personas, "Security Guard"));
  EXPECT_TRUE(r->processes_personal_data);
}

TEST(SellerExamples, SalesToolingTargetsHuntersNotFarmers) {
  auto r = load_seller_profile(example("sales-tooling.yaml"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->deal_size, 40000);
  EXPECT_TRUE(r->sells_to_sales_teams);
  EXPECT_EQ(r->target_functions, std::vector<std::string>{"sales"});
  for (const char* p : {"VP Sales", "Chief Revenue Officer", "RevOps", "Sales Enablement"})
    EXPECT_TRUE(contains(r->personas, p)) << p;
  for (const char* a : {"Account Manager", "Customer Success", "CSM", "Renewals"})
    EXPECT_TRUE(contains(r->anti_personas, a)) << a;
  EXPECT_EQ(r->introducer_definition, "none");
  EXPECT_TRUE(r->role_rules["sales_segments"]["farmer"].is_array());
  EXPECT_EQ(r->role_rules["strict_sales_mode"], false);
}

TEST(SellerExamples, FinanceSoftware) {
  auto r = load_seller_profile(example("finance-software.yaml"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->deal_size, 90000);
  EXPECT_EQ(r->currency, "EUR");
  EXPECT_EQ(r->geography, (std::vector<std::string>{"DE", "AT", "CH", "NL", "FR", "GB"}));
  EXPECT_TRUE(contains(r->secondary_functions, "procurement"));
  // Production and other operations take no part in buying AP automation.
  EXPECT_FALSE(contains(r->secondary_functions, "operations"));
  EXPECT_EQ(r->role_rules["user_functions"], nlohmann::json({"finance"}));
  EXPECT_EQ(r->role_rules["technical_evaluator_functions"], nlohmann::json({"it"}));
}

// Field-by-field, so a field missing from to_json or from_json fails here.
void expect_same(const sdk::SellerProfile& a, const sdk::SellerProfile& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.product, b.product);
  EXPECT_EQ(a.category, b.category);
  EXPECT_EQ(a.value_propositions, b.value_propositions);
  EXPECT_EQ(a.deal_size, b.deal_size);
  EXPECT_EQ(a.currency, b.currency);
  EXPECT_EQ(a.target_functions, b.target_functions);
  EXPECT_EQ(a.secondary_functions, b.secondary_functions);
  EXPECT_EQ(a.personas, b.personas);
  EXPECT_EQ(a.anti_personas, b.anti_personas);
  EXPECT_EQ(a.geography, b.geography);
  EXPECT_EQ(a.processes_personal_data, b.processes_personal_data);
  EXPECT_EQ(a.source_file, b.source_file);
  EXPECT_EQ(a.sales_cycle_days, b.sales_cycle_days);
  EXPECT_EQ(a.deal_stage, b.deal_stage);
  EXPECT_EQ(a.sells_to_sales_teams, b.sells_to_sales_teams);
  EXPECT_EQ(a.integration_depth, b.integration_depth);
  EXPECT_EQ(a.security_review, b.security_review);
  EXPECT_EQ(a.introducer_definition, b.introducer_definition);
  EXPECT_EQ(a.role_rules, b.role_rules);
  EXPECT_EQ(a.notes, b.notes);
}

class SellerRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(SellerRoundTrip, JsonRoundTripKeepsEveryField) {
  auto r = load_seller_profile(example(GetParam()));
  ASSERT_TRUE(r) << r.error().message;
  nlohmann::json j = *r;
  auto back = nlohmann::json::parse(j.dump()).get<sdk::SellerProfile>();
  expect_same(*r, back);
  EXPECT_EQ(nlohmann::json(back), j);
  EXPECT_EQ(r->to_json(), j);  // the Record interface gives the same JSON
}

INSTANTIATE_TEST_SUITE_P(Examples, SellerRoundTrip,
                         ::testing::Values("cloud-infrastructure.yaml", "security.yaml",
                                           "sales-tooling.yaml", "finance-software.yaml"));

TEST(SellerRoundTrip, NonDefaultValuesOfEveryNewField) {
  // Values that differ from the struct defaults, so a field dropped by to_json/from_json shows.
  sdk::SellerProfile p;
  p.name = "n";
  p.deal_size = 1.5;
  p.currency = "GBP";
  p.sales_cycle_days = 30;
  p.deal_stage = "renewal";
  p.sells_to_sales_teams = true;
  p.integration_depth = "deep";
  p.security_review = true;
  p.processes_personal_data = true;
  p.introducer_definition = "sales_hunters";
  p.role_rules = {{"k", {1, "two", nullptr}}};
  p.notes = "why";
  auto back = nlohmann::json(p).get<sdk::SellerProfile>();
  expect_same(p, back);
}

}  // namespace
}  // namespace buyergraph::sellers
