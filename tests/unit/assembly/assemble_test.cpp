#include <gtest/gtest.h>

#include <map>

#include "buyergraph/assembly/assemble.hpp"
#include "fixtures.hpp"

using namespace buyergraph;
using fixtures::candidate;

namespace {

const char* kFirst[] = {"Aiko",   "Bruno", "Chidi", "Dana", "Emil", "Fatima",  "Goran", "Helena",
                        "Ishaan", "Jonas", "Keiko", "Lars", "Maya", "Nikolai", "Olga"};
const char* kLast[] = {"Andersen", "Basu", "Costa", "Dimitrov", "Eriksen", "Farouk", "Garcia"};

// A realistic pool: `per_role` people for each role, spread over functions and levels.
std::vector<sdk::Candidate> pool(int per_role) {
  const std::vector<std::tuple<std::string, std::string, std::string>> roles = {
      {"decision", "vp", "operations"},
      {"champion", "director", "operations"},
      {"stakeholder", "manager", "it"},
      {"blocker", "manager", "procurement"},
      {"introducer", "manager", "sales"}};
  std::vector<sdk::Candidate> out;
  int n = 0;
  for (const auto& [role, level, fn] : roles)
    for (int i = 0; i < per_role; ++i, ++n)
      out.push_back(candidate(
          {.id = "pool-" + std::to_string(n),
           .name = std::string(kFirst[n % 15]) + " " + kLast[n % 7] + " " + std::to_string(n),
           .title = level + " " + fn,
           .seniority = level,
           .function = fn,
           .role = role,
           .overall = 90.0 - i}));
  return out;
}

assembly::AssemblyOptions opts() {
  assembly::AssemblyOptions o;
  o.generated_at = "2026-11-24T19:00:00Z";
  o.run_id = "run-test";
  return o;
}

std::map<std::string, int> role_counts(const sdk::BuyerGroup& g) {
  std::map<std::string, int> out;
  for (const auto& m : g.members) ++out[m.role];
  return out;
}

}  // namespace

TEST(Assemble, SizesStayWithinTierBoundsAcrossTiers) {
  for (std::int64_t employees : {15, 300, 3400, 20000, 104200}) {
    auto company = fixtures::company(employees);
    auto g = assembly::assemble(pool(8), company, fixtures::seller(250000, {"operations"}), opts());
    const auto& size = g.coverage["size"];
    const auto* tier = tiers::TierTable::shared().by_employees(employees);
    ASSERT_NE(tier, nullptr);
    SCOPED_TRACE(tier->id);
    EXPECT_EQ(g.coverage["tier"]["id"], tier->id);
    int found = static_cast<int>(g.members.size());
    EXPECT_EQ(size["found"], found);
    EXPECT_LE(found, tier->size_max);
    EXPECT_GE(found, size["min"].get<int>());
    EXPECT_EQ(size["max"], tier->size_max);
    auto roles = role_counts(g);
    EXPECT_LE(roles["decision"], tier->ideal.decision);
    EXPECT_GE(roles["decision"], 1);
  }
}

