#include "buyergraph/assembly/balance.hpp"

#include <algorithm>
#include <map>

#include "buyergraph/common/reason.hpp"
#include "ranking.hpp"

namespace buyergraph::assembly {
namespace {

const std::vector<std::string> kRoleOrder = {"decision", "champion", "stakeholder", "blocker",
                                             "introducer"};

using Pools = std::map<std::string, std::vector<sdk::Candidate>>;

// The only current member covering some required function: dropping them opens a gap.
bool sole_coverer(const Pools& pools, const sdk::Candidate& c,
                  const std::vector<Requirement>& reqs) {
  for (const auto& r : reqs) {
    if (r.kind != "function" || !covers(c, r)) continue;
    int others = 0;
    for (const auto& [role, pool] : pools)
      for (const auto& m : pool)
        if (&m != &c && covers(m, r)) ++others;
    if (others == 0) return true;
  }
  return false;
}

// Index of who leaves a pool: the lowest-ranked member that is not a sole coverer; the lowest
// overall when everyone is. Pools are kept sorted best first.
size_t victim(const Pools& pools, const std::vector<sdk::Candidate>& pool,
              const std::vector<Requirement>& reqs) {
  for (size_t i = pool.size(); i-- > 0;)
    if (!sole_coverer(pools, pool[i], reqs)) return i;
  return pool.size() - 1;
}

// Decision seats go by authority first (a CIO keeps the seat over a director with a better
// overall fit: approval power is what the role means), then by the usual ranking.
void sort_pool(std::vector<sdk::Candidate>& pool, const std::string& role) {
  if (role == "decision") {
    std::stable_sort(pool.begin(), pool.end(), [](const auto& a, const auto& b) {
      int ra = detail::seniority_rank(a.seniority), rb = detail::seniority_rank(b.seniority);
      return ra != rb ? ra > rb : detail::ranks_before(a, b);
    });
    return;
  }
  std::stable_sort(pool.begin(), pool.end(), detail::ranks_before);
}

}  // namespace

Balanced balance(std::vector<sdk::Candidate> candidates, const SizePlan& plan,
                 const std::vector<Requirement>& reqs, const AssemblyRules& rules) {
  Balanced out;
  Pools pools;
  for (auto& c : candidates) pools[c.role].push_back(std::move(c));

  auto drop = [&](std::vector<sdk::Candidate>& pool, size_t i, const std::string& reason) {
    sdk::Candidate c = std::move(pool[i]);
    pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(i));
    c.excluded_reason = reason;
    c.rule_ids.push_back("assembly.balance.drop");
    c.evidence.push_back(
        {.field = "candidate.role", .value = c.role, .source = "assembly", .note = reason});
    out.dropped.push_back(std::move(c));
  };

  for (const auto& role : kRoleOrder) {
    auto& pool = pools[role];
    sort_pool(pool, role);
    const int cap = plan.caps.count(role) ? plan.caps.at(role) : 0;
    while (static_cast<int>(pool.size()) > cap) {
      size_t i = victim(pools, pool, reqs);
      auto to = rules.demote.find(role);
      if (to == rules.demote.end()) {
        drop(pool, i, "over the tier max for role " + role + " (cap " + std::to_string(cap) + ")");
        continue;
      }
      sdk::Candidate c = std::move(pool[i]);
      pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(i));
      c.evidence.push_back({.field = "candidate.role",
                            .value = role,
                            .source = "assembly",
                            .note = "over the tier max of " + std::to_string(cap) + " " + role +
                                    " member(s); demoted to " + to->second});
      c.rule_ids.push_back("assembly.balance.demote." + role + "_to_" + to->second);
      common::add_to_reason(c,
                            "The group already has " + std::to_string(cap) + " " +
                                (role == "decision" ? "decision maker" : role) +
                                (cap == 1 ? "" : "s") +
                                " ranked higher, so this person is listed as a " + to->second + ".",
                            "assembly");
      c.role = to->second;
      c.sub_role.clear();  // a sub-role of the old role no longer applies
      pools[to->second].push_back(std::move(c));
    }
  }

  auto total = [&] {
    size_t n = 0;
    for (const auto& role : kRoleOrder) n += pools[role].size();
    return static_cast<int>(n);
  };
  while (total() > plan.max) {
    // Roles above their ideal count give way first, in trim order; then any role in trim order.
    std::string from;
    for (const auto& role : rules.trim_order)
      if (static_cast<int>(pools[role].size()) > plan.ideal_roles.of(role)) {
        from = role;
        break;
      }
    if (from.empty())
      for (const auto& role : rules.trim_order)
        if (!pools[role].empty()) {
          from = role;
          break;
        }
    if (from.empty()) break;
    auto& pool = pools[from];
    sort_pool(pool, from);
    drop(pool, victim(pools, pool, reqs),
         "over the group max of " + std::to_string(plan.max) + " (role " + from + ")");
  }

  for (const auto& role : kRoleOrder) {
    sort_pool(pools[role], role);
    for (auto& c : pools[role]) out.members.push_back(std::move(c));
  }
  return out;
}

}  // namespace buyergraph::assembly
