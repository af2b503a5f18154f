// Email validation end to end: lists, domain matching and the status each combination gets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "test_validator.hpp"

namespace buyergraph::contacts {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;
using testing::validator;

sdk::ContactPoint check(std::string_view email, EmailCheckOptions options = {}) {
  return validator().validate_email(email, options);
}

TEST(EmailValidator, CleanWorkAddressIsRiskyOfflineWithTimestamp) {
  auto c = check("Jane.Doe@Mail.ACME.co.uk", {.company_domains = {"acme.co.uk"}});
  EXPECT_EQ(c.kind, "email");
  EXPECT_EQ(c.value, "Jane.Doe@Mail.ACME.co.uk");
  EXPECT_EQ(c.normalized, "jane.doe@mail.acme.co.uk");
  EXPECT_EQ(c.status, "risky");
  EXPECT_THAT(c.reasons, ElementsAre("domain_match", "not_probed"));
  EXPECT_EQ(c.verified_at, "2026-03-01T09:30:00Z");
}

TEST(EmailValidator, PlaceholdersAreInvalid) {
  for (const char* email : {"test@example.com", "jane@example.org", "jane@sub.example.net",
                            "jane.doe@coresignal.temp", "test@acme.com", "first.last@acme.com",
                            "noemail@acme.com", "jane@acme.test", "jane@acme.invalid"}) {
    auto c = check(email);
    EXPECT_EQ(c.status, "invalid") << email;
    EXPECT_THAT(c.reasons, Contains("placeholder")) << email;
  }
  // Even a provider "verified" label does not rescue test@example.com.
  auto c = check("test@example.com", {.provider_status = "verified"});
  EXPECT_EQ(c.status, "invalid");
}

TEST(EmailValidator, ReservedExampleTldIsFlaggedNotRejected) {
  auto c = check("alice.smith@northwind.example", {.company_domains = {"northwind.example"}});
  EXPECT_EQ(c.status, "risky");
  EXPECT_THAT(c.reasons, ElementsAre("reserved_domain", "domain_match", "not_probed"));
  auto verified = check("alice.smith@northwind.example",
                        {.company_domains = {"northwind.example"}, .provider_status = "verified"});
  EXPECT_EQ(verified.status, "valid");
  EXPECT_THAT(verified.reasons, Not(Contains("placeholder")));
}

TEST(EmailValidator, SpecialUseDomainsAreInvalidEvenWhenAProviderVerifies) {
  for (const char* email :
       {"jane@contoso.onion", "jane@mail.home.arpa", "jane@contoso.arpa",
        "jane@1.0.0.127.in-addr.arpa", "jane@contoso.alt", "jane@host.internal"}) {
    auto c = check(email, {.provider_status = "verified"});
    EXPECT_EQ(c.status, "invalid") << email;
    EXPECT_THAT(c.reasons, Contains("special_use_domain")) << email;
  }
}

TEST(EmailValidator, SpoofingCharactersAreInvalidNotUnknown) {
  auto c = check("j\u202eecnaj@acme.com", {.provider_status = "verified"});
  EXPECT_EQ(c.status, "invalid");
  EXPECT_THAT(c.reasons, ElementsAre("syntax_invalid", "unsafe_character"));
}

TEST(EmailValidator, UnknownTldIsInvalid) {
  auto c = check("jane@acme.corp");
  EXPECT_EQ(c.status, "invalid");
  EXPECT_THAT(c.reasons, Contains("unknown_tld"));
  // An IDN TLD the list names in Unicode ("рф") is known once the address is in punycode.
  auto idn = check("ivan@пример.рф");
  EXPECT_THAT(idn.reasons, Contains("idn_domain"));
  EXPECT_THAT(idn.reasons, Not(Contains("unknown_tld")));
}

TEST(EmailValidator, SyntaxErrorsAreInvalidWithDetail) {
  auto c = check("jane..doe@acme.com");
  EXPECT_EQ(c.status, "invalid");
  EXPECT_THAT(c.reasons, ElementsAre("syntax_invalid", "local_double_dot"));
  EXPECT_EQ(c.normalized, "");
  EXPECT_EQ(check("not an email").status, "invalid");
  EXPECT_EQ(check(std::string(65, 'a') + "@acme.com").status, "invalid");
}

TEST(EmailValidator, FreeWebmailIsRiskyNotInvalid) {
  auto c = check("jane.doe@gmail.com", {.company_domains = {"acme.com"}});
  EXPECT_EQ(c.status, "risky");
  EXPECT_THAT(c.reasons, Contains("free_webmail"));
  EXPECT_THAT(c.reasons, Contains("domain_mismatch"));
  // A provider "verified" says the mailbox exists, not that it is a work address.
  EXPECT_EQ(check("jane.doe@gmail.com", {.provider_status = "verified"}).status, "risky");
  // Staff of the webmail company itself are not "free webmail".
  auto staff = check("jane@yahoo.com", {.company_domains = {"yahoo.com"}});
  EXPECT_THAT(staff.reasons, Not(Contains("free_webmail")));
}

TEST(EmailValidator, DisposableIsInvalidIncludingWildcardSubdomains) {
  auto c = check("jane@mailinator.com");
  EXPECT_EQ(c.status, "invalid");
  EXPECT_THAT(c.reasons, Contains("disposable"));
  // 33mail.com is in the wildcard list: any subdomain is disposable too.
  EXPECT_THAT(check("jane@someone.33mail.com").reasons, Contains("disposable"));
  EXPECT_THAT(check("jane@acme.com").reasons, Not(Contains("disposable")));
  EXPECT_GT(validator().list_sizes().disposable, 100000u);
}

TEST(EmailValidator, RoleAccountsAreFlaggedRisky) {
  for (const char* email : {"info@acme.com", "Sales@acme.com", "support+eu@acme.com",
                            "customer.service@acme.com", "hr@acme.com"}) {
    auto c = check(email, {.company_domains = {"acme.com"}, .provider_status = "verified"});
    EXPECT_EQ(c.status, "risky") << email;
    EXPECT_THAT(c.reasons, Contains("role_account")) << email;
  }
  EXPECT_THAT(check("infosec.lead@acme.com").reasons, Not(Contains("role_account")));
  auto noreply = check("no-reply@acme.com");
  EXPECT_EQ(noreply.status, "invalid");
  EXPECT_THAT(noreply.reasons, Contains("no_reply"));
}

TEST(EmailValidator, DomainMatchUsesRegistrableDomain) {
  EmailCheckOptions acme_com{.company_domains = {"https://www.acme.com/"}};
  EXPECT_THAT(check("j@acme.com", acme_com).reasons, Contains("domain_match"));
  EXPECT_THAT(check("j@eu.mail.acme.com", acme_com).reasons, Contains("domain_match"));
  // TLD twins and lookalikes are different companies.
  EXPECT_THAT(check("j@acme.cz", acme_com).reasons, Contains("domain_mismatch"));
  EXPECT_THAT(check("j@acme.co", acme_com).reasons, Contains("domain_mismatch"));
  EXPECT_THAT(check("j@acme.com.au", acme_com).reasons, Contains("domain_mismatch"));
  EXPECT_THAT(check("j@notacme.com", acme_com).reasons, Contains("domain_mismatch"));
  // Under a multi-label public suffix the company label is what counts.
  EmailCheckOptions acme_uk{.company_domains = {"acme.co.uk"}};
  EXPECT_THAT(check("j@sub.acme.co.uk", acme_uk).reasons, Contains("domain_match"));
  EXPECT_THAT(check("j@other.co.uk", acme_uk).reasons, Contains("domain_mismatch"));
  // Any of several company domains matches.
  EmailCheckOptions both{.company_domains = {"acme.com", "acme.de"}};
  EXPECT_THAT(check("j@acme.de", both).reasons, Contains("domain_match"));
  // No company domain: no comparison either way.
  auto none = check("j@acme.com");
  EXPECT_THAT(none.reasons, Not(Contains("domain_match")));
  EXPECT_THAT(none.reasons, Not(Contains("domain_mismatch")));
  // A mismatch is risky, not invalid (subsidiary domains exist).
  EXPECT_EQ(check("j@acme.cz", acme_com).status, "risky");
  EXPECT_EQ(
      check("j@acme.cz", {.company_domains = {"acme.com"}, .provider_status = "verified"}).status,
      "risky");
}

TEST(EmailValidator, ProviderStatusesMapToTheUnifiedStatus) {
  EmailCheckOptions o{.company_domains = {"acme.com"}};
  auto with = [&](const char* provider) {
    auto opts = o;
    opts.provider_status = provider;
    return check("jane.doe@acme.com", opts);
  };
  EXPECT_EQ(with("verified").status, "valid");
  EXPECT_THAT(with("verified").reasons, ElementsAre("domain_match", "provider_verified"));
  EXPECT_EQ(with("matched_email").status, "risky");
  EXPECT_EQ(with("matched_pattern").status, "unknown");
  EXPECT_THAT(with("guessed_common_pattern").reasons, Contains("guessed_pattern"));
  EXPECT_EQ(with("catch-all").status, "risky");
  EXPECT_THAT(with("catch-all").reasons, Contains("accept_all"));
  EXPECT_EQ(with("spamtrap").status, "invalid");
  EXPECT_EQ(with("made_up_label").status, "risky");
  EXPECT_THAT(with("made_up_label").reasons, Contains("provider_status_unrecognized"));
  EXPECT_EQ(with("verified").provider_status, "verified");
}

TEST(EmailValidator, IdnDomainsAreConvertedAndTypoDomainsFlagged) {
  auto c = check("joerg@Bücher.de", {.company_domains = {"xn--bcher-kva.de"}});
  EXPECT_EQ(c.normalized, "joerg@xn--bcher-kva.de");
  EXPECT_THAT(c.reasons, ElementsAre("idn_domain", "domain_match", "not_probed"));
  auto typo = check("jane@gmial.com");
  EXPECT_EQ(typo.status, "risky");
  EXPECT_THAT(typo.reasons, Contains("domain_typo"));
  auto utf8 = check("jörg@acme.de");
  EXPECT_EQ(utf8.status, "unknown");
  EXPECT_THAT(utf8.reasons, Contains("smtputf8_unsupported"));
}

TEST(EmailValidator, ConcurrentCallsAgree) {
  const auto expected = check("jane.doe@acme.co.uk", {.company_domains = {"acme.co.uk"}});
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        auto c = check("jane.doe@acme.co.uk", {.company_domains = {"acme.co.uk"}});
        if (c.reasons != expected.reasons || c.status != expected.status) ++mismatches;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace buyergraph::contacts
