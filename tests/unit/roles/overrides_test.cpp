// Rules file loading and per-seller overrides (docs/roles.md#overrides).
#include "roles_fixture.hpp"

using namespace roles_test;

TEST(Overrides, CLevelThresholdChangesWhoSigns) {
  auto s = seller("cloud-infrastructure");  // 120k; its own c_level_threshold is 250k
  auto vp = run(candidate("VP Engineering"), s, company(300));
  EXPECT_EQ(vp.sub_role, "economic_buyer");
  s.role_rules["c_level_threshold"] = 100000;
  auto vp2 = run(candidate("VP Engineering"), s, company(300));
  EXPECT_NE(vp2.sub_role, "economic_buyer");
  auto cto = run(candidate("CTO"), s, company(300));
  EXPECT_TRUE(has(cto.rule_ids, "decision.c_level_required"));
}

TEST(Overrides, ThresholdsWeightsRulesAndSegments) {
  auto s = seller("cloud-infrastructure");
  auto base = run(candidate("Marketing Manager"), s, company(3000));
  EXPECT_EQ(base.role, "");
  s.role_rules["stakeholder_min_function_fit"] = 10;
  s.role_rules["rules"] = nlohmann::json::array(
      {{{"id", "stakeholder.any_manager"},
        {"role", "stakeholder"},
        {"when",
         {{"seniority", {"manager"}},
          {"min_scores", {{"function_fit", "@stakeholder_min_function_fit"}}}}}}});
  auto added = run(candidate("Marketing Manager"), s, company(3000));
  EXPECT_EQ(added.role, "stakeholder");
  EXPECT_TRUE(has(added.rule_ids, "stakeholder.any_manager"));

  auto w = seller("cloud-infrastructure");
  double before = score_of(run(candidate("Marketing Manager"), w, company(3000)), "overall");
  w.role_rules["weights"] = {{"function_fit", 3.0}};
  double after = score_of(run(candidate("Marketing Manager"), w, company(3000)), "overall");
  EXPECT_LT(after, before);  // function fit 15 now dominates

  auto d = seller("cloud-infrastructure");
  d.role_rules["disable_rules"] = {"decision.authority"};
  EXPECT_NE(run(candidate("VP Engineering"), d, company(300)).sub_role, "economic_buyer");

  auto st = seller("sales-tooling");
  st.role_rules["sales_segments"] = {{"hunter", {"new business"}}, {"farmer", {"enterprise"}}};
  auto ent = run(candidate("Enterprise Sales Director"), st, company(300));
  EXPECT_TRUE(has(ent.flags, "farmer"));
}

TEST(Overrides, UnknownKeysWarnAndWrongTypesFail) {
  auto e = engine().with_overrides({{"query_limit", 5}});
  ASSERT_TRUE(e);
  ASSERT_EQ(e->warnings().size(), 1u);
  EXPECT_NE(e->warnings()[0].find("query_limit"), std::string::npos);
  EXPECT_EQ(e->version(), "roles/default@1+overrides");
  EXPECT_EQ(engine().version(), "roles/default@1");

  auto bad = engine().with_overrides({{"c_level_threshold", true}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("c_level_threshold"), std::string::npos);
  auto bad_rule = engine().with_overrides({{"rules", {{{"id", "x"}, {"role", "boss"}}}}});
  ASSERT_FALSE(bad_rule);
  EXPECT_NE(bad_rule.error().message.find("role"), std::string::npos);
  auto bad_disable = engine().with_overrides({{"disable_rules", {"no.such.rule"}}});
  EXPECT_FALSE(bad_disable);
}

TEST(Overrides, ForeignCurrencyIsConvertedToUsd) {
  auto s = seller("finance-software");  // 90k EUR
  auto e = engine().with_overrides(s.role_rules);
  auto acct = e->prepare(s, company(300));
  ASSERT_TRUE(acct.deal_usd.has_value());
  EXPECT_NEAR(*acct.deal_usd, 97200, 1);
  s.currency = "XYZ";
  auto unknown = e->prepare(s, company(300));
  EXPECT_FALSE(unknown.deal_usd.has_value());
  EXPECT_FALSE(unknown.warnings.empty());
  auto c = candidate("CFO");
  e->score(c, unknown);
  e->assign(c, unknown);
  EXPECT_TRUE(has(c.flags, "data_limited"));
  EXPECT_FALSE(has(c.rule_ids, "decision.authority"));
}

TEST(Overrides, AuthorityTableFollowsTheTier) {
  auto s = seller("cloud-infrastructure");
  auto acct = engine().prepare(s, company(300));  // S7: 200k / 150k / 50k
  EXPECT_EQ(acct.tier_id, "S7");
  ASSERT_EQ(acct.authority.size(), 4u);
  EXPECT_EQ(acct.authority[0].level, "manager");
  EXPECT_DOUBLE_EQ(acct.authority[0].ceiling, 50000);
  EXPECT_DOUBLE_EQ(acct.authority[2].level == "vp" ? acct.authority[2].floor : -1, 30000);
  EXPECT_DOUBLE_EQ(acct.authority[2].ceiling, 200000);
}

TEST(Overrides, BadRulesFilesNameThePath) {
  auto missing = roles::RoleEngine::load("/nonexistent/rules.yaml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "not_found");
  std::string text = "id: t\nversion: 1\n";
  auto partial = roles::RoleEngine::parse(text, "t.yaml");
  ASSERT_FALSE(partial);
  EXPECT_NE(partial.error().message.find("t.yaml"), std::string::npos);
  auto syntax = roles::RoleEngine::parse("id: [", "s.yaml");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().code, "invalid_input");
}

TEST(Overrides, EveryDefaultRuleHasAnIdAndTheFileHasAVersion) {
  auto ids = engine().rule_ids();
  EXPECT_GE(ids.size(), 20u);
  for (const auto& id : ids) EXPECT_FALSE(id.empty());
}
