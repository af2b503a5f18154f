// Role rules pinned against docs/roles.md: authority, blockers, the buying process and the
// earlier system's defects.
#include "roles_fixture.hpp"

using namespace roles_test;

TEST(RoleRules, VpDecidesA120kDealAtMidSizeButIsNotEconomicBuyerAt100kPeople) {
  auto s = seller("cloud-infrastructure");  // 120k USD
  auto small = run(candidate("VP Engineering"), s, company(300));
  EXPECT_EQ(small.role, "decision");
  EXPECT_EQ(small.sub_role, "economic_buyer");
  EXPECT_TRUE(has(small.rule_ids, "decision.authority"));

  auto huge = run(candidate("VP Engineering"), s, company(100000));
  EXPECT_NE(huge.sub_role, "economic_buyer");
  EXPECT_FALSE(has(huge.rule_ids, "decision.authority"));
}

TEST(RoleRules, DirectorIsNotDecisionMakerAtLargeTierForA40kDeal) {
  auto s = seller("sales-tooling");                                    // 40k USD, target sales
  auto large = run(candidate("Director of Sales"), s, company(8000));  // L1
  EXPECT_NE(large.role, "decision");
  EXPECT_FALSE(has(large.other_roles, "decision"));
  // The same title at a 300-person company can sign a 40k deal.
  auto mid = run(candidate("Director of Sales"), s, company(300));
  EXPECT_EQ(mid.role, "decision");
  // At the large company a sales manager signs it instead.
  auto mgr = run(candidate("Sales Manager"), s, company(8000));
  EXPECT_EQ(mgr.role, "decision");
}

TEST(RoleRules, VicePresidentIsNotPresident) {
  auto s = seller("sales-tooling");
  auto president = run(candidate("President"), s, company(60));  // S5: small tier
  EXPECT_EQ(president.role, "decision");
  EXPECT_TRUE(has(president.rule_ids, "decision.top_executive_small_company"));

  auto vp = run(candidate("Vice President, Customer Success"), s, company(60));
  EXPECT_FALSE(has(vp.rule_ids, "decision.top_executive_small_company"));
  EXPECT_NE(vp.role, "decision");  // customer success is not the buying function here
}

TEST(RoleRules, DirectorNeverTakesTheCLevelPath) {
  auto s = seller("security");  // 250k, c_level_threshold 150k in role_rules
  auto director = run(candidate("Director of Information Security"), s, company(2000));
  EXPECT_FALSE(has(director.rule_ids, "decision.c_level_required"));
  EXPECT_FALSE(has(director.rule_ids, "decision.top_executive_small_company"));
  EXPECT_NE(director.role, "decision");

  auto ciso = run(candidate("CISO"), s, company(2000));
  EXPECT_EQ(ciso.role, "decision");
  EXPECT_TRUE(has(ciso.rule_ids, "decision.c_level_required"));
}

TEST(RoleRules, ProductOwnerIsNotAnOwnerButAnOwnerHoldsSeveralRoles) {
  auto s = seller("cloud-infrastructure");
  auto po = run(candidate("Product Owner"), s, company(12));
  EXPECT_FALSE(has(po.rule_ids, "decision.top_executive_small_company"));
  EXPECT_NE(po.role, "decision");

  auto owner = run(candidate("Owner"), s, company(12));
  EXPECT_EQ(owner.role, "decision");
  EXPECT_TRUE(has(owner.other_roles, "champion"));
  EXPECT_TRUE(has(owner.flags, "potential_champion"));

  // The chief executive "always decides" only in small tiers.
  auto ceo = run(candidate("Chief Executive Officer"), s, company(50000));
  EXPECT_NE(ceo.role, "decision");
}

TEST(RoleRules, PhysicalSecurityIsNotASecurityBlocker) {
  auto s = seller("cloud-infrastructure");  // personal data + security review
  auto guard = run(candidate("Security Supervisor"), s, company(3000));
  EXPECT_NE(guard.role, "blocker");
  auto physical = run(candidate("Physical Security Manager"), s, company(3000));
  EXPECT_NE(physical.role, "blocker");

  auto infosec = run(candidate("Information Security Manager"), s, company(3000));
  EXPECT_TRUE(infosec.role == "blocker" || has(infosec.other_roles, "blocker")) << infosec.role;
  EXPECT_TRUE(has(infosec.rule_ids, "blocker.security.review"));
}

