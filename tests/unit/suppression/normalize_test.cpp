// Normalisation and kind guessing: the canonical forms lists and the store compare.
#include <gtest/gtest.h>

#include "buyergraph/suppression/suppression.hpp"

using namespace buyergraph::suppression;

namespace {
std::string norm(Kind k, std::string_view v) {
  auto r = normalize(k, v);
  return r ? *r : "ERROR: " + r.error().message;
}
}  // namespace

TEST(Normalize, EmailsAreTrimmedAndLowerCased) {
  EXPECT_EQ(norm(Kind::email, "  Jane.Doe@Contoso.EXAMPLE \t"), "jane.doe@contoso.example");
  EXPECT_EQ(norm(Kind::email, "mailto:Jane@contoso.example"), "jane@contoso.example");
}

TEST(Normalize, BadEmailsFailWithoutRepeatingTheValue) {
  for (std::string_view bad :
       {"", "   ", "jane.contoso.example", "@contoso.example", "jane@", "jane@@contoso.example",
        "jane doe@contoso.example", "jane@localhost"}) {
    auto r = normalize(Kind::email, bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, "invalid_input");
    if (bad.find_first_not_of(' ') != std::string_view::npos) {
      EXPECT_EQ(r.error().message.find(std::string(bad)), std::string::npos);
    }
  }
}

TEST(Normalize, DomainsLoseSchemeWwwPortAndPath) {
  EXPECT_EQ(norm(Kind::domain, "Contoso.Example"), "contoso.example");
  EXPECT_EQ(norm(Kind::domain, "https://www.Contoso.example:8443/about?x=1#top"),
            "contoso.example");
  EXPECT_EQ(norm(Kind::domain, "www.contoso.example."), "contoso.example");
  EXPECT_EQ(norm(Kind::domain, "mail.contoso.example/"), "mail.contoso.example");
  // IDN stays as written (only ASCII is lower-cased).
  EXPECT_EQ(norm(Kind::domain, "Bücher.example"), "bücher.example");
  EXPECT_FALSE(normalize(Kind::domain, ""));
  EXPECT_FALSE(normalize(Kind::domain, "localhost"));
  EXPECT_FALSE(normalize(Kind::domain, "jane@contoso.example"));
  EXPECT_FALSE(normalize(Kind::domain, "contoso..example"));
}

TEST(Normalize, LinkedInProfileVariantsShareOneForm) {
  const std::string want = "linkedin.com/in/jane-doe-42";
  for (std::string_view v :
       {"https://www.linkedin.com/in/jane-doe-42", "http://linkedin.com/in/Jane-Doe-42/",
        "https://uk.linkedin.com/in/jane-doe-42?trk=public_profile",
        "linkedin.com/in/jane-doe-42#x", "www.linkedin.com/in/jane-doe-42/details/experience/",
        "  HTTPS://DE.LINKEDIN.COM/in/JANE-DOE-42 "})
    EXPECT_EQ(norm(Kind::profile_url, v), want) << v;
}

TEST(Normalize, OtherUrlsAreHostAndPath) {
  EXPECT_EQ(norm(Kind::profile_url, "https://www.GitHub.com/JaneDoe/?tab=repos"),
            "github.com/janedoe");
  EXPECT_EQ(norm(Kind::profile_url, "https://linkedin.com/pub/jane-doe/1/2/3"),
            "linkedin.com/pub/jane-doe/1/2/3");
  EXPECT_FALSE(normalize(Kind::profile_url, "https://www.linkedin.com/in/"));
  EXPECT_FALSE(normalize(Kind::profile_url, "https://contoso.example"));
  EXPECT_FALSE(normalize(Kind::profile_url, ""));
}

TEST(GuessKind, AtSlashOrDomain) {
  EXPECT_EQ(guess_kind("jane@contoso.example"), Kind::email);
  EXPECT_EQ(guess_kind("https://www.linkedin.com/in/jane"), Kind::profile_url);
  EXPECT_EQ(guess_kind("medium.com/@jane"), Kind::profile_url);
  EXPECT_EQ(guess_kind("contoso.example"), Kind::domain);
  EXPECT_EQ(guess_kind("   "), std::nullopt);
}

TEST(Kinds, NamesRoundTrip) {
  for (Kind k : {Kind::email, Kind::domain, Kind::profile_url})
    EXPECT_EQ(parse_kind(to_string(k)), k);
  EXPECT_EQ(parse_kind(" Profile_URL "), Kind::profile_url);
  EXPECT_EQ(parse_kind("phone"), std::nullopt);
}