TEST(Assemble, TooFewPeopleGivesASmallHonestGroupWithNamedGaps) {
  auto company = fixtures::company(2000);  // M4: ideal 11
  std::vector<sdk::Candidate> people = {
      candidate({.id = "t1",
                 .name = "Selin Aydin",
                 .title = "Director of Operations",
                 .seniority = "director",
                 .function = "operations",
                 .role = "champion"}),
      candidate({.id = "t2",
                 .name = "Pavel Novak",
                 .title = "IT Manager",
                 .seniority = "manager",
                 .function = "it",
                 .role = "stakeholder"}),
      candidate({.id = "t3",
                 .name = "Greta Lund",
                 .title = "Clerk",
                 .seniority = "ic",
                 .function = "admin"}),
  };
  auto g = assembly::assemble(people, company, fixtures::seller(120000, {"operations"}), opts());
  EXPECT_EQ(g.members.size(), 2u);  // not padded with the role-less clerk
  for (const auto& m : g.members) EXPECT_FALSE(m.role.empty());
  // 3 of 2000 people in the data: the plan shrinks to what the data can hold (ideal 2, max 3),
  // and the tier's own size stays visible next to it.
  const auto& size = g.coverage["size"];
  EXPECT_EQ(size["adjustments"][0]["rule"], "data_scarce");
  EXPECT_EQ(size["ideal"], 2);
  EXPECT_EQ(size["tier_size"], nlohmann::json({9, 11, 12}));
  EXPECT_EQ(size["found"], 2);
  bool decision_gap = false;
  for (const auto& r : g.coverage["required"])
    if (r["id"] == "role:decision") {
      decision_gap = true;
      EXPECT_FALSE(r["covered"].get<bool>());
      EXPECT_EQ(r["gap_reason"], "data_limited");
    }
  EXPECT_TRUE(decision_gap);
  EXPECT_LT(g.coverage["score"].get<int>(), 100);
  EXPECT_EQ(g.coverage["candidates_considered"], 3);
}

TEST(Assemble, NeverForcesADecisionMaker) {
  auto company = fixtures::company(600);
  std::vector<sdk::Candidate> people = {
      candidate({.id = "n1",
                 .name = "Victor Hugo Lima",
                 .title = "Chief Executive Officer",
                 .seniority = "c_level",
                 .function = "executive",
                 .role = "stakeholder",
                 .sub_role = "executive_sponsor",
                 .overall = 95}),
      candidate({.id = "n2",
                 .name = "Amelie Laurent",
                 .title = "Head of Fleet",
                 .seniority = "director",
                 .function = "operations",
                 .role = "champion"}),
  };
  for (int i = 0; i < 40; ++i)  // plenty of people found: the gap is about quality, not data
    people.push_back(candidate({.id = "x" + std::to_string(i),
                                .name = "Filler Person " + std::to_string(i),
                                .title = "Driver",
                                .seniority = "ic",
                                .function = "operations"}));
  auto g = assembly::assemble(people, company, fixtures::seller(120000, {"operations"}), opts());
  EXPECT_EQ(role_counts(g)["decision"], 0);
  EXPECT_EQ(g.coverage["roles"]["decision"], 0);
  for (const auto& m : g.members) EXPECT_NE(m.role, "decision");
  EXPECT_EQ(g.coverage["required"][0]["id"], "role:decision");
  EXPECT_EQ(g.coverage["required"][0]["gap_reason"], "quality_limited");
}

TEST(Assemble, CapsRolesAndRecordsDemotionsAndDrops) {
  auto company = fixtures::company(600);  // M1: 2/3/3/1/0, size 8-9-10
  auto g = assembly::assemble(pool(5), company, fixtures::seller(250000, {"operations"}), opts());
  auto roles = role_counts(g);
  EXPECT_EQ(roles["decision"], 2);
  EXPECT_LE(roles["champion"], 4);
  EXPECT_LE(roles["blocker"], 1);
  EXPECT_EQ(roles["introducer"], 0);
  EXPECT_LE(static_cast<int>(g.members.size()), 10);
  int demoted = 0;
  for (const auto& m : g.members)
    for (const auto& id : m.rule_ids)
      if (id == "assembly.balance.demote.decision_to_champion") ++demoted;
  // 3 surplus decision makers were demoted to champion (some may then be trimmed further).
  int dropped_decision = 0;
  for (const auto& e : g.excluded)
    for (const auto& id : e.rule_ids)
      if (id == "assembly.balance.demote.decision_to_champion") ++dropped_decision;
  EXPECT_EQ(demoted + dropped_decision, 3);
  // Demoted twice (decision -> champion -> stakeholder): one sentence says both, no contradiction.
  int twice = 0;
  for (const auto& list : {g.members, g.excluded})
    for (const auto& m : list)
      if (std::count(m.rule_ids.begin(), m.rule_ids.end(),
                     "assembly.balance.demote.champion_to_stakeholder") &&
          std::count(m.rule_ids.begin(), m.rule_ids.end(),
                     "assembly.balance.demote.decision_to_champion")) {
        ++twice;
        std::string why;
        for (const auto& e : m.evidence)
          if (e.field == "candidate.reason") why = e.value;
        EXPECT_NE(why.find("2 decision makers and 4 champions ranked higher, so this person is "
                           "listed as a stakeholder."),
                  std::string::npos)
            << why;
        EXPECT_EQ(why.find("listed as a champion"), std::string::npos) << why;
      }
  EXPECT_GT(twice, 0);
  bool introducer_listed = false;
  for (const auto& e : g.excluded)
    if (e.excluded_reason == "over the tier max for role introducer (cap 0)")
      introducer_listed = true;
  EXPECT_TRUE(introducer_listed);
}

