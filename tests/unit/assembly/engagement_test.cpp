#include <gtest/gtest.h>

#include "buyergraph/assembly/engagement.hpp"
#include "fixtures.hpp"

using namespace buyergraph;
using fixtures::candidate;

namespace {
const assembly::AssemblyRules& rules() { return assembly::AssemblyRules::shared(); }

std::vector<sdk::Candidate> team() {
  return {
      candidate({.id = "eb",
                 .name = "Oluwaseun Bello",
                 .title = "COO",
                 .seniority = "c_level",
                 .function = "operations",
                 .role = "decision",
                 .sub_role = "economic_buyer",
                 .overall = 90}),
      candidate({.id = "ch",
                 .name = "Freya Nilsson",
                 .title = "Director of Logistics",
                 .seniority = "director",
                 .function = "operations",
                 .role = "champion",
                 .overall = 80}),
      candidate({.id = "te",
                 .name = "Arjun Mehta",
                 .title = "Solutions Architect",
                 .seniority = "senior_ic",
                 .function = "it",
                 .role = "stakeholder",
                 .sub_role = "technical_evaluator",
                 .overall = 60}),
      candidate({.id = "pr",
                 .name = "Claire Dubois",
                 .title = "Procurement Lead",
                 .seniority = "manager",
                 .function = "procurement",
                 .role = "blocker",
                 .sub_role = "procurement",
                 .overall = 55}),
      candidate({.id = "eu",
                 .name = "Mateo Rossi",
                 .title = "Dispatcher",
                 .seniority = "ic",
                 .function = "operations",
                 .role = "stakeholder",
                 .sub_role = "end_user",
                 .overall = 40}),
  };
}

std::vector<std::string> order(const nlohmann::json& e) {
  std::vector<std::string> out;
  for (const auto& c : e["call_order"]) out.push_back(c["person_id"]);
  return out;
}
}  // namespace

TEST(Engagement, CallOrderFollowsTheDealStage) {
  auto m = team();
  auto pro = assembly::engagement(m, fixtures::seller(80000, {}, "prospecting"), rules());
  EXPECT_EQ(order(pro), (std::vector<std::string>{"ch", "te", "eb", "eu", "pr"}));
  EXPECT_EQ(pro["call_order"][0]["rank"], 1);
  auto active = assembly::engagement(m, fixtures::seller(80000, {}, "active"), rules());
  EXPECT_EQ(order(active), (std::vector<std::string>{"eb", "pr", "ch", "te", "eu"}));
  auto renewal = assembly::engagement(m, fixtures::seller(80000, {}, "renewal"), rules());
  EXPECT_EQ(order(renewal), (std::vector<std::string>{"eu", "ch", "eb", "te", "pr"}));
  EXPECT_EQ(pro["leads"]["decision"], "eb");
  EXPECT_EQ(pro["leads"]["stakeholder"], "te");
}

TEST(Engagement, NeverStartsWithAnInvalidOrUnknownContactOrNonCurrentEmployment) {
  auto m = team();
  m[1].person.contacts[0].status = "invalid";  // the champion: first in prospecting
  m[2].employment_status = "likely_current";   // the technical evaluator: second
  m[0].person.contacts[0].status = "unknown";  // the economic buyer: third
  auto e = assembly::engagement(m, fixtures::seller(80000, {}, "prospecting"), rules());
  ASSERT_FALSE(e["call_order"].empty());
  const std::string first = e["call_order"][0]["person_id"];
  EXPECT_EQ(first, "eu");
  EXPECT_EQ(order(e), (std::vector<std::string>{"eu", "pr"}));
  ASSERT_EQ(e["pending"].size(), 3u);
  EXPECT_EQ(e["pending"][0]["person_id"], "ch");
  EXPECT_NE(e["pending"][0]["why"].get<std::string>().find("email invalid"), std::string::npos);
  EXPECT_NE(e["pending"][1]["why"].get<std::string>().find("likely_current"), std::string::npos);
  // The champion lead is still named (the best champion), but the call order skips her.
  EXPECT_EQ(e["leads"]["champion"], "ch");
}

TEST(Engagement, NobodyReadyMeansAnEmptyCallOrder) {
  auto m = team();
  for (auto& c : m) c.person.contacts[0].status = "unknown";
  auto e = assembly::engagement(m, fixtures::seller(80000), rules());
  EXPECT_TRUE(e["call_order"].empty());
  EXPECT_EQ(e["pending"].size(), m.size());
}
