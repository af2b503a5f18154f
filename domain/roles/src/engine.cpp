// RoleEngine: loading, overrides and the per-account preparation (deal in USD, tier authority,
// seller function sets and phrases) that every candidate of the account reuses.
#include "buyergraph/roles/engine.hpp"

#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <sstream>

#include "buyergraph/common/data_dir.hpp"
#include "buyergraph/input/bounded_read.hpp"
#include "buyergraph/input/yaml.hpp"

#include "config.hpp"

namespace buyergraph::roles {
namespace {

// 90000 -> "90,000": how a seller writes amounts and headcounts.
std::string grouped(double v) {
  auto n = static_cast<long long>(std::llround(v));
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

}  // namespace
namespace {

using nlohmann::json;

// The title normaliser is shared by every engine: phrases must be folded exactly like titles.
sdk::Result<std::shared_ptr<const titles::TitleClassifier>> shared_titles() {
  static const auto loaded = titles::TitleClassifier::load_default();
  if (!loaded) return loaded.error();
  static const auto ptr = std::make_shared<const titles::TitleClassifier>(*loaded);
  return ptr;
}

sdk::Result<RoleEngine> compile_engine(
    const json& raw, const std::string& source, bool overridden, std::vector<std::string> warnings,
    const std::function<RoleEngine(std::shared_ptr<detail::Config>)>& make) {
  auto t = shared_titles();
  if (!t) return sdk::Error{"invalid_input", "title rules: " + t.error().message};
  try {
    auto cfg = detail::compile(raw, source, *t);
    cfg->overridden = overridden;
    cfg->warnings = std::move(warnings);
    return make(std::move(cfg));
  } catch (const std::exception& e) {
    return sdk::Error{"invalid_input", source + ": " + e.what()};
  }
}

std::string format_usd(double v) {
  std::ostringstream o;
  o.precision(15);
  o << std::llround(v);
  return o.str();
}

}  // namespace

sdk::Result<RoleEngine> RoleEngine::parse(std::string_view yaml_text,
                                          const std::string& source_name) {
  input::YamlLoad y = input::load_yaml(yaml_text);
  if (!y.ok)
    return sdk::Error{"invalid_input", source_name + ":" + std::to_string(y.problem.line) + ":" +
                                           std::to_string(y.problem.column) + ": " +
                                           y.problem.message};
  json raw = y.documents.empty() ? json() : input::to_json(y.documents.front());
  return compile_engine(raw, source_name, false, {},
                        [](std::shared_ptr<detail::Config> c) { return RoleEngine(std::move(c)); });
}

sdk::Result<RoleEngine> RoleEngine::load(const std::string& yaml_path) {
  input::ReadResult r = input::read_bounded(yaml_path, input::kMaxProfileBytes);
  if (r.error == input::ReadError::not_found)
    return sdk::Error{"not_found", "no rules file " + yaml_path};
  if (!r.ok()) return sdk::Error{"io_error", "rules file " + yaml_path + " " + r.message};
  return parse(r.text, yaml_path);
}

std::string RoleEngine::default_rules_path() { return common::data_dir() + "/roles/default.yaml"; }

sdk::Result<RoleEngine> RoleEngine::load_default() { return load(default_rules_path()); }

sdk::Result<RoleEngine> RoleEngine::with_overrides(const nlohmann::json& role_rules) const {
  if (role_rules.is_null() || (role_rules.is_object() && role_rules.empty())) return *this;
  std::vector<std::string> unknown;
  json raw;
  try {
    raw = detail::apply_overrides(config_->raw, role_rules, unknown);
  } catch (const std::exception& e) {
    return sdk::Error{"invalid_input", e.what()};
  }
  std::vector<std::string> warnings = config_->warnings;
  for (const auto& k : unknown)
    warnings.push_back("role_rules." + k + ": not a role-engine key (ignored here)");
  return compile_engine(raw, config_->source + " + role_rules", true, std::move(warnings),
                        [](std::shared_ptr<detail::Config> c) { return RoleEngine(std::move(c)); });
}

std::string RoleEngine::version() const {
  return config_->id + "@" + std::to_string(config_->version) +
         (config_->overridden ? "+overrides" : "");
}

std::vector<std::string> RoleEngine::rule_ids() const {
  std::vector<std::string> out;
  for (const auto& r : config_->rules) out.push_back(r.id);
  return out;
}

const std::vector<std::string>& RoleEngine::warnings() const { return config_->warnings; }

AccountRules RoleEngine::prepare(const sdk::SellerProfile& seller, const sdk::Company& company,
                                 std::string_view as_of) const {
  using namespace detail;
  const Config& cfg = *config_;
  auto d = std::make_shared<AccountData>();
  AccountRules out;
  d->config = config_;
  d->as_of = std::string(as_of);
  d->seller_source = seller.source_file.empty() ? "seller" : "seller:" + seller.source_file;
  d->company_source = company.provenance.source;
  d->company_id = company.id;
  d->employees = company.employees;

  std::string cur = seller.currency.empty() ? "USD" : seller.currency;
  for (auto& ch : cur) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  std::ostringstream deal;
  deal.precision(15);
  deal << seller.deal_size << " " << cur;
  if (auto it = cfg.fx_usd.find(cur); it != cfg.fx_usd.end() && seller.deal_size > 0) {
    d->deal_usd = seller.deal_size * it->second;
    if (cur != "USD")
      deal << " (~" << format_usd(*d->deal_usd) << " USD at " << it->second
           << ", approximate rate from the rules file)";
  } else {
    out.warnings.push_back(seller.deal_size > 0 ? "no fx rate for " + cur + ": deal size unknown"
                                                : "seller deal_size is not set: deal size unknown");
  }
  d->deal_text = deal.str();
  d->deal_say = seller.deal_size > 0 ? grouped(seller.deal_size) + " " + cur : "this";
  d->company_say =
      company.employees
          ? "a company of " + grouped(static_cast<double>(*company.employees)) + " people"
          : "a company of unknown size";

  tiers::TierChoice choice = cfg.tiers->choose(company);
  d->tier = choice.tier;
  std::array<bool, kLevels> present{};
  for (const auto& [lvl, v] : cfg.raw.at("authority").items()) present[level_index(lvl)] = true;
  d->floor.fill(std::numeric_limits<double>::infinity());
  d->ceiling.fill(0);
  if (d->tier) {
    const auto& t = d->tier->dm_threshold;
    auto col = [&](int of) { return of == kVp ? t.vp : of == kDirector ? t.director : t.manager; };
    d->tier_text =
        d->tier->id + " (" + choice.basis + ": " +
        (choice.basis == "employees" && company.employees ? std::to_string(*company.employees)
                                                          : std::string("revenue")) +
        ")";
    for (int l = kManager; l < kLevels; ++l) {
      if (!present[l]) continue;
      const AuthorityLevel& a = cfg.authority[l];
      d->floor[l] = col(a.floor_of) * a.floor_x;
      d->ceiling[l] =
          a.has_ceiling ? col(a.ceiling_of) * a.ceiling_x : std::numeric_limits<double>::infinity();
      // From the C-level threshold on, only C-level signs.
      if (l != kCLevel && std::isfinite(cfg.c_level_threshold))
        d->ceiling[l] = std::min(d->ceiling[l], std::nextafter(cfg.c_level_threshold, 0.0));
      out.authority.push_back({kLevelNames[l], d->floor[l], d->ceiling[l]});
    }
    if (d->deal_usd)
      for (int l = kManager; l < kLevels; ++l)
        if (present[l] && *d->deal_usd <= d->ceiling[l]) {
          d->signing_level = l;
          break;
        }
    out.tier_id = d->tier->id;
  } else {
    out.warnings.push_back("company size unknown: decision authority cannot be placed");
  }

  for (const auto& f : seller.target_functions)
    if (int i = function_index(f); i >= 0) d->target |= FnMask{1} << i;
  for (const auto& f : seller.secondary_functions)
    if (int i = function_index(f); i >= 0) d->secondary |= FnMask{1} << i;
  d->technical = cfg.technical_functions;
  d->users = cfg.user_functions ? cfg.user_functions : d->target;
  d->gatekeepers = cfg.gatekeeper_functions;
  auto phrases = [&](const std::vector<std::string>& texts) {
    PhraseList l;
    for (const auto& t : texts) {
      std::string n = cfg.titles->normalize(t);
      if (!n.empty()) l.items.push_back({t, " " + n + " "});
    }
    return l;
  };
  d->personas = phrases(seller.personas);
  d->anti_personas = phrases(seller.anti_personas);
  d->seller_has_function_prefs = d->target != 0 || d->secondary != 0 || !d->personas.empty();

  std::uint32_t f = 0;
  if (seller.processes_personal_data) f |= kProcessesPersonalData;
  if (seller.security_review) f |= kSecurityReview;
  if (seller.sells_to_sales_teams) f |= kSellsToSalesTeams;
  if (cfg.strict_sales_mode) f |= kStrictSalesMode;
  if (cfg.finance_is_decision) f |= kFinanceIsDecision;
  if (seller.integration_depth == "deep")
    f |= kIntegrationDeep;
  else if (seller.integration_depth == "light")
    f |= kIntegrationLight;
  else
    f |= kIntegrationNone;
  d->seller_flags = f;
  d->introducer_definition = seller.introducer_definition;
  d->required_blocker_sub_roles = cfg.required_blocker_sub_roles;

  out.deal_usd = d->deal_usd;
  out.data = std::move(d);
  return out;
}

sdk::Status RoleEngine::score(sdk::Candidate& c, const sdk::Company& company,
                              const sdk::SellerProfile& seller, std::string_view as_of) const {
  auto e = with_overrides(seller.role_rules);
  if (!e) return sdk::Status::from(e.error());
  e->score(c, e->prepare(seller, company, as_of));
  return sdk::Status::ok();
}

sdk::Status RoleEngine::assign(sdk::Candidate& c, const sdk::Company& company,
                               const sdk::SellerProfile& seller) const {
  auto e = with_overrides(seller.role_rules);
  if (!e) return sdk::Status::from(e.error());
  e->assign(c, e->prepare(seller, company));
  return sdk::Status::ok();
}

}  // namespace buyergraph::roles