TEST(Assemble, ExcludedListHasNotablePeopleWithReasonsSortedAndCapped) {
  auto company = fixtures::company(600);
  std::vector<sdk::Candidate> people = pool(1);
  people.push_back(candidate({.id = "e1",
                              .name = "Harriet Cole",
                              .title = "Former CFO",
                              .seniority = "c_level",
                              .function = "finance",
                              .employment = "departed",
                              .excluded_reason = "not current at the company"}));
  people.push_back(candidate({.id = "e2",
                              .name = "Oscar Brandt",
                              .title = "Analyst",
                              .seniority = "ic",
                              .function = "finance",
                              .excluded_reason = "anti-persona"}));
  people.push_back(candidate({.id = "e3",
                              .name = "Ines Moreau",
                              .title = "Ops Manager",
                              .seniority = "manager",
                              .function = "operations",
                              .excluded_reason = "no email domain match"}));
  auto g = assembly::assemble(people, company, fixtures::seller(250000, {"operations"}), opts());
  std::vector<std::string> ids;
  for (const auto& e : g.excluded) {
    ids.push_back(e.person.id);
    EXPECT_FALSE(e.excluded_reason.empty());
  }
  ASSERT_GE(ids.size(), 2u);
  EXPECT_EQ(ids[0], "e1");                                 // c_level first
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "e2"), 0);  // an excluded IC is not notable
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "e3"), 1);
  EXPECT_EQ(g.excluded[0].excluded_reason, "not current at the company");

  auto o = opts();
  o.max_excluded = 1;
  auto capped = assembly::assemble(people, company, fixtures::seller(250000, {"operations"}), o);
  EXPECT_EQ(capped.excluded.size(), 1u);
  EXPECT_GE(capped.coverage["excluded_notable"].get<int>(), 2);
}

TEST(Assemble, LedgerRunAndEngagementAreFilled) {
  auto company = fixtures::company(300);
  auto people = pool(2);
  people[0].person.provenance.cost = 2.5;
  auto g = assembly::assemble(people, company, fixtures::seller(250000, {"operations"}), opts());
  EXPECT_EQ(g.run["generated_at"], "2026-11-24T19:00:00Z");
  EXPECT_EQ(g.run["id"], "run-test");
  EXPECT_EQ(g.run["synthetic_data"], true);
  EXPECT_EQ(g.run["seller_file"], "fixture.yaml");
  EXPECT_EQ(g.run["rules_version"], "assembly@1");
  EXPECT_DOUBLE_EQ(g.ledger["total_credits"].get<double>(), 2.5 + 9 * 1.0);
  EXPECT_DOUBLE_EQ(g.ledger["by_provider"]["fixture"]["credits"].get<double>(), 11.5);
  EXPECT_EQ(g.ledger["per_member"].size(), g.members.size());
  EXPECT_EQ(g.engagement["stage"], "prospecting");
  ASSERT_FALSE(g.engagement["call_order"].empty());
  EXPECT_EQ(g.engagement["call_order"][0]["role"], "champion");
  EXPECT_FALSE(g.coverage["cohesion"]["score"].is_null());
  // The whole group round-trips through the SDK's JSON.
  nlohmann::json j = g;
  auto back = j.get<sdk::BuyerGroup>();
  EXPECT_EQ(back.members.size(), g.members.size());
  EXPECT_EQ(back.coverage, g.coverage);
}

