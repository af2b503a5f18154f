#include "buyergraph/assembly/balance.hpp"

#include <algorithm>
#include <map>
#include <set>

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

// The chief executive of a small company, who signs on top of the buying function's leader.
bool signs_as_chief_executive(const sdk::Candidate& c) {
  return c.role == "decision" &&
         std::find(c.rule_ids.begin(), c.rule_ids.end(), "decision.top_executive_small_company") !=
             c.rule_ids.end();
}

// Someone in `pool` of the same function is this person's manager: the manager outranks them.
bool manager_in_pool(const sdk::Candidate& c, const std::vector<sdk::Candidate>& pool) {
  if (c.person.manager_id.empty()) return false;
  return std::any_of(pool.begin(), pool.end(), [&](const sdk::Candidate& m) {
    return &m != &c && m.person.id == c.person.manager_id && m.function == c.function;
  });
}

// Decision seats: the small company's chief executive first, then by authority (a CIO keeps
// the seat over a director with a better overall fit: approval power is what the role means),
// then the head of a function before the people who report to them, then the usual ranking.
void sort_pool(std::vector<sdk::Candidate>& pool, const std::string& role) {
  if (role == "decision") {
    std::map<const sdk::Candidate*, bool> reports;  // computed once: the pool moves while sorting
    for (const auto& c : pool) reports[&c] = manager_in_pool(c, pool);
    std::vector<std::pair<bool, sdk::Candidate>> keyed;
    keyed.reserve(pool.size());
    for (auto& c : pool) keyed.emplace_back(reports[&c], std::move(c));
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& x, const auto& y) {
      const sdk::Candidate &a = x.second, &b = y.second;
      bool ca = signs_as_chief_executive(a), cb = signs_as_chief_executive(b);
      if (ca != cb) return ca;
      int ra = detail::seniority_rank(a.seniority), rb = detail::seniority_rank(b.seniority);
      if (ra != rb) return ra > rb;
      if (x.first != y.first) return !x.first;
      return detail::ranks_before(a, b);
    });
    for (std::size_t i = 0; i < pool.size(); ++i) pool[i] = std::move(keyed[i].second);
    return;
  }
  std::stable_sort(pool.begin(), pool.end(), detail::ranks_before);
}

// Seats a role needs beyond the tier's mix: the small company's chief executive signs on top of
// the buying function's leader, and every gate the role rules called for (procurement, finance,
// legal, security) keeps one blocker whatever the tier (docs/assembly.md, balancing).
int seats_needed(const std::string& role, const std::vector<sdk::Candidate>& pool) {
  if (role == "decision")
    return std::any_of(pool.begin(), pool.end(), signs_as_chief_executive) ? 1 : 0;
  if (role == "blocker") {
    std::set<std::string> gates;
    for (const auto& c : pool)
      if (!c.sub_role.empty()) gates.insert(c.sub_role);
    return static_cast<int>(gates.size());
  }
  return 0;
}

// Who leaves the blocker pool: the lowest-ranked person of a gate that has someone else in the
// pool, so every gate keeps its best-ranked person; else the usual victim.
size_t blocker_victim(const Pools& pools, const std::vector<sdk::Candidate>& pool,
                      const std::vector<Requirement>& reqs) {
  for (size_t i = pool.size(); i-- > 0;)
    for (size_t j = 0; j < i; ++j)
      if (!pool[i].sub_role.empty() && pool[j].sub_role == pool[i].sub_role) return i;
  return victim(pools, pool, reqs);
}

std::string counted(int n, const std::string& role) {
  const std::string noun = role == "decision" ? "decision maker" : role;
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// One sentence says why a member holds a lower role than the rules gave; a second demotion
// rewrites it ("... 2 decision makers and 4 champions ranked higher, so ... a stakeholder.")
// rather than adding a sentence that contradicts the first.
void demotion_reason(sdk::Candidate& c, const std::string& from, int cap, const std::string& to,
                     std::map<std::string, int>& caps_seen) {
  caps_seen[from] = cap;
  std::string text = common::reason_of(c);
  std::string higher = counted(cap, from);
  const std::string mark = "The group already has ";
  auto at = text.rfind(mark.c_str(), 0) == 0 ? 0 : text.find(" " + mark);
  if (at != std::string::npos) {
    text.erase(at);  // the earlier demotion's sentence
    std::string first;
    for (const auto& [role, n] : caps_seen)
      if (role != from && first.empty()) first = counted(n, role);
    if (!first.empty()) higher = first + " and " + higher;
  }
  const std::string sentence = "The group already has " + higher +
                               " ranked higher, so this person is listed as a " + to + ".";
  common::set_reason(c, text.empty() ? sentence : text + " " + sentence, "assembly");
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

  std::map<std::string, int> caps_seen;  // the caps that demoted people, per role
  // The ideal count per role after the seats the rules call for (used again when trimming).
  std::map<std::string, int> ideal;
  for (const auto& role : kRoleOrder) ideal[role] = plan.ideal_roles.of(role);
  for (const auto& role : kRoleOrder) {
    auto& pool = pools[role];
    sort_pool(pool, role);
    int cap = plan.caps.count(role) ? plan.caps.at(role) : 0;
    if (role == "decision") {
      const int extra = seats_needed(role, pool);
      cap += extra;
      ideal[role] += extra;
    } else if (role == "blocker") {
      // One blocker per gate: a second person of the same gate is the first to leave.
      const int gates = seats_needed(role, pool);
      cap = std::max(cap, gates);
      ideal[role] = std::max(ideal[role], gates);
    }
    while (static_cast<int>(pool.size()) > cap) {
      size_t i = role == "blocker" ? blocker_victim(pools, pool, reqs) : victim(pools, pool, reqs);
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
      demotion_reason(c, role, cap, to->second, caps_seen);
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
      if (static_cast<int>(pools[role].size()) > ideal[role]) {
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
