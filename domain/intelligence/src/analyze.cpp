// The intelligence stage's core: resolve the reference date, build each section in order, state
// the narrative, then drop anything left without evidence.
#include "buyergraph/intelligence/analyze.hpp"

#include "buyergraph/intelligence/sections.hpp"
#include "util.hpp"

namespace buyergraph::intelligence {

using json = nlohmann::json;

namespace {

// The date signals are measured against: explicit option, else when the run was generated, so
// that re-running an old group gives the same answer; today only as a last resort.
Date reference_date(const sdk::BuyerGroup& g, const IntelOptions& o) {
  if (auto d = parse_date(o.as_of)) return *d;
  if (const json* at = detail::find(g.run, "generated_at"); at && at->is_string())
    if (auto d = parse_date(at->get<std::string>())) return *d;
  return today_utc();
}

bool supported(const json& item) {
  const json* ev = detail::find(item, "evidence");
  if (!ev || !ev->is_array()) return false;
  for (const auto& e : *ev)
    if (e.is_object() && (!e.value("field", "").empty() || !e.value("url", "").empty()))
      return true;
  return false;
}

int drop_from(json& list) {
  if (!list.is_array()) return 0;
  int before = static_cast<int>(list.size());
  json kept = json::array();
  for (auto& item : list)
    if (supported(item)) kept.push_back(std::move(item));
  list = std::move(kept);
  return before - static_cast<int>(list.size());
}

}  // namespace

int drop_unsupported(json& intel) {
  if (!intel.is_object()) return 0;
  int dropped = 0;
  for (const char* key : {"company_signals", "member_signals", "pain_points", "recommendations"})
    if (intel.contains(key)) dropped += drop_from(intel[key]);
  if (intel.contains("decision_flow") && intel["decision_flow"].is_object() &&
      intel["decision_flow"].contains("edges"))
    dropped += drop_from(intel["decision_flow"]["edges"]);
  if (intel.contains("narrative") && !supported(intel["narrative"])) {
    intel.erase("narrative");
    ++dropped;
  }
  return dropped;
}

json narrative(const sdk::BuyerGroup& g, const json& intel) {
  std::string company = g.company.name.empty() ? g.company.id : g.company.name;
  json ev = json::array();
  if (g.members.empty()) {
    ev.push_back(detail::evidence("members", "0", std::string(detail::kComputed),
                                  "the group has no members"));
    return {{"statement",
             "No buyer-group members were found at " + company + "; this report names no one."},
            {"evidence", ev}};
  }
  std::vector<std::string> counts;
  for (const char* role : {"decision", "champion", "stakeholder", "blocker", "introducer"}) {
    int n = 0;
    for (std::size_t i = 0; i < g.members.size(); ++i)
      if (g.members[i].role == role) {
        ++n;
        ev.push_back(detail::evidence("members[" + std::to_string(i) + "].role", role,
                                      std::string(detail::kComputed), g.members[i].person.id));
      }
    std::string noun = std::string(role) == "decision" ? "decision maker" : role;
    counts.push_back(std::to_string(n) + " " + noun + (n == 1 ? "" : "s"));
  }
  std::string s = "Buyer group at " + company + ": " + std::to_string(g.members.size()) +
                  " member" + (g.members.size() == 1 ? "" : "s") + " (" +
                  detail::join_names(counts, 9) + ").";
  const json sigs = intel.value("company_signals", json::array());
  if (!sigs.empty()) {
    s += " Leading signal: " + sigs[0].value("statement", "");
    ev.push_back(sigs[0]["evidence"][0]);
  }
  for (const auto& r : intel.value("recommendations", json::array()))
    if (r.value("kind", "") == "entry_point" || r.value("kind", "") == "gap") {
      s += " " + r.value("statement", "");
      ev.push_back(r["evidence"][0]);
      break;
    }
  return {{"statement", s}, {"evidence", ev}};
}

void analyze(sdk::BuyerGroup& group, const IntelOptions& options) {
  Date as_of = reference_date(group, options);
  json intel = json::object();
  intel["as_of"] = as_of.to_string();
  intel["rules_version"] = options.rules.version;
  intel["company_signals"] = company_signals(group, options, as_of);
  intel["member_signals"] = member_signals(group, options, as_of);
  intel["pain_points"] = pain_points(group, options, intel["company_signals"]);
  intel["decision_flow"] = decision_flow(group);
  // Drop before recommendations and narrative so they never build on an unsupported item.
  drop_unsupported(intel);
  intel["recommendations"] = recommendations(group, options, as_of, intel);
  drop_unsupported(intel);
  intel["narrative"] = narrative(group, intel);
  drop_unsupported(intel);
  group.intelligence = std::move(intel);
}

}  // namespace buyergraph::intelligence
