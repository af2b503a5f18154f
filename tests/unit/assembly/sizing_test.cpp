#include <gtest/gtest.h>

#include "buyergraph/assembly/sizing.hpp"
#include "fixtures.hpp"

using namespace buyergraph;

namespace {
assembly::SizePlan plan(std::optional<std::int64_t> employees, double deal, int considered) {
  auto company = fixtures::company(employees);
  auto choice = tiers::TierTable::shared().choose(company);
  return assembly::plan_size(choice, company, fixtures::seller(deal), considered,
                             assembly::AssemblyRules::shared());
}
}  // namespace

TEST(Sizing, TierSizeWithRelaxedMinimum) {
  auto p = plan(3400, 250000, 200);  // M5: 9-11-12
  ASSERT_NE(p.tier, nullptr);
  EXPECT_EQ(p.tier->id, "M5");
  EXPECT_EQ(p.ideal, 11);
  EXPECT_EQ(p.max, 12);
  EXPECT_EQ(p.min, 6);  // round(0.7 x 9)
  EXPECT_EQ(p.caps.at("decision"), 2);
  EXPECT_EQ(p.caps.at("champion"), 4);  // ideal 3 + slack 1
  EXPECT_EQ(p.caps.at("blocker"), 1);
}

TEST(Sizing, SmallDealShrinksTheIdeal) {
  auto p = plan(3400, 30000, 200);
  EXPECT_EQ(p.ideal, 7);  // round(0.6 x 11), the contract's own example
  EXPECT_TRUE(p.deal_size_shrunk);
  ASSERT_FALSE(p.adjustments.empty());
  EXPECT_EQ(p.adjustments[0]["rule"], "deal_under_50k");
  EXPECT_EQ(p.adjustments[0]["detail"], "ideal 11 -> 7 (0.6 x)");
  EXPECT_LE(p.min, p.ideal);
}

TEST(Sizing, ScarceDataCapsTheGroupAtWhatWasFound) {
  auto p = plan(2000, 250000, 3);  // 3 of 2000 people in the data
  EXPECT_TRUE(p.data_limited);
  EXPECT_EQ(p.max, 3);
  EXPECT_EQ(p.ideal, 2);
  EXPECT_EQ(p.adjustments[0]["rule"], "data_scarce");
}

TEST(Sizing, TinyCompaniesAndUnknownSize) {
  auto one = plan(1, 20000, 1);
  EXPECT_EQ(one.max, 1);
  EXPECT_EQ(one.ideal_roles.decision, 1);
  EXPECT_EQ(one.ideal_roles.champion, 0);
  auto three = plan(3, 20000, 3);
  EXPECT_EQ(three.ideal, 2);
  EXPECT_EQ(three.max, 3);
  auto unknown = plan(std::nullopt, 100000, 10);
  EXPECT_FALSE(unknown.sized);
  EXPECT_EQ(unknown.tier, nullptr);
  EXPECT_EQ(assembly::size_status(unknown, 4), "unsized");
  EXPECT_FALSE(unknown.warnings.empty());
}

TEST(Sizing, BlockersDoNotCountForSmallDealsAtSmallFirms) {
  auto p = plan(80, 40000, 30);  // S5 has no blocker anyway; check the flag
  EXPECT_FALSE(p.blockers_count);
  auto q = plan(300, 40000, 60);  // S7 has a blocker slot, but deal <= 50K ... headcount > 100
  EXPECT_TRUE(q.blockers_count);
  EXPECT_EQ(q.ideal_roles.blocker, 1);
}

TEST(Sizing, Status) {
  auto p = plan(3400, 250000, 200);
  EXPECT_EQ(assembly::size_status(p, 3), "below_min");
  EXPECT_EQ(assembly::size_status(p, 8), "below_ideal");
  EXPECT_EQ(assembly::size_status(p, 11), "at_ideal");
  EXPECT_EQ(assembly::size_status(p, 12), "within");
}
