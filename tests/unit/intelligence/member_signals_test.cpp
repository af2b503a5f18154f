#include <gtest/gtest.h>

#include "fixtures.hpp"

using namespace buyergraph::intelligence;
using json = nlohmann::json;

namespace {

const json* for_person(const json& list, const std::string& id) {
  for (const auto& i : list)
    if (i.value("person_id", "") == id) return &i;
  return nullptr;
}

TEST(MemberSignals, RecentlyAppointedCarriesOpportunityAndCaveat) {
  json s = member_signals(fixtures::group(), fixtures::options(), fixtures::kAsOf);
  const json* priya = for_person(s, "300000001");
  ASSERT_NE(priya, nullptr);
  EXPECT_EQ((*priya)["kind"], "recently_appointed");
  std::string st = (*priya)["statement"];
  EXPECT_NE(st.find("started as VP Engineering in 2026-09 (about 84 days"), std::string::npos)
      << st;
  EXPECT_NE(st.find("Opportunity:"), std::string::npos);
  EXPECT_NE(st.find("Caveat:"), std::string::npos);
  EXPECT_EQ((*priya)["evidence"][0]["field"], "members[0].person.experience[1].from_year");
}

TEST(MemberSignals, TenureAndLongTenure) {
  auto o = fixtures::options();
  json s = member_signals(fixtures::group(), o, fixtures::kAsOf);
  EXPECT_EQ(for_person(s, "300000003")->at("kind"), "tenure");
  EXPECT_NE(for_person(s, "300000003")->at("statement").get<std::string>().find("3 years 5 months"),
            std::string::npos);
  EXPECT_EQ(for_person(s, "300000004")->at("kind"), "long_tenure");
  o.recent_days = 30;  // 84 days is no longer recent
  s = member_signals(fixtures::group(), o, fixtures::kAsOf);
  EXPECT_EQ(for_person(s, "300000001")->at("kind"), "tenure");
}

TEST(MemberSignals, NoDatedRoleNoSignal) {
  auto g = fixtures::group();
  g.members[2].person.experience.back().from_year.reset();
  g.members[3].person.experience.clear();
  json s = member_signals(g, fixtures::options(), fixtures::kAsOf);
  EXPECT_EQ(for_person(s, "300000003"), nullptr);
  EXPECT_EQ(for_person(s, "300000004"), nullptr);
  EXPECT_NE(for_person(s, "300000002"), nullptr);
}

TEST(Dates, ParseAndArithmetic) {
  EXPECT_EQ(parse_date("2026-09-01")->to_string(), "2026-09-01");
  EXPECT_EQ(parse_date("2026-09")->to_string(), "2026-09-01");
  EXPECT_EQ(parse_date("2026-10-12 04:52:09")->to_string(), "2026-10-12");
  EXPECT_EQ(parse_date("2026-11-24T19:00:00Z")->to_string(), "2026-11-24");
  EXPECT_FALSE(parse_date("2026-02-30"));
  EXPECT_FALSE(parse_date("soon"));
  EXPECT_FALSE(parse_date("2026-13-01"));
  EXPECT_EQ(days_between(Date{2026, 9, 1}, Date{2026, 11, 24}), 84);
  EXPECT_EQ(days_between(Date{2024, 2, 28}, Date{2024, 3, 1}), 2);
  EXPECT_EQ(months_between(Date{2026, 5, 25}, Date{2026, 11, 24}), 5);
  EXPECT_EQ(months_between(Date{2026, 5, 24}, Date{2026, 11, 24}), 6);
  EXPECT_EQ(add_days(Date{2026, 11, 24}, 120).to_string(), "2027-03-24");
}

}  // namespace
