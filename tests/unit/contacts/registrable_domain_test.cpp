// Registrable domains as the contact validator computes them: company-domain input (URLs, IDN,
// upper case) normalised to punycode, then the shared resolve::PublicSuffixList on Debian's list.
#include <gtest/gtest.h>

#include "test_validator.hpp"

namespace buyergraph::contacts {
namespace {

TEST(RegistrableDomain, DebianListCases) {
  const auto& v = testing::validator();
  EXPECT_EQ(v.registrable_domain("sub.acme.co.uk"), "acme.co.uk");
  EXPECT_EQ(v.registrable_domain("mail.eu.acme.com"), "acme.com");
  EXPECT_EQ(v.registrable_domain("acme.com.au"), "acme.com.au");
  EXPECT_EQ(v.registrable_domain("www.city.kawasaki.jp"), "city.kawasaki.jp");  // exception rule
  EXPECT_EQ(v.registrable_domain("acme.github.io"), "acme.github.io");          // private section
  EXPECT_EQ(v.registrable_domain("https://www.Acme.DE/kontakt"), "acme.de");
  EXPECT_EQ(v.registrable_domain("Bücher.de"), "xn--bcher-kva.de");
  EXPECT_EQ(v.registrable_domain("co.uk"), "");
  EXPECT_EQ(v.registrable_domain("not a host"), "");
  EXPECT_NE(v.registrable_domain("acme.com"), v.registrable_domain("acme.cz"));
  EXPECT_GT(v.list_sizes().public_suffix_rules, 5000u);
}

TEST(RegistrableDomain, UnlistedTldIsItsOwnSuffix) {
  // The demo data lives on .example, which the list does not name: the implicit "*" rule.
  const auto& v = testing::validator();
  EXPECT_EQ(v.registrable_domain("mail.acme.example"), "acme.example");
  EXPECT_EQ(v.registrable_domain("https://www.acme.example/about"), "acme.example");
}

TEST(RegistrableDomain, IdnRulesMatchPunycodeHosts) {
  // "公司.cn" is a rule in Unicode; the validator hands the list punycode.
  const auto& v = testing::validator();
  EXPECT_EQ(v.registrable_domain("shop.acme.公司.cn"), "acme.xn--55qx5d.cn");
  EXPECT_EQ(v.registrable_domain("www.пример.рф"), "xn--e1afmkfd.xn--p1ai");
}

}  // namespace
}  // namespace buyergraph::contacts
