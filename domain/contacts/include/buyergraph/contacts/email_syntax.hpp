#pragma once
// The email syntax subset buyergraph accepts (docs/contacts.md, "Email syntax").
#include <string>
#include <string_view>

namespace buyergraph::contacts {

/// A parsed address, or why it was rejected.
struct EmailSyntax {
  bool ok = false;
  std::string local;   ///< local part as written (quotes kept for a quoted local part)
  std::string domain;  ///< lower-case ASCII domain, punycode for IDN labels
  bool quoted_local = false;
  bool idn = false;    ///< the domain was converted from Unicode
  std::string reason;  ///< when !ok: "syntax_invalid" or "smtputf8_unsupported"
  std::string detail;  ///< when !ok: which rule failed ("local_part_too_long", ...)

  /// local + "@" + domain, the local part lower-cased unless quoted.
  std::string normalized() const;
};

/// Parses one address after trimming surrounding whitespace. Accepted: a dot-atom local part
/// (RFC 5322 atext: letters, digits and !#$%&'*+-/=?^_`{|}~, dots only between characters) or a
/// quoted local part (printable ASCII, backslash escapes); at most 64 octets before the "@" and
/// 254 in all (domain counted in punycode); a domain accepted by normalize_host. Rejected:
/// comments, domain literals ([192.0.2.1]), whitespace, a second unquoted "@".
/// A non-ASCII local part (RFC 6531) is reported as "smtputf8_unsupported", not as bad syntax.
///
///   auto e = parse_email(" Jane.Doe@ACME.com ");
///   e.ok && e.normalized() == "jane.doe@acme.com"
EmailSyntax parse_email(std::string_view text);

}  // namespace buyergraph::contacts
