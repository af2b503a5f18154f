#include "buyergraph/assembly/engagement.hpp"

#include <algorithm>

#include "ranking.hpp"

namespace buyergraph::assembly {
namespace {

int email_rank(const std::string& status) {
  if (status == "valid") return 3;
  if (status == "risky") return 2;
  if (status == "unknown") return 1;
  return 0;  // invalid
}

const sdk::ContactPoint* best_email(const sdk::Person& p) {
  const sdk::ContactPoint* best = nullptr;
  for (const auto& cp : p.contacts)
    if (cp.kind == "email" && (!best || email_rank(cp.status) > email_rank(best->status)))
      best = &cp;
  return best;
}

}  // namespace

Reachability reachability(const sdk::Candidate& m) {
  const sdk::ContactPoint* email = best_email(m.person);
  std::string why;
  if (email == nullptr)
    why = "no email";
  else if (email_rank(email->status) < 2)
    why = "email " + email->status;
  if (m.employment_status != "current")
    why += std::string(why.empty() ? "" : "; ") + "employment " +
           (m.employment_status.empty() ? "unknown" : m.employment_status);
  if (!why.empty()) return {false, why};
  return {true, "email " + email->status + "; employment current"};
}

nlohmann::json engagement(const std::vector<sdk::Candidate>& members,
                          const sdk::SellerProfile& seller, const AssemblyRules& rules) {
  const std::string stage =
      rules.call_slots.count(seller.deal_stage) ? seller.deal_stage : "prospecting";
  // Best first within each role, ready members ahead of the others.
  std::vector<const sdk::Candidate*> ranked;
  ranked.reserve(members.size());
  for (const auto& m : members) ranked.push_back(&m);
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto* a, const auto* b) {
    bool ra = reachability(*a).ready, rb = reachability(*b).ready;
    if (ra != rb) return ra;
    return detail::ranks_before(*a, *b);
  });

  nlohmann::json leads = nlohmann::json::object();
  for (const auto* m : ranked)
    if (!m->role.empty() && !leads.contains(m->role)) leads[m->role] = m->person.id;

  std::vector<const sdk::Candidate*> order;
  std::vector<std::string> reasons;
  auto taken = [&](const sdk::Candidate* m) {
    return std::find(order.begin(), order.end(), m) != order.end();
  };
  const auto& slots = rules.call_slots.at(stage);
  for (size_t s = 0; s < slots.size(); ++s) {
    const CallSlot& slot = slots[s];
    const sdk::Candidate* pick = nullptr;
    std::string as;
    for (const auto* m : ranked)
      if (!slot.sub_role.empty() && m->sub_role == slot.sub_role && !taken(m)) {
        pick = m, as = slot.sub_role;
        break;
      }
    if (!pick)
      for (const auto* m : ranked)
        if (m->role == slot.role && !taken(m)) {
          pick = m, as = slot.role;
          break;
        }
    if (!pick) continue;
    order.push_back(pick);
    std::string wanted = slot.sub_role.empty() ? slot.role : slot.sub_role;
    std::replace(wanted.begin(), wanted.end(), '_', ' ');
    std::string reason = "step " + std::to_string(s + 1) + " of the " + stage +
                         " call order is the " + wanted + "; picked as " + as;
    reasons.push_back(std::move(reason));
  }
  for (const auto& role : rules.rest_order)
    for (const auto* m : ranked)
      if (m->role == role && !taken(m)) {
        order.push_back(m);
        std::string reason = stage;
        reason += ": after the stage's slots, ";
        reason += role;
        reason += "s in rank order";
        reasons.push_back(std::move(reason));
      }

  nlohmann::json calls = nlohmann::json::array(), pending = nlohmann::json::array();
  for (size_t i = 0; i < order.size(); ++i) {
    const sdk::Candidate& m = *order[i];
    Reachability r = reachability(m);
    if (!r.ready) {
      pending.push_back({{"person_id", m.person.id},
                         {"role", m.role},
                         {"why", "verify before calling: " + r.why}});
      continue;
    }
    nlohmann::json evidence = nlohmann::json::array();
    if (const auto* e = best_email(m.person))
      evidence.push_back(
          sdk::Evidence{.field = "person.contacts.email.status",
                        .value = e->status,
                        .source = e->source.empty() ? detail::source_of(m) : e->source,
                        .note = "best email " + e->value});
    evidence.push_back(sdk::Evidence{.field = "candidate.employment_status",
                                     .value = m.employment_status,
                                     .source = detail::source_of(m),
                                     .note = "employment checked by filter.candidates"});
    calls.push_back({{"rank", static_cast<int>(calls.size()) + 1},
                     {"person_id", m.person.id},
                     {"role", m.role},
                     {"why", reasons[i] + "; " + r.why},
                     {"evidence", evidence}});
  }
  return {{"stage", stage}, {"leads", leads}, {"call_order", calls}, {"pending", pending}};
}

}  // namespace buyergraph::assembly
