#pragma once
// RoleEngine: the five 0-100 scores and the role rules of data/roles/default.yaml, applied to
// candidates (docs/roles.md).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/sdk/records.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::roles {

namespace detail {
struct Config;
struct AccountData;
}  // namespace detail

/// Everything the rules derive once per (seller, company): deal size in USD, the company tier,
/// each level's approval ceiling and involvement floor, the seller's function sets and
/// normalised phrases. Immutable and cheap to copy; build it with RoleEngine::prepare and reuse
/// it for every candidate of the account.
///
///   AccountRules acct = engine.prepare(seller, company);
///   for (auto& c : candidates) { engine.score(c, acct); engine.assign(c, acct); }
struct AccountRules {
  std::shared_ptr<const detail::AccountData> data;

  std::optional<double> deal_usd;  ///< nullopt when the currency has no rate
  std::string tier_id;             ///< "S7", or "" when the company has no size facts
  /// Per level (manager, director, vp, c_level): the deal range in USD within which the level
  /// is the economic buyer; nullopt when the tier is unknown.
  struct Authority {
    std::string level;
    double floor = 0, ceiling = 0;  ///< ceiling is +inf for c_level
  };
  std::vector<Authority> authority;
  std::vector<std::string> warnings;  ///< e.g. "no fx rate for XYZ: deal size unknown"
};

/// Compiled role rules. Immutable after load: every const member is safe to call from many
/// threads at once. Copies share the compiled rules.
///
///   auto engine = RoleEngine::load_default();
///   if (!engine) { std::cerr << engine.error().message << "\n"; return 1; }
///   auto tuned = engine->with_overrides(seller.role_rules);   // per seller, once
///   if (!tuned) { ... }
///   AccountRules acct = tuned->prepare(seller, company);     // per account, once
///   tuned->score(candidate, acct);                            // scores[]
///   tuned->assign(candidate, acct);                           // role, sub_role, flags, ...
class RoleEngine {
 public:
  /// Loads a rules YAML file (errors: "not_found", or "invalid_input" naming the key path).
  static sdk::Result<RoleEngine> load(const std::string& yaml_path);
  /// Parses rules YAML held in memory; `source_name` is used in messages.
  static sdk::Result<RoleEngine> parse(std::string_view yaml_text, const std::string& source_name);
  /// Loads <data dir>/roles/default.yaml ($BUYERGRAPH_DATA_DIR, else the build's data dir).
  static sdk::Result<RoleEngine> load_default();
  static std::string default_rules_path();

  /// A copy with a seller's `role_rules` applied (keys: docs/roles.md#overrides). Unknown keys
  /// are kept as warnings(), wrong types are errors ("invalid_input").
  ///
  ///   auto e = engine.with_overrides({{"c_level_threshold", 150000}});
  sdk::Result<RoleEngine> with_overrides(const nlohmann::json& role_rules) const;

  /// Derives the per-account data. `as_of` (YYYY-MM-DD...) fixes the date tenure is measured
  /// against; empty = each person's provenance.retrieved_at, else the host clock.
  AccountRules prepare(const sdk::SellerProfile& seller, const sdk::Company& company,
                       std::string_view as_of = {}) const;

  /// Writes the six scores (replacing scores of the same names). Excluded candidates are
  /// scored too. `as_of` overrides the account's as-of date when non-empty.
  /// Starts with apply_department().
  void score(sdk::Candidate& c, const AccountRules& acct, std::string_view as_of = {}) const;
  /// When the title names no function (function "other" or empty), sets the function from the
  /// person's department (the rules file's `departments`, else the department read by the
  /// title rules), with the department as evidence. A function from the title is kept.
  void apply_department(sdk::Candidate& c, const AccountRules& acct) const;
  /// Writes role, sub_role, other_roles, flags, rule_ids, confidence and evidence. Leaves a
  /// candidate with a non-empty excluded_reason untouched; a candidate no rule fires for keeps
  /// role == "". Call score() first: the rules read the scores.
  void assign(sdk::Candidate& c, const AccountRules& acct) const;

  /// Convenience forms: apply seller.role_rules and prepare on every call (slow; for tools and
  /// tests). Return the override error, if any.
  sdk::Status score(sdk::Candidate& c, const sdk::Company& company,
                    const sdk::SellerProfile& seller, std::string_view as_of) const;
  sdk::Status assign(sdk::Candidate& c, const sdk::Company& company,
                     const sdk::SellerProfile& seller) const;

  /// "roles/default@1" (the file's id and version; "+overrides" once overridden).
  std::string version() const;
  /// Ids of the rules, in evaluation order.
  std::vector<std::string> rule_ids() const;
  /// Override keys that were not recognised (they may belong to other stages).
  const std::vector<std::string>& warnings() const;

 private:
  explicit RoleEngine(std::shared_ptr<const detail::Config> c) : config_(std::move(c)) {}
  std::shared_ptr<const detail::Config> config_;
};

}  // namespace buyergraph::roles
