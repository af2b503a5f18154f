#include "buyergraph/queries/planner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include "buyergraph/common/data_dir.hpp"

#include "buyergraph/tiers/tiers.hpp"
#include "buyergraph/titles/classifier.hpp"

namespace buyergraph::queries {
namespace {

// A list of codes, or a "$placeholder" string.
void read_list_or_placeholder(const YAML::Node& n, const char* placeholder_ok,
                              std::string& placeholder, std::vector<std::string>& list) {
  if (!n) return;
  if (n.IsScalar()) {
    placeholder = n.as<std::string>();
    const std::string allowed = std::string(" ") + placeholder_ok + " ";
    if (placeholder.rfind('$', 0) != 0 ||
        allowed.find(" " + placeholder + " ") == std::string::npos)
      throw std::runtime_error("'" + placeholder + "' is not a list or one of " + placeholder_ok);
    return;
  }
  list = n.as<std::vector<std::string>>();
}

TargetRule read_rule(const YAML::Node& r) {
  TargetRule t;
  t.purpose = r["purpose"].as<std::string>();
  if (r["when"]) t.when = r["when"].as<std::string>();
  if (t.when != "always" && t.when != "blockers" && t.when.rfind("introducer:", 0) != 0)
    throw std::runtime_error("when must be always, blockers or introducer:<definition>");
  if (r["seniorities"]) t.seniorities = r["seniorities"].as<std::vector<std::string>>();
  for (const auto& s : t.seniorities)
    if (!titles::is_seniority(s)) throw std::runtime_error("unknown seniority '" + s + "'");
  read_list_or_placeholder(r["functions"], "$target $secondary", t.functions, t.function_list);
  for (const auto& f : t.function_list)
    if (!titles::is_function(f)) throw std::runtime_error("unknown function '" + f + "'");
  read_list_or_placeholder(r["title_terms"], "$personas", t.title_terms, t.term_list);
  t.limit = r["limit"] ? r["limit"].as<int>() : 0;
  if (t.limit < 0) throw std::runtime_error("limit must be >= 0");
  return t;
}

}  // namespace

sdk::Result<QueryPlanner> QueryPlanner::load(const std::string& path) {
  QueryPlanner p;
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const std::exception& e) {
    return sdk::Error{"invalid_input", path + ": " + e.what()};
  }
  try {
    if (root["search_all_up_to"]) p.search_all_up_to_ = root["search_all_up_to"].as<int>();
    if (root["blocker_deal_usd"]) p.blocker_deal_usd_ = root["blocker_deal_usd"].as<double>();
    for (const auto& kv : root["scale"]) {
      auto key = kv.first.as<std::string>();
      if (key.size() != 1) throw std::runtime_error("scale keys are tier letters (S, M, L)");
      p.scale_[key[0]] = kv.second.as<double>();
    }
    for (const auto& kv : root["fx_to_usd"])
      p.fx_[kv.first.as<std::string>()] = kv.second.as<double>();
  } catch (const std::exception& e) {
    return sdk::Error{"invalid_input", path + ": " + e.what()};
  }
  const YAML::Node rows = root["targets"];
  if (!rows || !rows.IsSequence() || rows.size() == 0)
    return sdk::Error{"invalid_input", path + ": 'targets' must be a non-empty list"};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    try {
      p.rules_.push_back(read_rule(rows[i]));
    } catch (const std::exception& e) {
      return sdk::Error{"invalid_input", path + ": target " + std::to_string(i + 1) + " (line " +
                                             std::to_string(rows[i].Mark().line + 1) +
                                             "): " + e.what()};
    }
  }
  return p;
}

sdk::Result<QueryPlanner> QueryPlanner::load_default() {
  return load(common::data_dir() + "/queries/role-queries.yaml");
}

double QueryPlanner::deal_size_usd(const sdk::SellerProfile& seller) const {
  auto it = fx_.find(seller.currency);
  return seller.deal_size * (it == fx_.end() ? 1.0 : it->second);
}

sdk::PeopleQuery QueryPlanner::plan(const sdk::Company& company,
                                    const sdk::SellerProfile& seller) const {
  sdk::PeopleQuery q;
  q.company = company;
  const auto employees = company.employees;
  if (employees && *employees <= search_all_up_to_) {
    q.targets.push_back({.purpose = "all"});
    q.strategy = "whole roster: " + std::to_string(*employees) +
                 " employees <= " + std::to_string(search_all_up_to_);
    return q;
  }
  const auto choice = tiers::TierTable::shared().choose(company);
  double scale = 1.0;
  std::string tier_id = "unknown";
  if (choice.tier) {
    tier_id = choice.tier->id;
    if (auto it = scale_.find(tier_id[0]); it != scale_.end()) scale = it->second;
  } else if (auto it = scale_.find('L'); it != scale_.end()) {
    scale = it->second;  // unknown size: plan as for a large company, the safe side for recall
  }
  const bool blockers = deal_size_usd(seller) >= blocker_deal_usd_ || seller.security_review ||
                        seller.processes_personal_data;
  for (const auto& rule : rules_) {
    if (rule.when == "blockers" && !blockers) continue;
    if (rule.when.rfind("introducer:", 0) == 0 &&
        rule.when.substr(11) != seller.introducer_definition)
      continue;
    sdk::QueryTarget t{.purpose = rule.purpose, .seniorities = rule.seniorities};
    t.functions = rule.functions == "$target"      ? seller.target_functions
                  : rule.functions == "$secondary" ? seller.secondary_functions
                                                   : rule.function_list;
    t.title_terms = rule.title_terms == "$personas" ? seller.personas : rule.term_list;
    // A placeholder that the seller left empty would widen the target to everyone: skip it.
    if (!rule.functions.empty() && t.functions.empty()) continue;
    if (!rule.title_terms.empty() && t.title_terms.empty()) continue;
    t.limit = static_cast<int>(std::lround(rule.limit * scale));
    q.targets.push_back(std::move(t));
  }
  q.strategy = "role targets for tier " + tier_id + (blockers ? ", with blockers" : "");
  return q;
}

}  // namespace buyergraph::queries
