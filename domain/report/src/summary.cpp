#include "summary.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "buyergraph/common/reason.hpp"
#include "json_view.hpp"
#include "text.hpp"

namespace buyergraph::report {

using nlohmann::json;

std::string names_of(const sdk::BuyerGroup& group, const nlohmann::json& person_ids) {
  std::vector<std::string> names;
  if (person_ids.is_array())
    for (const auto& id : person_ids) {
      if (!id.is_string()) continue;
      const sdk::Candidate* m = find_member(group, id.get<std::string>());
      names.push_back(m && !m->person.full_name.empty() ? m->person.full_name
                                                        : id.get<std::string>());
    }
  return text::join(names, ", ");
}

const sdk::Candidate* find_member(const sdk::BuyerGroup& group, std::string_view person_id) {
  for (const auto& m : group.members)
    if (m.person.id == person_id) return &m;
  return nullptr;
}

std::string role_label(std::string_view role) {
  if (role == "decision") return "Decision maker";
  if (role == "champion") return "Champion";
  if (role == "stakeholder") return "Stakeholder";
  if (role == "blocker") return "Blocker";
  if (role == "introducer") return "Introducer";
  return role.empty() ? "No role" : std::string(role);
}

std::string humanize(std::string_view code) {
  std::string out(code);
  for (char& c : out)
    if (c == '_') c = ' ';
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

std::string resolution_line(const sdk::Company& company) {
  const json* r = nullptr;
  if (company.signals.is_object())
    if (auto it = company.signals.find("resolution"); it != company.signals.end()) r = &*it;
  if (!r || !r->is_object() || r->value("status", "") != "resolved") return "";
  const json ev =
      r->contains("evidence") && (*r)["evidence"].is_object() ? (*r)["evidence"] : json::object();
  auto words = [](const json& list) {
    std::string out;
    if (list.is_array())
      for (const auto& w : list)
        if (w.is_string()) out += (out.empty() ? "" : " ") + w.get<std::string>();
    return out;
  };
  const std::string rule = ev.value("rule", ""), field = ev.value("field", "");
  const std::string matched = ev.value("matched", "");
  std::string how;
  if (field == "former_name")
    how = "its former name \"" + matched + "\"";
  else if (field == "alias")
    how = "its other name \"" + matched + "\"";
  else if (rule == "id_exact")
    how = "its provider id";
  else if (rule == "linkedin_slug")
    how = "its LinkedIn page";
  else if (rule == "domain_exact")
    how = "its website " + matched;
  else if (rule == "ticker")
    how = "its ticker " + matched;
  else if (rule == "name_exact")
    how = "its exact name";
  else if (rule == "name_same_words")
    how = "the same distinctive words";
  else if (rule == "name_contains_words")
    how = "the only name with every distinctive word";
  else
    how = "its " + humanize(rule.empty() ? "name" : rule);
  std::string detail;
  if (rule.rfind("name_", 0) == 0 || field == "former_name" || field == "alias") {
    if (auto w = words(ev.value("tokens", json::array())); !w.empty()) detail = "words: " + w;
    if (auto w = words(ev.value("ignored", json::array())); !w.empty())
      detail += (detail.empty() ? "" : "; ") + std::string("set aside: ") + w;
  }
  std::string out = "Identified \"" + r->value("query", std::string()) + "\" as " + company.name +
                    " by " + how + (detail.empty() ? "" : " (" + detail + ")");
  if (auto c = r->find("confidence"); c != r->end() && c->is_number() && c->get<double>() > 0)
    out += ", confidence " + text::number(c->get<double>());
  return out + ".";
}

std::string json_text(const json& v) {
  if (v.is_null()) return "unknown";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return text::number(v.get<double>());
  return v.dump();
}

std::optional<double> score_of(const sdk::Candidate& c, std::string_view name) {
  for (const auto& s : c.scores)
    if (s.name == name) return s.value;
  return std::nullopt;
}

bool has_flag(const sdk::Candidate& c, std::string_view flag) {
  return std::find(c.flags.begin(), c.flags.end(), flag) != c.flags.end();
}

std::string contact_summary(const sdk::Candidate& member) {
  // Best status first: a reader wants to know whether the person can be reached at all.
  static const std::map<std::string, int> rank = {
      {"valid", 0}, {"risky", 1}, {"unknown", 2}, {"invalid", 3}};
  const sdk::ContactPoint* best = nullptr;
  for (const auto& c : member.person.contacts) {
    auto r = rank.count(c.status) ? rank.at(c.status) : 2;
    if (!best || r < (rank.count(best->status) ? rank.at(best->status) : 2)) best = &c;
  }
  if (!best) return "no contact";
  std::string s = best->status + " " + (best->kind.empty() ? "contact" : best->kind);
  if (!best->reasons.empty()) s += " (" + text::join(best->reasons, ", ") + ")";
  return s;
}

std::vector<std::pair<std::string, int>> exclusion_reasons(const sdk::BuyerGroup& group) {
  std::map<std::string, int> counts;
  for (const auto& e : group.excluded) {
    std::string code = e.excluded_reason.substr(0, e.excluded_reason.find(':'));
    ++counts[code.empty() ? "unspecified" : code];
  }
  std::vector<std::pair<std::string, int>> out(counts.begin(), counts.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

namespace {

std::vector<TopPick> from_call_order(const sdk::BuyerGroup& group) {
  std::vector<TopPick> picks;
  const json& order = group.engagement.value("call_order", json::array());
  if (!order.is_array()) return picks;
  std::vector<const json*> steps;
  for (const auto& s : order)
    if (s.is_object() && s.contains("person_id") && s["person_id"].is_string()) steps.push_back(&s);
  std::stable_sort(steps.begin(), steps.end(), [](const json* a, const json* b) {
    return a->value("rank", 1 << 30) < b->value("rank", 1 << 30);
  });
  for (const json* s : steps) {
    const sdk::Candidate* m = find_member(group, (*s)["person_id"].get<std::string>());
    if (!m) continue;  // a call-order entry that is not a member is not shown as one
    // The member's own plain reason first; the call order's slot explains the order only.
    picks.push_back(
        {m, s->value("rank", 0),
         common::reason_of(*m).empty() ? s->value("why", std::string()) : common::reason_of(*m)});
    if (picks.size() == 3) break;
  }
  return picks;
}

// Without a call order, the highest overall scores, said to be so: never a silent guess.
std::vector<TopPick> from_scores(const sdk::BuyerGroup& group) {
  std::vector<const sdk::Candidate*> ms;
  for (const auto& m : group.members) ms.push_back(&m);
  std::stable_sort(ms.begin(), ms.end(), [](auto* a, auto* b) {
    return score_of(*a, "overall").value_or(-1) > score_of(*b, "overall").value_or(-1);
  });
  std::vector<TopPick> picks;
  for (auto* m : ms) {
    if (picks.size() == 3) break;
    auto s = score_of(*m, "overall");
    picks.push_back(
        {m, 0,
         !common::reason_of(*m).empty() ? common::reason_of(*m)
         : s ? "highest overall score (" + text::number(*s) + "); no call order computed"
             : "no call order and no overall score computed"});
  }
  return picks;
}

std::optional<Gap> biggest_gap(const sdk::BuyerGroup& group) {
  std::optional<Gap> best;
  const json& req = group.coverage.value("required", json::array());
  if (!req.is_array()) return best;
  for (const auto& r : req) {
    if (!r.is_object() || r.value("covered", true)) continue;
    double w = r.contains("weight") && r["weight"].is_number() ? r["weight"].get<double>() : 0;
    if (best && w <= best->weight) continue;
    Gap g;
    g.name = r.value("name", r.value("id", std::string("requirement")));
    if (r.contains("gap_reason") && r["gap_reason"].is_string()) g.reason = r["gap_reason"];
    g.detail = r.value("detail", std::string());
    g.weight = w;
    best = g;
  }
  return best;
}

}  // namespace

std::vector<FlowEdge> flow_edges(const sdk::BuyerGroup& group) {
  auto index_of = [&](const json& id) -> long {
    if (!id.is_string()) return -1;
    for (std::size_t i = 0; i < group.members.size(); ++i)
      if (group.members[i].person.id == id.get<std::string>()) return static_cast<long>(i);
    return -1;
  };
  std::vector<FlowEdge> out;
  const json& flow = group.intelligence.is_object()
                         ? group.intelligence.value("decision_flow", json::object())
                         : json::object();
  if (flow.is_object() && flow.contains("edges") && flow["edges"].is_array() &&
      !flow["edges"].empty()) {
    for (const auto& e : flow["edges"]) {
      if (!e.is_object()) continue;
      long a = index_of(e.value("from", json())), b = index_of(e.value("to", json()));
      if (a < 0 || b < 0 || a == b) continue;
      FlowEdge fe{static_cast<std::size_t>(a), static_cast<std::size_t>(b),
                  e.value("kind", std::string("reports_to")), e.value("inferred", false), 1};
      if (e.contains("confidence") && e["confidence"].is_number())
        fe.confidence = e["confidence"].get<double>();
      out.push_back(fe);
    }
    return out;
  }
  for (std::size_t i = 0; i < group.members.size(); ++i) {
    const auto& mgr = group.members[i].person.manager_id;
    if (mgr.empty()) continue;
    long b = index_of(json(mgr));
    if (b >= 0 && static_cast<std::size_t>(b) != i)
      out.push_back({i, static_cast<std::size_t>(b), "reports_to", false, 1});
  }
  return out;
}

Summary summarize(const sdk::BuyerGroup& group) {
  Summary s;
  const json& eng = group.engagement.is_object() ? group.engagement : json::object();
  if (eng.contains("pending") && eng["pending"].is_array())
    s.pending = static_cast<int>(eng["pending"].size());
  // An empty call order is a decision (nobody is ready to call), not a missing one: only a
  // group without any call order falls back to scores.
  bool has_order = eng.contains("call_order") && eng["call_order"].is_array();
  s.top = has_order ? from_call_order(group) : from_scores(group);
  s.top_from_call_order = has_order;
  if (group.members.empty())
    s.nobody_to_engage = "Nobody to engage yet: the group is empty.";
  else if (s.top.empty())
    s.nobody_to_engage = "Nobody is ready to engage yet: the call order is empty (" +
                         std::to_string(s.pending) + " held back for verification).";
  s.biggest_gap = biggest_gap(group);

  std::set<std::string> functions;
  for (const auto& m : group.members) {
    if (!m.function.empty()) functions.insert(m.function);
    for (std::size_t i = 0; i < std::size(kRoles); ++i)
      if (m.role == kRoles[i].first) ++s.role_count[i];
  }
  // Counted from the members, not copied from coverage.threads, so it cannot disagree with
  // the member list shown beside it.
  s.threads = static_cast<int>(functions.size());
  int reachable = 0;
  for (const auto& m : group.members)
    for (const auto& c : m.person.contacts)
      if (c.status == "valid") {
        ++reachable;
        break;
      }
  std::string risk = s.threads <= 1 ? "high" : s.threads == 2 ? "medium" : "low";
  if (group.members.empty())
    s.threading = "Multi-threading risk: high: no member, so no thread into the account.";
  else
    s.threading = "Multi-threading risk: " + risk + ": " + std::to_string(s.threads) +
                  (s.threads == 1 ? " function" : " functions") + " among " +
                  std::to_string(group.members.size()) +
                  (group.members.size() == 1 ? " member; " : " members; ") +
                  std::to_string(reachable) + " with a valid contact.";

  if (group.members.empty()) s.warnings.push_back("No member was found for this account.");
  if (s.role_count[0] == 0)
    s.warnings.push_back("0 decision makers: nobody in the group can approve this deal yet.");
  if (s.role_count[1] == 0) s.warnings.push_back("0 champions: nobody to sell it internally.");
  const json& size = group.coverage.value("size", json::object());
  if (size.is_object() && size.contains("ideal") && size["ideal"].is_number_integer() &&
      static_cast<std::size_t>(size["ideal"].get<long long>()) > group.members.size())
    s.warnings.push_back("Found " + std::to_string(group.members.size()) + " of an ideal " +
                         std::to_string(size["ideal"].get<long long>()) + " members.");
  return s;
}

std::string research_headline(const json& r) {
  using json_view::arr, json_view::str;
  std::string out = "Provider " + str(r, "provider") + ", model " + str(r, "model") + ": ";
  if (str(r, "status") != "ok")
    return out + "failed (" + str(r, "error") + "); the group is unchanged.";
  return out + std::to_string(arr(r, "items").size()) + " cited items; " +
         json_text(r.value("dropped_uncited", json())) + " dropped for citing no retrieved page.";
}

std::string_view research_item_label(const json& item) {
  return json_view::str(item, "kind") == "research_pain_point" ? "Pain point: " : "Context: ";
}

}  // namespace buyergraph::report
