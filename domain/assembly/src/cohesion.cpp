#include "buyergraph/assembly/cohesion.hpp"

#include <cmath>
#include <map>

#include "ranking.hpp"

namespace buyergraph::assembly {
namespace {

using Json = nlohmann::json;

bool known_function(const std::string& f) { return !f.empty() && f != "other"; }

// The level bucket of the ideal mix; "" when unknown.
std::string level(const std::string& seniority) {
  if (seniority == "senior_ic" || seniority == "ic" || seniority == "intern") return "ic";
  return detail::seniority_rank(seniority) >= 0 ? seniority : "";
}

bool same_person(const sdk::Person& p, const std::string& id) {
  if (id.empty()) return false;
  if (p.id == id) return true;
  for (const auto& a : p.alt_ids)
    if (a == id) return true;
  return false;
}

Json component(const std::string& name, std::optional<double> value, double weight, Json inputs,
               const std::string& note) {
  Json c = {{"name", name},
            {"value", value ? Json(static_cast<int>(std::lround(*value))) : Json(nullptr)},
            {"weight", weight},
            {"inputs", std::move(inputs)}};
  if (!note.empty()) c["note"] = note;
  return c;
}

Json reporting(const std::vector<sdk::Candidate>& m, const AssemblyRules& rules, double w) {
  Json inputs = Json::array();
  double credit = 0;
  int known_lines = 0, usable = 0;
  for (size_t i = 0; i < m.size(); ++i) {
    double best = 0;
    // Known line in either direction: my manager is a member, or I manage a member.
    for (size_t j = 0; j < m.size() && best < 1; ++j) {
      if (i == j) continue;
      const bool up = same_person(m[j].person, m[i].person.manager_id);
      const bool down = same_person(m[i].person, m[j].person.manager_id);
      if (!up && !down) continue;
      best = 1;
      ++known_lines;
      const auto& child = up ? m[i] : m[j];
      const auto& boss = up ? m[j] : m[i];
      sdk::Evidence e{.field = "person.manager_id",
                      .value = child.person.manager_id,
                      .source = detail::source_of(child),
                      .note = child.person.id + " reports to " + boss.person.id};
      inputs.push_back(e);
    }
    if (best == 0 && known_function(m[i].function)) {
      // Inferred: a more senior member of the same function is the likely line manager.
      for (size_t j = 0; j < m.size(); ++j) {
        if (i == j || m[j].function != m[i].function) continue;
        if (detail::seniority_rank(m[j].seniority) <= detail::seniority_rank(m[i].seniority))
          continue;
        best = rules.inferred_line_credit;
        sdk::Evidence e{.field = "candidate.function",
                        .value = m[i].function,
                        .source = detail::source_of(m[i]),
                        .note = "inferred line: " + m[i].person.id + " (" + m[i].seniority +
                                ") under " + m[j].person.id + " (" + m[j].seniority +
                                ") in the same function"};
        inputs.push_back(e);
        break;
      }
    }
    if (!m[i].person.manager_id.empty() || known_function(m[i].function)) ++usable;
    credit += best;
  }
  if (usable < 2)
    return component("reporting_proximity", std::nullopt, w, inputs,
                     "no manager ids and fewer than 2 members with a known function");
  return component("reporting_proximity", 100.0 * credit / static_cast<double>(m.size()), w, inputs,
                   std::to_string(known_lines) + " known line(s); other lines are inferred");
}

Json adjacency(const std::vector<sdk::Candidate>& m, const AssemblyRules& rules, double w) {
  Json inputs = Json::array();
  int pairs = 0, near = 0;
  for (size_t i = 0; i < m.size(); ++i) {
    if (!known_function(m[i].function)) continue;
    inputs.push_back(sdk::Evidence{.field = "candidate.function",
                                   .value = m[i].function,
                                   .source = detail::source_of(m[i]),
                                   .note = "function of " + m[i].person.id});
    for (size_t j = i + 1; j < m.size(); ++j) {
      if (!known_function(m[j].function)) continue;
      ++pairs;
      if (rules.adjacent(m[i].function, m[j].function)) ++near;
    }
  }
  if (pairs == 0)
    return component("department_adjacency", std::nullopt, w, inputs,
                     "fewer than 2 members with a known function");
  return component("department_adjacency", 100.0 * near / pairs, w, inputs,
                   std::to_string(near) + " of " + std::to_string(pairs) +
                       " member pairs in the same or adjacent functions");
}

Json spread(const std::vector<sdk::Candidate>& m, const AssemblyRules& rules, double w) {
  Json inputs = Json::array();
  std::map<std::string, int> count;
  int n = 0;
  for (const auto& c : m) {
    std::string l = level(c.seniority);
    if (l.empty()) continue;
    ++count[l];
    ++n;
    inputs.push_back(sdk::Evidence{.field = "candidate.seniority",
                                   .value = c.seniority,
                                   .source = detail::source_of(c),
                                   .note = "seniority of " + c.person.id});
  }
  if (n < 2)
    return component("seniority_spread", std::nullopt, w, inputs,
                     "fewer than 2 members with a known seniority");
  double distance = 0;  // total variation distance between the actual and the ideal mix
  for (const auto& [lvl, share] : rules.seniority_mix)
    distance += std::abs(static_cast<double>(count[lvl]) / n - share);
  return component("seniority_spread", 100.0 * (1.0 - distance / 2.0), w, inputs,
                   "distance from the ideal mix of levels");
}

}  // namespace

nlohmann::json cohesion(const std::vector<sdk::Candidate>& members, const AssemblyRules& rules) {
  auto weight = [&](const char* k) {
    auto it = rules.cohesion_weights.find(k);
    return it == rules.cohesion_weights.end() ? 0.0 : it->second;
  };
  Json out = {{"score", nullptr}, {"band", nullptr}, {"components", Json::array()}};
  if (members.size() < 2) {
    out["note"] = "a group of fewer than 2 members has no cohesion to measure";
    return out;
  }
  out["components"] = {reporting(members, rules, weight("reporting_proximity")),
                       adjacency(members, rules, weight("department_adjacency")),
                       spread(members, rules, weight("seniority_spread"))};
  double sum = 0, wsum = 0;
  int supported = 0;
  for (const auto& c : out["components"]) {
    if (c["value"].is_null()) continue;
    ++supported;
    sum += c["value"].get<double>() * c["weight"].get<double>();
    wsum += c["weight"].get<double>();
  }
  if (supported < 2 || wsum <= 0) {
    out["note"] = "only " + std::to_string(supported) +
                  " component(s) supported by the data; cohesion needs at least 2";
    return out;
  }
  int score = static_cast<int>(std::lround(sum / wsum));
  out["score"] = score;
  out["band"] = score >= rules.band_high     ? "high"
                : score >= rules.band_medium ? "medium"
                : score >= rules.band_low    ? "low"
                                             : "very_low";
  out["note"] = "weighted mean of " + std::to_string(supported) +
                " supported components, weights renormalised";
  return out;
}

}  // namespace buyergraph::assembly
