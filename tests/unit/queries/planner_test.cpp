// Query planning: role targets from the shipped data/queries/role-queries.yaml and the example
// seller profiles in sellers/.
#include "buyergraph/queries/planner.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "buyergraph/sellers/profile.hpp"

using namespace buyergraph;

namespace {

const queries::QueryPlanner& planner() {
  static const queries::QueryPlanner p = [] {
    auto r = queries::QueryPlanner::load_default();
    if (!r) throw std::runtime_error(r.error().message);
    return *r;
  }();
  return p;
}

sdk::SellerProfile seller(const std::string& name) {
  auto s = sellers::load_seller_profile(std::string(BUYERGRAPH_SOURCE_DIR) + "/sellers/" + name);
  if (!s) throw std::runtime_error(s.error().message);
  return *s;
}

sdk::Company company(std::int64_t employees) {
  sdk::Company c;
  c.id = "8000001";
  c.name = "Fixture Co";
  c.employees = employees;
  return c;
}

const sdk::QueryTarget* target(const sdk::PeopleQuery& q, const std::string& purpose) {
  for (const auto& t : q.targets)
    if (t.purpose == purpose) return &t;
  return nullptr;
}

}  // namespace

TEST(QueryPlanner, SmallCompanyIsReadWhole) {
  auto q = planner().plan(company(150), seller("cloud-infrastructure.yaml"));
  ASSERT_EQ(q.targets.size(), 1u);
  EXPECT_EQ(q.targets[0].purpose, "all");
  EXPECT_TRUE(q.targets[0].functions.empty());
  EXPECT_EQ(q.targets[0].limit, 0);
  EXPECT_NE(q.strategy.find("150"), std::string::npos);
}

TEST(QueryPlanner, LargeCompanyGetsRoleTargetsFromTheSeller) {
  auto s = seller("cloud-infrastructure.yaml");
  auto q = planner().plan(company(104200), s);
  const auto* decision = target(q, "decision");
  ASSERT_NE(decision, nullptr);
  EXPECT_EQ(decision->functions, s.target_functions);
  EXPECT_EQ(decision->seniorities, (std::vector<std::string>{"c_level", "vp", "director"}));
  const auto* persona = target(q, "persona");
  ASSERT_NE(persona, nullptr);
  EXPECT_EQ(persona->title_terms, s.personas);
  // Limits scale with the tier: L tiers read twice the S-tier limit.
  auto mid = planner().plan(company(3400), s);
  auto large = q;
  EXPECT_GT(target(large, "champion")->limit, target(mid, "champion")->limit);
  EXPECT_EQ(target(large, "champion")->limit, 120);
  EXPECT_EQ(target(mid, "champion")->limit, 90);
  EXPECT_NE(q.strategy.find("L6"), std::string::npos) << q.strategy;
}

TEST(QueryPlanner, BlockersOnlyWhenTheDealOrTheSellerCallsForThem) {
  auto big = seller("cloud-infrastructure.yaml");  // $120k, security review
  EXPECT_NE(target(planner().plan(company(3400), big), "blocker"), nullptr);
  auto small = big;
  small.deal_size = 20000;
  small.security_review = false;
  small.processes_personal_data = false;
  EXPECT_EQ(target(planner().plan(company(3400), small), "blocker"), nullptr);
  small.security_review = true;
  EXPECT_NE(target(planner().plan(company(3400), small), "blocker"), nullptr);
}

TEST(QueryPlanner, DealSizeIsConvertedToUsd) {
  auto s = seller("finance-software.yaml");
  ASSERT_EQ(s.currency, "EUR");
  EXPECT_NEAR(planner().deal_size_usd(s), s.deal_size * 1.08, 1e-6);
  s.currency = "XXX";  // unknown: the raw amount, never a silent zero
  EXPECT_DOUBLE_EQ(planner().deal_size_usd(s), s.deal_size);
}

TEST(QueryPlanner, IntroducerTargetFollowsTheSellersDefinition) {
  auto s = seller("sales-tooling.yaml");
  s.introducer_definition = "sales_hunters";
  auto q = planner().plan(company(3400), s);
  const auto* intro = target(q, "introducer");
  ASSERT_NE(intro, nullptr);
  EXPECT_EQ(intro->functions, std::vector<std::string>{"sales"});
  s.introducer_definition = "advisors_board";
  auto board = planner().plan(company(3400), s);
  intro = target(board, "introducer");
  ASSERT_NE(intro, nullptr);
  EXPECT_TRUE(intro->functions.empty());
  EXPECT_FALSE(intro->title_terms.empty());
  s.introducer_definition = "none";
  EXPECT_EQ(target(planner().plan(company(3400), s), "introducer"), nullptr);
}

TEST(QueryPlanner, EmptySellerListsNeverWidenATargetToEveryone) {
  auto s = seller("security.yaml");
  s.secondary_functions.clear();
  s.personas.clear();
  auto q = planner().plan(company(3400), s);
  EXPECT_EQ(target(q, "stakeholder"), nullptr);
  EXPECT_EQ(target(q, "persona"), nullptr);
  for (const auto& t : q.targets)
    EXPECT_FALSE(t.functions.empty() && t.seniorities.empty() && t.title_terms.empty())
        << t.purpose;
}

TEST(QueryPlanner, UnknownHeadcountIsPlannedAsLarge) {
  sdk::Company c = company(0);
  c.employees.reset();
  auto q = planner().plan(c, seller("cloud-infrastructure.yaml"));
  EXPECT_GT(q.targets.size(), 1u);
  EXPECT_EQ(target(q, "champion")->limit, 120);
}

TEST(QueryPlanner, BadFilesAreRejectedWithTheirLine) {
  auto dir = std::filesystem::temp_directory_path() / "bg-queries-test";
  std::filesystem::create_directories(dir);
  auto path = (dir / "bad.yaml").string();
  std::ofstream(path) << "version: 1\ntargets:\n  - {purpose: decision, seniorities: [boss]}\n";
  auto r = queries::QueryPlanner::load(path);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("line 3"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("boss"), std::string::npos);
  std::ofstream(path) << "version: 1\ntargets:\n  - {purpose: x, functions: $nope}\n";
  r = queries::QueryPlanner::load(path);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("$nope"), std::string::npos) << r.error().message;
  EXPECT_FALSE(queries::QueryPlanner::load((dir / "missing.yaml").string()));
}
