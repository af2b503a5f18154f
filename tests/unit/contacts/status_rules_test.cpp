// The status rules as a table: the first matching rule wins, and passing checks never add up.
#include "buyergraph/contacts/status_rules.hpp"

#include <gtest/gtest.h>

namespace buyergraph::contacts {
namespace {

using R = std::vector<std::string>;

TEST(StatusRules, EmailRulesInOrder) {
  // Rule 1: any hard failure is invalid, whatever else passed.
  EXPECT_EQ(email_status({"syntax_invalid"}), "invalid");
  EXPECT_EQ(email_status({"domain_match", "placeholder", "provider_verified"}), "invalid");
  EXPECT_EQ(email_status({"disposable", "provider_verified"}), "invalid");
  EXPECT_EQ(email_status({"domain_match", "no_mx"}), "invalid");
  EXPECT_EQ(email_status({"provider_invalid"}), "invalid");
  // Rule 2: guessed or unreadable addresses are unknown, even on the right domain.
  EXPECT_EQ(email_status({"domain_match", "guessed_pattern"}), "unknown");
  EXPECT_EQ(email_status({"smtputf8_unsupported"}), "unknown");
  // Rule 3: valid needs a provider's verification and no soft risk.
  EXPECT_EQ(email_status({"domain_match", "provider_verified"}), "valid");
  EXPECT_EQ(email_status({"provider_verified"}), "valid");
  for (const char* soft : {"role_account", "free_webmail", "domain_mismatch", "domain_typo",
                           "accept_all", "quoted_local_part", "provider_risky"}) {
    EXPECT_EQ(email_status({"provider_verified", soft}), "risky") << soft;
  }
  // Rule 4: every offline check passing is still only risky.
  EXPECT_EQ(email_status({"domain_match", "mx_found", "not_probed"}), "risky");
  EXPECT_EQ(email_status({}), "risky");
}

TEST(StatusRules, PhoneRulesInOrder) {
  EXPECT_EQ(phone_status({"phone_invalid", "provider_verified"}), "invalid");
  EXPECT_EQ(phone_status({"phone_unparseable"}), "invalid");
  EXPECT_EQ(phone_status({"provider_verified"}), "valid");
  EXPECT_EQ(phone_status({"provider_verified", "phone_region_mismatch"}), "risky");
  EXPECT_EQ(phone_status({"provider_verified", "phone_not_personal"}), "risky");
  EXPECT_EQ(phone_status({"not_probed"}), "risky");
}

TEST(StatusRules, ProviderLabels) {
  EXPECT_EQ(provider_reasons("verified"), R{"provider_verified"});
  EXPECT_EQ(provider_reasons("VALID"), R{"provider_verified"});
  EXPECT_EQ(provider_reasons("matched_email"), R{"provider_risky"});
  EXPECT_EQ(provider_reasons("catchall"), (R{"provider_risky", "accept_all"}));
  EXPECT_EQ(provider_reasons("Catch-All"), (R{"provider_risky", "accept_all"}));
  EXPECT_EQ(provider_reasons("matched_pattern"), R{"guessed_pattern"});
  EXPECT_EQ(provider_reasons("guessed_common_pattern"), R{"guessed_pattern"});
  EXPECT_EQ(provider_reasons("do_not_mail"), R{"provider_invalid"});
  EXPECT_EQ(provider_reasons("unknown"), R{"provider_unknown"});
  EXPECT_EQ(provider_reasons("disposable"), R{"disposable"});
  EXPECT_EQ(provider_reasons(""), R{});
  EXPECT_EQ(provider_reasons("whatever"), R{"provider_status_unrecognized"});
}

}  // namespace
}  // namespace buyergraph::contacts