TEST(Assemble, UnknownCompanySizeIsNotSizedFromADefault) {
  auto g = assembly::assemble(pool(2), fixtures::company(std::nullopt),
                              fixtures::seller(250000, {"operations"}), opts());
  EXPECT_TRUE(g.coverage["tier"]["id"].is_null());
  EXPECT_EQ(g.coverage["size"]["status"], "unsized");
  EXPECT_TRUE(g.coverage["size"]["ideal"].is_null());
  bool warned = false;
  for (const auto& w : g.run["warnings"])
    if (w.get<std::string>().find("company size unknown") != std::string::npos) warned = true;
  EXPECT_TRUE(warned);
}

// A 10-person company (S3: one decision seat, no blocker seat): the chief executive signs on top
// of the buying function's leader, and every gate the role rules called for keeps one blocker
// (the second person of the same gate leaves first). The head of a function keeps the decision
// seat over a C-level who reports to them.
TEST(Assemble, SmallCompanyKeepsTheChiefExecutiveTheFunctionHeadAndOneBlockerPerGate) {
  auto company = fixtures::company(10);
  auto c = [](fixtures::Spec s) { return fixtures::candidate(s); };
  auto ceo = c({.id = "ceo",
                .name = "Mark Hill",
                .title = "Chief Executive Officer",
                .seniority = "c_level",
                .function = "executive",
                .role = "decision",
                .sub_role = "economic_buyer",
                .overall = 60});
  ceo.rule_ids.push_back("decision.top_executive_small_company");
  auto cbo = c({.id = "cbo",
                .name = "Linda May",
                .title = "Chief Business Officer",
                .seniority = "c_level",
                .function = "sales",
                .role = "decision",
                .overall = 70});
  cbo.person.manager_id = "ceo";
  auto cbdo = c({.id = "cbdo",
                 .name = "Kirk Douglas",
                 .title = "Chief Business Development Officer",
                 .seniority = "c_level",
                 .function = "sales",
                 .role = "decision",
                 .overall = 90});
  cbdo.person.manager_id = "cbo";  // ranks higher, but reports to the head of sales
  std::vector<sdk::Candidate> people = {ceo, cbo, cbdo};
  people.push_back(c({.id = "ciso",
                      .name = "Ron Blomquist",
                      .title = "CISO",
                      .seniority = "c_level",
                      .function = "security",
                      .role = "blocker",
                      .sub_role = "security",
                      .overall = 70}));
  people.push_back(c({.id = "clo",
                      .name = "Ann Lee",
                      .title = "General Counsel",
                      .seniority = "c_level",
                      .function = "legal",
                      .role = "blocker",
                      .sub_role = "legal",
                      .overall = 60}));
  people.push_back(c({.id = "counsel",
                      .name = "Bo Chan",
                      .title = "Legal Manager",
                      .seniority = "manager",
                      .function = "legal",
                      .role = "blocker",
                      .sub_role = "legal",
                      .overall = 50}));
  auto g = assembly::assemble(people, company, fixtures::seller(40000, {"sales"}), opts());
  std::map<std::string, std::string> role_of;
  for (const auto& m : g.members) role_of[m.person.id] = m.role;
  EXPECT_EQ(role_of["ceo"], "decision");
  EXPECT_EQ(role_of["cbo"], "decision");
  EXPECT_EQ(role_of["cbdo"], "champion");  // demoted, with the sentence that says why
  EXPECT_EQ(role_of["ciso"], "blocker");
  EXPECT_EQ(role_of["clo"], "blocker");
  EXPECT_EQ(role_of.count("counsel"), 0u);  // legal already has its gate
  bool spare = false;
  for (const auto& e : g.excluded) spare |= e.person.id == "counsel" && e.role == "blocker";
  EXPECT_TRUE(spare);
}
