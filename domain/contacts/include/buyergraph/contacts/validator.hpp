#pragma once
// Offline contact validation: email and phone, reason codes and one status (docs/contacts.md).
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "buyergraph/sdk/records.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::contacts {

/// Source of "now" for verified_at; tests inject a fixed time.
using Clock = std::function<std::chrono::system_clock::time_point()>;

/// What the caller knows about an email besides the address itself.
///
///   EmailCheckOptions{.company_domains = {"acme.com"}, .provider_status = "verified"}
struct EmailCheckOptions {
  std::vector<std::string> company_domains;  ///< the employer's domains (hosts or URLs)
  std::string provider_status;  ///< the provider's own label ("verified", "matched_email", ...)
  bool online = false;          ///< allow a DNS MX lookup (off by default, never in tests)
  std::string source;           ///< copied to ContactPoint::source ("coresignal", ...)
};

/// What the caller knows about a phone number besides the number itself.
///
///   PhoneCheckOptions{.region_hint = "DE"}  // the person's country, not the company HQ's
struct PhoneCheckOptions {
  std::string region_hint;      ///< ISO2 country of the person; used to parse national numbers
  std::string provider_status;  ///< a provider's verdict, mapped like email provider labels
  std::string source;
};

/// Where the validator reads its lists.
struct ValidatorPaths {
  std::filesystem::path contacts_dir;  ///< folder with the lists (data/contacts)
  std::filesystem::path public_suffix_file;
};

/// Sizes of the loaded lists, for diagnostics.
struct ListSizes {
  std::size_t disposable = 0, disposable_wildcard = 0, free_webmail = 0, role = 0,
              placeholder_local = 0, placeholder_domain = 0, public_suffix_rules = 0;
};

/// The default paths: $BUYERGRAPH_DATA_DIR/contacts (else BUYERGRAPH_DEFAULT_DATA_DIR/contacts)
/// and Debian's public suffix list.
ValidatorPaths default_validator_paths();

/// Validates emails and phone numbers offline. Loads its lists once; the validate functions are
/// const and safe to call from many threads at once. Copies share the loaded lists.
///
///   auto v = ContactValidator::load_default();
///   if (!v) return fail(v.error());
///   sdk::ContactPoint c = v->validate_email("jane@acme.com", {.company_domains = {"acme.com"}});
///   // c.status == "risky", c.reasons == {"domain_match", "not_probed"}
class ContactValidator {
 public:
  /// Loads the lists from default_validator_paths(); an error names the missing file.
  static sdk::Result<ContactValidator> load_default(Clock clock = {});
  static sdk::Result<ContactValidator> load(const ValidatorPaths& paths, Clock clock = {});

  /// Checks one address: syntax, placeholders, reserved and unknown TLDs, disposable, free
  /// webmail, role account, typo, company-domain match, the provider's label and (when
  /// options.online) MX. Never throws on bad input; bad syntax gives status "invalid".
  sdk::ContactPoint validate_email(std::string_view email, const EmailCheckOptions& options) const;

  /// Checks one number with libphonenumber: validity, E.164 (in `normalized`), type, region
  /// and a mismatch with options.region_hint.
  sdk::ContactPoint validate_phone(std::string_view phone, const PhoneCheckOptions& options) const;

  /// Registrable domain of a host or URL ("sub.acme.co.uk" -> "acme.co.uk", IDN -> punycode);
  /// "" when the host is invalid or is itself a public suffix.
  std::string registrable_domain(std::string_view host) const;

  ListSizes list_sizes() const;

 private:
  struct Impl;
  explicit ContactValidator(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

/// ISO-8601 UTC with seconds, e.g. "2026-03-01T09:30:00Z".
std::string iso8601_utc(std::chrono::system_clock::time_point t);

}  // namespace buyergraph::contacts
