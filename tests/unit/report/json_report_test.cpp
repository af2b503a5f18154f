#include <gtest/gtest.h>

#include "buyergraph/report/json_report.hpp"
#include "fixtures.hpp"

using namespace buyergraph;
using namespace buyergraph::report;
using report::testing::fixture;
using report::testing::fixture_json;

TEST(JsonReport, AddsSchemaVersionAndKeepsTheGroup) {
  auto g = fixture("group_full");
  auto j = to_report_json(g);
  EXPECT_EQ(j["schema_version"], "1.0");
  EXPECT_EQ(j["members"].size(), g.members.size());
  EXPECT_EQ(j.get<sdk::BuyerGroup>().members[2].person.id, "200000345");
}

TEST(JsonReport, EveryFixtureValidates) {
  for (const char* name : {"group_full", "group_tiny_gaps", "group_empty"}) {
    auto s = validate_report(to_report_json(fixture(name)));
    EXPECT_TRUE(s) << name << ": " << s.error().message;
  }
}

TEST(JsonReport, FixtureFileValidatesAsWritten) {
  auto j = fixture_json("group_full");
  j.erase("_comment");  // the synthetic-data marker of the fixture file is not a report field
  auto s = validate_report(j);
  EXPECT_TRUE(s) << s.error().message;
}

TEST(JsonReport, BrokenReportFailsWithUsefulMessages) {
  auto j = to_report_json(fixture("group_full"));
  j["members"][0]["role"] = "kingmaker";
  j["members"][1]["confidence"] = 1.5;
  j["members"][2]["person"].erase("id");
  auto s = validate_report(j);
  ASSERT_FALSE(s);
  const std::string& m = s.error().message;
  EXPECT_EQ(s.error().code, "invalid_report");
  EXPECT_NE(m.find("/members/0/role: must be one of: decision, champion, stakeholder, blocker, "
                   "introducer"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("/members/1/confidence"), std::string::npos) << m;
  EXPECT_NE(m.find("/members/2/person"), std::string::npos) << m;
  EXPECT_NE(m.find("id"), std::string::npos) << m;
}

TEST(JsonReport, WrongVersionAndUnknownTopLevelKeyFail) {
  auto j = to_report_json(fixture("group_tiny_gaps"));
  j["schema_version"] = "2.0";
  EXPECT_FALSE(validate_report(j));
  j = to_report_json(fixture("group_tiny_gaps"));
  j["surprise"] = 1;
  EXPECT_FALSE(validate_report(j));
}

TEST(JsonReport, ProvidersMayAddPersonFieldsAndSignals) {
  auto j = to_report_json(fixture("group_full"));
  j["members"][0]["person"]["coresignal_extra"] = {{"x", 1}};
  j["company"]["signals"]["anything"] = "goes";
  EXPECT_TRUE(validate_report(j));
}

TEST(JsonReport, MissingSchemaFileIsAnError) {
  setenv("BUYERGRAPH_REPORT_SCHEMA", "/nonexistent/schema.json", 1);
  auto s = validate_report(to_report_json(fixture("group_empty")));
  unsetenv("BUYERGRAPH_REPORT_SCHEMA");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "not_found");
}
