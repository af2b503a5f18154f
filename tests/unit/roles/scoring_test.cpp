// Score ranges, inputs and formulas pinned.
#include <cmath>

#include "roles_fixture.hpp"

using namespace roles_test;

TEST(Scoring, EveryScoreIsInRangeAndHasInputs) {
  const char* titles[] = {"CEO",
                          "VP Engineering",
                          "Director of Sales",
                          "SRE Manager",
                          "Senior Software Engineer",
                          "Accountant",
                          "Intern",
                          "Security Guard",
                          "Head of Procurement",
                          "Sales Engineer",
                          "Barista",
                          ""};
  for (const char* file :
       {"cloud-infrastructure", "security", "sales-tooling", "finance-software"}) {
    auto s = seller(file);
    for (std::int64_t employees : {3, 300, 30000})
      for (const char* t : titles) {
        auto c = run(candidate(t), s, company(employees));
        for (const auto& sc : c.scores) {
          EXPECT_GE(sc.value, 0) << file << " " << t << " " << sc.name;
          EXPECT_LE(sc.value, 100) << file << " " << t << " " << sc.name;
          EXPECT_FALSE(sc.inputs.empty()) << file << " " << t << " " << sc.name;
        }
        if (!std::string(t).empty()) {
          EXPECT_GE(score_of(c, "overall"), 0) << t;
          EXPECT_GE(score_of(c, "seniority"), 0) << t;
        }
      }
  }
}

TEST(Scoring, OverallIsTheWeightedMeanOfThePresentScores) {
  auto c =
      run(candidate("Director of Infrastructure"), seller("cloud-infrastructure"), company(300));
  const double w[] = {0.30, 0.30, 0.15, 0.15, 0.10};
  const char* names[] = {"seniority", "function_fit", "influence", "champion_potential", "recency"};
  double sum = 0, weight = 0;
  for (int i = 0; i < 5; ++i)
    if (double v = score_of(c, names[i]); v >= 0) sum += v * w[i], weight += w[i];
  ASSERT_GT(weight, 0);
  EXPECT_NEAR(score_of(c, "overall"), sum / weight, 0.1);
}

TEST(Scoring, SeniorityDependsOnDealSizeAndTier) {
  auto s = seller("cloud-infrastructure");                                       // 120k
  auto mid = run(candidate("Director of Infrastructure"), s, company(300));      // can sign
  auto large = run(candidate("Director of Infrastructure"), s, company(30000));  // can sign too
  s.deal_size = 5000000;
  auto big_deal = run(candidate("Director of Infrastructure"), s, company(300));
  EXPECT_GT(score_of(mid, "seniority"), score_of(big_deal, "seniority"));
  EXPECT_EQ(score_of(mid, "seniority"), 75);       // base 65 + 10 can sign
  EXPECT_EQ(score_of(big_deal, "seniority"), 45);  // 2 levels below c_level: 65 - 20
  EXPECT_GE(score_of(large, "seniority"), 0);
  // Levels by the normalised label, not substrings: a full "Vice President" is a VP.
  auto vp = run(candidate("Vice President of Engineering"), s, company(300));
  auto ceo = run(candidate("President"), s, company(300));
  EXPECT_LT(score_of(vp, "seniority"), score_of(ceo, "seniority"));
}

TEST(Scoring, FunctionFitPrimarySecondaryPersonaAntiPersona) {
  auto s = seller("cloud-infrastructure");  // engineering,it -> security,finance,procurement
  auto co = company(3000);
  double primary = score_of(run(candidate("Engineering Manager"), s, co), "function_fit");
  double persona = score_of(run(candidate("Head of DevOps"), s, co), "function_fit");
  double secondary = score_of(run(candidate("Finance Manager"), s, co), "function_fit");
  double other = score_of(run(candidate("Marketing Manager"), s, co), "function_fit");
  double anti = score_of(run(candidate("Sales Engineer"), s, co), "function_fit");
  EXPECT_EQ(primary, 90);
  EXPECT_EQ(persona, 100);
  EXPECT_EQ(secondary, 65);
  EXPECT_EQ(other, 15);
  EXPECT_EQ(anti, 0);
}

