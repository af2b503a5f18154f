#include "buyergraph/assembly/assemble.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <map>
#include <set>

#include "buyergraph/assembly/balance.hpp"
#include "buyergraph/assembly/cohesion.hpp"
#include "buyergraph/assembly/coverage.hpp"
#include "buyergraph/assembly/dedupe.hpp"
#include "buyergraph/assembly/engagement.hpp"
#include "buyergraph/assembly/sizing.hpp"
#include "buyergraph/assembly/spares.hpp"
#include "buyergraph/common/reason.hpp"
#include "ranking.hpp"

namespace buyergraph::assembly {
namespace {

using Json = nlohmann::json;

const std::set<std::string> kRoles = {"decision", "champion", "stakeholder", "blocker",
                                      "introducer"};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string now_utc() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Json tier_json(const tiers::TierChoice& choice, const sdk::Company& company) {
  Json t = {{"id", nullptr},
            {"name", nullptr},
            {"basis", choice.basis},
            {"employees", company.employees ? Json(*company.employees) : Json(nullptr)},
            {"revenue_tier", choice.by_revenue ? Json(choice.by_revenue->id) : Json(nullptr)},
            {"disagreement", choice.disagreement},
            {"evidence", choice.evidence}};
  if (choice.tier) t["id"] = choice.tier->id, t["name"] = choice.tier->name;
  return t;
}

Json size_json(const SizePlan& plan, int found) {
  auto num = [&](int v) { return plan.sized ? Json(v) : Json(nullptr); };
  return {{"found", found},
          {"min", num(plan.min)},
          {"ideal", num(plan.ideal)},
          {"max", plan.max},
          {"tier_size",
           plan.tier ? Json({plan.tier->size_min, plan.tier->size_ideal, plan.tier->size_max})
                     : Json(nullptr)},
          {"adjustments", plan.adjustments},
          {"status", size_status(plan, found)}};
}

Json ledger(const std::vector<sdk::Candidate>& considered,
            const std::vector<sdk::Candidate>& members) {
  // Provider credits as recorded on each person; calls, cache hits and money are known only to
  // the host's ledger, which adds them later (docs/assembly.md).
  Json by = Json::object(), per = Json::object();
  double total = 0;
  for (const auto& c : considered) {
    std::string src = detail::source_of(c);
    double cost = c.person.provenance.cost;
    if (!by.contains(src)) by[src] = {{"credits", 0.0}};
    by[src]["credits"] = by[src]["credits"].get<double>() + cost;
    total += cost;
  }
  for (const auto& m : members) per[m.person.id] = m.person.provenance.cost;
  return {{"currency", "USD"}, {"total_credits", total}, {"by_provider", by}, {"per_member", per}};
}

// One more plain sentence when the source names the manager: "Reports to Ann Lee (CFO)."
void add_reporting_line(sdk::Candidate& m, const std::vector<sdk::Candidate>& considered) {
  const std::string& mgr = m.person.manager_id;
  if (mgr.empty()) return;
  for (const auto& c : considered) {
    bool match = c.person.id == mgr || std::find(c.person.alt_ids.begin(), c.person.alt_ids.end(),
                                                 mgr) != c.person.alt_ids.end();
    if (!match || c.person.id == m.person.id || c.person.full_name.empty()) continue;
    common::add_to_reason(m,
                          "Reports to " + c.person.full_name +
                              (c.person.title.empty() ? "" : " (" + c.person.title + ")") + ".",
                          "assembly");
    return;
  }
}

}  // namespace

bool is_notable(const sdk::Candidate& c, const sdk::SellerProfile& seller,
                const AssemblyRules& rules) {
  const auto& n = rules.notable_seniorities;
  if (std::find(n.begin(), n.end(), c.seniority) != n.end()) return true;
  const auto& t = seller.target_functions;
  if (!c.function.empty() && std::find(t.begin(), t.end(), c.function) != t.end()) return true;
  std::string title = lower(c.person.title);
  for (const auto& p : seller.personas)
    if (!p.empty() && title.find(lower(p)) != std::string::npos) return true;
  return false;
}

sdk::BuyerGroup assemble(std::vector<sdk::Candidate> candidates, const sdk::Company& company,
                         const sdk::SellerProfile& seller, const AssemblyOptions& options) {
  const AssemblyRules& rules = options.rules ? *options.rules : AssemblyRules::shared();
  const tiers::TierTable& table = options.tiers ? *options.tiers : tiers::TierTable::shared();

  DedupeResult d = dedupe(std::move(candidates));
  const int considered_n = static_cast<int>(d.candidates.size());

  std::vector<sdk::Candidate> excluded, roleless, with_role;
  for (auto& c : d.candidates) {
    // A departed or deleted person is never a member, whatever the earlier stages said.
    if (c.excluded_reason.empty() && c.employment_status == "departed")
      c.excluded_reason = "employment departed";
    if (c.excluded_reason.empty() && c.person.deleted) c.excluded_reason = "deleted record";
    if (!c.excluded_reason.empty())
      excluded.push_back(std::move(c));
    else if (kRoles.count(c.role) == 0)
      roleless.push_back(std::move(c));
    else
      with_role.push_back(std::move(c));
  }

  tiers::TierChoice choice = table.choose(company);
  SizePlan plan = plan_size(choice, company, seller, considered_n, rules);
  std::vector<Requirement> reqs = requirements(company, seller, plan, rules);
  Balanced b = balance(std::move(with_role), plan, reqs, rules);
  // Who balancing left out still holds a role: the seats' replacements (ranked_spares).
  for (auto& c : b.dropped)
    if (kRoles.count(c.role) != 0) c.flags.push_back(std::string(kSpareFlag));

  sdk::BuyerGroup g;
  g.company = company;
  g.seller = seller;
  g.members = std::move(b.members);

  // Everyone considered, for gap reasons and the ledger.
  std::vector<sdk::Candidate> considered = g.members;
  considered.insert(considered.end(), b.dropped.begin(), b.dropped.end());
  considered.insert(considered.end(), excluded.begin(), excluded.end());
  considered.insert(considered.end(), roleless.begin(), roleless.end());
  for (auto& m : g.members) add_reporting_line(m, considered);

  // Excluded list: people dropped by balancing always; excluded and role-less people when
  // notable. Most senior first, capped.
  std::vector<sdk::Candidate> listed = std::move(b.dropped);
  for (auto& c : excluded)
    if (is_notable(c, seller, rules)) listed.push_back(std::move(c));
  for (auto& c : roleless)
    if (is_notable(c, seller, rules)) {
      c.excluded_reason = "no role rule matched";
      listed.push_back(std::move(c));
    }
  std::stable_sort(listed.begin(), listed.end(), [](const auto& a, const auto& b) {
    int ra = detail::seniority_rank(a.seniority), rb = detail::seniority_rank(b.seniority);
    if (ra != rb) return ra > rb;
    return detail::ranks_before(a, b);
  });
  const int notable_total = static_cast<int>(listed.size());
  const int cap = options.max_excluded >= 0 ? options.max_excluded : rules.max_excluded;
  if (static_cast<int>(listed.size()) > cap) listed.resize(static_cast<size_t>(cap));
  g.excluded = std::move(listed);

  const int found = static_cast<int>(g.members.size());
  Json cov = {{"tier", tier_json(choice, company)}, {"size", size_json(plan, found)}};
  Json body = coverage(g.members, considered, reqs, plan);
  for (auto& [k, v] : body.items()) cov[k] = v;
  cov["cohesion"] = cohesion(g.members, rules);
  cov["duplicates_merged"] = d.merged;
  cov["excluded_listed"] = static_cast<int>(g.excluded.size());
  cov["excluded_notable"] = notable_total;
  g.coverage = std::move(cov);

  g.engagement = engagement(g.members, seller, rules);
  g.ledger = ledger(considered, g.members);

  bool synthetic = company.provenance.synthetic;
  for (const auto& c : considered) synthetic = synthetic || c.person.provenance.synthetic;
  std::vector<std::string> warnings = options.warnings;
  auto warn = [&](const std::string& w) {
    if (std::find(warnings.begin(), warnings.end(), w) == warnings.end()) warnings.push_back(w);
  };
  if (seller.source_file == "default")
    warn("no seller profile given: the default profile was used (docs/sellers.md)");
  for (const auto& w : plan.warnings) warn(w);
  if (synthetic) warn("synthetic data: the people and companies in this group are fictional");
  if (found == 0) warn("no member qualified: the group is empty; see coverage.required");

  g.run = {
      {"id", options.run_id},
      {"account_key", options.account_key},
      {"generated_at", options.generated_at.empty() ? now_utc() : options.generated_at},
      {"pipeline", options.pipeline},
      {"seller_file", seller.source_file},
      {"rules_version", options.rules_version.empty() ? "assembly@" + std::to_string(rules.version)
                                                      : options.rules_version},
      {"synthetic_data", synthetic},
      {"status", found == 0 ? "empty" : "ok"},
      {"warnings", warnings}};
  return g;
}

}  // namespace buyergraph::assembly
