// ContactValidator::validate_email: every check adds reason codes; status_rules decides.
#include <algorithm>

#include "buyergraph/contacts/domain_name.hpp"
#include "buyergraph/contacts/email_syntax.hpp"
#include "buyergraph/contacts/status_rules.hpp"
#include "validator_impl.hpp"

namespace buyergraph::contacts {
namespace {

void add(std::vector<std::string>& reasons, std::string code) {
  if (std::find(reasons.begin(), reasons.end(), code) == reasons.end()) {
    reasons.push_back(std::move(code));
  }
}

// "Jane.Doe+news" -> "janedoe": tags and separators do not change what a local part means.
std::string local_key(std::string_view local) {
  local = local.substr(0, local.find('+'));
  std::string key;
  for (char c : local) {
    if (c == '.' || c == '-' || c == '_') continue;
    key.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return key;
}

// True when `domain` or any parent domain of it is in `set` ("a.b.example.com" checks
// "a.b.example.com", "b.example.com", "example.com", "com").
bool in_set_or_parent(const std::unordered_set<std::string>& set, std::string_view domain) {
  while (true) {
    if (set.count(std::string(domain))) return true;
    auto dot = domain.find('.');
    if (dot == std::string_view::npos) return false;
    domain.remove_prefix(dot + 1);
  }
}

std::string_view tld_of(std::string_view domain) {
  auto dot = domain.rfind('.');
  return dot == std::string_view::npos ? domain : domain.substr(dot + 1);
}

// Special-use names (IANA special-use domain registry, RFC 6761 and successors) that are not
// already placeholders (.test, .invalid, .localhost, .local are): .arpa is DNS infrastructure
// (reverse lookups, home.arpa), .onion is Tor-only (RFC 7686), .alt is for non-DNS namespaces
// (RFC 9476), .internal is ICANN's private-use TLD. No company mailbox lives under them.
bool is_special_use_tld(std::string_view tld) {
  return tld == "arpa" || tld == "onion" || tld == "alt" || tld == "internal";
}

}  // namespace

sdk::ContactPoint ContactValidator::validate_email(std::string_view email,
                                                   const EmailCheckOptions& options) const {
  const Impl& lists = *impl_;
  sdk::ContactPoint c;
  c.kind = "email";
  c.value = std::string(email);
  c.provider_status = options.provider_status;
  c.source = options.source;
  c.verified_at = lists.now();
  auto& reasons = c.reasons;

  auto syntax = parse_email(email);
  if (!syntax.ok) {
    add(reasons, syntax.reason);
    add(reasons, syntax.detail);
    c.status = email_status(reasons);
    return c;
  }
  c.normalized = syntax.normalized();
  const std::string& domain = syntax.domain;
  const std::string registrable = lists.psl->registrable_domain(domain);

  if (syntax.idn) add(reasons, "idn_domain");
  if (syntax.quoted_local) add(reasons, "quoted_local_part");

  // Domain: placeholders first, then the reserved demo TLD, then special-use names no mail
  // can reach, then TLDs nobody can register.
  if (in_set_or_parent(lists.placeholder_domain, domain)) {
    add(reasons, "placeholder");
  } else if (is_special_use_tld(tld_of(domain))) {
    add(reasons, "special_use_domain");
  } else if (tld_of(domain) == "example") {
    add(reasons, "reserved_domain");
  } else if (!lists.psl->has_known_tld(domain)) {
    add(reasons, "unknown_tld");
  }

  // Local part.
  if (!syntax.quoted_local) {
    auto key = local_key(syntax.local);
    if (lists.placeholder_local.count(key)) add(reasons, "placeholder");
    if (lists.no_reply_local.count(key)) add(reasons, "no_reply");
    if (lists.role_local.count(key)) add(reasons, "role_account");
  }

  // Company domain, compared by registrable domain so "mail.acme.co.uk" matches "acme.co.uk"
  // and "acme.com" does not match "acme.cz".
  bool company_match = false;
  bool compared = false;
  for (const auto& company : options.company_domains) {
    auto host = host_of_company_domain(company);
    if (!host) continue;
    auto company_registrable = lists.psl->registrable_domain(*host);
    if (company_registrable.empty()) continue;
    compared = true;
    if (!registrable.empty() && company_registrable == registrable) company_match = true;
  }
  if (compared) add(reasons, company_match ? "domain_match" : "domain_mismatch");

  // Domain lists. A company's own domain is never "free webmail" for its staff.
  if (lists.disposable.count(domain) || lists.disposable.count(registrable) ||
      in_set_or_parent(lists.disposable_wildcard, domain)) {
    add(reasons, "disposable");
  }
  if (!company_match &&
      (lists.free_webmail.count(domain) || lists.free_webmail.count(registrable))) {
    add(reasons, "free_webmail");
  }
  if (lists.typos.count(domain)) add(reasons, "domain_typo");

  // DNS only where it can change the answer: placeholders, reserved and unknown TLDs are
  // already decided and never resolve.
  bool decided = std::any_of(reasons.begin(), reasons.end(), [](const std::string& r) {
    return r == "placeholder" || r == "reserved_domain" || r == "unknown_tld" ||
           r == "special_use_domain";
  });
  if (options.online && !decided) {
    add(reasons, detail::mx_reason(impl_->mx(domain)));
  }

  auto provider = provider_reasons(options.provider_status);
  bool provider_checked_mailbox = std::any_of(
      provider.begin(), provider.end(),
      [](const std::string& r) { return r == "provider_verified" || r == "provider_invalid"; });
  if (!provider_checked_mailbox) add(reasons, "not_probed");  // nobody confirmed the mailbox
  for (auto& r : provider) add(reasons, std::move(r));

  c.status = email_status(reasons);
  return c;
}

}  // namespace buyergraph::contacts
