#include <gtest/gtest.h>

#include <random>

#include "buyergraph/resolve/candidate_source.hpp"
#include "test_support.hpp"

namespace buyergraph::resolve {
namespace {

using testing::resolver;

sdk::Company company(std::string id, std::string name, std::vector<std::string> domains = {}) {
  sdk::Company c;
  c.id = std::move(id);
  c.name = std::move(name);
  c.domains = std::move(domains);
  c.industry = "Software";
  c.employees = 100;
  return c;
}

bool has_reason(const Candidate& c, std::string_view prefix) {
  for (const auto& r : c.reasons) {
    if (r.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

TEST(Resolver, ExactUniqueNameResolves) {
  std::vector<sdk::Company> cs{company("1", "Contoso Ltd", {"contoso.com"}),
                               company("2", "Contoso Medical School", {"med.contoso.com"})};
  auto r = resolver().resolve("Contoso", cs);
  ASSERT_EQ(r.status, "resolved") << r.reason;
  EXPECT_EQ(r.company->id, "1");
  ASSERT_EQ(r.candidates.size(), 2u);
  EXPECT_TRUE(has_reason(r.candidates[1], "sub_entity")) << "the school is listed with why it lost";
}

TEST(Resolver, NamesakesAreAmbiguousWithCandidatesAndReasons) {
  std::vector<sdk::Company> cs{company("us", "Acme Corporation", {"acme.com"}),
                               company("uk", "Acme Ltd", {"acme.co.uk"}),
                               company("other", "Globex", {"globex.com"})};
  auto r = resolver().resolve("Acme", cs);
  EXPECT_EQ(r.status, "ambiguous");
  EXPECT_FALSE(r.company.has_value());
  ASSERT_EQ(r.candidates.size(), 2u);
  for (const auto& c : r.candidates) {
    EXPECT_TRUE(has_reason(c, "name_exact")) << c.company.id;
  }
  EXPECT_NE(r.reason.find("margin"), std::string::npos) << r.reason;
}

TEST(Resolver, SimilarNameAloneNeverResolves) {
  std::vector<sdk::Company> cs{company("1", "Microsoft Corporation", {"microsoft.com"})};
  auto r = resolver().resolve("Microsft", cs);
  EXPECT_EQ(r.status, "ambiguous");
  ASSERT_EQ(r.candidates.size(), 1u);
  EXPECT_TRUE(has_reason(r.candidates[0], "name_similar"));
}

TEST(Resolver, NotFoundExplainsTldTwin) {
  std::vector<sdk::Company> cs{company("cz", "Underline s.r.o.", {"underline.cz"})};
  auto r = resolver().resolve("underline.com", cs);
  EXPECT_EQ(r.status, "not_found");
  EXPECT_NE(r.reason.find("tld_twin"), std::string::npos) << r.reason;
  EXPECT_TRUE(r.candidates.empty());
}

TEST(Resolver, SubdomainIsARelatedEntityNotAMatch) {
  std::vector<sdk::Company> cs{company("t", "Trimble Inc.", {"trimble.com"})};
  auto r = resolver().resolve("sketchup.trimble.com", cs);
  EXPECT_EQ(r.status, "ambiguous");
  ASSERT_EQ(r.candidates.size(), 1u);
  EXPECT_TRUE(has_reason(r.candidates[0], "related_entity"));
  // ... and the other way round: a record whose website is a subdomain.
  std::vector<sdk::Company> sub{company("s", "SketchUp", {"sketchup.trimble.com"})};
  EXPECT_EQ(resolver().resolve("trimble.com", sub).status, "ambiguous");
}

TEST(Resolver, LinkedInDomainIsNeverTakenFromAnotherCompany) {
  std::vector<sdk::Company> cs{company("v", "Verticurl", {"linkedin.com"})};
  auto r = resolver().resolve("linkedin.com", cs);
  EXPECT_EQ(r.status, "not_found");
  auto by_name = resolver().resolve("Verticurl", cs);
  ASSERT_EQ(by_name.status, "resolved");
  bool warned = false;
  for (const auto& w : by_name.warnings) warned |= w.rfind("platform_domain_ignored", 0) == 0;
  EXPECT_TRUE(warned);
}

TEST(Resolver, IdentifierPriorityIdBeatsConflictingName) {
  std::vector<sdk::Company> cs{company("a", "Alpha Ltd", {"alpha.com"}),
                               company("b", "Beta Ltd", {"beta.com"})};
  sdk::Account acc;
  acc.name = "Alpha Ltd";
  acc.provider_id = "b";
  auto r = resolver().resolve(resolver().parse(acc), cs);
  ASSERT_EQ(r.status, "resolved") << r.reason;
  EXPECT_EQ(r.company->id, "b");
}

TEST(Resolver, UnmatchedWebsiteBlocksANameOnlyMatch) {
  // Librestream's record claims precisely.com: a name match must not override the website.
  std::vector<sdk::Company> cs{company("p", "Precisely", {"precisely.com"})};
  sdk::Account acc;
  acc.name = "Precisely";
  acc.domain = "librestream.com";
  auto r = resolver().resolve(resolver().parse(acc), cs);
  EXPECT_EQ(r.status, "ambiguous") << r.reason;
  EXPECT_NE(r.reason.find("not enough"), std::string::npos) << r.reason;
}

TEST(Resolver, NameCorroboratesDomain) {
  std::vector<sdk::Company> cs{company("p", "Precisely", {"precisely.com"}),
                               company("l", "Librestream", {"precisely.com"})};
  sdk::Account acc;
  acc.name = "Librestream";
  acc.domain = "precisely.com";
  auto r = resolver().resolve(resolver().parse(acc), cs);
  ASSERT_EQ(r.status, "resolved") << r.reason;
  EXPECT_EQ(r.company->id, "l");
  EXPECT_EQ(resolver().resolve("precisely.com", cs).status, "ambiguous");
}

TEST(Resolver, MarginIsConfigurable) {
  std::vector<sdk::Company> cs{company("g", "Contoso GmbH"), company("l", "Contoso Ltd")};
  auto r = resolver();                                          // a copy we may tune
  EXPECT_EQ(r.resolve("Contoso GmbH", cs).status, "resolved");  // 0.85 vs 0.70
  r.options().margin = 0.2;
  EXPECT_EQ(r.resolve("Contoso GmbH", cs).status, "ambiguous");
}

TEST(Resolver, EmptyOrInvalidQueryIsNotFoundWithReason) {
  std::vector<sdk::Company> cs{company("1", "Contoso Ltd")};
  for (const char* q : {"", "   ", "192.168.1.1", "co.uk", "https://www.linkedin.com/in/x"}) {
    auto r = resolver().resolve(q, cs);
    EXPECT_EQ(r.status, "not_found") << q;
    EXPECT_FALSE(r.reason.empty()) << q;
  }
}

TEST(Resolver, PlausibilityWarningsNeverDefault) {
  sdk::Company c;
  c.id = "m";
  c.name = "Moto Cisco Systems";
  c.industry = "Unknown";
  auto r = resolver().resolve("Moto Cisco Systems", {c});
  ASSERT_EQ(r.status, "resolved");
  EXPECT_FALSE(r.company->employees.has_value()) << "no default headcount";
  std::string all;
  for (const auto& w : r.warnings) all += w + ";";
  EXPECT_NE(all.find("no_domain"), std::string::npos);
  EXPECT_NE(all.find("industry_unknown"), std::string::npos);
  EXPECT_NE(all.find("employees_unknown"), std::string::npos);
}

TEST(ToJson, HasDocumentedShape) {
  std::vector<sdk::Company> cs{company("1", "Contoso Ltd", {"contoso.com"})};
  auto j = to_json(resolver().resolve("contoso.com", cs));
  EXPECT_EQ(j["query"], "contoso.com");
  EXPECT_EQ(j["status"], "resolved");
  EXPECT_EQ(j["company"]["id"], "1");
  EXPECT_EQ(j["company"]["domain"], "contoso.com");
  ASSERT_EQ(j["candidates"].size(), 1u);
  EXPECT_TRUE(j["candidates"][0].contains("score"));
  EXPECT_TRUE(j["candidates"][0]["reasons"].is_array());
  EXPECT_TRUE(j["reason"].is_string());
  auto none = to_json(resolver().resolve("nothing.example", cs));
  EXPECT_TRUE(none["company"].is_null());
}

TEST(VectorCandidateSource, FindsIdentifiersAndCloseNames) {
  std::vector<sdk::Company> cs{company("1", "Microsoft Corporation", {"microsoft.com"}),
                               company("2", "Contoso Ltd", {"contoso.com"}),
                               company("3", "Underline s.r.o.", {"underline.cz"})};
  VectorCandidateSource src(resolver(), cs);
  auto typo = resolver().parse("Microsft");
  auto got = src.candidates(typo, 10);
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.front().id, "1");
  auto twin = src.candidates(resolver().parse("underline.com"), 10);
  ASSERT_EQ(twin.size(), 1u) << "TLD twin fetched so the miss can be explained";
  EXPECT_EQ(resolve(resolver(), "underline.com", src).status, "not_found");
  EXPECT_EQ(resolve(resolver(), "contoso.com", src).company->id, "2");
}

}  // namespace
}  // namespace buyergraph::resolve

namespace buyergraph::resolve {
namespace {

TEST(Robustness, ArbitraryBytesNeverCrash) {
  std::vector<sdk::Company> cs{company("1", "Contoso Ltd", {"contoso.com"}),
                               company("2", "Müller GmbH", {"mueller.de"})};
  VectorCandidateSource src(testing::resolver(), cs);
  std::mt19937 rng(7);
  const std::string alphabet = "aZ09.:/$@&'-_ %[]\xC3\xA9\xFF\x80";
  for (int i = 0; i < 3000; ++i) {
    std::string q;
    const int len = static_cast<int>(rng() % 40);
    for (int k = 0; k < len; ++k) q += alphabet[rng() % alphabet.size()];
    auto r = resolve(testing::resolver(), q, src);
    EXPECT_TRUE(r.status == "resolved" || r.status == "ambiguous" || r.status == "not_found");
    EXPECT_NO_THROW(to_json(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
}

}  // namespace
}  // namespace buyergraph::resolve
