// Matching people and company domains against a list, and loading it from the store.
#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "buyergraph/store/store.hpp"
#include "buyergraph/suppression/suppression.hpp"

using namespace buyergraph;
using namespace buyergraph::suppression;

namespace {

sdk::Person person_with(std::string email, std::string profile_url = "") {
  sdk::Person p;
  p.id = "p-1";
  p.full_name = "Ada Quinlan";
  if (!email.empty()) p.contacts.push_back({.kind = "email", .value = std::move(email)});
  p.profile_url = std::move(profile_url);
  return p;
}

SuppressionList list_of(std::initializer_list<std::pair<Kind, std::string_view>> values) {
  SuppressionList list;
  for (auto [k, v] : values) EXPECT_TRUE(list.add(k, v)) << v;
  return list;
}

}  // namespace

TEST(SuppressionList, AddNormalisesAndCounts) {
  SuppressionList list;
  EXPECT_TRUE(list.empty());
  ASSERT_TRUE(list.add(Kind::email, "Ada@Contoso.example"));
  ASSERT_TRUE(list.add(Kind::email, "ada@contoso.example "));  // same after normalising
  ASSERT_TRUE(list.add(Kind::domain, "https://www.fabrikam.example/"));
  ASSERT_TRUE(list.add(Kind::profile_url, "https://uk.linkedin.com/in/Ada-Q/"));
  EXPECT_FALSE(list.add(Kind::email, "not-an-email"));
  EXPECT_EQ(list.size(), 3u);
  EXPECT_EQ(*list.emails().begin(), "ada@contoso.example");
  EXPECT_EQ(*list.domains().begin(), "fabrikam.example");
  EXPECT_EQ(*list.profile_urls().begin(), "linkedin.com/in/ada-q");
}

TEST(SuppressionList, MatchesPersonByEmailInAnyCase) {
  auto list = list_of({{Kind::email, "ada@contoso.example"}});
  auto why = list.why(person_with("ADA@Contoso.Example"));
  ASSERT_TRUE(why);
  EXPECT_EQ(*why, "suppressed email");
  EXPECT_FALSE(list.why(person_with("bob@contoso.example")));
  EXPECT_FALSE(list.why(person_with("")));
}

TEST(SuppressionList, MatchesTheNormalisedFieldAndASecondEmail) {
  auto list = list_of({{Kind::email, "ada.q@contoso.example"}});
  sdk::Person p = person_with("a.quinlan@contoso.example");
  p.contacts.push_back({.kind = "phone", .value = "+44 20 7946 0000"});
  p.contacts.push_back(
      {.kind = "email", .value = "Ada Q <garbled>", .normalized = "ada.q@contoso.example"});
  EXPECT_EQ(list.why(p), "suppressed email");
}

TEST(SuppressionList, MatchesEmailDomainAndItsSubdomains) {
  auto list = list_of({{Kind::domain, "contoso.example"}});
  EXPECT_EQ(list.why(person_with("ada@contoso.example")), "suppressed email domain");
  EXPECT_EQ(list.why(person_with("ada@mail.eu.contoso.example")), "suppressed email domain");
  // Look-alike domains are not parents.
  EXPECT_FALSE(list.why(person_with("ada@notcontoso.example")));
  EXPECT_FALSE(list.why(person_with("ada@contoso.example.org")));
}

TEST(SuppressionList, EmailWinsOverDomainInTheReason) {
  auto list = list_of({{Kind::domain, "contoso.example"}, {Kind::email, "ada@contoso.example"}});
  sdk::Person p = person_with("other@contoso.example");
  p.contacts.push_back({.kind = "email", .value = "ada@contoso.example"});
  EXPECT_EQ(list.why(p), "suppressed email");
}

TEST(SuppressionList, MatchesProfileUrlVariants) {
  auto list = list_of({{Kind::profile_url, "linkedin.com/in/ada-quinlan"}});
  for (std::string url :
       {"https://www.linkedin.com/in/ada-quinlan/", "http://uk.linkedin.com/in/Ada-Quinlan?trk=1",
        "linkedin.com/in/ada-quinlan#about"})
    EXPECT_EQ(list.why(person_with("", url)), "suppressed profile URL") << url;
  EXPECT_FALSE(list.why(person_with("", "https://www.linkedin.com/in/ada-quinlan-2")));
  // A URL kept as an alternative id counts too.
  sdk::Person p = person_with("", "https://www.linkedin.com/in/aq-new-slug");
  p.alt_ids = {"cs-123", "https://www.linkedin.com/in/ada-quinlan"};
  EXPECT_EQ(list.why(p), "suppressed profile URL");
}

TEST(SuppressionList, ReasonNeverContainsTheValue) {
  auto list = list_of({{Kind::email, "ada@contoso.example"}});
  auto why = list.why(person_with("ada@contoso.example"));
  ASSERT_TRUE(why);
  EXPECT_EQ(why->find("ada"), std::string::npos);
  EXPECT_EQ(why->find("contoso"), std::string::npos);
}