TEST(RoleRules, FarmerIsFlaggedAndDemotedForTheSalesToolingSeller) {
  auto s = seller("sales-tooling");
  auto farmer = run(candidate("Director of Expansion Sales"), s, company(300));
  auto hunter = run(candidate("Director of New Business Sales"), s, company(300));
  EXPECT_TRUE(has(farmer.flags, "farmer"));
  EXPECT_TRUE(has(hunter.flags, "hunter"));
  EXPECT_TRUE(has(farmer.rule_ids, "veto.farmer"));
  EXPECT_NE(farmer.role, "decision");
  EXPECT_NE(farmer.role, "champion");
  EXPECT_EQ(hunter.role, "decision");
  // The segment reaches the scores (the earlier system computed it and never used it).
  EXPECT_LT(score_of(farmer, "function_fit"), score_of(hunter, "function_fit"));
  EXPECT_LT(score_of(farmer, "overall"), score_of(hunter, "overall"));

  // For a seller that does not sell to sales teams the words mean nothing.
  auto other =
      run(candidate("Director of Expansion Sales"), seller("cloud-infrastructure"), company(300));
  EXPECT_FALSE(has(other.flags, "farmer"));
}

TEST(RoleRules, BlockersAppearOnlyWhenDealSizeOrSellerFlagsCallForThem) {
  auto s = sellers::default_seller_profile();  // 50k USD, no data flags
  s.target_functions = {"engineering"};
  auto proc_small = run(candidate("Head of Procurement"), s, company(3000));
  EXPECT_NE(proc_small.role, "blocker");
  auto legal_small = run(candidate("Legal Director"), s, company(3000));
  EXPECT_NE(legal_small.role, "blocker");

  s.deal_size = 120000;
  auto proc_big = run(candidate("Head of Procurement"), s, company(3000));
  EXPECT_EQ(proc_big.role, "blocker");
  EXPECT_EQ(proc_big.sub_role, "procurement");
  EXPECT_TRUE(has(proc_big.rule_ids, "blocker.procurement.deal_size"));
  auto legal_mid = run(candidate("Legal Director"), s, company(3000));
  EXPECT_NE(legal_mid.role, "blocker");  // legal from 150k, or personal data

  s.processes_personal_data = true;
  auto legal_pd = run(candidate("Legal Director"), s, company(3000));
  EXPECT_EQ(legal_pd.role, "blocker");
  EXPECT_EQ(legal_pd.sub_role, "legal");
  EXPECT_TRUE(has(legal_pd.rule_ids, "blocker.legal.personal_data"));
}

TEST(RoleRules, RequiredBlockerSubRolesFromTheSellerProfile) {
  auto s = sellers::default_seller_profile();
  s.target_functions = {"engineering"};
  auto none = run(candidate("Procurement Manager"), s, company(3000));
  EXPECT_NE(none.role, "blocker");
  s.role_rules = {{"required_blocker_sub_roles", {"procurement"}}};
  auto req = run(candidate("Procurement Manager"), s, company(3000));
  EXPECT_EQ(req.role, "blocker");
  EXPECT_TRUE(has(req.rule_ids, "blocker.procurement.required"));
}

TEST(RoleRules, IntroducerFollowsTheSellersDefinition) {
  auto s = seller("cloud-infrastructure");  // advisors_board
  auto advisor = run(candidate("Board Member"), s, company(3000));
  EXPECT_TRUE(advisor.role == "introducer" || has(advisor.other_roles, "introducer"));
  EXPECT_TRUE(has(advisor.rule_ids, "introducer.advisors_board"));

  s.introducer_definition = "none";
  auto none = run(candidate("Board Member"), s, company(3000));
  EXPECT_FALSE(has(none.rule_ids, "introducer.advisors_board"));
  EXPECT_NE(none.role, "introducer");

  s.introducer_definition = "sales_hunters";
  auto ae = run(candidate("Senior Account Executive", 900), s, company(3000));
  EXPECT_EQ(ae.role, "introducer");
  EXPECT_TRUE(has(ae.rule_ids, "introducer.sales_hunters"));
  // When the seller sells to sales teams, hunters are buyers, never introducers.
  auto st = seller("sales-tooling");
  st.introducer_definition = "sales_hunters";
  auto ae2 = run(candidate("Senior Account Executive", 900), st, company(3000));
  EXPECT_FALSE(has(ae2.rule_ids, "introducer.sales_hunters"));
}

