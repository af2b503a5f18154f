#include "buyergraph/tiers/tiers.hpp"

#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include "buyergraph/common/data_dir.hpp"

namespace buyergraph::tiers {
namespace {

// [min, max] with max null = open-ended.
template <class T>
void read_band(const YAML::Node& n, T& lo, std::optional<T>& hi) {
  if (!n.IsSequence() || n.size() != 2) throw std::runtime_error("band must be [min, max]");
  lo = n[0].as<T>();
  if (!n[1].IsNull()) hi = n[1].as<T>();
}

bool in_band(double v, double lo, const std::optional<double>& hi) {
  return v >= lo && (!hi || v < *hi);
}

}  // namespace

int RoleMix::of(std::string_view role) const {
  if (role == "decision") return decision;
  if (role == "champion") return champion;
  if (role == "stakeholder") return stakeholder;
  if (role == "blocker") return blocker;
  if (role == "introducer") return introducer;
  return 0;
}

sdk::Result<TierTable> TierTable::load(const std::string& path) {
  TierTable t;
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const std::exception& e) {
    return sdk::Error{"invalid_input", path + ": " + e.what()};
  }
  const YAML::Node rows = root["tiers"];
  if (!rows || !rows.IsSequence() || rows.size() == 0)
    return sdk::Error{"invalid_input", path + ": 'tiers' must be a non-empty list"};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const YAML::Node& r = rows[i];
    try {
      Tier tier;
      tier.index = static_cast<int>(i);
      tier.id = r["id"].as<std::string>();
      tier.name = r["name"].as<std::string>();
      read_band(r["employees"], tier.employees_min, tier.employees_max);
      read_band(r["revenue"], tier.revenue_min, tier.revenue_max);
      const YAML::Node ideal = r["ideal"];
      tier.ideal = {ideal["decision"].as<int>(), ideal["champion"].as<int>(),
                    ideal["stakeholder"].as<int>(), ideal["blocker"].as<int>(),
                    ideal["introducer"].as<int>()};
      const YAML::Node size = r["size"];
      if (!size.IsSequence() || size.size() != 3)
        throw std::runtime_error("size must be [min, ideal, max]");
      tier.size_min = size[0].as<int>();
      tier.size_ideal = size[1].as<int>();
      tier.size_max = size[2].as<int>();
      if (!(tier.size_min <= tier.size_ideal && tier.size_ideal <= tier.size_max))
        throw std::runtime_error("size must satisfy min <= ideal <= max");
      const YAML::Node dm = r["dm_threshold"];
      tier.dm_threshold = {dm["vp"].as<double>(), dm["director"].as<double>(),
                           dm["manager"].as<double>()};
      if (!t.tiers_.empty() && t.tiers_.back().employees_max != tier.employees_min)
        throw std::runtime_error("employee bands must be contiguous");
      t.tiers_.push_back(std::move(tier));
    } catch (const std::exception& e) {
      return sdk::Error{"invalid_input", path + ": tier " + std::to_string(i + 1) + " (line " +
                                             std::to_string(r.Mark().line + 1) + "): " + e.what()};
    }
  }
  return t;
}

sdk::Result<TierTable> TierTable::load_default() {
  return load(common::data_dir() + "/tiers/tiers.yaml");
}

const TierTable& TierTable::shared() {
  static const TierTable table = [] {
    auto t = load_default();
    if (!t) throw std::runtime_error(t.error().message);
    return std::move(*t);
  }();
  return table;
}

const Tier* TierTable::by_employees(std::int64_t employees) const {
  if (employees < 1) employees = 1;  // a one-person company is the smallest tier
  for (const auto& t : tiers_)
    if (employees >= t.employees_min && (!t.employees_max || employees < *t.employees_max))
      return &t;
  return tiers_.empty() ? nullptr : &tiers_.back();
}

const Tier* TierTable::by_revenue(double revenue) const {
  for (const auto& t : tiers_)
    if (in_band(revenue, t.revenue_min, t.revenue_max)) return &t;
  return nullptr;
}

std::optional<double> revenue_usd(const sdk::Company& c) {
  // CoreSignal: revenue_annual {source_x: {annual_revenue, annual_revenue_currency}} or a range.
  const auto& s = c.signals;
  if (auto it = s.find("revenue_annual"); it != s.end() && it->is_object()) {
    for (const auto& [_, src] : it->items()) {
      if (!src.is_object()) continue;
      auto v = src.find("annual_revenue");
      auto cur = src.find("annual_revenue_currency");
      const bool usd = cur == src.end() || (cur->is_string() && cur->get<std::string>() == "USD");
      if (v != src.end() && v->is_number() && usd) return v->get<double>();
    }
  }
  // A range {annual_revenue_range_from, _to}: the lower bound, the figure the provider vouches for.
  if (auto it = s.find("revenue_annual_range"); it != s.end() && it->is_object()) {
    auto from = it->find("annual_revenue_range_from");
    auto cur = it->find("annual_revenue_range_currency");
    const bool usd = cur == it->end() || (cur->is_string() && cur->get<std::string>() == "USD");
    if (from != it->end() && from->is_number() && usd) return from->get<double>();
  }
  return std::nullopt;
}

TierChoice TierTable::choose(const sdk::Company& c) const {
  TierChoice out;
  const auto revenue = revenue_usd(c);
  if (revenue) {
    out.by_revenue = by_revenue(*revenue);
    out.evidence.push_back({"company.signals.revenue_annual_range", std::to_string(*revenue),
                            c.provenance.source, "",
                            "annual revenue (USD, lower bound when a range)"});
  }
  if (c.employees && *c.employees > 0) {
    out.by_employees = by_employees(*c.employees);
    out.evidence.push_back({"company.employees", std::to_string(*c.employees), c.provenance.source,
                            "", "employee count"});
  }
  if (out.by_employees) {
    out.tier = out.by_employees;
    out.basis = "employees";
  } else if (out.by_revenue) {
    out.tier = out.by_revenue;
    out.basis = "revenue";
  } else {
    out.basis = "none";
  }
  if (out.by_employees && out.by_revenue)
    out.disagreement = std::abs(out.by_employees->index - out.by_revenue->index) > 1;
  return out;
}

}  // namespace buyergraph::tiers
