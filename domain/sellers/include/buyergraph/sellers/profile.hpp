#pragma once
// Seller profiles: load and validate `apiVersion: buyergraph/v1, kind: SellerProfile` YAML files
// (docs/sellers.md) into sdk::SellerProfile, or fall back to a documented default.
#include <string>
#include <string_view>
#include <vector>

#include "buyergraph/sdk/account.hpp"
#include "buyergraph/sdk/records.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::sellers {

/// The apiVersion and kind every profile file must declare.
inline constexpr std::string_view kApiVersion = "buyergraph/v1";
/// v2 adds `buying_process` (buyers, users, evaluators, gatekeepers, adjacent) in place of
/// target_functions / secondary_functions; v1 files still load, migrated (docs/sellers.md).
inline constexpr std::string_view kApiVersion2 = "buyergraph/v2";
inline constexpr std::string_view kKind = "SellerProfile";

/// One problem found in a profile file. Line and column are 1-based; 0 when the problem has no
/// position (for example, the file cannot be read).
///
///   ProfileIssue i{"sellers/x.yaml", 12, 3, "deal_size", "deal_size must be > 0, got -5"};
///   i.to_string();  // "sellers/x.yaml:12:3: deal_size: deal_size must be > 0, got -5"
struct ProfileIssue {
  std::string file;
  int line = 0;
  int column = 0;
  std::string field;  ///< dotted path of the offending key ("data_sensitivity.integration_depth")
  std::string message;
  std::string to_string() const;
};

/// Result of parsing: the profile when there were no issues, and every issue found otherwise
/// (validation does not stop at the first error).
///
///   auto p = parse_seller_profile("apiVersion: buyergraph/v1\n...", "inline.yaml");
///   if (p.issues.empty()) use(p.profile);
struct ProfileParse {
  sdk::SellerProfile profile;
  std::vector<ProfileIssue> issues;
  bool ok() const { return issues.empty(); }
};

/// Parses and validates profile YAML held in memory. `source_name` is used in issues and stored
/// in `profile.source_file`.
ProfileParse parse_seller_profile(std::string_view yaml_text, const std::string& source_name);

/// Reads, parses and validates a profile file. On failure the error code is "not_found" (no such
/// file), "io_error" (unreadable) or "invalid_input" (YAML or validation errors); the message
/// lists every issue, one "file:line:column: field: message" per line.
///
///   auto p = load_seller_profile("sellers/security.yaml");
///   if (!p) { std::cerr << p.error().message << "\n"; return 1; }
///   double acv = p->deal_size;  // 250000
///
/// `shown_as` names the file in messages and in the profile's `source_file` instead of `path`
/// (a server names a profile, never where it keeps it).
sdk::Result<sdk::SellerProfile> load_seller_profile(const std::string& path,
                                                    const std::string& shown_as = "");

/// Same as load_seller_profile, but keeps the issues as a list (for editors and tests).
ProfileParse load_seller_profile_issues(const std::string& path);

/// The profile used when the user gives none: a neutral mid-market B2B software deal with no
/// function preference. `source_file` is "default" and `notes` says what it assumes and why.
///
///   auto s = default_seller_profile();
///   assert(s.source_file == "default");
sdk::SellerProfile default_seller_profile();

/// The seller profile the caller attached to this account, else the default profile (built
/// once per process). Stages use it so every one of them sees the same profile.
///
///   const sdk::SellerProfile& seller = seller_of(ctx.account());
///   bool defaulted = seller.source_file == "default";
const sdk::SellerProfile& seller_of(const sdk::Account& account);

/// The normalised function codes (same set as buyergraph::titles): executive, engineering, it,
/// security, data, product, design, sales, marketing, customer_success, finance, procurement,
/// legal, hr, operations, admin, other.
///
///   if (!is_function_code("revops")) ...  // not a code: use "operations" or "sales"
const std::vector<std::string>& function_codes();
bool is_function_code(std::string_view code);

/// Allowed values of the enumerated fields.
const std::vector<std::string>& deal_stages();             ///< prospecting, active, renewal
const std::vector<std::string>& integration_depths();      ///< none, light, deep
const std::vector<std::string>& introducer_definitions();  ///< sales_hunters, advisors_board, none

}  // namespace buyergraph::sellers
