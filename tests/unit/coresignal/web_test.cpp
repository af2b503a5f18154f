#include "buyergraph/coresignal/web.hpp"

#include <gtest/gtest.h>

#include "buyergraph/coresignal/text.hpp"

namespace buyergraph::coresignal {
namespace {

TEST(Web, HostOf) {
  EXPECT_EQ(host_of("http://user@Shop.Acme.co.uk:8080/a?b"), "shop.acme.co.uk");
  EXPECT_EQ(host_of("acme.com"), "acme.com");
  EXPECT_EQ(host_of("  https://www.acme.com./x "), "www.acme.com");
  EXPECT_EQ(host_of(""), "");
}

TEST(Web, RegistrableDomainUsesThePublicSuffixList) {
  EXPECT_EQ(registrable_domain("https://sketchup.trimble.com"), "trimble.com");
  EXPECT_EQ(registrable_domain("www.example.co.uk"), "example.co.uk");
  EXPECT_EQ(registrable_domain("jane@sales.acme.co.uk"), "acme.co.uk");
  EXPECT_EQ(registrable_domain("underline.cz"), "underline.cz");
  EXPECT_NE(registrable_domain("underline.cz"), registrable_domain("underline.com"));
  EXPECT_EQ(registrable_domain("co.uk"), "");
  EXPECT_EQ(registrable_domain("localhost"), "");
  EXPECT_EQ(registrable_domain("10.0.0.1"), "");
  EXPECT_EQ(registrable_domain("https://[2001:db8::1]/"), "");
  // The demo data's unlisted .example TLD is its own suffix; the list's exception rules apply.
  EXPECT_EQ(registrable_domain("https://www.acme.example/about"), "acme.example");
  EXPECT_EQ(registrable_domain("www.city.kawasaki.jp"), "city.kawasaki.jp");
}

TEST(Web, PlatformHosts) {
  EXPECT_TRUE(is_platform_host("https://www.linkedin.com/company/x"));
  EXPECT_TRUE(is_platform_host("booksy.com"));
  EXPECT_TRUE(is_platform_host("apps.apple.com"));
  EXPECT_FALSE(is_platform_host("apple.com"));
  EXPECT_FALSE(is_platform_host("acme.com"));
}

TEST(Web, LinkedinUrls) {
  EXPECT_EQ(normalize_linkedin_url("https://www.LinkedIn.com/in/Jane-Doe-1234/?x=1"),
            "linkedin.com/in/jane-doe-1234");
  EXPECT_EQ(normalize_linkedin_url("linkedin.com/in/jane-doe-1234"),
            "linkedin.com/in/jane-doe-1234");
  EXPECT_EQ(normalize_linkedin_url("https://example.com/in/jane"), "");
}

TEST(Text, FoldAndCompanyNames) {
  EXPECT_EQ(fold("  Société   Générale, S.A."), "societe generale s a");
  EXPECT_EQ(fold("O'Brien & Sons"), "obrien sons");
  EXPECT_EQ(normalize_company_name("The Acme Corporation, Inc."), "acme");
  EXPECT_EQ(normalize_company_name("Société Générale S.A."), "societe generale");
  EXPECT_EQ(normalize_company_name("Acme Brick"), "acme brick");
  EXPECT_EQ(fold("\xff\xfe bad"), "bad");
}

}  // namespace
}  // namespace buyergraph::coresignal