TEST(RoleRules, ExcludedCandidateIsLeftUntouched) {
  auto s = seller("cloud-infrastructure");
  auto co = company(300);
  auto c = candidate("VP Engineering");
  c.excluded_reason = "departed";
  c.flags = {"stale"};
  auto e = engine().with_overrides(s.role_rules);
  auto acct = e->prepare(s, co);
  nlohmann::json before = c;
  e->assign(c, acct);
  EXPECT_EQ(nlohmann::json(c), before);
}

TEST(RoleRules, NobodyIsForcedIntoARole) {
  auto s = seller("cloud-infrastructure");
  for (const char* title : {"Barista", "Marketing Manager", "Intern", "", "Account Executive"}) {
    auto c = run(candidate(title), s, company(300));
    EXPECT_EQ(c.role, "") << title;
    EXPECT_TRUE(c.other_roles.empty()) << title;
    EXPECT_EQ(c.confidence, 0) << title;
  }
  // An anti-persona never gets a role, whatever its seniority.
  auto se = run(candidate("Sales Engineer"), s, company(300));
  EXPECT_EQ(se.role, "");
  EXPECT_TRUE(has(se.flags, "anti_persona"));
  EXPECT_TRUE(has(se.rule_ids, "veto.anti_persona"));
}

TEST(RoleRules, StakeholdersMustPassFunctionFit) {
  auto s = seller("cloud-infrastructure");
  auto arch = run(candidate("Cloud Architect"), s, company(3000));
  EXPECT_EQ(arch.role, "stakeholder");
  EXPECT_EQ(arch.sub_role, "technical_evaluator");
  auto hr = run(candidate("HR Business Partner"), s, company(3000));
  EXPECT_EQ(hr.role, "");
}

TEST(RoleRules, EveryAssignmentHasRuleIdsEvidenceAndAComputedConfidence) {
  auto s = seller("cloud-infrastructure");
  const char* titles[] = {"CTO",
                          "VP Engineering",
                          "Director of Infrastructure",
                          "SRE Manager",
                          "Principal Platform Engineer",
                          "Head of Procurement",
                          "CISO",
                          "General Counsel",
                          "Board Member",
                          "Software Engineer",
                          "Owner"};
  std::vector<double> decision_conf;
  for (std::int64_t employees : {12, 300, 3000, 30000})
    for (const char* t : titles) {
      auto c = run(candidate(t), s, company(employees));
      if (c.role.empty()) continue;
      EXPECT_FALSE(c.rule_ids.empty()) << t;
      EXPECT_FALSE(c.evidence.empty()) << t;
      EXPECT_GT(c.confidence, 0) << t;
      EXPECT_LE(c.confidence, 1) << t;
      bool rule_evidence = false;
      for (const auto& e : c.evidence) rule_evidence |= e.note.rfind("rule ", 0) == 0;
      EXPECT_TRUE(rule_evidence) << t;
      if (c.role == "decision") decision_conf.push_back(c.confidence);
    }
  // Confidence is not a constant per role.
  ASSERT_GE(decision_conf.size(), 2u);
  EXPECT_NE(*std::min_element(decision_conf.begin(), decision_conf.end()),
            *std::max_element(decision_conf.begin(), decision_conf.end()));
}

TEST(RoleRules, RecentlyAppointedAndThinProfileFlags) {
  auto s = seller("cloud-infrastructure");
  auto c = candidate("VP Engineering");
  c.person.experience[0].from_year = 2026;
  c.person.experience[0].from_month = 10;
  auto r = run(c, s, company(300));
  EXPECT_TRUE(has(r.flags, "recently_appointed"));

  auto thin = candidate("VP Engineering", std::nullopt);
  thin.person.headline.clear();
  thin.person.location.clear();
  thin.person.profile_url.clear();
  thin.person.experience.clear();
  auto t = run(thin, s, company(300));
  EXPECT_TRUE(has(t.flags, "thin_profile"));
  EXPECT_FALSE(has(t.flags, "recently_appointed"));
  auto full = run(candidate("VP Engineering"), s, company(300));
  EXPECT_LT(t.confidence, full.confidence);
}

TEST(RoleRules, UnknownCompanySizeNeverInventsAuthority) {
  auto s = seller("cloud-infrastructure");
  sdk::Company unknown;
  unknown.id = "co-1";
  auto c = run(candidate("VP Engineering"), s, unknown);
  EXPECT_FALSE(has(c.rule_ids, "decision.authority"));
  EXPECT_TRUE(has(c.flags, "data_limited"));
}
