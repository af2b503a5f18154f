#include <gtest/gtest.h>

#include "buyergraph/assembly/dedupe.hpp"
#include "fixtures.hpp"

using namespace buyergraph;
using fixtures::candidate;

TEST(Dedupe, NormalisesLinkedInUrls) {
  EXPECT_EQ(assembly::normalize_linkedin_url("https://uk.LinkedIn.com/in/Jane-Doe/?trk=x"),
            "linkedin.com/in/jane-doe");
  EXPECT_EQ(assembly::normalize_linkedin_url("linkedin.com/in/jane-doe"),
            "linkedin.com/in/jane-doe");
  EXPECT_EQ(assembly::normalize_linkedin_url("https://www.linkedin.com/company/acme"), "");
  EXPECT_EQ(assembly::normalize_linkedin_url(""), "");
}

TEST(Dedupe, MergesSamePersonByLinkedInUrlAcrossProviders) {
  auto a = candidate({.id = "p-1",
                      .name = "Amara Okafor",
                      .title = "VP Operations",
                      .seniority = "vp",
                      .function = "operations",
                      .role = "decision"});
  auto b = a;
  b.person.id = "pdl-77";
  b.person.full_name = "A. Okafor";  // different spelling: only the URL matches
  b.person.profile_url = "http://linkedin.com/in/AMARA-OKAFOR-fixture/";
  b.person.contacts.clear();
  b.evidence.clear();
  auto other = candidate({.id = "p-2",
                          .name = "Tomas Lindqvist",
                          .title = "Director IT",
                          .seniority = "director",
                          .function = "it",
                          .role = "stakeholder"});

  auto d = assembly::dedupe({a, b, other});
  ASSERT_EQ(d.candidates.size(), 2u);
  EXPECT_EQ(d.merged, 1);
  const auto& kept = d.candidates[0];
  EXPECT_EQ(kept.person.id, "p-1");  // more evidence and contacts: better supported
  ASSERT_EQ(kept.person.alt_ids.size(), 1u);
  EXPECT_EQ(kept.person.alt_ids[0], "pdl-77");
  ASSERT_FALSE(kept.evidence.empty());
  EXPECT_EQ(kept.evidence.back().field, "person.alt_ids");
  EXPECT_EQ(kept.evidence.back().value, "pdl-77");
  EXPECT_NE(kept.evidence.back().note.find("linkedin_url"), std::string::npos);
}

TEST(Dedupe, MergesByAltIdAndKeepsTheNonExcludedRecord) {
  auto current = candidate({.id = "cs-500",
                            .name = "Lena Fischer",
                            .title = "Head of Finance",
                            .seniority = "director",
                            .function = "finance",
                            .role = "blocker"});
  auto old = candidate({.id = "cs-499",
                        .name = "Lena Fischer-Braun",
                        .title = "Controller",
                        .seniority = "manager",
                        .function = "finance",
                        .excluded_reason = "duplicate record"});
  old.person.profile_url.clear();
  old.person.contacts.clear();
  old.person.alt_ids = {"cs-500"};  // the provider says it is the same person
  auto d = assembly::dedupe({old, current});
  ASSERT_EQ(d.candidates.size(), 1u);
  EXPECT_EQ(d.candidates[0].person.id, "cs-500");
  EXPECT_TRUE(d.candidates[0].excluded_reason.empty());
  EXPECT_EQ(d.candidates[0].person.alt_ids, std::vector<std::string>{"cs-499"});
  EXPECT_NE(d.candidates[0].evidence.back().note.find("person_id"), std::string::npos);
}

TEST(Dedupe, MergesByEmailThenNameAndCompanyButNotNamesakesElsewhere) {
  auto a = candidate({.id = "1",
                      .name = "Ravi Shah",
                      .title = "CTO",
                      .seniority = "c_level",
                      .function = "engineering",
                      .role = "decision"});
  auto by_email = a;
  by_email.person.id = "2";
  by_email.person.profile_url.clear();
  auto by_name = a;
  by_name.person.id = "3";
  by_name.person.profile_url.clear();
  by_name.person.contacts.clear();
  auto namesake = by_name;  // same name at another company: a different person
  namesake.person.id = "4";
  namesake.person.company_id = "other-co";
  auto d = assembly::dedupe({a, by_email, by_name, namesake});
  ASSERT_EQ(d.candidates.size(), 2u);
  EXPECT_EQ(d.merged, 2);
  EXPECT_EQ(d.candidates[1].person.id, "4");
}
