#include <gtest/gtest.h>

#include "buyergraph/report/csv.hpp"
#include "fixtures.hpp"

using namespace buyergraph;
using namespace buyergraph::report;
using report::testing::fixture;

namespace {

// A small RFC 4180 reader, to check the writer from the outside.
std::vector<std::vector<std::string>> parse_csv(const std::string& s) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      ++i;
      rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  ADD_FAILURE() << "no column " << name;
  return 0;
}

}  // namespace

TEST(Csv, OneRowPerMemberInEveryFlavor) {
  for (auto f : {CrmFlavor::generic, CrmFlavor::hubspot, CrmFlavor::salesforce})
    for (const char* name : {"group_full", "group_tiny_gaps", "group_empty"}) {
      auto g = fixture(name);
      auto rows = parse_csv(render_csv(g, f));
      ASSERT_EQ(rows.size(), g.members.size() + 1) << name;
      EXPECT_EQ(rows[0], csv_columns(f));
      for (const auto& r : rows) EXPECT_EQ(r.size(), csv_columns(f).size());
    }
}

TEST(Csv, QuotesAndGuardsFormulas) {
  EXPECT_EQ(csv_cell("plain"), "plain");
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_cell("+1"), "'+1");
  EXPECT_EQ(csv_cell("-2"), "'-2");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_cell("a=b"), "a=b");
}

TEST(Csv, HostileMemberRoundTripsAsText) {
  auto g = fixture("group_full");
  g.members[0].person.title = "=cmd|' /C calc'!A0, \"VP\"";
  auto rows = parse_csv(render_csv(g, CrmFlavor::generic));
  ASSERT_EQ(rows.size(), g.members.size() + 1);
  EXPECT_EQ(rows[1][column(rows[0], "title")], "'" + g.members[0].person.title);
}

TEST(Csv, AnAddressThatCanPassForAnotherIsNeverExported) {
  auto g = fixture("group_full");
  auto& contacts = g.members[0].person.contacts;
  contacts.clear();
  sdk::ContactPoint spoof;
  spoof.kind = "email";
  spoof.value = "j\u202eecnaj@acme.com";
  spoof.status = "invalid";
  spoof.reasons = {"syntax_invalid", "unsafe_character"};
  contacts.push_back(spoof);
  for (auto f : {CrmFlavor::generic, CrmFlavor::hubspot, CrmFlavor::salesforce}) {
    const std::string csv = render_csv(g, f);
    EXPECT_EQ(csv.find("\u202e"), std::string::npos);
    EXPECT_EQ(csv.find("ecnaj"), std::string::npos);
  }
}

TEST(Csv, FlavorColumnNames) {
  auto hs = csv_columns(CrmFlavor::hubspot);
  EXPECT_NE(std::find(hs.begin(), hs.end(), "hs_buying_role"), hs.end());
  EXPECT_NE(std::find(hs.begin(), hs.end(), "jobtitle"), hs.end());
  auto sf = csv_columns(CrmFlavor::salesforce);
  EXPECT_NE(std::find(sf.begin(), sf.end(), "Role"), sf.end());
  EXPECT_NE(std::find(sf.begin(), sf.end(), "IsPrimary"), sf.end());
  auto gen = csv_columns(CrmFlavor::generic);
  EXPECT_NE(std::find(gen.begin(), gen.end(), "email_verified_at"), gen.end());
}

TEST(Csv, RolesMapPerTaxonomyTable) {
  sdk::Candidate c;
  c.role = "decision";
  c.sub_role = "economic_buyer";
  EXPECT_EQ(crm_role(c, CrmFlavor::salesforce), "Economic Buyer");
  EXPECT_EQ(crm_role(c, CrmFlavor::hubspot), "Budget Holder");
  EXPECT_EQ(crm_role(c, CrmFlavor::generic), "decision/economic_buyer");
  c.sub_role = "";
  EXPECT_EQ(crm_role(c, CrmFlavor::hubspot), "Decision Maker");
  c.role = "champion";
  c.flags = {"potential_champion"};
  EXPECT_EQ(crm_role(c, CrmFlavor::hubspot), "Influencer");
  c.flags = {"evidenced_champion"};
  EXPECT_EQ(crm_role(c, CrmFlavor::hubspot), "Champion");
  EXPECT_EQ(crm_role(c, CrmFlavor::salesforce), "Influencer");
  c.role = "stakeholder";
  c.sub_role = "end_user";
  EXPECT_EQ(crm_role(c, CrmFlavor::salesforce), "Business User");
  EXPECT_EQ(crm_role(c, CrmFlavor::hubspot), "End User");
  c.role = "blocker";
  c.sub_role = "security";
  EXPECT_EQ(crm_role(c, CrmFlavor::hubspot), "Legal & Compliance");
  EXPECT_EQ(crm_role(c, CrmFlavor::salesforce), "Technical Buyer");
}

TEST(Csv, BlockerIsNeverHubSpotBlockerByDefault) {
  auto g = fixture("group_full");
  auto rows = parse_csv(render_csv(g, CrmFlavor::hubspot));
  std::size_t col = column(rows[0], "hs_buying_role");
  bool saw_procurement = false;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_NE(rows[i][col], "Blocker");
    if (g.members[i - 1].sub_role == "procurement") {
      saw_procurement = true;
      EXPECT_EQ(rows[i][col], "Other");
    }
  }
  EXPECT_TRUE(saw_procurement);
  auto opted = parse_csv(render_csv(g, CrmFlavor::hubspot, {.hubspot_blocker_label = true}));
  bool has_blocker = false;
  for (std::size_t i = 1; i < opted.size(); ++i) has_blocker |= opted[i][col] == "Blocker";
  EXPECT_TRUE(has_blocker);
}

TEST(Csv, SalesforceHasExactlyOnePrimaryTheFirstOfTheCallOrder) {
  auto g = fixture("group_full");
  auto rows = parse_csv(render_csv(g, CrmFlavor::salesforce));
  std::size_t col = column(rows[0], "IsPrimary"), id = column(rows[0], "Buyergraph_Person_Id__c");
  int primaries = 0;
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (rows[i][col] == "true") {
      ++primaries;
      EXPECT_EQ(rows[i][id], "200000345");
    }
  EXPECT_EQ(primaries, 1);
}

TEST(Csv, ParsesFlavorNames) {
  EXPECT_EQ(parse_crm_flavor("salesforce"), CrmFlavor::salesforce);
  EXPECT_FALSE(parse_crm_flavor("Salesforce"));
  EXPECT_FALSE(parse_crm_flavor(""));
}
