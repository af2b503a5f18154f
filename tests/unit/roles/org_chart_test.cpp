// Role rules on real org charts (the public sample charts of docs/role-eval.md): the chief
// executive signs below the headcount the seller's profile names, chief titles the title rules
// read as general management keep their function, a department's own words beat the title
// model's guess, and a chief information security officer is never taken for a guard.
#include "roles_fixture.hpp"

using namespace roles_test;

namespace {

sdk::Candidate in_department(const std::string& title, const std::string& department) {
  sdk::Candidate c = candidate(title);
  c.person.department = department;
  c.person.experience.front().department = department;
  // normalize.title reads the department too.
  auto l = classifier().classify(title, department);
  c.function = l.function;
  c.title_rule = l.rule;
  return c;
}

bool cites(const sdk::Candidate& c, const std::string& field, const std::string& words) {
  for (const auto& e : c.evidence)
    if (e.field == field && e.note.find(words) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST(OrgChart, ChiefExecutiveSignsBelowTheProfilesHeadcount) {
  auto s = seller("finance-software");  // chief_executive_signs_below: 100
  ASSERT_EQ(s.role_rules["top_executive_below_employees"], 100);
  auto small = run(candidate("Chief Executive Officer"), s, company(50));
  EXPECT_EQ(small.role, "decision");
  EXPECT_TRUE(has(small.rule_ids, "decision.top_executive_small_company"));
  EXPECT_TRUE(cites(small, "company.employees", "fewer than 100"));

  auto large = run(candidate("Chief Executive Officer"), s, company(150));
  EXPECT_FALSE(has(large.rule_ids, "decision.top_executive_small_company"));

  s.role_rules["top_executive_below_employees"] = 30;  // the profile says 30
  auto mid = run(candidate("Chief Executive Officer"), s, company(50));
  EXPECT_FALSE(has(mid.rule_ids, "decision.top_executive_small_company"));

  sdk::Company unknown = company(50);
  unknown.employees.reset();  // headcount unknown: never assumed small
  auto u = run(candidate("Chief Executive Officer"), seller("finance-software"), unknown);
  EXPECT_FALSE(has(u.rule_ids, "decision.top_executive_small_company"));
}

TEST(OrgChart, ChiefBusinessOfficerLeadsSales) {
  auto cbo = candidate("Chief Business Officer");
  ASSERT_EQ(cbo.function, "executive");  // the title rules read it as general management
  auto r = run(cbo, seller("sales-tooling"), company(10));
  EXPECT_EQ(r.function, "sales");
  EXPECT_EQ(r.role, "decision");
  EXPECT_TRUE(cites(r, "person.title", "executive_titles"));
  // The chief executive stays general management.
  EXPECT_EQ(
      run(candidate("Chief Executive Officer"), seller("sales-tooling"), company(10)).function,
      "executive");
}

TEST(OrgChart, DepartmentWordsBeatTheTitleModelsGuess) {
  auto s = seller("finance-software");
  auto co = company(50);
  auto guess = in_department("Department Manager", "Procurement department");
  ASSERT_NE(guess.function, "procurement");  // the title model's guess (the reason for this rule)
  auto r = run(guess, s, co);
  EXPECT_EQ(r.function, "procurement");
  EXPECT_EQ(r.role, "blocker");
  EXPECT_TRUE(cites(r, "person.department", "the title model guessed"));

  // A title rule is never overruled by the department.
  auto marketing = run(in_department("Marketing Manager", "Procurement department"), s, co);
  EXPECT_EQ(marketing.function, "marketing");

  // A department that names no function clears a guess: consultants who deliver to clients.
  auto staff = in_department("Consultant", "Professional Services");
  staff.person.manager_id = "p-lead";  // staff, not an outside advisor
  auto consultant = run(staff, s, co);
  EXPECT_EQ(consultant.function, "other");
  EXPECT_EQ(consultant.role, "");
}

TEST(OrgChart, InformationSecurityChiefsAreNotGuards) {
  auto s = seller("finance-software");  // security gates: security review, personal data
  auto co = company(10);
  auto ciso = run(candidate("Chief Information Security Officer"), s, co);
  EXPECT_EQ(ciso.role, "blocker");
  EXPECT_EQ(ciso.sub_role, "security");
  auto cso = run(candidate("Chief Security Officer"), s, co);
  EXPECT_EQ(cso.role, "blocker");
  // A security officer below C-level is still read as a guard: no gate.
  auto guard = candidate("Security Officer");
  guard.function = "security";  // even if a source labels the post security
  EXPECT_EQ(run(guard, s, co).role, "");
}
