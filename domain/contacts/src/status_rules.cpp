// Status rules and the provider-label table. Kept apart from the checks so the policy is in one
// place and can be read (and tested) as a table.
#include "buyergraph/contacts/status_rules.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace buyergraph::contacts {
namespace {

bool has_any(const std::vector<std::string>& reasons,
             std::initializer_list<std::string_view> codes) {
  return std::any_of(reasons.begin(), reasons.end(), [&](const std::string& r) {
    return std::find(codes.begin(), codes.end(), r) != codes.end();
  });
}

std::string canonical(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '-' || c == '_' || c == ' ') continue;
    out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

}  // namespace

std::vector<std::string> provider_reasons(std::string_view provider_status) {
  // Keys are canonical (lower case, no separators): "catch-all" and "catchall" are one key.
  static const std::array<std::pair<std::string_view, std::vector<std::string>>, 16> kTable{{
      {"verified", {"provider_verified"}},  // CoreSignal
      {"valid", {"provider_verified"}},     // ZeroBounce, NeverBounce, Hunter
      {"deliverable", {"provider_verified"}},
      {"matchedemail", {"provider_risky"}},  // CoreSignal: found, not verified
      {"catchall", {"provider_risky", "accept_all"}},
      {"acceptall", {"provider_risky", "accept_all"}},
      {"webmail", {"provider_risky", "free_webmail"}},
      {"risky", {"provider_risky"}},
      {"matchedpattern", {"guessed_pattern"}},  // CoreSignal: verify before use
      {"guessedcommonpattern", {"guessed_pattern"}},
      {"invalid", {"provider_invalid"}},
      {"undeliverable", {"provider_invalid"}},
      {"spamtrap", {"provider_invalid"}},
      {"abuse", {"provider_invalid"}},
      {"donotmail", {"provider_invalid"}},
      {"unknown", {"provider_unknown"}},
  }};
  auto key = canonical(provider_status);
  if (key.empty()) return {};
  if (key == "disposable") return {"disposable"};
  for (const auto& [k, v] : kTable) {
    if (k == key) return v;
  }
  return {"provider_status_unrecognized"};
}

std::string email_status(const std::vector<std::string>& reasons) {
  if (has_any(reasons,
              {"syntax_invalid", "placeholder", "no_reply", "unknown_tld", "disposable",
               "special_use_domain", "provider_invalid", "no_mx", "null_mx", "no_domain"})) {
    return "invalid";
  }
  if (has_any(reasons, {"smtputf8_unsupported", "guessed_pattern"})) return "unknown";
  if (has_any(reasons, {"provider_verified"}) &&
      !has_any(reasons, {"role_account", "free_webmail", "domain_mismatch", "domain_typo",
                         "accept_all", "quoted_local_part", "provider_risky"})) {
    return "valid";
  }
  return "risky";
}

std::string phone_status(const std::vector<std::string>& reasons) {
  if (has_any(reasons, {"phone_unparseable", "phone_invalid", "provider_invalid"}))
    return "invalid";
  if (has_any(reasons, {"provider_verified"}) &&
      !has_any(reasons, {"phone_region_mismatch", "phone_not_personal"})) {
    return "valid";
  }
  return "risky";
}

}  // namespace buyergraph::contacts
