#pragma once
// Overall contact status from reason codes: explicit, ordered rules, never an average.
#include <string>
#include <string_view>
#include <vector>

namespace buyergraph::contacts {

/// Reason codes a provider's own label adds (providers.md section 6, unified status), e.g.
/// "verified" -> {"provider_verified"}, "matched_email" -> {"provider_risky"},
/// "catch-all" -> {"provider_risky", "accept_all"}, "matched_pattern" -> {"guessed_pattern"},
/// "spamtrap" -> {"provider_invalid"}, "" -> {}, anything unrecognised ->
/// {"provider_status_unrecognized"}. Case and "-"/"_" differences are ignored.
///
///   provider_reasons("Verified") == std::vector<std::string>{"provider_verified"}
std::vector<std::string> provider_reasons(std::string_view provider_status);

/// The email status for a set of reason codes; the first rule that applies wins:
///  1. invalid: syntax_invalid, placeholder, no_reply, unknown_tld, disposable, provider_invalid,
///     no_mx, null_mx, no_domain
///  2. unknown: smtputf8_unsupported, guessed_pattern
///  3. valid:   provider_verified and none of role_account, free_webmail, domain_mismatch,
///     domain_typo, accept_all, quoted_local_part, provider_risky
///  4. risky:   everything else (offline checks alone never make an address valid)
///
///   email_status({"domain_match", "not_probed"}) == "risky"
std::string email_status(const std::vector<std::string>& reasons);

/// The phone status for a set of reason codes; the first rule that applies wins:
///  1. invalid: phone_unparseable, phone_invalid, provider_invalid
///  2. valid:   provider_verified and neither phone_region_mismatch nor phone_not_personal
///  3. risky:   everything else (libphonenumber knows the numbering plan, not whether the line
///     is live or whose it is)
///
///   phone_status({"phone_invalid"}) == "invalid"
std::string phone_status(const std::vector<std::string>& reasons);

}  // namespace buyergraph::contacts
