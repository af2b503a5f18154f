// The email syntax subset: what is accepted, what is rejected and why.
#include "buyergraph/contacts/email_syntax.hpp"

#include <gtest/gtest.h>

#include "buyergraph/contacts/domain_name.hpp"

namespace buyergraph::contacts {
namespace {

TEST(EmailSyntax, AcceptsCommonAddressesAndNormalises) {
  auto e = parse_email("  Jane.Doe@ACME.Com ");
  ASSERT_TRUE(e.ok) << e.detail;
  EXPECT_EQ(e.local, "Jane.Doe");
  EXPECT_EQ(e.domain, "acme.com");
  EXPECT_EQ(e.normalized(), "jane.doe@acme.com");

  for (const char* ok :
       {"a@b.co", "first.last@sub.acme.co.uk", "x+tag@acme.io", "o'brien@acme.ie",
        "user_name-1@acme-corp.com", "!#$%&'*+-/=?^_`{|}~@acme.com", "jane@acme.example"}) {
    EXPECT_TRUE(parse_email(ok).ok) << ok;
  }
}

TEST(EmailSyntax, RejectsMalformedAddressesWithTheRuleThatFailed) {
  struct Case {
    const char* input;
    const char* detail;
  };
  for (auto [input, detail] : {
           Case{"", "empty"},
           Case{"   ", "empty"},
           Case{"plainaddress", "missing_at"},
           Case{"@acme.com", "local_empty"},
           Case{"jane@", "domain_empty"},
           Case{"jane@@acme.com", "multiple_at"},
           Case{"jane@acme@com", "multiple_at"},
           Case{".jane@acme.com", "local_leading_dot"},
           Case{"jane.@acme.com", "local_trailing_dot"},
           Case{"ja..ne@acme.com", "local_double_dot"},
           Case{"ja ne@acme.com", "whitespace"},
           Case{"ja(ne)@acme.com", "local_bad_char"},
           Case{"jane,doe@acme.com", "local_bad_char"},
           Case{"jane@acme..com", "label_empty"},
           Case{"jane@.acme.com", "label_empty"},
           Case{"jane@acme.com.", "domain_trailing_dot"},
           Case{"jane@-acme.com", "label_hyphen"},
           Case{"jane@acme-.com", "label_hyphen"},
           Case{"jane@acme_corp.com", "label_bad_char"},
           Case{"jane@localhost", "single_label"},
           Case{"jane@192.168.0.1", "numeric_tld"},
           Case{"jane@[192.168.0.1]", "domain_literal"},
           Case{"\"jane@acme.com", "quote_unterminated"},
       }) {
    auto e = parse_email(input);
    EXPECT_FALSE(e.ok) << input;
    EXPECT_EQ(e.reason, "syntax_invalid") << input;
    EXPECT_EQ(e.detail, detail) << input;
  }
}

TEST(EmailSyntax, EnforcesLengthLimits) {
  std::string local64(64, 'a');
  EXPECT_TRUE(parse_email(local64 + "@acme.com").ok);
  auto too_long_local = parse_email(local64 + "a@acme.com");
  EXPECT_EQ(too_long_local.detail, "local_part_too_long");

  std::string label63(63, 'b');
  EXPECT_TRUE(parse_email("j@" + label63 + ".com").ok);
  EXPECT_EQ(parse_email("j@" + label63 + "b.com").detail, "label_too_long");

  // 64 + 1 + 63*3 + 3 dots -> 254 with a 1-char last label would be exactly the limit.
  std::string domain = label63 + "." + label63 + "." + label63 + ".com";  // 195 chars
  std::string local = std::string(58, 'c');                               // 58+1+195 = 254
  EXPECT_TRUE(parse_email(local + "@" + domain).ok);
  EXPECT_EQ(parse_email(local + "c@" + domain).detail, "address_too_long");
}

TEST(EmailSyntax, CharactersThatDisguiseAnAddressAreInvalid) {
  for (const std::string bad : {
           "jane\u200b@acme.com",  // zero-width space
           "jane\u200d@acme.com",  // zero-width joiner
           "jane@acme\u202e.com",  // right-to-left override
           "jane\u2066@acme.com",  // left-to-right isolate
           "jane\u2028@acme.com",  // line separator
           "jane\u2029@acme.com",  // paragraph separator
           "jane\u0301@acme.com",  // combining acute accent
           "jane\ue000@acme.com",  // private use
           "jane\ufdd0@acme.com",  // non-character
           "jane\ufeff@acme.com",  // byte-order mark
           "jane\x7f@acme.com",    // DEL
       }) {
    auto e = parse_email(bad);
    EXPECT_FALSE(e.ok) << bad;
    EXPECT_EQ(e.reason, "syntax_invalid") << bad;
    EXPECT_EQ(e.detail, "unsafe_character") << bad;
  }
  EXPECT_EQ(parse_email("jane\u00a0doe@acme.com").detail, "whitespace");
  EXPECT_EQ(parse_email("jane\xff@acme.com").detail, "bad_utf8");
  // Scripts and accents are not disguises: a non-ASCII local part stays "unsupported".
  EXPECT_EQ(parse_email("jörg@acme.com").reason, "smtputf8_unsupported");
}

TEST(EmailSyntax, LengthLimitsCountUtf8Octets) {
  // 60 "ä" are 60 characters but 120 octets: over the 64-octet local-part limit.
  std::string local;
  for (int i = 0; i < 60; ++i) local += "ä";
  EXPECT_EQ(parse_email(local + "@acme.com").detail, "local_part_too_long");
  // A Unicode domain of 260 octets is too long as written, whatever its punycode length.
  std::string domain;
  for (int i = 0; i < 125; ++i) domain += "ü";
  EXPECT_EQ(parse_email("j@" + domain + ".de").detail, "address_too_long");
}

TEST(EmailSyntax, QuotedLocalPartsAreAcceptedAndKeptAsWritten) {
  auto e = parse_email("\"Jane Doe\"@Acme.com");
  ASSERT_TRUE(e.ok) << e.detail;
  EXPECT_TRUE(e.quoted_local);
  EXPECT_EQ(e.normalized(), "\"Jane Doe\"@acme.com");
  auto at_inside = parse_email("\"a@b\\\"c\"@acme.com");
  ASSERT_TRUE(at_inside.ok) << at_inside.detail;
  EXPECT_EQ(at_inside.domain, "acme.com");
}

TEST(EmailSyntax, IdnDomainsBecomePunycodeAndNonAsciiLocalPartsAreUnsupported) {
  auto e = parse_email("jörg@Bücher.de");
  EXPECT_FALSE(e.ok);
  EXPECT_EQ(e.reason, "smtputf8_unsupported");

  auto idn = parse_email("joerg@Bücher.de");
  ASSERT_TRUE(idn.ok) << idn.detail;
  EXPECT_TRUE(idn.idn);
  EXPECT_EQ(idn.domain, "xn--bcher-kva.de");
  EXPECT_EQ(parse_email("info@müller.example").domain, "xn--mller-kva.example");
}

TEST(HostNames, CompanyDomainsMayBeUrls) {
  EXPECT_EQ(host_of_company_domain("https://www.Acme.com/about?x=1"), "www.acme.com");
  EXPECT_EQ(host_of_company_domain(" acme.co.uk:443 "), "acme.co.uk");
  EXPECT_EQ(host_of_company_domain("not a domain"), std::nullopt);
  EXPECT_EQ(host_of_company_domain(""), std::nullopt);
}

}  // namespace
}  // namespace buyergraph::contacts
