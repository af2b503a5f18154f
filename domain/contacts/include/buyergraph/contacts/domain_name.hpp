#pragma once
// Host names as the validator compares them: lower-case ASCII, IDN labels in punycode.
#include <optional>
#include <string>
#include <string_view>

namespace buyergraph::contacts {

/// Why a host name was rejected; empty when it was accepted.
struct HostCheck {
  std::string ascii;   ///< lower-case ASCII host (punycode for IDN labels) when accepted
  std::string reason;  ///< "" | "domain_empty" | "domain_too_long" | "label_empty" |
                       ///< "label_too_long" | "label_bad_char" | "label_hyphen" |
                       ///< "single_label" | "numeric_tld" | "idn_invalid"
  bool idn = false;    ///< the input held non-ASCII labels that were converted
};

/// Checks and normalises a host name for email and company-domain use: at least two labels of
/// 1-63 letters, digits or hyphens (no hyphen at either end), at most 253 characters, a
/// non-numeric TLD. One trailing dot is dropped. Non-ASCII input is converted with libidn2
/// (UTS #46 non-transitional, which also folds case).
///
///   normalize_host("Mail.ACME.co.uk").ascii == "mail.acme.co.uk"
///   normalize_host("bücher.de").ascii == "xn--bcher-kva.de"
HostCheck normalize_host(std::string_view host);

/// The host part of something a user calls a company domain: accepts "acme.com",
/// "www.acme.com", "https://www.acme.com/about" or "ACME.com:443". Drops the scheme, user info,
/// path and port (a "www." label stays: callers compare registrable domains); nullopt when what
/// is left is not a valid host.
///
///   host_of_company_domain("https://www.Acme.com/x") == "www.acme.com"
std::optional<std::string> host_of_company_domain(std::string_view text);

}  // namespace buyergraph::contacts
