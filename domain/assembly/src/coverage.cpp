#include "buyergraph/assembly/coverage.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace buyergraph::assembly {
namespace {

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

bool overlaps(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(), [&](const auto& x) { return contains(b, x); });
}

std::string usd(double v) { return "$" + std::to_string(static_cast<long long>(v / 1000)) + "K"; }

bool dropped_by_balance(const sdk::Candidate& c) {
  return c.excluded_reason.rfind("over the", 0) == 0;
}

}  // namespace

std::vector<Requirement> requirements(const sdk::Company& company, const sdk::SellerProfile& seller,
                                      const SizePlan& plan, const AssemblyRules& rules) {
  (void)company;
  std::vector<Requirement> out;
  const double deal = seller.deal_size;
  out.push_back({.id = "role:decision",
                 .kind = "role",
                 .name = "Decision maker",
                 .weight = rules.weight("decision"),
                 .why = "always required",
                 .role = "decision",
                 .functions = seller.target_functions});
  out.push_back({.id = "role:champion",
                 .kind = "role",
                 .name = "Champion",
                 .weight = rules.weight("champion"),
                 .why = "always required",
                 .role = "champion",
                 .functions = seller.target_functions});
  const auto& target = seller.target_functions;
  if (!target.empty())
    out.push_back({.id = "function:" + target.front(),
                   .kind = "function",
                   .name = "Target function (" + join(target) + ")",
                   .weight = rules.weight("target_function"),
                   .why = "seller.target_functions",
                   .functions = target});

  // A function the seller already targets is covered by the target requirement; requiring it
  // twice would count one person twice.
  auto add_function = [&](const std::string& key, const std::string& name,
                          const std::vector<std::string>& fns, const std::string& why) {
    if (overlaps(fns, target)) return;
    out.push_back({.id = "function:" + key,
                   .kind = "function",
                   .name = name,
                   .weight = rules.weight(key),
                   .why = why,
                   .functions = fns});
  };
  if (seller.integration_depth == "deep")
    add_function("technical", "Technical evaluation", rules.technical_functions,
                 "seller.integration_depth is deep");
  else if (deal > rules.technical_above_usd)
    add_function("technical", "Technical evaluation", rules.technical_functions,
                 "deal above " + usd(rules.technical_above_usd));
  if (deal > rules.financial_above_usd)
    add_function("financial", "Financial approval", rules.financial_functions,
                 "deal above " + usd(rules.financial_above_usd));
  bool security = seller.security_review || seller.processes_personal_data;
  if (security)
    add_function("security", "Security review", {"security"},
                 seller.security_review ? "seller.security_review is true"
                                        : "seller.processes_personal_data is true");
  if (seller.processes_personal_data)
    add_function("legal", "Legal and data protection", {"legal"},
                 "seller.processes_personal_data is true");
  if (!security && deal > rules.risk_above_usd)
    add_function("risk", "Risk review (security or legal)", rules.risk_functions,
                 "deal above " + usd(rules.risk_above_usd));
  if (plan.ideal_roles.blocker > 0)
    out.push_back({.id = "role:blocker",
                   .kind = "role",
                   .name = "Gatekeeper (blocker)",
                   .weight = rules.weight("blocker"),
                   .why = "deal above " + usd(rules.blockers_above_deal_usd) + " or more than " +
                          std::to_string(rules.blockers_above_employees) + " employees",
                   .role = "blocker"});

  int breadth = 0;
  std::string why;
  for (const auto& step : rules.breadth)
    if (deal > step.above_usd && step.functions > breadth) {
      breadth = step.functions;
      why = "deal above " + usd(step.above_usd);
    }
  if (plan.tier != nullptr && plan.tier->id.rfind(rules.large_tier_prefix, 0) == 0) {
    breadth = breadth >= 3 ? 4 : 3;
    why += std::string(why.empty() ? "" : " and ") + "large company (tier " + plan.tier->id + ")";
  }
  breadth = std::min(breadth, rules.max_breadth);
  if (breadth > 0)
    out.push_back({.id = "breadth:functions",
                   .kind = "breadth",
                   .name = "At least " + std::to_string(breadth) + " functions",
                   .weight = rules.weight("breadth"),
                   .why = why,
                   .min_functions = breadth});
  return out;
}

bool covers(const sdk::Candidate& c, const Requirement& r) {
  if (r.kind == "role") return c.role == r.role || contains(c.other_roles, r.role);
  if (r.kind == "function") return contains(r.functions, c.function);
  return false;
}

