#pragma once
// The compiled rules file (internal): typed scoring parameters and rules with their conditions.
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/roles/engine.hpp"
#include "buyergraph/roles/scoring.hpp"
#include "buyergraph/tiers/tiers.hpp"
#include "buyergraph/titles/classifier.hpp"
#include "phrases.hpp"

namespace buyergraph::roles::detail {

/// Seniority levels, lowest first, so "at least manager" is an integer comparison.
enum Level : int { kIntern = 0, kIc, kSeniorIc, kManager, kDirector, kVp, kCLevel, kLevels };
inline constexpr std::array<const char*, kLevels> kLevelNames = {
    "intern", "ic", "senior_ic", "manager", "director", "vp", "c_level"};
int level_index(std::string_view s);  ///< -1 when unknown

/// Function codes as bits (17 codes fit a uint32).
using FnMask = std::uint32_t;
int function_index(std::string_view s);  ///< -1 when unknown
const std::vector<std::string>& function_names();

enum Role : int { kDecision = 0, kChampion, kBlocker, kStakeholder, kIntroducer, kRoles };
/// Precedence for the primary role: decision > champion > blocker > stakeholder > introducer.
inline constexpr std::array<const char*, kRoles> kRoleNames = {"decision", "champion", "blocker",
                                                               "stakeholder", "introducer"};
int role_index(std::string_view s);

enum ScoreId : int {
  kSeniority = 0,
  kFunctionFit,
  kInfluence,
  kChampionPotential,
  kRecency,
  kOverall,
  kScores
};

/// Seller facts a rule can test (`seller:` / `not_seller:`).
enum SellerFlag : std::uint32_t {
  kProcessesPersonalData = 1u << 0,
  kSecurityReview = 1u << 1,
  kSellsToSalesTeams = 1u << 2,
  kStrictSalesMode = 1u << 3,
  kFinanceIsDecision = 1u << 4,
  kIntegrationNone = 1u << 5,
  kIntegrationLight = 1u << 6,
  kIntegrationDeep = 1u << 7,
};
std::optional<std::uint32_t> seller_flag(std::string_view s);

/// Function sets that depend on the seller, named "@target" etc. in rules.
/// @technical_evaluator reads the seller's evaluators (buying_process.evaluators), else the
/// rules' technical_evaluator_functions.
enum FnSymbol : std::uint8_t {
  kFnTarget = 1,
  kFnSecondary = 2,
  kFnTechnical = 4,
  kFnUsers = 8,
  kFnGatekeepers = 16,
};

struct Condition {
  std::optional<bool> title_empty, anti_persona, top_executive, physical_security;
  /// The function is one the seller names as a gatekeeper / the source names a manager.
  std::optional<bool> gatekeeper, has_manager;
  int segment = -1;  ///< 0 hunter, 1 farmer
  std::uint32_t seller_all = 0, seller_none = 0;
  std::optional<int> tier_max, tier_min;  ///< tier index
  /// The company has fewer employees than this (headcount unknown: false).
  std::optional<double> employees_below;
  std::uint32_t seniority_mask = 0;  ///< bit per level; 0 = any
  std::optional<int> seniority_min;
  FnMask functions = 0;
  std::uint8_t functions_sym = 0;
  bool has_functions = false;
  FnMask not_functions = 0;
  std::uint8_t not_functions_sym = 0;
  std::optional<double> deal_min, deal_max;
  int authority = 0;  ///< 0 none, 1 within [floor, ceiling], 2 sponsor band below the floor
  std::vector<std::pair<int, double>> min_scores;
  std::uint32_t not_roles = 0;
  bool no_roles = false;
  std::string required_sub_role;
  std::string introducer_definition;
  PhraseList title_any, title_none;
};

struct Rule {
  std::string id;
  /// What a seller reads when this rule gives the person's role: plain words, with the
  /// placeholders {function}, {level}, {employees}, {deal} (docs/roles.md#reasons).
  std::string say;
  bool veto = false;
  int role = -1;
  std::string sub_role;
  std::string flag;
  std::uint32_t blocks = 0;  ///< role bits a veto removes
  std::string why;
  Condition when;
};

struct Band {
  double above = 0;  ///< or under_months for recency
  double points = 0;
};

struct AuthorityLevel {
  bool has_ceiling = false;
  int ceiling_of = kManager;
  double ceiling_x = 1;
  int floor_of = kManager;
  double floor_x = 0;
};

struct Config {
  std::string id;
  int version = 0;
  bool overridden = false;
  std::string source;
  nlohmann::json raw;  ///< the rules file as JSON: overrides apply to it and re-compile
  std::vector<std::string> warnings;

