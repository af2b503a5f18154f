// Screening: current employment by company id, record quality, anti-personas. The people here
// are fictional fixtures.
#include "buyergraph/screening/screen.hpp"

#include <gtest/gtest.h>

#include "buyergraph/sellers/profile.hpp"

using namespace buyergraph;

namespace {

sdk::Company contoso() {
  sdk::Company c;
  c.id = "8000094";
  c.name = "Contoso Ltd";
  return c;
}

sdk::Candidate person(const std::string& title, const std::string& company_id = "8000094",
                      bool current = true) {
  sdk::Candidate c;
  c.person.id = "200000001";
  c.person.full_name = "Avery Fixture";
  c.person.title = title;
  c.person.company_id = company_id;
  c.person.provenance = {.source = "demo", .retrieved_at = "2026-11-01T00:00:00Z"};
  c.person.experience.push_back(
      {.company_id = company_id, .company_name = "Contoso", .title = title, .current = current});
  return c;
}

sdk::SellerProfile cloud() {
  auto s = sellers::load_seller_profile(std::string(BUYERGRAPH_SOURCE_DIR) +
                                        "/sellers/cloud-infrastructure.yaml");
  if (!s) throw std::runtime_error(s.error().message);
  return *s;
}

}  // namespace

TEST(Screen, ACurrentEmployeePasses) {
  auto c = person("VP Engineering");
  screening::screen(c, contoso(), cloud(), {});
  EXPECT_EQ(c.excluded_reason, "");
  EXPECT_EQ(c.employment_status, "current");
}

TEST(Screen, AFormerEmployeeIsExcludedAsDeparted) {
  auto c = person("VP Engineering", "8000094", /*current=*/false);
  c.person.experience.push_back({.company_id = "8000777", .title = "CTO", .current = true});
  screening::screen(c, contoso(), cloud(), {});
  EXPECT_EQ(c.employment_status, "departed");
  EXPECT_EQ(c.excluded_reason, "not a current employee of 8000094");
  ASSERT_FALSE(c.evidence.empty());
  EXPECT_EQ(c.evidence.back().field, "person.experience");
}

TEST(Screen, ANamesakeCompanyIsNeverMatchedByName) {
  // Same company name, different id: not an employee of the resolved company.
  auto c = person("CFO", "8000999");
  c.person.company_name = "Contoso Ltd";
  screening::screen(c, contoso(), cloud(), {});
  EXPECT_EQ(c.employment_status, "unknown");
  EXPECT_FALSE(c.excluded_reason.empty());
}

TEST(Screen, DeletedDuplicateAndNamelessRecordsAreExcluded) {
  auto d = person("CTO");
  d.person.deleted = true;
  screening::screen(d, contoso(), cloud(), {});
  EXPECT_EQ(d.excluded_reason, "deleted record");
  auto dup = person("CTO");
  dup.person.duplicate = true;
  screening::screen(dup, contoso(), cloud(), {});
  EXPECT_EQ(dup.excluded_reason, "secondary copy of another record");
  auto anon = person("CTO");
  anon.person.full_name.clear();
  screening::screen(anon, contoso(), cloud(), {});
  EXPECT_EQ(anon.excluded_reason, "no name");
  auto untitled = person("");
  screening::screen(untitled, contoso(), cloud(), {});
  EXPECT_EQ(untitled.excluded_reason, "no current title");
}

TEST(Screen, HeadlineSayingFormerIsExcluded) {
  auto c = person("VP Engineering");
  c.person.headline = "Former VP Engineering at Contoso, now advising startups";
  screening::screen(c, contoso(), cloud(), {});
  EXPECT_EQ(c.excluded_reason, "headline suggests a past position");
  auto ok = person("VP Engineering");
  ok.person.headline = "Building expert systems";  // "ex" only as a whole word
  screening::screen(ok, contoso(), cloud(), {});
  EXPECT_EQ(ok.excluded_reason, "");
}

TEST(Screen, AntiPersonasAreExcludedByWholeWords) {
  auto c = person("Senior Sales Engineer");
  screening::screen(c, contoso(), cloud(), {});
  EXPECT_EQ(c.excluded_reason, "anti-persona for this seller: Sales Engineer");
  EXPECT_NE(std::find(c.flags.begin(), c.flags.end(), "anti_persona"), c.flags.end());
  auto eng = person("Engineering Manager");  // not "Sales Engineer"
  screening::screen(eng, contoso(), cloud(), {});
  EXPECT_EQ(eng.excluded_reason, "");
}

TEST(Screen, OldDataIsOnlyLikelyCurrent) {
  auto c = person("CTO");
  c.person.provenance.retrieved_at = "2024-01-10T00:00:00Z";
  screening::screen(c, contoso(), cloud(), {.stale_days = 540, .as_of = "2026-11-24"});
  EXPECT_EQ(c.employment_status, "likely_current");
  EXPECT_EQ(c.excluded_reason, "");
  auto fresh = person("CTO");
  screening::screen(fresh, contoso(), cloud(), {.stale_days = 540, .as_of = "2026-11-24"});
  EXPECT_EQ(fresh.employment_status, "current");
}

TEST(Screen, WordTextNormalisesPunctuationAndCase) {
  EXPECT_EQ(screening::word_text("VP, Sales - EMEA"), " vp sales emea ");
  EXPECT_EQ(screening::word_text(""), " ");
}
