// Member signals: how long each member has held the current role, from the dated experience
// entry at this company. Month-precision dates are read as the 1st of the month.
#include <algorithm>

#include "buyergraph/intelligence/sections.hpp"
#include "util.hpp"

namespace buyergraph::intelligence {

using detail::evidence;
using json = nlohmann::json;

namespace {

// The current experience entry at the group's company; else the only current entry.
const sdk::Experience* current_role(const sdk::Candidate& c, const sdk::Company& company) {
  if (const auto* e = c.person.current_role_at(company.id)) return e;
  const sdk::Experience* only = nullptr;
  for (const auto& e : c.person.experience)
    if (e.current) {
      if (only) return nullptr;  // several current roles and none at this company: ambiguous
      only = &e;
    }
  return only;
}

std::string duration(int months) {
  int y = months / 12, m = months % 12;
  std::string s;
  if (y) s = std::to_string(y) + (y == 1 ? " year" : " years");
  if (m || !y) s += (s.empty() ? "" : " ") + std::to_string(m) + (m == 1 ? " month" : " months");
  return s;
}

}  // namespace

json member_signals(const sdk::BuyerGroup& g, const IntelOptions& o, Date as_of) {
  json out = json::array();
  for (std::size_t mi = 0; mi < g.members.size(); ++mi) {
    const auto& c = g.members[mi];
    const auto* e = current_role(c, g.company);
    if (!e || !e->from_year) continue;
    Date start{*e->from_year, e->from_month.value_or(1), 1};
    if (start.month < 1 || start.month > 12) continue;
    long days = days_between(start, as_of);
    if (days < 0) continue;  // a start after the reference date is a data error, not a signal
    std::size_t ei = static_cast<std::size_t>(e - c.person.experience.data());
    std::string path =
        "members[" + std::to_string(mi) + "].person.experience[" + std::to_string(ei) + "]";
    std::string since = std::to_string(*e->from_year) +
                        (e->from_month ? "-" + std::string(*e->from_month < 10 ? "0" : "") +
                                             std::to_string(*e->from_month)
                                       : "");
    const std::string& src = c.person.provenance.source;
    std::string title = e->title.empty() ? c.person.title : e->title;
    std::string name = c.person.full_name.empty() ? c.person.id : c.person.full_name;
    json ev = json::array({evidence(path + ".from_year", std::to_string(*e->from_year), src,
                                    "start of the current role")});
    if (e->from_month)
      ev.push_back(evidence(path + ".from_month", std::to_string(*e->from_month), src, ""));
    int months = months_between(start, as_of);
    std::string kind, s;
    if (days <= o.recent_days) {
      kind = "recently_appointed";
      s = name;
      s += " started as ";
      s += title;
      s += " in ";
      s += since;
      s += " (about ";
      s += std::to_string(days);
      s += " days before ";
      s += as_of.to_string();
      s += "). Opportunity: new leaders often revisit vendors and set new priorities. Caveat: "
           "their authority and internal relationships are less established.";
    } else {
      kind = months >= o.long_tenure_months ? "long_tenure" : "tenure";
      s = name;
      s += " has been ";
      s += title;
      s += " since ";
      s += since;
      s += " (";
      s += duration(months);
      s += ")";
      s += kind == "long_tenure"
               ? ": knows how past purchases were made; may own the incumbent choice."
               : ".";
    }
    out.push_back({{"person_id", c.person.id}, {"kind", kind}, {"statement", s}, {"evidence", ev}});
  }
  return out;
}

}  // namespace buyergraph::intelligence