TEST(SuppressionList, CompanyDomainWithSubdomains) {
  auto list = list_of({{Kind::domain, "contoso.example"}});
  EXPECT_TRUE(list.suppresses_company_domain("contoso.example"));
  EXPECT_TRUE(list.suppresses_company_domain("mail.contoso.example"));
  EXPECT_TRUE(list.suppresses_company_domain("https://www.Shop.Contoso.example/about"));
  EXPECT_FALSE(list.suppresses_company_domain("fabrikam.example"));
  EXPECT_FALSE(list.suppresses_company_domain("mycontoso.example"));
  EXPECT_FALSE(list.suppresses_company_domain(""));
  EXPECT_FALSE(SuppressionList{}.suppresses_company_domain("contoso.example"));
}

TEST(SuppressionList, MergeUnitesBothLists) {
  auto a = list_of({{Kind::email, "ada@contoso.example"}});
  auto b = list_of({{Kind::domain, "fabrikam.example"}, {Kind::email, "ada@contoso.example"}});
  a.merge(b);
  EXPECT_EQ(a.size(), 2u);
  EXPECT_TRUE(a.suppresses_company_domain("fabrikam.example"));
}

TEST(SuppressionList, LoadsFromTheStore) {
  auto dir =
      std::filesystem::temp_directory_path() / ("bg-suppression-test-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  {
    auto s = store::Store::open((dir / "store.db").string());
    ASSERT_TRUE(s);
    ASSERT_TRUE((*s)->add_suppression("email", "ada@contoso.example", "opt-out"));
    ASSERT_TRUE((*s)->add_suppression("domain", "fabrikam.example", ""));
    ASSERT_TRUE((*s)->add_suppression("profile_url", "linkedin.com/in/bo-li", ""));
    auto list = SuppressionList::load(**s);
    ASSERT_TRUE(list);
    EXPECT_EQ(list->size(), 3u);
    EXPECT_EQ(list->why(person_with("ada@contoso.example")), "suppressed email");
    EXPECT_EQ(list->why(person_with("x@sales.fabrikam.example")), "suppressed email domain");
    EXPECT_EQ(list->why(person_with("", "https://www.linkedin.com/in/bo-li/")),
              "suppressed profile URL");
  }
  std::filesystem::remove_all(dir);
}

TEST(SuppressionList, ScrubsSuppressedPeopleFromCompanySignals) {
  auto list = list_of(
      {{Kind::profile_url, "linkedin.com/in/ada-quinlan"}, {Kind::email, "bo@contoso.example"}});
  sdk::Company c;
  c.id = "8000506";
  c.name = "Contoso Ltd";
  c.signals = nlohmann::json::parse(R"({
    "employees_count": 3400,
    "key_executive_arrivals": [
      {"member_full_name": "Ada Quinlan", "member_id": 1,
       "member_linkedin_url": "https://uk.linkedin.com/in/Ada-Quinlan/"},
      {"member_full_name": "Cy Berg", "member_id": 2,
       "member_linkedin_url": "https://www.linkedin.com/in/cy-berg"}],
    "nested": {"contacts": [{"email": "BO@contoso.example"}, {"email": "cy@contoso.example"}]},
    "tags": ["linkedin.com/in/ada-quinlan"]
  })");
  EXPECT_EQ(list.scrub(c), 2u);
  ASSERT_EQ(c.signals["key_executive_arrivals"].size(), 1u);
  EXPECT_EQ(c.signals["key_executive_arrivals"][0]["member_full_name"], "Cy Berg");
  ASSERT_EQ(c.signals["nested"]["contacts"].size(), 1u);
  EXPECT_EQ(c.signals["employees_count"], 3400);
  // Only objects are people; a bare string in an array is left alone.
  EXPECT_EQ(c.signals["tags"].size(), 1u);
  EXPECT_EQ(list.scrub(c), 0u);
}

TEST(SuppressionList, HundredThousandRowsLoadFromTheStore) {
  auto dir =
      std::filesystem::temp_directory_path() / ("bg-suppression-100k-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  {
    auto s = store::Store::open((dir / "store.db").string());
    ASSERT_TRUE(s);
    ASSERT_TRUE((*s)->begin());
    for (int i = 0; i < 100000; ++i) {
      const std::string n = std::to_string(i);
      auto st = i % 2 ? (*s)->add_suppression("email", "p" + n + "@c" + n + ".example", "")
                      : (*s)->add_suppression("profile_url", "linkedin.com/in/p-" + n, "");
      ASSERT_TRUE(st);
    }
    ASSERT_TRUE((*s)->commit());
    auto t0 = std::chrono::steady_clock::now();
    auto list = SuppressionList::load(**s);
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0);
    ASSERT_TRUE(list);
    EXPECT_EQ(list->size(), 100000u);
    std::printf("[ measure ] 100k suppressions loaded from the store in %.1f ms\n", ms.count());
  }
  std::filesystem::remove_all(dir);
}
