#pragma once
// ISO 3166-1 alpha-2 country codes and ISO 4217 currency codes, for validating profile fields.
#include <string_view>

namespace buyergraph::sellers::detail {

/// True for an assigned ISO 3166-1 alpha-2 code, upper case ("GB", not "UK" or "gb").
bool is_iso2_country(std::string_view code);
/// True for an ISO 4217 currency code, upper case ("EUR").
bool is_iso4217_currency(std::string_view code);

}  // namespace buyergraph::sellers::detail
