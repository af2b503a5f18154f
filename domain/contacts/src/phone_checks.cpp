// ContactValidator::validate_phone with libphonenumber: validity, E.164, type and region.
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>

#include "buyergraph/contacts/status_rules.hpp"
#include "validator_impl.hpp"

namespace buyergraph::contacts {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

const char* type_name(PhoneNumberUtil::PhoneNumberType type) {
  switch (type) {
    case PhoneNumberUtil::FIXED_LINE:
      return "fixed_line";
    case PhoneNumberUtil::MOBILE:
      return "mobile";
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
      return "fixed_line_or_mobile";
    case PhoneNumberUtil::TOLL_FREE:
      return "toll_free";
    case PhoneNumberUtil::PREMIUM_RATE:
      return "premium_rate";
    case PhoneNumberUtil::SHARED_COST:
      return "shared_cost";
    case PhoneNumberUtil::VOIP:
      return "voip";
    case PhoneNumberUtil::PERSONAL_NUMBER:
      return "personal_number";
    case PhoneNumberUtil::PAGER:
      return "pager";
    case PhoneNumberUtil::UAN:
      return "uan";
    case PhoneNumberUtil::VOICEMAIL:
      return "voicemail";
    case PhoneNumberUtil::UNKNOWN:
      return "unknown";
  }
  return "unknown";
}

const char* possibility_reason(PhoneNumberUtil::ValidationResult r) {
  switch (r) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
      return "phone_bad_country_code";
    case PhoneNumberUtil::TOO_SHORT:
      return "phone_too_short";
    case PhoneNumberUtil::TOO_LONG:
      return "phone_too_long";
    case PhoneNumberUtil::INVALID_LENGTH:
      return "phone_bad_length";
    default:
      return "";
  }
}

std::string upper_ascii(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t') continue;
    out.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

}  // namespace

sdk::ContactPoint ContactValidator::validate_phone(std::string_view phone,
                                                   const PhoneCheckOptions& options) const {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  sdk::ContactPoint c;
  c.kind = "phone";
  c.value = std::string(phone);
  c.provider_status = options.provider_status;
  c.source = options.source;
  c.verified_at = impl_->now();
  auto& reasons = c.reasons;
  auto finish = [&] {
    c.status = phone_status(reasons);
    return c;
  };

  // The person's country parses national numbers ("030 1234567" with DE); "ZZ" means "unknown",
  // so only numbers written with "+" and a country code parse.
  std::string hint = upper_ascii(options.region_hint);
  std::string region = "ZZ";
  if (!hint.empty()) {
    if (util.GetCountryCodeForRegion(hint) != 0) {
      region = hint;
    } else {
      reasons.push_back("region_hint_unsupported");
      hint.clear();
    }
  }

  std::string text(phone);
  PhoneNumber number;
  if (text.find_first_of("0123456789") == std::string::npos ||
      util.Parse(text, region, &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    reasons.push_back("phone_unparseable");
    return finish();
  }

  util.GetRegionCodeForNumber(number, &c.region);
  if (c.region == "ZZ") c.region.clear();  // libphonenumber's "unknown region"
  if (!util.IsValidNumber(number)) {
    reasons.push_back("phone_invalid");
    std::string why = possibility_reason(util.IsPossibleNumberWithReason(number));
    if (!why.empty()) reasons.push_back(why);
    return finish();
  }

  util.Format(number, PhoneNumberUtil::E164, &c.normalized);
  c.phone_type = type_name(util.GetNumberType(number));
  if (c.region == "001") {
    reasons.push_back("phone_non_geographic");
  } else if (!hint.empty() && c.region != hint) {
    reasons.push_back("phone_region_mismatch");
  }
  // A shared or paid line is not a person's line.
  if (c.phone_type == "toll_free" || c.phone_type == "premium_rate" ||
      c.phone_type == "shared_cost" || c.phone_type == "uan") {
    reasons.push_back("phone_not_personal");
  }

  auto provider = provider_reasons(options.provider_status);
  bool provider_checked_line = std::any_of(
      provider.begin(), provider.end(),
      [](const std::string& r) { return r == "provider_verified" || r == "provider_invalid"; });
  if (!provider_checked_line) reasons.push_back("not_probed");  // live line unknown offline
  for (auto& r : provider) {
    if (std::find(reasons.begin(), reasons.end(), r) == reasons.end())
      reasons.push_back(std::move(r));
  }
  return finish();
}

}  // namespace buyergraph::contacts
