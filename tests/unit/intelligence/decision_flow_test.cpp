#include <gtest/gtest.h>

#include "fixtures.hpp"

using namespace buyergraph::intelligence;
using json = nlohmann::json;

namespace {

const json* edge_from(const json& flow, const std::string& id) {
  for (const auto& e : flow["edges"])
    if (e["from"] == id) return &e;
  return nullptr;
}

TEST(DecisionFlow, NodesAreExactlyTheMembers) {
  auto g = fixtures::group();
  json f = decision_flow(g);
  ASSERT_EQ(f["nodes"].size(), g.members.size());
  for (std::size_t i = 0; i < g.members.size(); ++i) {
    EXPECT_EQ(f["nodes"][i]["person_id"], g.members[i].person.id);
    EXPECT_EQ(f["nodes"][i]["role"], g.members[i].role);
  }
}

TEST(DecisionFlow, ManagerIdEdgeIsNotInferred) {
  json f = decision_flow(fixtures::group());
  const json* e = edge_from(f, "300000002");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ((*e)["to"], "300000001");
  EXPECT_FALSE((*e)["inferred"].get<bool>());
  EXPECT_EQ((*e)["evidence"][0]["field"], "members[1].person.manager_id");
}

TEST(DecisionFlow, InferredEdgesAreLabelledWithConfidence) {
  json f = decision_flow(fixtures::group());
  // SRE manager -> nearest more senior engineering member (the director), one level up.
  const json* e = edge_from(f, "300000003");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ((*e)["to"], "300000002");
  EXPECT_TRUE((*e)["inferred"].get<bool>());
  EXPECT_DOUBLE_EQ((*e)["confidence"].get<double>(), 0.6);
  EXPECT_GE((*e)["evidence"].size(), 4u);
  // The VP is the top of engineering and there is no chief executive member: no guess.
  EXPECT_EQ(edge_from(f, "300000001"), nullptr);
  for (const auto& edge : f["edges"])
    if (edge["inferred"].get<bool>()) {
      EXPECT_LT(edge["confidence"].get<double>(), 1.0);
    }
}

TEST(DecisionFlow, ConfidenceFallsWithTheGapAndCrossFunctionGuessIsWeak) {
  auto g = fixtures::group();
  g.members.erase(g.members.begin() + 1);  // remove the director: manager -> VP is two levels
  g.members.push_back(fixtures::member("300000007", "Rafael Moreno", "Chief Executive Officer",
                                       "c_level", "executive", "decision", "executive_sponsor",
                                       2018, 4, 90));
  json f = decision_flow(g);
  EXPECT_DOUBLE_EQ(edge_from(f, "300000003")->at("confidence").get<double>(), 0.5);
  const json* vp = edge_from(f, "300000001");
  ASSERT_NE(vp, nullptr);
  EXPECT_EQ((*vp)["to"], "300000007");
  EXPECT_DOUBLE_EQ((*vp)["confidence"].get<double>(), 0.3);
  EXPECT_EQ(edge_from(f, "300000007"), nullptr);
}

TEST(DecisionFlow, ManagerOutsideTheGroupIsNotReplacedByAGuess) {
  auto g = fixtures::group();
  g.members[2].person.manager_id = "399999999";
  json f = decision_flow(g);
  EXPECT_EQ(edge_from(f, "300000003"), nullptr);
}

}  // namespace
