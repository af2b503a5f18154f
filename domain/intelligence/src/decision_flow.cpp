// Decision flow: who reports to whom inside the group. A manager_id from the source is a fact
// (inferred: false); otherwise the nearest more senior member in the same function is the
// likely manager (inferred: true), with a confidence that falls as the level gap grows.
#include <algorithm>
#include <optional>

#include "buyergraph/intelligence/sections.hpp"
#include "util.hpp"

namespace buyergraph::intelligence {

using detail::evidence;
using detail::seniority_rank;
using json = nlohmann::json;

namespace {

double overall_score(const sdk::Candidate& c) {
  for (const auto& s : c.scores)
    if (s.name == "overall") return s.value;
  return -1;
}

// Confidence of an inferred edge by level gap within one function (docs/intelligence.md).
double same_function_confidence(int gap) { return gap == 1 ? 0.6 : gap == 2 ? 0.5 : 0.4; }
constexpr double kCrossFunctionConfidence = 0.3;

json side_evidence(const sdk::BuyerGroup& g, std::size_t i, const char* who) {
  const auto& c = g.members[i];
  std::string p = "members[" + std::to_string(i) + "].";
  return json::array(
      {evidence(p + "seniority", c.seniority, std::string(detail::kComputed),
                std::string(who) + " " + c.person.id + " seniority (from the title rules)"),
       evidence(p + "function", c.function, std::string(detail::kComputed),
                std::string(who) + " " + c.person.id + " function (from the title rules)")});
}

}  // namespace

json decision_flow(const sdk::BuyerGroup& g) {
  json nodes = json::array(), edges = json::array();
  const auto& m = g.members;
  for (const auto& c : m)
    nodes.push_back(
        {{"person_id", c.person.id}, {"role", c.role}, {"label", detail::member_label(c)}});

  for (std::size_t i = 0; i < m.size(); ++i) {
    const auto& c = m[i];
    if (!c.person.manager_id.empty()) {
      // The source names the manager: draw the line only if the manager is in the group.
      auto it = std::find_if(m.begin(), m.end(), [&](const auto& o) {
        return o.person.id == c.person.manager_id && o.person.id != c.person.id;
      });
      if (it != m.end())
        edges.push_back({{"from", c.person.id},
                         {"to", it->person.id},
                         {"kind", "reports_to"},
                         {"inferred", false},
                         {"confidence", 1.0},
                         {"evidence", json::array({evidence(
                                          "members[" + std::to_string(i) + "].person.manager_id",
                                          c.person.manager_id, c.person.provenance.source,
                                          "reporting line given by the source")})}});
      continue;
    }
    int rank = seniority_rank(c.seniority);
    if (rank == 0 || c.function.empty()) continue;  // unknown level or function: no guess
    std::optional<std::size_t> best;
    int best_rank = 0;
    for (std::size_t j = 0; j < m.size(); ++j) {
      if (j == i || m[j].function != c.function) continue;
      int r = seniority_rank(m[j].seniority);
      if (r <= rank) continue;
      if (!best || r < best_rank ||
          (r == best_rank && overall_score(m[j]) > overall_score(m[*best]))) {
        best = j;
        best_rank = r;
      }
    }
    double confidence = 0;
    std::string rule;
    if (best) {
      confidence = same_function_confidence(best_rank - rank);
      rule = "nearest more senior member in the same function (" + c.function + "), " +
             std::to_string(best_rank - rank) + " level(s) up";
    } else if (c.function != "executive") {
      // No one above in the function: the functional head likely reports to the chief executive.
      for (std::size_t j = 0; j < m.size(); ++j)
        if (j != i && m[j].function == "executive" && m[j].seniority == "c_level") {
          best = j;
          break;
        }
      confidence = kCrossFunctionConfidence;
      rule = "most senior member of " + c.function + " -> the chief executive in the group";
    }
    if (!best) continue;
    json ev = side_evidence(g, i, "from");
    for (auto& e : side_evidence(g, *best, "to")) ev.push_back(e);
    ev.back()["note"] = ev.back()["note"].get<std::string>() + "; rule: " + rule;
    edges.push_back({{"from", c.person.id},
                     {"to", m[*best].person.id},
                     {"kind", "reports_to"},
                     {"inferred", true},
                     {"confidence", confidence},
                     {"evidence", ev}});
  }
  return {{"nodes", nodes}, {"edges", edges}};
}

}  // namespace buyergraph::intelligence
