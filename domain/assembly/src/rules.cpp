#include "buyergraph/assembly/rules.hpp"

#include <yaml-cpp/yaml.h>

#include "buyergraph/common/data_dir.hpp"

#include <cstdlib>
#include <stdexcept>

namespace buyergraph::assembly {
namespace {

// A required key: a missing one is an error naming its dotted path.
YAML::Node need(const YAML::Node& n, const std::string& key, const std::string& where) {
  YAML::Node v = n[key];
  if (!v) throw std::runtime_error("missing key '" + where + key + "'");
  return v;
}

std::vector<std::string> strings(const YAML::Node& n) {
  std::vector<std::string> out;
  for (const auto& x : n) out.push_back(x.as<std::string>());
  return out;
}

template <class T>
std::map<std::string, T> mapping(const YAML::Node& n) {
  std::map<std::string, T> out;
  for (const auto& kv : n) out[kv.first.as<std::string>()] = kv.second.as<T>();
  return out;
}

AssemblyRules parse(const YAML::Node& root) {
  AssemblyRules r;
  r.version = need(root, "version", "").as<int>();

  auto ex = need(root, "excluded", "");
  r.max_excluded = need(ex, "max", "excluded.").as<int>();
  r.notable_seniorities = strings(need(ex, "notable_seniorities", "excluded."));

  auto sz = need(root, "sizing", "");
  r.small_deal_usd = need(sz, "small_deal_usd", "sizing.").as<double>();
  r.small_deal_factor = need(sz, "small_deal_factor", "sizing.").as<double>();
  r.tier_min_factor = need(sz, "tier_min_factor", "sizing.").as<double>();
  auto scarce = need(sz, "data_scarce", "sizing.");
  r.scarce_share = need(scarce, "share", "sizing.data_scarce.").as<double>();
  r.scarce_found = need(scarce, "found", "sizing.data_scarce.").as<int>();
  r.scarce_ideal = need(scarce, "ideal", "sizing.data_scarce.").as<int>();
  auto thin = need(sz, "data_thin", "sizing.");
  r.thin_share = need(thin, "share", "sizing.data_thin.").as<double>();
  r.thin_found = need(thin, "found", "sizing.data_thin.").as<int>();
  r.thin_ideal_factor = need(thin, "ideal_factor", "sizing.data_thin.").as<double>();
  r.blockers_above_deal_usd = need(sz, "blockers_count_above_deal_usd", "sizing.").as<double>();
  r.blockers_above_employees =
      need(sz, "blockers_count_above_employees", "sizing.").as<long long>();
  r.unsized_max = need(sz, "unsized_max", "sizing.").as<int>();

  auto bal = need(root, "balance", "");
  r.slack = mapping<int>(need(bal, "slack", "balance."));
  r.demote = mapping<std::string>(need(bal, "demote", "balance."));
  r.trim_order = strings(need(bal, "trim_order", "balance."));

  auto cov = need(root, "coverage", "");
  r.weights = mapping<int>(need(cov, "weights", "coverage."));
  r.technical_functions = strings(need(cov, "technical_functions", "coverage."));
  r.financial_functions = strings(need(cov, "financial_functions", "coverage."));
  r.risk_functions = strings(need(cov, "risk_functions", "coverage."));
  r.technical_above_usd = need(cov, "technical_above_usd", "coverage.").as<double>();
  r.financial_above_usd = need(cov, "financial_above_usd", "coverage.").as<double>();
  r.risk_above_usd = need(cov, "risk_above_usd", "coverage.").as<double>();
  auto br = need(cov, "breadth", "coverage.");
  for (const auto& step : need(br, "steps", "coverage.breadth."))
    r.breadth.push_back({need(step, "above_usd", "coverage.breadth.steps[].").as<double>(),
                         need(step, "functions", "coverage.breadth.steps[].").as<int>()});
  r.large_tier_prefix = need(br, "large_tier_prefix", "coverage.breadth.").as<std::string>();
  r.max_breadth = need(br, "max_functions", "coverage.breadth.").as<int>();

  auto coh = need(root, "cohesion", "");
  r.cohesion_weights = mapping<double>(need(coh, "weights", "cohesion."));
  r.inferred_line_credit = need(coh, "inferred_line_credit", "cohesion.").as<double>();
  r.seniority_mix = mapping<double>(need(coh, "seniority_mix", "cohesion."));
  auto bands = need(coh, "bands", "cohesion.");
  r.band_high = need(bands, "high", "cohesion.bands.").as<int>();
  r.band_medium = need(bands, "medium", "cohesion.bands.").as<int>();
  r.band_low = need(bands, "low", "cohesion.bands.").as<int>();
  for (const auto& pair : need(coh, "adjacent", "cohesion.")) {
    if (!pair.IsSequence() || pair.size() != 2)
      throw std::runtime_error("cohesion.adjacent: each entry must be [function, function]");
    auto a = pair[0].as<std::string>(), b = pair[1].as<std::string>();
    r.adjacent_pairs.insert(a < b ? std::pair{a, b} : std::pair{b, a});
  }

  auto eng = need(root, "engagement", "");
  for (const auto& stage : need(eng, "stages", "engagement.")) {
    auto& slots = r.call_slots[stage.first.as<std::string>()];
    for (const auto& s : stage.second)
      slots.push_back({s["sub_role"] ? s["sub_role"].as<std::string>() : "",
                       need(s, "role", "engagement.stages[].").as<std::string>()});
  }
  r.rest_order = strings(need(eng, "rest_order", "engagement."));
  return r;
}

}  // namespace

sdk::Result<AssemblyRules> AssemblyRules::load(const std::string& path) {
  try {
    AssemblyRules r = parse(YAML::LoadFile(path));
    r.path = path;
    return r;
  } catch (const YAML::BadFile&) {
    return sdk::Error{"not_found", "assembly rules: cannot read " + path};
  } catch (const std::exception& e) {
    return sdk::Error{"invalid_input", "assembly rules " + path + ": " + e.what()};
  }
}

sdk::Result<AssemblyRules> AssemblyRules::load_default() {
  return load(common::data_dir() + "/assembly/assembly.yaml");
}

const AssemblyRules& AssemblyRules::shared() {
  static const AssemblyRules rules = [] {
    auto r = load_default();
    if (!r) throw std::runtime_error(r.error().message);
    return std::move(*r);
  }();
  return rules;
}

bool AssemblyRules::adjacent(const std::string& a, const std::string& b) const {
  if (a == b || a == "executive" || b == "executive") return true;
  return adjacent_pairs.count(a < b ? std::pair{a, b} : std::pair{b, a}) > 0;
}

int AssemblyRules::weight(const std::string& kind) const {
  auto it = weights.find(kind);
  return it == weights.end() ? 1 : it->second;
}

}  // namespace buyergraph::assembly
