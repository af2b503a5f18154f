// The buying process decides the seats (issue: a mid-sized manufacturer's HR export with the
// finance-software seller, 90k EUR): nobody from production holds a seat, purchasing gates the
// deal, accounts-payable clerks and IT are stakeholders, and every role comes with a plain
// sentence that names no internal document.
#include "roles_fixture.hpp"

using namespace roles_test;

namespace {

sdk::Candidate in_department(const std::string& title, const std::string& department) {
  sdk::Candidate c = candidate(title);
  c.person.department = department;
  c.person.experience.front().department = department;
  return c;
}

std::string reason(const sdk::Candidate& c) {
  for (const auto& e : c.evidence)
    if (e.field == "candidate.reason") return e.value;
  return {};
}

}  // namespace

TEST(BuyingProcess, ManufacturerGroupForAccountsPayableAutomation) {
  auto s = seller("finance-software");  // buyers finance; users finance; evaluators it
  auto co = company(400);

  auto vp_production = run(candidate("VP of Production"), s, co);
  EXPECT_EQ(vp_production.role, "") << vp_production.role;  // not a champion any more
  auto supervisor = run(in_department("Production Supervisor", "Production"), s, co);
  EXPECT_EQ(supervisor.role, "");  // not a stakeholder: operations has no seat here

  auto purchasing = run(candidate("Purchasing Manager"), s, co);
  EXPECT_EQ(purchasing.role, "blocker");
  EXPECT_EQ(purchasing.sub_role, "procurement");
  EXPECT_TRUE(has(purchasing.rule_ids, "blocker.procurement.named"));

  auto clerk = run(candidate("Accounts Payable Clerk"), s, co);
  EXPECT_EQ(clerk.role, "stakeholder");
  EXPECT_EQ(clerk.sub_role, "end_user");

  auto it = run(candidate("IT Manager"), s, co);
  EXPECT_EQ(it.role, "stakeholder");
  EXPECT_EQ(it.sub_role, "technical_evaluator");

  auto cfo = run(candidate("CFO"), s, co);
  EXPECT_EQ(cfo.role, "decision");
  auto controller = run(candidate("Finance Manager"), s, co);
  EXPECT_TRUE(controller.role == "champion" || controller.role == "decision") << controller.role;
}

TEST(BuyingProcess, ProcurementIsNotNamedBelowTheGatekeeperLine) {
  auto s = seller("finance-software");
  s.deal_size = 20000;  // EUR: below the 50,000 USD line for a named gatekeeper
  auto purchasing = run(candidate("Purchasing Manager"), s, company(400));
  EXPECT_NE(purchasing.role, "blocker");
}

TEST(BuyingProcess, DepartmentGivesTheFunctionWhenTheTitleNamesNone) {
  auto s = seller("finance-software");
  auto co = company(400);
  auto clerk = run(in_department("Clerk", "Accounts Payable"), s, co);
  EXPECT_EQ(clerk.function, "finance");
  EXPECT_EQ(clerk.role, "stakeholder");
  bool cited = false;
  for (const auto& e : clerk.evidence)
    cited |= e.field == "person.department" && e.value == "Accounts Payable";
  EXPECT_TRUE(cited);

  auto buyer = run(in_department("Team Lead", "Purchasing"), s, co);
  EXPECT_EQ(buyer.function, "procurement");

  // A title that names its function keeps it, whatever the department says.
  auto marketing = run(in_department("Marketing Manager", "Sales"), s, co);
  EXPECT_EQ(marketing.function, "marketing");
}

TEST(BuyingProcess, EveryRoleHasAPlainReasonWithoutInternalReferences) {
  auto s = seller("finance-software");
  auto co = company(400);
  for (const char* title : {"CFO", "Finance Manager", "Purchasing Manager",
                            "Accounts Payable Clerk", "IT Manager", "CISO", "General Counsel"}) {
    auto c = run(candidate(title), s, co);
    SCOPED_TRACE(title);
    if (c.role.empty()) continue;
    const std::string r = reason(c);
    EXPECT_FALSE(r.empty());
    EXPECT_EQ(r.find('{'), std::string::npos) << r;  // every placeholder filled
    EXPECT_EQ(r.find(std::string("domain") + ".md"), std::string::npos) << r;
    EXPECT_EQ(r.find("\xC2\xA7"), std::string::npos) << r;  // no section sign
    for (const auto& e : c.evidence)
      EXPECT_EQ(e.note.find("\xC2\xA7"), std::string::npos) << e.note;
  }
  auto cfo = run(candidate("CFO"), s, co);
  EXPECT_NE(reason(cfo).find("finance"), std::string::npos) << reason(cfo);
  EXPECT_NE(reason(cfo).find("90,000 EUR"), std::string::npos) << reason(cfo);
  EXPECT_NE(reason(cfo).find("400 people"), std::string::npos) << reason(cfo);
}

TEST(BuyingProcess, AdvisorTitlesWithALineManagerAreStaffNotIntroducers) {
  auto s = seller("finance-software");  // introducers: advisors and board members
  auto advisor = run(candidate("Senior Advisor"), s, company(400));
  EXPECT_EQ(advisor.role, "introducer");
  auto staff = candidate("Consultant");
  staff.person.manager_id = "p-manager";
  EXPECT_NE(run(staff, s, company(400)).role, "introducer");
}

TEST(BuyingProcess, GeneralManagerOfASmallCompanyDecides) {
  auto s = seller("sales-tooling");
  auto gm = run(candidate("General Manager"), s, company(8));
  EXPECT_EQ(gm.role, "decision");
  EXPECT_TRUE(has(gm.rule_ids, "decision.top_executive_small_company"));
  // A regional general manager of a large company is no such thing; nor is a vice president.
  EXPECT_FALSE(has(run(candidate("General Manager"), s, company(5000)).rule_ids,
                   "decision.top_executive_small_company"));
  EXPECT_FALSE(has(run(candidate("Vice President, Marketing"), s, company(8)).rule_ids,
                   "decision.top_executive_small_company"));
}
