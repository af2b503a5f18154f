#include "buyergraph/assembly/sizing.hpp"

#include <algorithm>
#include <cmath>

namespace buyergraph::assembly {
namespace {

const char* kRoles[] = {"decision", "champion", "stakeholder", "blocker", "introducer"};

int scaled(int v, double factor) { return static_cast<int>(std::lround(v * factor)); }

void note(SizePlan& p, const std::string& rule, const std::string& detail) {
  p.adjustments.push_back({{"rule", rule}, {"detail", detail}});
}

// Tiny firms: the founder covers several roles.
bool tiny(SizePlan& p, std::int64_t employees) {
  if (employees > 5) return false;
  if (employees <= 1) {
    p.min = 1, p.ideal = 1, p.max = 1, p.ideal_roles = {1, 0, 0, 0, 0};
  } else if (employees <= 3) {
    p.min = 1, p.ideal = 2, p.max = 3, p.ideal_roles = {1, 1, 0, 0, 0};
  } else {
    p.min = 1, p.ideal = 3, p.max = 4, p.ideal_roles = {1, 1, 1, 0, 0};
  }
  note(p, "tiny_company",
       std::to_string(employees) + " employees: size " + std::to_string(p.min) + "-" +
           std::to_string(p.ideal) + "-" + std::to_string(p.max) +
           " (the founder or chief executive holds several roles)");
  return true;
}

}  // namespace

SizePlan plan_size(const tiers::TierChoice& choice, const sdk::Company& company,
                   const sdk::SellerProfile& seller, int considered, const AssemblyRules& rules) {
  SizePlan p;
  p.tier = choice.tier;
  const double deal = seller.deal_size;
  if (seller.currency != "USD")
    p.warnings.push_back("deal_size is in " + seller.currency +
                         "; sizing thresholds are in USD and were compared unconverted");
  const std::int64_t employees = company.employees.value_or(-1);
  p.blockers_count =
      deal > rules.blockers_above_deal_usd || employees > rules.blockers_above_employees;

  if (p.tier == nullptr) {
    // Never size from a default: no target, only a cap against runaway groups.
    p.max = rules.unsized_max;
    p.caps = {{"decision", 3}};
    for (const char* r : kRoles)
      if (!p.caps.count(r)) p.caps[r] = rules.unsized_max;
    note(p, "no_tier",
         "company size unknown (no headcount or revenue): no ideal size, at most " +
             std::to_string(rules.unsized_max) + " members");
    p.warnings.push_back("company size unknown: the group was not sized against a tier");
    return p;
  }

  p.sized = true;
  if (!(employees >= 0 && tiny(p, employees))) {
    const tiers::Tier& t = *p.tier;
    p.min = t.size_min, p.ideal = t.size_ideal, p.max = t.size_max, p.ideal_roles = t.ideal;

    // Data availability: the provider holds few of the company's people.
    if (employees > 0) {
      double share = static_cast<double>(considered) / static_cast<double>(employees);
      if (share < rules.scarce_share && considered <= rules.scarce_found) {
        p.max = std::max(considered, 1);
        p.ideal = std::min(p.ideal, rules.scarce_ideal);
        p.data_limited = true;
        note(p, "data_scarce",
             std::to_string(considered) + " of " + std::to_string(employees) +
                 " employees found: max " + std::to_string(p.max) + ", ideal " +
                 std::to_string(p.ideal));
      } else if (share < rules.thin_share && considered <= rules.thin_found) {
        int before = p.ideal;
        p.ideal = std::max(1, scaled(t.size_ideal, rules.thin_ideal_factor));
        p.data_limited = true;
        note(p, "data_thin",
             std::to_string(considered) + " of " + std::to_string(employees) +
                 " employees found: ideal " + std::to_string(before) + " -> " +
                 std::to_string(p.ideal));
      }
    }

    // Small deals involve fewer people.
    if (deal < rules.small_deal_usd) {
      int before = p.ideal;
      p.ideal = std::max(1, std::min(p.ideal, scaled(t.size_ideal, rules.small_deal_factor)));
      if (p.ideal != before) {
        p.deal_size_shrunk = true;
        note(p, "deal_under_50k",
             "ideal " + std::to_string(before) + " -> " + std::to_string(p.ideal) + " (" +
                 std::to_string(rules.small_deal_factor).substr(0, 3) + " x)");
      }
    }

    // The tier's floor is relaxed: a smaller honest group is reported, not padded.
    int min_before = p.min;
    p.min = std::max(1, scaled(t.size_min, rules.tier_min_factor));
    if (p.min != min_before)
      note(p, "tier_min_relaxed",
           "min " + std::to_string(min_before) + " -> " + std::to_string(p.min) + " (" +
               std::to_string(rules.tier_min_factor).substr(0, 3) + " x)");
  }
  p.min = std::min(p.min, p.ideal);
  p.ideal = std::min(p.ideal, p.max);

  if (!p.blockers_count && p.ideal_roles.blocker > 0) {
    p.ideal_roles.blocker = 0;
    note(p, "blockers_not_counted", "deal <= $50K and <= 100 employees: no blocker slot");
  }
  // Seller flags force gatekeepers whatever the deal size.
  int forced_blockers = (seller.security_review || seller.processes_personal_data ? 1 : 0) +
                        (seller.processes_personal_data ? 1 : 0);
  for (const char* r : kRoles) {
    auto it = rules.slack.find(r);
    p.caps[r] = p.ideal_roles.of(r) + (it == rules.slack.end() ? 0 : it->second);
  }
  p.caps["blocker"] = std::max(p.caps["blocker"], forced_blockers);
  return p;
}

std::string size_status(const SizePlan& plan, int found) {
  if (!plan.sized) return "unsized";
  if (found < plan.min) return "below_min";
  if (found < plan.ideal) return "below_ideal";
  if (found == plan.ideal) return "at_ideal";
  return "within";
}

}  // namespace buyergraph::assembly
