#include <gtest/gtest.h>

#include "test_support.hpp"

namespace buyergraph::resolve {
namespace {

using testing::resolver;

TEST(Parse, ClassifiesEachQueryKind) {
  EXPECT_EQ(resolver().parse("Contoso Ltd").kind, QueryKind::name);
  EXPECT_EQ(resolver().parse("acme.com").kind, QueryKind::domain);
  EXPECT_EQ(resolver().parse("www.acme.com").kind, QueryKind::domain);
  EXPECT_EQ(resolver().parse("https://www.acme.example/about").kind, QueryKind::url);
  EXPECT_EQ(resolver().parse("https://www.linkedin.com/company/acme-inc/").kind,
            QueryKind::linkedin);
  EXPECT_EQ(resolver().parse("$ACME").kind, QueryKind::ticker);
  EXPECT_EQ(resolver().parse("NYSE:ACME").kind, QueryKind::ticker);
  EXPECT_EQ(resolver().parse("id:cs-123").kind, QueryKind::id);
  EXPECT_EQ(resolver().parse("J.P. Morgan").kind, QueryKind::name);  // dots but spaces
  EXPECT_EQ(resolver().parse("J.P.Morgan").kind, QueryKind::name);   // "morgan" is no TLD
  EXPECT_EQ(resolver().parse("").kind, QueryKind::invalid);
  EXPECT_EQ(resolver().parse("!!!").kind, QueryKind::invalid);
}

TEST(Parse, UrlKeepsRegistrableDomainAndSite) {
  auto q = resolver().parse("https://www.acme.example/about");
  EXPECT_EQ(q.host, "www.acme.example");
  EXPECT_EQ(q.site, "acme.example");
  EXPECT_EQ(q.domain, "acme.example");
  EXPECT_TRUE(q.has_domain());
}

TEST(Parse, LinkedInSlugIsDecodedAndNormalised) {
  auto q = resolver().parse("https://www.linkedin.com/company/Acme-Inc/about/");
  EXPECT_EQ(q.linkedin_page, "company");
  EXPECT_EQ(q.linkedin_slug, "acme-inc");
  EXPECT_EQ(q.linkedin_key, "acme");
  EXPECT_FALSE(q.has_domain()) << "linkedin.com is never the company's domain";
  auto enc = resolver().parse("linkedin.com/company/soci%C3%A9t%C3%A9-g%C3%A9n%C3%A9rale");
  EXPECT_EQ(enc.linkedin_slug, "société-générale");
  EXPECT_EQ(enc.linkedin_key, "societegenerale");
  auto person = resolver().parse("https://www.linkedin.com/in/jane");
  EXPECT_FALSE(person.has_linkedin());
  EXPECT_FALSE(person.problem.empty());
}

TEST(Parse, TickerForms) {
  auto a = resolver().parse("NASDAQ: csco");
  EXPECT_EQ(a.ticker_exchange, "NASDAQ");
  EXPECT_EQ(a.ticker_symbol, "CSCO");
  auto b = resolver().parse("$brk.b");
  EXPECT_EQ(b.ticker_exchange, "");
  EXPECT_EQ(b.ticker_symbol, "BRK.B");
  EXPECT_EQ(resolver().parse("FOO:BAR").kind, QueryKind::name) << "unknown exchange";
}

TEST(Parse, DenylistedHostsNeverYieldADomain) {
  for (const char* q : {"https://www.facebook.com/acme", "https://apps.apple.com/us/app/x/id1",
                        "https://bit.ly/abc", "booksy.com/en-us/1_salon", "lnkd.in/abc"}) {
    auto p = resolver().parse(q);
    EXPECT_FALSE(p.has_domain()) << q;
    EXPECT_FALSE(p.problem.empty()) << q;
  }
  auto owner = resolver().parse("facebook.com");
  EXPECT_TRUE(owner.has_domain());
  EXPECT_FALSE(owner.domain_owners.empty());
}

TEST(Parse, AccountCarriesEveryIdentifier) {
  sdk::Account a;
  a.name = "Acme Ltd";
  a.domain = "https://www.acme.co.uk/";
  a.provider_id = "c-acme-uk";
  auto q = resolver().parse(a);
  EXPECT_EQ(q.kind, QueryKind::id);
  EXPECT_TRUE(q.has_name());
  EXPECT_TRUE(q.has_domain());
  EXPECT_EQ(q.domain, "acme.co.uk");
}

}  // namespace
}  // namespace buyergraph::resolve
