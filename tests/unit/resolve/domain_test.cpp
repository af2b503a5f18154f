#include <gtest/gtest.h>

#include "buyergraph/resolve/domain.hpp"
#include "test_support.hpp"

namespace buyergraph::resolve {
namespace {

using testing::resolver;

struct DomainCase {
  const char* input;
  const char* registrable;
};

class Registrable : public ::testing::TestWithParam<DomainCase> {};

TEST_P(Registrable, UsesThePublicSuffixList) {
  EXPECT_EQ(resolver().registrable_domain(GetParam().input), GetParam().registrable)
      << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, Registrable,
    ::testing::Values(
        DomainCase{"example.com", "example.com"}, DomainCase{"www.example.com", "example.com"},
        DomainCase{"a.b.c.example.com", "example.com"},
        DomainCase{"example.co.uk", "example.co.uk"},
        DomainCase{"shop.example.co.uk", "example.co.uk"},
        DomainCase{"underline.com", "underline.com"}, DomainCase{"underline.cz", "underline.cz"},
        DomainCase{"sketchup.trimble.com", "trimble.com"}, DomainCase{"pwc.com.au", "pwc.com.au"},
        DomainCase{"nintendo.co.jp", "nintendo.co.jp"},
        DomainCase{"global.toyota", "global.toyota"},
        DomainCase{"foo.github.io", "foo.github.io"},  // private section
        DomainCase{"https://www.Acme.Example.co.uk:8443/about?x=1#top", "example.co.uk"},
        DomainCase{"https://user:pw@www.cisco.com/c/en", "cisco.com"},
        DomainCase{"cisco.com.", "cisco.com"}, DomainCase{"co.uk", ""},  // a public suffix
        DomainCase{"com", ""},                                           // single label
        DomainCase{"localhost", ""}, DomainCase{"192.168.0.1", ""},      // IPv4
        DomainCase{"http://[2001:db8::1]/", ""},                         // IPv6
        DomainCase{"2001:db8::1", ""}, DomainCase{"exa mple.com", ""},   // invalid character
        DomainCase{"a..b.com", ""},                                      // empty label
        DomainCase{"", ""}));

TEST(PublicSuffixList, WildcardAndExceptionRules) {
  auto psl = PublicSuffixList::parse(
      "// comment\ncom\n*.ck\n!www.ck\njp\nkawasaki.jp\n*.kawasaki.jp\n!city.kawasaki.jp\n");
  EXPECT_EQ(psl.registrable_domain("foo.bar.ck"), "foo.bar.ck");
  EXPECT_EQ(psl.registrable_domain("bar.ck"), "");
  EXPECT_EQ(psl.registrable_domain("www.ck"), "www.ck");
  EXPECT_EQ(psl.registrable_domain("a.www.ck"), "www.ck");
  EXPECT_EQ(psl.registrable_domain("a.b.kawasaki.jp"), "a.b.kawasaki.jp");
  EXPECT_EQ(psl.registrable_domain("city.kawasaki.jp"), "city.kawasaki.jp");
  EXPECT_EQ(psl.registrable_domain("x.y.unknowntld"), "y.unknowntld");  // default rule "*"
  EXPECT_TRUE(psl.has_known_suffix("a.com"));
  EXPECT_FALSE(psl.has_known_suffix("a.unknowntld"));
}

TEST(PublicSuffixList, UnlistedTldIsItsOwnSuffixButNotKnown) {
  // Contacts flags unknown TLDs; every caller still gets "acme.example" for the demo data.
  auto psl = PublicSuffixList::parse("com\nuk\nco.uk\n*.ck\n");
  EXPECT_EQ(psl.registrable_domain("a.acme.example"), "acme.example");
  EXPECT_EQ(psl.public_suffix("a.acme.example"), "example");
  EXPECT_FALSE(psl.has_known_tld("acme.example"));
  EXPECT_FALSE(psl.has_known_suffix("acme.example"));
  EXPECT_TRUE(psl.has_known_tld("acme.co.uk"));
  EXPECT_TRUE(psl.has_known_tld("shop.foo.ck"));  // a wildcard names its TLD too
  EXPECT_FALSE(psl.has_known_tld("10.0.0.1"));
  EXPECT_FALSE(psl.has_known_tld("bad host.com"));
}

TEST(PublicSuffixList, IdnRulesMatchUnicodeAndPunycodeHosts) {
  auto psl = PublicSuffixList::parse(
      "// comment\n"
      "  jp   trailing words are ignored\n"
      "рф\n"
      "公司.cn\n"
      "*.ck\n"
      "!www.ck\n");
  EXPECT_EQ(psl.rule_count(), 5u);  // each IDN rule counts once although stored twice
  EXPECT_TRUE(psl.has_known_tld("xn--80aswg.xn--p1ai"));
  EXPECT_TRUE(psl.has_known_tld("сайт.рф"));
  EXPECT_EQ(psl.registrable_domain("shop.acme.xn--55qx5d.cn"), "acme.xn--55qx5d.cn");
  EXPECT_EQ(psl.registrable_domain("shop.acme.公司.cn"), "acme.公司.cn");
  EXPECT_EQ(psl.public_suffix("a.b.jp"), "jp");
}

TEST(PublicSuffixList, LoadSharedParsesEachPathOnce) {
  auto a = PublicSuffixList::load_shared(PublicSuffixList::kDefaultPath);
  auto b = PublicSuffixList::load_shared(PublicSuffixList::kDefaultPath);
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(a->get(), b->get());
  EXPECT_GT((*a)->rule_count(), 5000u);
  EXPECT_EQ((*a)->registrable_domain("www.city.kawasaki.jp"), "city.kawasaki.jp");
  EXPECT_FALSE(PublicSuffixList::load_shared("/nonexistent/psl.dat"));
}

TEST(PublicSuffixList, LoadFailsClearlyOnMissingFile) {
  auto psl = PublicSuffixList::load("/nonexistent/psl.dat");
  ASSERT_FALSE(psl);
  EXPECT_EQ(psl.error().code, "not_found");
}

TEST(Url, SplitsSchemeHostPath) {
  auto u = parse_url("https://www.acme.example/about?q=1");
  EXPECT_EQ(u.scheme, "https");
  EXPECT_EQ(u.host, "www.acme.example");
  EXPECT_EQ(u.path, "/about");
  EXPECT_TRUE(u.valid);
  EXPECT_TRUE(parse_url("10.0.0.1:80").is_ip);
  EXPECT_FALSE(parse_url("bad_host!.com").valid);
  EXPECT_EQ(site_of("www.trimble.com"), "trimble.com");
  EXPECT_EQ(site_of("sketchup.trimble.com"), "sketchup.trimble.com");
  EXPECT_EQ(site_of("www.com"), "www.com");
}

TEST(HostDenylist, MostSpecificEntryWins) {
  const auto& d = resolver().denylist();
  auto* apps = d.find("apps.apple.com");
  ASSERT_NE(apps, nullptr);
  EXPECT_TRUE(apps->owners.empty());
  auto* apple = d.find("www.apple.com");
  ASSERT_NE(apple, nullptr);
  EXPECT_EQ(apple->host, "apple.com");
  EXPECT_EQ(apple->owners, (std::vector<std::string>{"apple"}));
  EXPECT_NE(d.find("uk.linkedin.com"), nullptr);
  EXPECT_NE(d.find("booksy.com"), nullptr);
  EXPECT_EQ(d.find("notlinkedin.com"), nullptr);
  EXPECT_EQ(d.find("cisco.com"), nullptr);
}

}  // namespace
}  // namespace buyergraph::resolve