nlohmann::json coverage(const std::vector<sdk::Candidate>& members,
                        const std::vector<sdk::Candidate>& considered,
                        const std::vector<Requirement>& reqs, const SizePlan& plan) {
  nlohmann::json roles = {
      {"decision", 0}, {"champion", 0}, {"stakeholder", 0}, {"blocker", 0}, {"introducer", 0}};
  std::set<std::string> functions;
  for (const auto& m : members) {
    if (roles.contains(m.role)) roles[m.role] = roles[m.role].get<int>() + 1;
    if (!m.function.empty()) functions.insert(m.function);
  }
  std::set<std::string> found_functions;
  for (const auto& c : considered)
    if (!c.function.empty()) found_functions.insert(c.function);
  const int threads = static_cast<int>(functions.size());

  nlohmann::json required = nlohmann::json::array();
  int covered = 0, weight_all = 0, weight_covered = 0;
  for (const auto& r : reqs) {
    nlohmann::json ids = nlohmann::json::array();
    bool ok = false;
    if (r.kind == "breadth") {
      ok = threads >= r.min_functions;
    } else {
      for (const auto& m : members)
        if (covers(m, r)) ids.push_back(m.person.id);
      ok = !ids.empty();
    }
    nlohmann::json item = {{"id", r.id},         {"kind", r.kind},       {"name", r.name},
                           {"weight", r.weight}, {"why", r.why},         {"covered", ok},
                           {"member_ids", ids},  {"gap_reason", nullptr}};
    weight_all += r.weight;
    if (ok) {
      ++covered;
      weight_covered += r.weight;
      required.push_back(std::move(item));
      continue;
    }

    // Why the gap exists: the people were never in the data, were there but did not qualify,
    // or were left out because the deal is small.
    std::string reason, detail;
    const int n = static_cast<int>(considered.size());
    if (r.kind == "breadth") {
      bool scarce = static_cast<int>(found_functions.size()) < r.min_functions;
      reason = scarce || plan.data_limited ? "data_limited" : "quality_limited";
      detail = std::to_string(threads) + " function(s) among members, " +
               std::to_string(found_functions.size()) + " among the " + std::to_string(n) +
               " people found";
    } else {
      int in_data = 0, dropped = 0;
      for (const auto& c : considered) {
        bool match = r.kind == "role" ? c.role == r.role : covers(c, r);
        if (!match) continue;
        ++in_data;
        if (dropped_by_balance(c)) ++dropped;
      }
      std::string what = r.kind == "role" ? "as " + r.role : "in " + join(r.functions, " or ");
      if (dropped > 0 && plan.deal_size_shrunk) {
        reason = "deal_size";
        detail = std::to_string(dropped) + " candidate(s) " + what +
                 " left out: the group is smaller for a small deal";
      } else if (in_data == 0 && (r.kind == "function" || plan.data_limited || n == 0)) {
        reason = "data_limited";
        detail = "none of the " + std::to_string(n) + " people found " +
                 (r.kind == "role" ? "qualified " : "works ") + what;
      } else {
        reason = "quality_limited";
        detail = r.kind == "role"
                     ? "no candidate qualified " + what + " (" + std::to_string(n) +
                           " considered); the seat stays empty" +
                           (r.functions.empty() ? std::string()
                                                : ": it is for " + join(r.functions, " or ") +
                                                      " (the seller's buyers), never another "
                                                      "function")
                     : std::to_string(in_data) + " people " + what +
                           " found, none qualified as a member";
      }
    }
    item["gap_reason"] = reason;
    item["detail"] = detail;
    required.push_back(std::move(item));
  }

  nlohmann::json ideal = {{"decision", plan.ideal_roles.decision},
                          {"champion", plan.ideal_roles.champion},
                          {"stakeholder", plan.ideal_roles.stakeholder},
                          {"blocker", plan.ideal_roles.blocker},
                          {"introducer", plan.ideal_roles.introducer}};
  return {
      {"roles", roles},
      {"ideal_roles", plan.sized ? ideal : nlohmann::json(nullptr)},
      {"required", required},
      {"score",
       weight_all == 0 ? 0 : static_cast<int>(std::lround(100.0 * weight_covered / weight_all))},
      {"covered", covered},
      {"total", static_cast<int>(reqs.size())},
      {"threads", threads},
      {"candidates_considered", static_cast<int>(considered.size())}};
}

}  // namespace buyergraph::assembly
