// Decision flow: who reports to whom inside the group.
//
// A manager named by the source (a people CSV's manager column) is a fact: the line is drawn
// solid (inferred: false). When the manager is not a member, the chain is followed through the
// people the run saw (members and excluded candidates) to the nearest member above, and the
// people in between are named. Only a member without a known manager gets an inferred line, and
// only inside its function (to the nearest more senior member of that function) or, for the
// head of a function, to the chief executive who owns every function; each inferred line says
// its basis and confidence. Nothing is inferred across two unrelated functions.
//
// `paths` gives, for every champion, the line from the champion up to the economic buyer: known
// when every step comes from the source, else "not known".
#include <algorithm>
#include <map>
#include <optional>
#include <set>

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
constexpr double kFunctionHeadConfidence = 0.3;
constexpr std::size_t kMaxChain = 32;  // a longer chain is a cycle or bad data

json side_evidence(const sdk::BuyerGroup& g, std::size_t i, const char* who) {
  const auto& c = g.members[i];
  std::string p = "members[" + std::to_string(i) + "].";
  const std::string name = detail::member_label(c);
  return json::array(
      {evidence(p + "seniority", c.seniority, std::string(detail::kComputed),
                std::string(who) + " " + name + " seniority (from the title rules)"),
       evidence(p + "function", c.function, std::string(detail::kComputed),
                std::string(who) + " " + name + " function (from the title or department)")});
}

// Everyone the run saw, by id and alt id: members first, then excluded candidates.
class People {
 public:
  explicit People(const sdk::BuyerGroup& g) {
    auto add = [&](const sdk::Candidate& c, long member) {
      by_id_.emplace(c.person.id, Entry{&c, member});
      for (const auto& a : c.person.alt_ids) by_id_.emplace(a, Entry{&c, member});
    };
    for (std::size_t i = 0; i < g.members.size(); ++i) add(g.members[i], static_cast<long>(i));
    for (const auto& c : g.excluded) add(c, -1);
  }
  struct Entry {
    const sdk::Candidate* c;
    long member;  ///< index in members, -1 for a non-member
  };
  const Entry* find(const std::string& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &it->second;
  }

  // The nearest member above `c` along the source's reporting lines, and the non-members in
  // between. nullopt when the chain leaves the people the run saw before reaching a member.
  struct Chain {
    std::size_t member;
    std::vector<const sdk::Candidate*> via;
  };
  std::optional<Chain> up(const sdk::Candidate& c) const {
    Chain chain{};
    std::set<std::string> seen{c.person.id};
    const sdk::Candidate* at = &c;
    for (std::size_t step = 0; step < kMaxChain; ++step) {
      const std::string& mgr = at->person.manager_id;
      if (mgr.empty() || !seen.insert(mgr).second) return std::nullopt;
      const Entry* e = find(mgr);
      if (!e) return std::nullopt;
      if (e->member >= 0) {
        chain.member = static_cast<std::size_t>(e->member);
        return chain;
      }
      chain.via.push_back(e->c);
      at = e->c;
    }
    return std::nullopt;
  }

 private:
  std::map<std::string, Entry> by_id_;
};

std::string names_of(const std::vector<const sdk::Candidate*>& via) {
  std::vector<std::string> names;
  for (const auto* c : via) names.push_back(detail::member_label(*c));
  return detail::join_names(names, 4);
}

}  // namespace

json decision_flow(const sdk::BuyerGroup& g) {
  json nodes = json::array(), edges = json::array();
  const auto& m = g.members;
  const People people(g);
  for (const auto& c : m)
    nodes.push_back(
        {{"person_id", c.person.id}, {"role", c.role}, {"label", detail::member_label(c)}});

  // known[i]: the member i reports to by the source's lines, if any.
  std::vector<std::optional<std::size_t>> known(m.size());
  for (std::size_t i = 0; i < m.size(); ++i) {
    const auto& c = m[i];
    if (!c.person.manager_id.empty()) {
      // The source names the manager: a fact. Drawn when the chain reaches a member.
      auto chain = people.up(c);
      if (!chain || chain->member == i) continue;
      known[i] = chain->member;
      std::string note = chain->via.empty() ? "reporting line given by the source"
                                            : "reporting line given by the source, via " +
                                                  names_of(chain->via) + " (not in the group)";
      edges.push_back({{"from", c.person.id},
                       {"to", m[chain->member].person.id},
                       {"kind", "reports_to"},
                       {"inferred", false},
                       {"basis", chain->via.empty() ? "source" : "source_chain"},
                       {"confidence", 1.0},
                       {"evidence", json::array({evidence(
                                        "members[" + std::to_string(i) + "].person.manager_id",
                                        c.person.manager_id, c.person.provenance.source, note)})}});
      continue;
    }
    int rank = seniority_rank(c.seniority);
    if (rank == 0 || c.function.empty() || c.function == "other") continue;  // no guess
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
    std::string rule, basis;
    if (best) {
      confidence = same_function_confidence(best_rank - rank);
      basis = "same_function";
      rule = "nearest more senior member in the same function (" + c.function + "), " +
             std::to_string(best_rank - rank) + " level(s) up";
    } else if (c.function != "executive") {
      // The head of a function: the chief executive owns every function. No other
      // cross-function line is guessed.
      for (std::size_t j = 0; j < m.size(); ++j)
        if (j != i && m[j].function == "executive" && m[j].seniority == "c_level") {
          best = j;
          break;
        }
      confidence = kFunctionHeadConfidence;
      basis = "function_head";
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
                     {"basis", basis},
                     {"confidence", confidence},
                     {"evidence", ev}});
  }

  // From each champion up the known lines to an economic buyer.
  json paths = json::array();
  std::vector<std::size_t> buyers;
  for (std::size_t i = 0; i < m.size(); ++i)
    if (m[i].role == "decision") buyers.push_back(i);
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m[i].role != "champion" || buyers.empty()) continue;
    json steps = json::array({m[i].person.id});
    std::optional<std::size_t> at = i;
    bool reached = false;
    for (std::size_t n = 0; n < m.size() && at && known[*at]; ++n) {
      at = known[*at];
      steps.push_back(m[*at].person.id);
      if (m[*at].role == "decision") {
        reached = true;
        break;
      }
    }
    paths.push_back(
        {{"from", m[i].person.id},
         {"to", reached ? steps.back() : json(nullptr)},
         {"known", reached},
         {"steps", reached ? steps : json::array()},
         {"note", reached ? detail::member_label(m[i]) + " reports up to " +
                                detail::member_label(m[*at]) + " by the source's lines"
                          : "no known reporting line from " + detail::member_label(m[i]) +
                                " to a decision maker in the group"}});
  }
  return {{"nodes", nodes}, {"edges", edges}, {"paths", paths}};
}

}  // namespace buyergraph::intelligence
