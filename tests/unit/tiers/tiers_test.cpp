#include "buyergraph/tiers/tiers.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

using namespace buyergraph;

namespace {
const tiers::TierTable& table() { return tiers::TierTable::shared(); }
}  // namespace

TEST(Tiers, DefaultTableIsContiguousAndOrdered) {
  const auto& t = table().tiers();
  ASSERT_EQ(t.size(), 21u);
  EXPECT_EQ(t.front().id, "S1");
  EXPECT_EQ(t.back().id, "L7");
  EXPECT_FALSE(t.back().employees_max.has_value());
  for (std::size_t i = 1; i < t.size(); ++i) {
    EXPECT_EQ(*t[i - 1].employees_max, t[i].employees_min) << t[i].id;
    EXPECT_LE(t[i - 1].size_ideal, t[i].size_ideal) << t[i].id;
    // Thresholds rise with the tier: a bigger company needs a bigger deal for the same level.
    EXPECT_LE(t[i - 1].dm_threshold.vp, t[i].dm_threshold.vp) << t[i].id;
  }
}

TEST(Tiers, BandEdgesAreHalfOpen) {
  EXPECT_EQ(table().by_employees(1)->id, "S1");
  EXPECT_EQ(table().by_employees(4)->id, "S1");
  EXPECT_EQ(table().by_employees(5)->id, "S2");
  EXPECT_EQ(table().by_employees(3400)->id, "M5");
  EXPECT_EQ(table().by_employees(104200)->id, "L6");
  EXPECT_EQ(table().by_employees(900000)->id, "L7");
  EXPECT_EQ(table().by_employees(0)->id, "S1");
}

TEST(Tiers, TableMatchesDomainReferenceRows) {
  const tiers::Tier* m1 = table().by_employees(600);
  ASSERT_NE(m1, nullptr);
  EXPECT_EQ(m1->id, "M1");
  EXPECT_EQ(m1->ideal.decision, 2);
  EXPECT_EQ(m1->ideal.champion, 3);
  EXPECT_EQ(m1->ideal.total(), 9);
  EXPECT_EQ(m1->size_min, 8);
  EXPECT_EQ(m1->size_max, 10);
  EXPECT_DOUBLE_EQ(m1->dm_threshold.director, 200000);
  EXPECT_EQ(m1->ideal.of("blocker"), 1);
  EXPECT_EQ(m1->ideal.of("nonsense"), 0);
}

TEST(Tiers, ChooseUsesHeadcountAndFlagsRevenueDisagreement) {
  sdk::Company c;
  c.employees = 400;  // S7 by headcount
  c.signals["revenue_annual_range"] = {{"annual_revenue_range_from", 1000000000},
                                       {"annual_revenue_range_to", 5000000000},
                                       {"annual_revenue_range_currency", "USD"}};
  auto choice = table().choose(c);
  ASSERT_NE(choice.tier, nullptr);
  EXPECT_EQ(choice.basis, "employees");
  EXPECT_EQ(choice.tier->id, "S7");
  ASSERT_NE(choice.by_revenue, nullptr);
  EXPECT_EQ(choice.by_revenue->id, "L4");
  EXPECT_TRUE(choice.disagreement);
  EXPECT_EQ(choice.evidence.size(), 2u);

  c.signals["revenue_annual_range"]["annual_revenue_range_from"] = 7000000;  // S7 by revenue too
  EXPECT_FALSE(table().choose(c).disagreement);
}

TEST(Tiers, NoHeadcountNoRevenueMeansNoTierNotADefault) {
  sdk::Company c;
  auto choice = table().choose(c);
  EXPECT_EQ(choice.tier, nullptr);
  EXPECT_EQ(choice.basis, "none");
  c.signals["revenue_annual_range"] = {{"annual_revenue_range_from", 30000000}};
  choice = table().choose(c);
  ASSERT_NE(choice.tier, nullptr);
  EXPECT_EQ(choice.basis, "revenue");
  EXPECT_EQ(choice.tier->id, "M3");
}

TEST(Tiers, BadFileNamesTheRow) {
  auto dir = std::filesystem::temp_directory_path() / "bg-tiers-test";
  std::filesystem::create_directories(dir);
  auto path = (dir / "t.yaml").string();
  std::ofstream(path) << "tiers:\n"
                         "  - {id: A, name: a, employees: [1, 5], revenue: [0, 1], ideal: "
                         "{decision: 1, champion: 1, stakeholder: 0, blocker: 0, introducer: 0}, "
                         "size: [3, 2, 1], dm_threshold: {vp: 1, director: 1, manager: 1}}\n";
  auto t = tiers::TierTable::load(path);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("tier 1"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().message.find("min <= ideal <= max"), std::string::npos);
  EXPECT_FALSE(tiers::TierTable::load((dir / "missing.yaml").string()));
}
