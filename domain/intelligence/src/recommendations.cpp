// Recommendations: entry point, sequence and messages follow the call order of the deal
// stage; timing combines dated triggers with the seller's sales cycle; gaps come from
// coverage. Only members are ever named; an empty group gets one honest gap.
#include <algorithm>
#include <map>
#include <optional>

#include "buyergraph/intelligence/sections.hpp"
#include "util.hpp"

namespace buyergraph::intelligence {

using detail::evidence;
using json = nlohmann::json;

namespace {

struct Slot {
  std::string role, sub_role;
};

// Engagement order per deal stage (ZoomInfo's defaults).
std::vector<Slot> stage_order(const std::string& stage) {
  if (stage == "active")
    return {{"decision", "economic_buyer"}, {"blocker", "procurement"}, {"champion", ""}};
  if (stage == "renewal")
    return {{"stakeholder", "end_user"}, {"champion", ""}, {"decision", "economic_buyer"}};
  return {{"champion", ""}, {"stakeholder", "technical_evaluator"}, {"decision", "economic_buyer"}};
}

const std::vector<std::string> kRoles = {"decision", "champion", "stakeholder", "blocker",
                                         "introducer"};

std::string plural(const std::string& role) {
  static const std::map<std::string, std::string> m = {{"decision", "decision makers"},
                                                       {"champion", "champions"},
                                                       {"stakeholder", "stakeholders"},
                                                       {"blocker", "blockers"},
                                                       {"introducer", "introducers"}};
  auto it = m.find(role);
  return it == m.end() ? role : it->second;
}

double overall(const sdk::Candidate& c) {
  for (const auto& s : c.scores)
    if (s.name == "overall") return s.value;
  return -1;
}

// Never first: departed or unknown employment, or any invalid contact (contract, engagement).
bool can_lead(const sdk::Candidate& c) {
  if (c.employment_status == "departed" || c.employment_status == "unknown") return false;
  return std::none_of(c.person.contacts.begin(), c.person.contacts.end(),
                      [](const auto& p) { return p.status == "invalid"; });
}

std::string role_text(const sdk::Candidate& c) {
  return c.sub_role.empty() ? c.role : c.role + "/" + c.sub_role;
}

json role_evidence(const sdk::BuyerGroup& g, std::size_t i) {
  const auto& c = g.members[i];
  return evidence("members[" + std::to_string(i) + "].role", role_text(c),
                  std::string(detail::kComputed), c.person.id + " role from the role rules");
}

// Members in engagement order: the stage's slots first, then everyone else with a role.
std::vector<std::size_t> ordered_members(const sdk::BuyerGroup& g) {
  const auto& m = g.members;
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < m.size(); ++i)
    if (!m[i].role.empty()) idx.push_back(i);
  auto better = [&](std::size_t a, std::size_t b, const std::string& sub) {
    bool sa = !sub.empty() && m[a].sub_role == sub, sb = !sub.empty() && m[b].sub_role == sub;
    if (sa != sb) return sa;
    if (can_lead(m[a]) != can_lead(m[b])) return can_lead(m[a]);
    if (overall(m[a]) != overall(m[b])) return overall(m[a]) > overall(m[b]);
    return a < b;
  };
  std::vector<std::size_t> out;
  auto taken = [&](std::size_t i) { return std::find(out.begin(), out.end(), i) != out.end(); };
  for (const auto& slot : stage_order(g.seller.deal_stage)) {
    std::optional<std::size_t> pick;
    for (std::size_t i : idx)
      if (!taken(i) && m[i].role == slot.role && (!pick || better(i, *pick, slot.sub_role)))
        pick = i;
    if (pick) out.push_back(*pick);
  }
  for (const auto& role : kRoles) {
    std::vector<std::size_t> rest;
    for (std::size_t i : idx)
      if (!taken(i) && m[i].role == role) rest.push_back(i);
    std::sort(rest.begin(), rest.end(),
              [&](std::size_t a, std::size_t b) { return better(a, b, ""); });
    out.insert(out.end(), rest.begin(), rest.end());
  }
  return out;
}

std::optional<std::size_t> member_index(const sdk::BuyerGroup& g, const std::string& id) {
  for (std::size_t i = 0; i < g.members.size(); ++i)
    if (g.members[i].person.id == id) return i;
  return std::nullopt;
}

json stage_evidence(const sdk::BuyerGroup& g) {
  return evidence("seller.deal_stage", g.seller.deal_stage, std::string(detail::kSellerSource),
                  "engagement order for this deal stage");
}

void entry_point(const sdk::BuyerGroup& g, const std::vector<std::size_t>& order, const json& intel,
                 json& out) {
  std::optional<std::size_t> pick;
  json ev = json::array();
  std::string why;
  // The assembly's call order wins when it names an eligible member: it saw contact status.
  if (const json* co = detail::find(g.engagement, "call_order"); co && co->is_array()) {
    for (std::size_t k = 0; k < co->size() && !pick; ++k) {
      const json& row = (*co)[k];
      if (!row.is_object() || !row.contains("person_id") || !row["person_id"].is_string()) continue;
      auto i = member_index(g, row["person_id"].get<std::string>());
      if (!i || !can_lead(g.members[*i])) continue;
      pick = i;
      why = row.value("why", "first eligible member of the call order");
      ev.push_back(evidence("engagement.call_order[" + std::to_string(k) + "].person_id",
                            g.members[*i].person.id, std::string(detail::kComputed), why));
    }
  }
  if (!pick)
    for (std::size_t i : order)
      if (can_lead(g.members[i])) {
        pick = i;
        why = g.seller.deal_stage + " stage: " + stage_order(g.seller.deal_stage).front().role +
              " first in this deal stage";
        ev.push_back(stage_evidence(g));
        break;
      }
  if (!pick) return;
  const auto& c = g.members[*pick];
  ev.push_back(role_evidence(g, *pick));
  std::string s = "Start with " + detail::member_label(c) + ", " + role_text(c) + ": " + why + ".";
  for (const auto& ms : intel.value("member_signals", json::array()))
    if (ms.value("person_id", "") == c.person.id && ms.value("kind", "") == "recently_appointed") {
      s += " Recently appointed, so open to new vendors but still building authority.";
      for (const auto& e : ms["evidence"]) ev.push_back(e);
    }
  out.push_back({{"id", "rec-entry"},
                 {"kind", "entry_point"},
                 {"statement", s},
                 {"person_ids", json::array({c.person.id})},
                 {"evidence", ev}});
}

void sequence(const sdk::BuyerGroup& g, const std::vector<std::size_t>& order, json& out) {
  if (order.empty()) return;
  json ids = json::array(), ev = json::array({stage_evidence(g)});
  std::string s = "Sequence for the " + g.seller.deal_stage + " stage: ";
  for (std::size_t k = 0; k < order.size(); ++k) {
    const auto& c = g.members[order[k]];
    if (k) s += ", ";
    s += std::to_string(k + 1) + ". " +
         (c.person.full_name.empty() ? c.person.id : c.person.full_name) + " (" + role_text(c) +
         ")";
    ids.push_back(c.person.id);
    ev.push_back(role_evidence(g, order[k]));
  }
  out.push_back({{"id", "rec-sequence"},
                 {"kind", "sequence"},
                 {"statement", s + "."},
                 {"person_ids", ids},
                 {"evidence", ev}});
}

void messages(const sdk::BuyerGroup& g, const IntelRules& rules, const json& intel, int max_names,
              json& out) {
  const json pains = intel.value("pain_points", json::array());
  for (const auto& role : kRoles) {
    std::vector<std::size_t> holders;
    for (std::size_t i = 0; i < g.members.size(); ++i)
      if (g.members[i].role == role) holders.push_back(i);
    if (holders.empty()) continue;
    // Among pain points reaching this role, the role's preferred theme wins, then reach.
    const auto pref_it = rules.role_themes.find(role);
    auto preference = [&](const json& p) {
      if (pref_it == rules.role_themes.end()) return std::size_t{99};
      const auto& v = pref_it->second;
      return static_cast<std::size_t>(std::find(v.begin(), v.end(), p.value("theme", "")) -
                                      v.begin());
    };
    const json* best = nullptr;
    std::size_t best_n = 0, best_pref = 0;
    for (const auto& p : pains) {
      std::size_t n = 0;
      for (std::size_t i : holders)
        for (const auto& id : p.value("person_ids", json::array()))
          if (id == g.members[i].person.id) ++n;
      if (n == 0) continue;
      std::size_t pref = preference(p);
      if (!best || pref < best_pref || (pref == best_pref && n > best_n)) {
        best = &p;
        best_n = n;
        best_pref = pref;
      }
    }
    std::vector<std::string> names;
    json ids = json::array(), ev = json::array();
    for (std::size_t i : holders) {
      names.push_back(detail::member_label(g.members[i]));
      ids.push_back(g.members[i].person.id);
      ev.push_back(role_evidence(g, i));
    }
    std::string s = "For the " + plural(role) + " (" + detail::join_names(names, max_names) + "): ";
    if (best) {
      s += "lead with '" + best->value("value_proposition", "") + "' (" + best->value("id", "") +
           ").";
      ev.push_back((*best)["evidence"][0]);
    } else if (role == "blocker" && g.seller.security_review) {
      s += "send the security documentation before they ask; the seller's buyers run a security "
           "review.";
      ev.push_back(evidence("seller.security_review", "true", std::string(detail::kSellerSource),
                            "buyers run a security review"));
    } else {
      continue;  // nothing in the data says what this role cares about: no message
    }
    out.push_back({{"id", "rec-message-" + role},
                   {"kind", "message"},
                   {"statement", s},
                   {"person_ids", ids},
                   {"evidence", ev}});
  }
}

// True when the funding signal's announced_date lies within funding_recent_months of as_of.
bool recent_round(const json& sig, const IntelOptions& o, Date as_of) {
  for (const auto& e : sig.value("evidence", json::array())) {
    std::string field = e.value("field", "");
    if (!field.ends_with(".announced_date")) continue;
    auto d = parse_date(e.value("value", ""));
    return d && days_between(*d, as_of) >= 0 && months_between(*d, as_of) < o.funding_recent_months;
  }
  return false;
}

void timing(const sdk::BuyerGroup& g, const IntelOptions& o, Date as_of, const json& intel,
            json& out) {
  std::vector<std::string> reasons;
  json ev = json::array(), ids = json::array();
  for (const auto& sig : intel.value("company_signals", json::array()))
    if (sig.value("id", "") == "sig-exec-arrivals" || sig.value("kind", "") == "funding") {
      if (sig.value("kind", "") == "funding" && !recent_round(sig, o, as_of))
        continue;  // an old or undated round is no trigger
      reasons.push_back(sig.value("kind", "") == "funding" ? "a recent funding round"
                                                           : "new executives arrived");
      ev.push_back(sig["evidence"][0]);
    }
  std::size_t recent = 0;
  for (const auto& ms : intel.value("member_signals", json::array()))
    if (ms.value("kind", "") == "recently_appointed") {
      ++recent;
      ids.push_back(ms["person_id"]);
      ev.push_back(ms["evidence"][0]);
    }
  if (recent)
    reasons.push_back(std::to_string(recent) + " member" + (recent == 1 ? "" : "s") +
                      " started the current role within " + std::to_string(o.recent_days) +
                      " days");
  std::string s;
  if (!reasons.empty())
    s = "Act now: " + detail::join_names(reasons, 9) +
        "; new leaders revisit vendors in their first months.";
  if (g.seller.sales_cycle_days > 0) {
    Date close = add_days(as_of, g.seller.sales_cycle_days);
    s += std::string(s.empty() ? "No dated trigger in the data. " : " ") + "With a " +
         std::to_string(g.seller.sales_cycle_days) + "-day sales cycle, a first meeting on " +
         as_of.to_string() + " points to a decision around " + close.to_string() + ".";
    ev.push_back(evidence("seller.sales_cycle_days", std::to_string(g.seller.sales_cycle_days),
                          std::string(detail::kSellerSource), "typical days to signature"));
  }
  if (s.empty()) return;
  out.push_back({{"id", "rec-timing"},
                 {"kind", "timing"},
                 {"statement", s},
                 {"person_ids", ids},
                 {"evidence", ev}});
}

void gaps(const sdk::BuyerGroup& g, json& out) {
  bool decision_listed = false, champion_listed = false;
  if (const json* req = detail::find(g.coverage, "required"); req && req->is_array()) {
    for (std::size_t k = 0; k < req->size(); ++k) {
      const json& r = (*req)[k];
      if (!r.is_object()) continue;
      std::string id = r.value("id", "");
      decision_listed |= id == "role:decision";
      champion_listed |= id == "role:champion";
      if (!r.contains("covered") || !r["covered"].is_boolean() || r["covered"].get<bool>())
        continue;
      std::string s = "Gap: " + r.value("name", id) + " is not covered";
      if (r.contains("why") && r["why"].is_string())
        s += " (required: " + r["why"].get<std::string>() + ")";
      if (r.contains("gap_reason") && r["gap_reason"].is_string())
        s += "; reason: " + r["gap_reason"].get<std::string>();
      if (r.contains("detail") && r["detail"].is_string())
        s += "; " + r["detail"].get<std::string>();
      out.push_back({{"id", "rec-gap-" + std::to_string(out.size() + 1)},
                     {"kind", "gap"},
                     {"statement", s + ". Find this person before the proposal."},
                     {"person_ids", json::array()},
                     {"evidence",
                      json::array({evidence("coverage.required[" + std::to_string(k) + "].covered",
                                            "false", std::string(detail::kComputed), id)})}});
    }
  }
  // Without coverage rules, say plainly when the group lacks a decision maker or a champion.
  for (auto [role, listed] :
       {std::pair{"decision", decision_listed}, std::pair{"champion", champion_listed}}) {
    if (listed) continue;
    json ev = json::array();
    bool present = false;
    for (std::size_t i = 0; i < g.members.size(); ++i) {
      present |= g.members[i].role == role;
      ev.push_back(role_evidence(g, i));
    }
    if (present) continue;
    out.push_back(
        {{"id", std::string("rec-gap-no-") + role},
         {"kind", "gap"},
         {"statement", "Gap: none of the " + std::to_string(g.members.size()) + " members is a " +
                           std::string(role) + (std::string(role) == "decision" ? " maker" : "") +
                           "; find one before the proposal."},
         {"person_ids", json::array()},
         {"evidence", ev}});
  }
}

}  // namespace

json recommendations(const sdk::BuyerGroup& g, const IntelOptions& o, Date as_of,
                     const json& intel) {
  json out = json::array();
  if (g.members.empty()) {
    json ev = json::array(
        {evidence("members", "0", std::string(detail::kComputed), "the group has no members")});
    if (const json* n = detail::find(g.coverage, "candidates_considered"))
      ev.push_back(evidence("coverage.candidates_considered", detail::value_text(*n),
                            std::string(detail::kComputed), "people considered"));
    out.push_back({{"id", "rec-gap-no-members"},
                   {"kind", "gap"},
                   {"statement", "No members were found at " +
                                     (g.company.name.empty() ? g.company.id : g.company.name) +
                                     ": there is nobody to recommend. Widen the search or check "
                                     "the company match before any outreach."},
                   {"person_ids", json::array()},
                   {"evidence", ev}});
    return out;
  }
  auto order = ordered_members(g);
  entry_point(g, order, intel, out);
  sequence(g, order, out);
  messages(g, o.rules, intel, o.max_names, out);
  timing(g, o, as_of, intel, out);
  gaps(g, out);
  return out;
}

}  // namespace buyergraph::intelligence
