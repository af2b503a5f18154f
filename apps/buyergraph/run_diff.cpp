#include "run_diff.hpp"

#include <map>

#include <fmt/format.h>

namespace buyergraph::cli {
namespace {

using nlohmann::json;

std::string role_words(const std::string& role) {
  static const std::map<std::string, std::string> words{{"decision", "decision maker"},
                                                        {"champion", "champion"},
                                                        {"stakeholder", "stakeholder"},
                                                        {"blocker", "blocker"},
                                                        {"introducer", "introducer"}};
  auto it = words.find(role);
  return it == words.end() ? (role.empty() ? "no role" : role) : it->second;
}

std::string display_name(const sdk::Person& p) {
  if (!p.full_name.empty()) return p.full_name;
  std::string n = p.first_name + (p.last_name.empty() ? "" : " " + p.last_name);
  return n.empty() ? "(no name on record)" : n;
}

json person_json(const sdk::Candidate& c) {
  return {{"person_id", c.person.id},
          {"name", display_name(c.person)},
          {"title", c.person.title},
          {"role", c.role}};
}

// The status of each kind of contact ("email" -> "valid"): the best one the member has.
std::map<std::string, std::string> contact_status(const sdk::Candidate& c) {
  static const std::map<std::string, int> rank{
      {"valid", 4}, {"risky", 3}, {"unknown", 2}, {"invalid", 1}};
  std::map<std::string, std::string> out;
  for (const auto& cp : c.person.contacts) {
    auto& cur = out[cp.kind];
    auto r = [&](const std::string& s) {
      auto it = rank.find(s);
      return it == rank.end() ? 0 : it->second;
    };
    if (cur.empty() || r(cp.status) > r(cur)) cur = cp.status.empty() ? "unchecked" : cp.status;
  }
  return out;
}

}  // namespace

json diff_groups(const sdk::BuyerGroup& before, const sdk::BuyerGroup& after) {
  std::map<std::string, const sdk::Candidate*> old_members, new_members;
  for (const auto& m : before.members) old_members[m.person.id] = &m;
  for (const auto& m : after.members) new_members[m.person.id] = &m;
  json d{{"joined", json::array()},          {"left", json::array()},
         {"role_changed", json::array()},    {"title_changed", json::array()},
         {"contact_changed", json::array()}, {"unchanged", 0}};
  for (const auto& m : after.members) {
    auto it = old_members.find(m.person.id);
    if (it == old_members.end()) {
      d["joined"].push_back(person_json(m));
      continue;
    }
    const sdk::Candidate& was = *it->second;
    bool changed = false;
    if (was.role != m.role || was.sub_role != m.sub_role) {
      json c = person_json(m);
      c["from"] = was.role;
      c["to"] = m.role;
      c["from_sub_role"] = was.sub_role;
      c["to_sub_role"] = m.sub_role;
      d["role_changed"].push_back(c);
      changed = true;
    }
    if (was.person.title != m.person.title) {
      json c = person_json(m);
      c["from"] = was.person.title;
      c["to"] = m.person.title;
      d["title_changed"].push_back(c);
      changed = true;
    }
    const auto a = contact_status(was), b = contact_status(m);
    std::map<std::string, std::pair<std::string, std::string>> kinds;
    for (const auto& [k, v] : a) kinds[k].first = v;
    for (const auto& [k, v] : b) kinds[k].second = v;
    for (const auto& [kind, st] : kinds) {
      if (st.first == st.second) continue;
      json c = person_json(m);
      c["kind"] = kind;
      c["from"] = st.first.empty() ? "none" : st.first;
      c["to"] = st.second.empty() ? "none" : st.second;
      d["contact_changed"].push_back(c);
      changed = true;
    }
    if (!changed) d["unchanged"] = d["unchanged"].get<int>() + 1;
  }
  for (const auto& m : before.members)
    if (!new_members.count(m.person.id)) d["left"].push_back(person_json(m));
  return d;
}

std::string render_diff_text(const json& d) {
  std::string out;
  auto who = [](const json& p) {
    const std::string title = p.value("title", "");
    return title.empty() ? p.value("name", "") : fmt::format("{} ({})", p.value("name", ""), title);
  };
  for (const auto& p : d["joined"])
    out += fmt::format("+ {} joined as {}\n", who(p), role_words(p.value("role", "")));
  for (const auto& p : d["left"])
    out += fmt::format("- {} left (was {})\n", who(p), role_words(p.value("role", "")));
  for (const auto& p : d["role_changed"])
    out += fmt::format("~ {}: {} -> {}\n", who(p), role_words(p.value("from", "")),
                       role_words(p.value("to", "")));
  for (const auto& p : d["title_changed"])
    out += fmt::format("~ {}: title \"{}\" -> \"{}\"\n", p.value("name", ""), p.value("from", ""),
                       p.value("to", ""));
  for (const auto& p : d["contact_changed"])
    out += fmt::format("~ {}: {} {} -> {}\n", who(p), p.value("kind", ""), p.value("from", ""),
                       p.value("to", ""));
  out += fmt::format("{} member(s) unchanged\n", d.value("unchanged", 0));
  return out;
}

}  // namespace buyergraph::cli
