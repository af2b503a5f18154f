#include <gtest/gtest.h>

#include "buyergraph/assembly/coverage.hpp"
#include "fixtures.hpp"

using namespace buyergraph;
using fixtures::candidate;

namespace {
const assembly::AssemblyRules& rules() { return assembly::AssemblyRules::shared(); }

assembly::SizePlan plan_for(const sdk::Company& c, const sdk::SellerProfile& s) {
  return assembly::plan_size(tiers::TierTable::shared().choose(c), c, s, 100, rules());
}

std::vector<std::string> ids(const std::vector<assembly::Requirement>& reqs) {
  std::vector<std::string> out;
  for (const auto& r : reqs) out.push_back(r.id);
  return out;
}
}  // namespace

TEST(Coverage, RequirementsFollowDealSizeAndSellerFlags) {
  auto company = fixtures::company(600);  // M1, one blocker slot
  auto small = fixtures::seller(40000, {"operations"});
  auto reqs_small = assembly::requirements(company, small, plan_for(company, small), rules());
  EXPECT_EQ(ids(reqs_small), (std::vector<std::string>{"role:decision", "role:champion",
                                                       "function:operations", "role:blocker"}));

  auto big = fixtures::seller(200000, {"engineering"});
  big.security_review = true;
  auto reqs = assembly::requirements(company, big, plan_for(company, big), rules());
  // technical is skipped: the target function already is a technical function.
  EXPECT_EQ(ids(reqs),
            (std::vector<std::string>{"role:decision", "role:champion", "function:engineering",
                                      "function:financial", "function:security", "role:blocker",
                                      "breadth:functions"}));
  EXPECT_EQ(reqs.back().min_functions, 3);

  auto large = fixtures::company(20000);  // L3: one more function than the deal asks
  auto reqs_large = assembly::requirements(large, big, plan_for(large, big), rules());
  EXPECT_EQ(reqs_large.back().min_functions, 4);
}

TEST(Coverage, ScoreIsCoveredWeightOverTotalWeight) {
  auto company = fixtures::company(600);
  auto seller = fixtures::seller(200000, {"engineering"});
  seller.security_review = true;
  auto plan = plan_for(company, seller);
  auto reqs = assembly::requirements(company, seller, plan, rules());
  std::vector<sdk::Candidate> members = {candidate({.id = "d1",
                                                    .name = "Ingrid Holm",
                                                    .title = "CTO",
                                                    .seniority = "c_level",
                                                    .function = "engineering",
                                                    .role = "decision"}),
                                         candidate({.id = "c1",
                                                    .name = "Kofi Mensah",
                                                    .title = "Director of Platform",
                                                    .seniority = "director",
                                                    .function = "engineering",
                                                    .role = "champion"}),
                                         candidate({.id = "b1",
                                                    .name = "Sofia Marin",
                                                    .title = "Procurement Manager",
                                                    .seniority = "manager",
                                                    .function = "procurement",
                                                    .role = "blocker"})};
  auto cov = assembly::coverage(members, members, reqs, plan);
  // Weights: decision 3 + champion 3 + engineering 2 + financial 2 + security 2 + blocker 2 +
  // breadth 1 = 15. Covered: decision, champion, engineering, financial (procurement), blocker
  // = 12. Missing: security (2), breadth (2 functions < 3) (1).
  EXPECT_EQ(cov["total"], 7);
  EXPECT_EQ(cov["covered"], 5);
  EXPECT_EQ(cov["score"], 80);  // 12 / 15
  EXPECT_EQ(cov["threads"], 2);
  EXPECT_EQ(cov["roles"]["decision"], 1);
  const auto& security = cov["required"][4];
  EXPECT_EQ(security["id"], "function:security");
  EXPECT_FALSE(security["covered"].get<bool>());
  EXPECT_EQ(security["gap_reason"], "data_limited");  // nobody in security among those found
  EXPECT_TRUE(cov["required"][0]["gap_reason"].is_null());
  EXPECT_EQ(cov["required"][0]["member_ids"], nlohmann::json({"d1"}));
}

TEST(Coverage, GapIsQualityLimitedWhenPeopleExistButDidNotQualify) {
  auto company = fixtures::company(600);
  auto seller = fixtures::seller(200000, {"engineering"});
  seller.security_review = true;
  auto plan = plan_for(company, seller);
  auto reqs = assembly::requirements(company, seller, plan, rules());
  auto ciso = candidate({.id = "s1",
                         .name = "Hana Kobayashi",
                         .title = "CISO",
                         .seniority = "c_level",
                         .function = "security",
                         .excluded_reason = "employment departed"});
  auto cov = assembly::coverage({}, {ciso}, reqs, plan);
  for (const auto& r : cov["required"])
    if (r["id"] == "function:security") {
      EXPECT_EQ(r["gap_reason"], "quality_limited");
      EXPECT_NE(r["detail"].get<std::string>().find("1 people"), std::string::npos);
    }
  EXPECT_EQ(cov["score"], 0);
}