TEST(Scoring, FunctionFitIsNotComputedWithoutSellerPreferences) {
  auto c = run(candidate("VP Engineering"), sellers::default_seller_profile(), company(300));
  EXPECT_EQ(roles::find_score(c, "function_fit"), nullptr);
  const sdk::Score* overall = roles::find_score(c, "overall");
  ASSERT_NE(overall, nullptr);
  bool named = false;
  for (const auto& in : overall->inputs)
    named |= in.field == "candidate.scores.function_fit" &&
             in.note.find("not computed") != std::string::npos;
  EXPECT_TRUE(named);
}

TEST(Scoring, UnknownNetworkIsUnknownNotZero) {
  auto s = seller("cloud-infrastructure");
  auto unknown = run(candidate("Director of Infrastructure", std::nullopt), s, company(300));
  auto zero = candidate("Director of Infrastructure", 0);
  zero.person.followers = 0;
  auto zeroed = run(zero, s, company(300));
  // Director: 40 of 60 seniority points; with zero known network 40 of 100.
  EXPECT_NEAR(score_of(unknown, "influence"), 66.7, 0.05);
  EXPECT_EQ(score_of(zeroed, "influence"), 40);
  const sdk::Score* inf = roles::find_score(unknown, "influence");
  bool said = false;
  for (const auto& in : inf->inputs)
    said |= in.field == "person.connections" && in.note.find("unknown") != std::string::npos;
  EXPECT_TRUE(said);
  // Network weight is capped: a huge network cannot lift an IC above a VP without one.
  auto ic = candidate("Software Engineer", 30000);
  ic.person.followers = 100000;
  auto vp = run(candidate("VP Engineering", std::nullopt), s, company(300));
  EXPECT_LT(score_of(run(ic, s, company(300)), "influence"), score_of(vp, "influence"));
}

TEST(Scoring, InputsNameFieldsAndPoints) {
  auto c = candidate("VP Engineering", 612);
  auto r = run(c, seller("cloud-infrastructure"), company(300));
  const sdk::Score* inf = roles::find_score(r, "influence");
  ASSERT_NE(inf, nullptr);
  bool found = false;
  for (const auto& in : inf->inputs)
    found |= in.field == "person.connections" && in.value == "612" && in.note.rfind("+20", 0) == 0;
  EXPECT_TRUE(found);
}

TEST(Scoring, RecencyUsesTheDataAsOfDate) {
  auto s = seller("cloud-infrastructure");
  auto c = candidate("VP Engineering");
  c.person.experience[0].from_year = 2026;
  c.person.experience[0].from_month = 10;  // retrieved 2026-11-24: 54 days
  auto r = run(c, s, company(300));
  EXPECT_EQ(score_of(r, "recency"), 100);
  c.person.provenance.retrieved_at = "2028-11-24T00:00:00Z";  // 25 months later
  EXPECT_EQ(score_of(run(c, s, company(300)), "recency"), 55);
  // The explicit as-of date wins.
  auto e = engine().with_overrides(s.role_rules);
  auto acct = e->prepare(s, company(300), "2026-12-01");
  e->score(c, acct);
  EXPECT_EQ(score_of(c, "recency"), 100);
  // No start date: not computed.
  auto none = candidate("VP Engineering");
  none.person.experience.clear();
  EXPECT_EQ(score_of(run(none, s, company(300)), "recency"), -1);
}

TEST(Scoring, ChampionPotentialFavoursDirectorsInTheBuyingFunction) {
  auto s = seller("cloud-infrastructure");
  auto co = company(3000);
  double dir = score_of(run(candidate("Director of Infrastructure"), s, co), "champion_potential");
  double hr = score_of(run(candidate("Director of HR"), s, co), "champion_potential");
  double ic = score_of(run(candidate("Software Engineer"), s, co), "champion_potential");
  EXPECT_GT(dir, hr);
  EXPECT_GT(dir, ic);
}

TEST(Scoring, ScoringTwiceReplacesScores) {
  auto s = seller("cloud-infrastructure");
  auto e = engine().with_overrides(s.role_rules);
  auto acct = e->prepare(s, company(300));
  auto c = candidate("CTO");
  e->score(c, acct);
  auto n = c.scores.size();
  e->score(c, acct);
  EXPECT_EQ(c.scores.size(), n);
}

TEST(Scoring, DateHelpers) {
  EXPECT_EQ(roles::day_number("1970-01-02"), 1);
  EXPECT_EQ(roles::day_number("2026-02-30"), std::nullopt);
  EXPECT_EQ(roles::day_number("garbage"), std::nullopt);
  EXPECT_TRUE(roles::day_number(roles::today_utc()).has_value());
}
