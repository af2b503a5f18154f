#pragma once
// Small helpers every HTTP provider uses: URL encoding, the suppression list and the
// role-mapping data file (data/providers/role-mapping.yaml).
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <buyergraph/sdk.hpp>

#include "buyergraph/suppression/suppression.hpp"

namespace buyergraph::providers {

/// Percent-encodes everything but RFC 3986 unreserved characters, so opaque cursors with
/// commas and quotes (CoreSignal `x-next-page-after`) survive a query string.
///
///   url_encode("11.87,\"2026-10-30\",390491994") == "11.87%2C%222026-10-30%22%2C390491994"
std::string url_encode(std::string_view text);

/// The suppression list a provider checks before paid calls: the one saved in the store at
/// `store_path` (the stage's `store` option; empty: the user's store, as store.history). Read
/// when the stage is built, so each run sees the list as it is then; a list that cannot be read
/// stops the pipeline at start (never runs unchecked).
///
///   suppressions_ = load_suppressions(options.store.store);  // throws std::runtime_error
std::shared_ptr<const suppression::SuppressionList> load_suppressions(
    const std::string& store_path);

/// The message of a company resolution that did not end in one company, naming the candidates.
std::string unresolved_message(std::string_view provider, const std::string& reason,
                               const std::vector<sdk::Company>& candidates);

/// Our seniority / function codes -> one provider's field values and title phrases
/// (data/providers/role-mapping.yaml).
struct RoleMapping {
  std::map<std::string, std::vector<std::string>> levels;     ///< seniority -> level values
  std::map<std::string, std::vector<std::string>> functions;  ///< function -> dept/role values
  std::map<std::string, std::vector<std::string>> seniority_phrases, function_phrases;
  /// Titles holding a seniority phrase that are not that seniority ("account manager").
  std::map<std::string, std::vector<std::string>> seniority_not_phrases;

  /// Loads the `provider` section and the shared phrase lists; `levels_key` and
  /// `functions_key` name the section's two lists; an empty path reads
  /// <data>/providers/role-mapping.yaml.
  ///
  ///   auto m = RoleMapping::load("", "coresignal", "management_levels", "departments");
  ///   m->levels["director"] == {"Director", "Head"}
  static sdk::Result<RoleMapping> load(const std::string& path, const std::string& provider,
                                       const std::string& levels_key,
                                       const std::string& functions_key);

  /// Union of the values listed for `codes` (unknown codes add nothing), in first-seen order.
  static std::vector<std::string> values(const std::map<std::string, std::vector<std::string>>& m,
                                         const std::vector<std::string>& codes);
};

}  // namespace buyergraph::providers
