// Phone validation with libphonenumber: E.164, type, region and mismatches.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_validator.hpp"

namespace buyergraph::contacts {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;
using testing::validator;

sdk::ContactPoint phone(std::string_view number, std::string region = "") {
  return validator().validate_phone(number, {.region_hint = std::move(region)});
}

struct PhoneCase {
  const char* input;
  const char* region_hint;
  const char* e164;
  const char* type;
  const char* region;
};

TEST(PhoneValidator, NormalisesToE164WithTypeAndRegion) {
  for (const auto& p : {
           PhoneCase{"(650) 253-0000", "US", "+16502530000", "fixed_line_or_mobile", "US"},
           PhoneCase{"+1 800 253 0000", "US", "+18002530000", "toll_free", "US"},
           PhoneCase{"07400 123456", "GB", "+447400123456", "mobile", "GB"},
           PhoneCase{"020 7031 3000", "gb", "+442070313000", "fixed_line", "GB"},
           PhoneCase{"0151 23456789", "DE", "+4915123456789", "mobile", "DE"},
           PhoneCase{"030 1234567", "DE", "+49301234567", "fixed_line", "DE"},
           PhoneCase{"06 12 34 56 78", "FR", "+33612345678", "mobile", "FR"},
           PhoneCase{"01 42 68 53 00", "FR", "+33142685300", "fixed_line", "FR"},
           PhoneCase{"+33 1 42 68 53 00", "", "+33142685300", "fixed_line", "FR"},
       }) {
    auto c = phone(p.input, p.region_hint);
    EXPECT_EQ(c.kind, "phone");
    EXPECT_EQ(c.normalized, p.e164) << p.input;
    EXPECT_EQ(c.phone_type, p.type) << p.input;
    EXPECT_EQ(c.region, p.region) << p.input;
    EXPECT_THAT(c.reasons, Not(Contains("phone_region_mismatch"))) << p.input;
    EXPECT_EQ(c.verified_at, "2026-03-01T09:30:00Z");
  }
}

TEST(PhoneValidator, ValidNumbersAreRiskyOfflineAndValidOnlyWhenAProviderVerified) {
  auto offline = phone("+49 151 23456789", "DE");
  EXPECT_EQ(offline.status, "risky");
  EXPECT_THAT(offline.reasons, ElementsAre("not_probed"));
  auto verified = validator().validate_phone("+49 151 23456789",
                                             {.region_hint = "DE", .provider_status = "verified"});
  EXPECT_EQ(verified.status, "valid");
  // A toll-free line is a switchboard, not a person, whatever the provider says.
  auto toll_free = validator().validate_phone("+1 800 253 0000",
                                              {.region_hint = "US", .provider_status = "valid"});
  EXPECT_EQ(toll_free.status, "risky");
  EXPECT_THAT(toll_free.reasons, Contains("phone_not_personal"));
}

TEST(PhoneValidator, RegionMismatchWithThePersonsCountryIsFlagged) {
  auto c = phone("+33 6 12 34 56 78", "DE");
  EXPECT_EQ(c.region, "FR");
  EXPECT_EQ(c.normalized, "+33612345678");
  EXPECT_THAT(c.reasons, Contains("phone_region_mismatch"));
  EXPECT_EQ(c.status, "risky");
  auto verified = validator().validate_phone("+7 812 123 45 67",
                                             {.region_hint = "US", .provider_status = "verified"});
  EXPECT_EQ(verified.region, "RU");
  EXPECT_EQ(verified.status, "risky");  // St Petersburg number for a US person
}

TEST(PhoneValidator, InvalidAndUnparseableNumbersAreInvalid) {
  auto short_us = phone("12345", "US");
  EXPECT_EQ(short_us.status, "invalid");
  EXPECT_THAT(short_us.reasons, Contains("phone_invalid"));
  EXPECT_EQ(short_us.normalized, "");
  EXPECT_EQ(short_us.region, "");  // no region rather than libphonenumber's "ZZ"

  auto german_number_read_as_british = phone("030 1234567", "GB");
  EXPECT_EQ(german_number_read_as_british.status, "invalid");

  auto bad_area = phone("+1 011 555 0100", "US");
  EXPECT_EQ(bad_area.status, "invalid");

  auto national_without_hint = phone("030 1234567");
  EXPECT_EQ(national_without_hint.status, "invalid");
  EXPECT_THAT(national_without_hint.reasons, Contains("phone_unparseable"));

  for (const char* junk : {"", "call me", "n/a", "+", "++49"}) {
    auto c = phone(junk, "DE");
    EXPECT_EQ(c.status, "invalid") << junk;
  }
  auto long_de = phone("+49 30 1234567890123456", "DE");
  EXPECT_EQ(long_de.status, "invalid");
}

TEST(PhoneValidator, UnsupportedRegionHintIsReportedAndIgnored) {
  auto c = phone("+44 20 7031 3000", "XX");
  EXPECT_THAT(c.reasons, Contains("region_hint_unsupported"));
  EXPECT_EQ(c.normalized, "+442070313000");
  EXPECT_THAT(c.reasons, Not(Contains("phone_region_mismatch")));
}

}  // namespace
}  // namespace buyergraph::contacts
