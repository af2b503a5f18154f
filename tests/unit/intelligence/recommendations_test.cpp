#include <gtest/gtest.h>

#include <set>

#include "fixtures.hpp"

using namespace buyergraph::intelligence;
using json = nlohmann::json;

namespace {

json analyzed(buyergraph::sdk::BuyerGroup g) {
  analyze(g, fixtures::options());
  return g.intelligence;
}

const json* rec(const json& intel, const std::string& id) {
  for (const auto& r : intel["recommendations"])
    if (r["id"] == id) return &r;
  return nullptr;
}

TEST(Recommendations, NameRealMembersOnly) {
  auto g = fixtures::group();
  json intel = analyzed(g);
  std::set<std::string> ids;
  for (const auto& m : g.members) ids.insert(m.person.id);
  ASSERT_FALSE(intel["recommendations"].empty());
  for (const auto& item : fixtures::all_items(intel)) {
    for (const auto& id : item.value("person_ids", json::array()))
      EXPECT_TRUE(ids.count(id.get<std::string>())) << id << " is not a member";
    if (item.contains("person_id")) {
      EXPECT_TRUE(ids.count(item["person_id"].get<std::string>()));
    }
    // The excluded (departed) candidate is never named.
    EXPECT_EQ(item.value("statement", "").find("Grace Obi"), std::string::npos);
  }
}

TEST(Recommendations, ProspectingStartsWithTheChampion) {
  json intel = analyzed(fixtures::group());
  const json* entry = rec(intel, "rec-entry");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ((*entry)["person_ids"], json::array({"300000002"}));
  const json* seq = rec(intel, "rec-sequence");
  ASSERT_NE(seq, nullptr);
  // champion -> technical evaluator -> economic buyer, then the blockers by score.
  EXPECT_EQ((*seq)["person_ids"],
            json::array({"300000002", "300000003", "300000001", "300000005", "300000004"}));
}

TEST(Recommendations, ActiveDealStartsWithTheEconomicBuyer) {
  auto g = fixtures::group();
  g.seller.deal_stage = "active";
  json intel = analyzed(g);
  EXPECT_EQ(rec(intel, "rec-entry")->at("person_ids"), json::array({"300000001"}));
  EXPECT_EQ(rec(intel, "rec-sequence")->at("person_ids")[1], "300000004");  // procurement
}

TEST(Recommendations, NeverLeadWithInvalidContactOrUnknownEmployment) {
  auto g = fixtures::group();
  buyergraph::sdk::ContactPoint bad;
  bad.kind = "email";
  bad.value = "tomas.herrera@fabrikam.invalid";
  bad.status = "invalid";
  g.members[1].person.contacts.push_back(bad);
  g.members[2].employment_status = "unknown";
  json intel = analyzed(g);
  EXPECT_EQ(rec(intel, "rec-entry")->at("person_ids"), json::array({"300000001"}));
}

TEST(Recommendations, EngagementCallOrderWinsWhenEligible) {
  auto g = fixtures::group();
  g.engagement = json::parse(R"({"call_order": [
      {"rank": 1, "person_id": "300000003", "role": "stakeholder", "why": "valid email"}]})");
  EXPECT_EQ(rec(analyzed(g), "rec-entry")->at("person_ids"), json::array({"300000003"}));
}

TEST(Recommendations, OneMessagePerRoleAndTimingFromSignals) {
  json intel = analyzed(fixtures::group());
  for (const char* role : {"decision", "champion", "stakeholder", "blocker"})
    EXPECT_NE(rec(intel, std::string("rec-message-") + role), nullptr) << role;
  EXPECT_EQ(rec(intel, "rec-message-introducer"), nullptr) << "no introducer in the group";
  const json* t = rec(intel, "rec-timing");
  ASSERT_NE(t, nullptr);
  std::string st = (*t)["statement"];
  EXPECT_NE(st.find("1 member started the current role within 90 days"), std::string::npos) << st;
  EXPECT_NE(st.find("120-day sales cycle"), std::string::npos);
  EXPECT_NE(st.find("2027-03-24"), std::string::npos) << st;
  EXPECT_EQ((*t)["person_ids"], json::array({"300000001"}));
}

TEST(Recommendations, MessagesFollowTheRolesPreferredTheme) {
  json intel = analyzed(fixtures::group());
  auto theme_of = [&](const std::string& role) {
    std::string pain = rec(intel, "rec-message-" + role)->at("statement");
    for (const auto& p : intel["pain_points"])
      if (pain.find("(" + p["id"].get<std::string>() + ")") != std::string::npos)
        return p["theme"].get<std::string>();
    return std::string("none");
  };
  EXPECT_EQ(theme_of("decision"), "cost");
  EXPECT_EQ(theme_of("champion"), "self_service");
  EXPECT_EQ(theme_of("stakeholder"), "integration");
  EXPECT_EQ(theme_of("blocker"), "compliance");
  // Every message cites the value proposition it leads with.
  for (const auto& r : intel["recommendations"])
    if (r["kind"] == "message") {
      bool vp = false;
      for (const auto& e : r["evidence"])
        vp |= e["field"].get<std::string>().starts_with("seller.value_propositions[");
      EXPECT_TRUE(vp) << r.dump();
    }
}

TEST(Recommendations, GapsFromCoverageAndMissingRoles) {
  auto g = fixtures::group();
  g.coverage = json::parse(R"({"required": [
    {"id": "role:decision", "kind": "role", "name": "Decision maker", "covered": true},
    {"id": "function:legal", "kind": "function", "name": "Legal review", "weight": 2,
     "why": "seller processes personal data", "covered": false, "member_ids": [],
     "gap_reason": "not_searched"}]})");
  json intel = analyzed(g);
  int gaps = 0;
  for (const auto& r : intel["recommendations"])
    if (r["kind"] == "gap") {
      ++gaps;
      EXPECT_NE(r["statement"].get<std::string>().find("Legal review"), std::string::npos);
      EXPECT_EQ(r["evidence"][0]["field"], "coverage.required[1].covered");
    }
  EXPECT_EQ(gaps, 1);

  g = fixtures::group();
  g.members.erase(g.members.begin());  // drop the only decision maker
  intel = analyzed(g);
  EXPECT_NE(rec(intel, "rec-gap-no-decision"), nullptr);
  EXPECT_EQ(rec(intel, "rec-gap-no-champion"), nullptr);
}

TEST(Recommendations, EmptyGroupGetsAnHonestGapAndNothingInvented) {
  auto g = fixtures::group();
  g.members.clear();
  g.coverage = json{{"candidates_considered", 214}};
  json intel = analyzed(g);
  ASSERT_EQ(intel["recommendations"].size(), 1u);
  const auto& r = intel["recommendations"][0];
  EXPECT_EQ(r["kind"], "gap");
  EXPECT_NE(r["statement"].get<std::string>().find("No members were found at Fabrikam Freight"),
            std::string::npos);
  EXPECT_TRUE(r["person_ids"].empty());
  EXPECT_EQ(r["evidence"][0]["field"], "members");
  EXPECT_TRUE(intel["member_signals"].empty());
  EXPECT_TRUE(intel["decision_flow"]["nodes"].empty());
  EXPECT_NE(intel["narrative"]["statement"].get<std::string>().find("names no one"),
            std::string::npos);
}

}  // namespace
