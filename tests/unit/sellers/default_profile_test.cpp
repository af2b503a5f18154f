#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <string>

#include "buyergraph/sellers/profile.hpp"

namespace buyergraph::sellers {
namespace {

TEST(DefaultSellerProfile, SaysItIsTheDefault) {
  auto p = default_seller_profile();
  EXPECT_EQ(p.source_file, "default");
  EXPECT_NE(p.notes.find("No seller profile was given"), std::string::npos);
  EXPECT_EQ(p.name, "default");
}

TEST(DefaultSellerProfile, IsNeutralAboutFunctionsAndPersonas) {
  auto p = default_seller_profile();
  EXPECT_TRUE(p.target_functions.empty());
  EXPECT_TRUE(p.secondary_functions.empty());
  EXPECT_TRUE(p.personas.empty());
  EXPECT_TRUE(p.anti_personas.empty());
  EXPECT_TRUE(p.geography.empty());
  EXPECT_FALSE(p.sells_to_sales_teams);
  EXPECT_EQ(p.introducer_definition, "none");
}

TEST(DefaultSellerProfile, ValuesAreInTheAllowedSets) {
  auto p = default_seller_profile();
  EXPECT_EQ(p.deal_size, 50000);
  EXPECT_EQ(p.currency, "USD");
  EXPECT_GT(p.sales_cycle_days, 0);
  auto in = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  EXPECT_TRUE(in(deal_stages(), p.deal_stage));
  EXPECT_TRUE(in(integration_depths(), p.integration_depth));
  EXPECT_TRUE(in(introducer_definitions(), p.introducer_definition));
}

TEST(DefaultSellerProfile, RoundTripsThroughJson) {
  auto p = default_seller_profile();
  nlohmann::json j = p;
  auto back = j.get<sdk::SellerProfile>();
  EXPECT_EQ(back.source_file, "default");
  EXPECT_EQ(back.notes, p.notes);
  EXPECT_EQ(nlohmann::json(back), j);
}

// The function codes must stay the titles classifier's: every function the title rules emit is
// a valid profile code, so target_functions compare directly with classified titles.
TEST(FunctionCodes, CoverEveryFunctionInTheTitleRules) {
  std::ifstream in(std::string(BUYERGRAPH_SOURCE_DIR) + "/data/titles/rules.yaml");
  ASSERT_TRUE(in) << "data/titles/rules.yaml not found";
  std::regex re(R"(^\s*function:\s*([a-z_]+)\s*$)");
  std::string line;
  int seen = 0;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, re)) continue;
    ++seen;
    EXPECT_TRUE(is_function_code(m[1].str())) << m[1].str();
  }
  EXPECT_GT(seen, 10);
  EXPECT_EQ(function_codes().size(), 17u);
  EXPECT_FALSE(is_function_code("revops"));
  EXPECT_FALSE(is_function_code("Sales"));
}

}  // namespace
}  // namespace buyergraph::sellers