  std::map<std::string, double> fx_usd;
  std::array<double, kOverall> weights{};
  nlohmann::json thresholds;
  // typed thresholds
  double sponsor_band = 0.25;
  double recently_appointed_days = 90;
  double thin_profile_max_fields = 2;
  double data_limited_title_confidence = 0.5;
  double c_level_threshold = std::numeric_limits<double>::infinity();

  std::array<AuthorityLevel, kLevels> authority{};

  // scoring.seniority
  std::array<double, kLevels> sen_base{};
  double can_sign_points = 10, per_level_below_signing = -10;
  std::vector<std::pair<Phrase, double>> title_modifiers;
  // scoring.function_fit
  double fit_primary = 90, fit_secondary = 65, fit_persona_bonus = 10, fit_persona_only = 75,
         fit_executive = 60, fit_other = 15, fit_anti = 0;
  // scoring.influence
  std::array<double, kLevels> inf_level{};
  double inf_level_max = 60;
  std::vector<Band> inf_connections, inf_followers;
  double inf_connections_max = 20, inf_followers_max = 20;
  // scoring.champion_potential
  std::array<double, kLevels> ch_level{};
  double ch_level_max = 35, ch_primary = 30, ch_secondary = 15, ch_persona = 10,
         ch_function_max = 40;
  std::vector<Band> ch_connections, ch_followers;
  double ch_connections_max = 10, ch_followers_max = 5, ch_recent = 10, ch_recency_max = 10;
  // scoring.recency
  std::vector<Band> recency_bands;  ///< above = under_months

  PhraseList hunter, farmer;
  double hunter_fit = 10, farmer_fit = -40, farmer_champion = -30;

  std::map<std::string, PhraseList> phrase_lists;
  PhraseList top_executive, physical_security, information_security;
  PhraseList top_executive_director;  ///< top-executive titles the title rules call director
  /// Department names per function (whole words), read when the title names no function.
  struct DepartmentNames {
    int function = -1;
    PhraseList names;
  };
  std::vector<DepartmentNames> departments;
  /// C-level titles the title rules read as general management whose words name a function.
  std::vector<DepartmentNames> executive_titles;

  FnMask technical_functions = 0;
  /// The seller's buying process (profile buying_process, via role_rules): users (0 = the
  /// target functions) and gatekeepers.
  FnMask user_functions = 0, gatekeeper_functions = 0;
  std::vector<std::string> required_blocker_sub_roles;
  bool finance_is_decision = false, strict_sales_mode = false;

  std::vector<Rule> rules;
  std::shared_ptr<const titles::TitleClassifier> titles;
  const tiers::TierTable* tiers = nullptr;
};

/// Compiles a rules document (the YAML as JSON). Throws std::runtime_error("path: message").
std::shared_ptr<Config> compile(const nlohmann::json& raw, const std::string& source,
                                std::shared_ptr<const titles::TitleClassifier> titles);

/// Applies seller role_rules to a rules document; returns the new document and appends the
/// keys it did not recognise to `unknown`. Throws std::runtime_error on wrong types.
nlohmann::json apply_overrides(const nlohmann::json& raw, const nlohmann::json& role_rules,
                               std::vector<std::string>& unknown);

/// Per-account derived data (AccountRules::data).
struct AccountData {
  std::shared_ptr<const Config> config;
  std::optional<double> deal_usd;
  std::string deal_text;    ///< "90000 EUR (~97200 USD at 1.08, approximate)"
  std::string deal_say;     ///< "90,000 EUR", for the sentences a seller reads
  std::string company_say;  ///< "a company of 300 people"
  std::string deal_source;
  const tiers::Tier* tier = nullptr;
  std::string tier_text;  ///< "S7 (employees 300)"
  std::string company_source;
  std::array<double, kLevels> floor{}, ceiling{};  ///< USD; ceiling 0 = cannot sign
  int signing_level = -1;  ///< lowest level that can sign the deal, -1 unknown
  FnMask target = 0, secondary = 0, technical = 0, users = 0, gatekeepers = 0;
  bool seller_has_function_prefs = false;
  PhraseList personas, anti_personas;
  std::uint32_t seller_flags = 0;
  std::string introducer_definition;
  std::vector<std::string> required_blocker_sub_roles;
  std::string as_of;
  std::string seller_source;
  std::string company_id;
  std::optional<std::int64_t> employees;  ///< the company's headcount, when known
};

/// current_tenure() by company id (no Company copy per candidate).
Tenure tenure_at(const sdk::Person& person, std::string_view company_id, std::string_view as_of);

}  // namespace buyergraph::roles::detail
