#include "buyergraph/report/markdown.hpp"

#include <sstream>

#include "buyergraph/common/reason.hpp"
#include "json_view.hpp"
#include "summary.hpp"
#include "text.hpp"

namespace buyergraph::report {

using nlohmann::json;
using text::md;

namespace {

using json_view::arr;
using json_view::obj;
using json_view::str;

std::string evidence_md(const sdk::Evidence& e) {
  std::string s;
  if (!e.field.empty()) s += "`" + text::one_line(e.field) + "`";
  if (!e.value.empty()) s += " = \"" + md(e.value) + "\"";
  if (!e.url.empty()) s += (s.empty() ? "" : " ") + std::string("<") + md(e.url) + ">";
  if (!e.source.empty()) s += " (" + md(e.source) + ")";
  if (!e.note.empty()) s += ": " + md(e.note);
  return s;
}

std::string evidence_md(const json& list) {
  std::vector<std::string> parts;
  if (list.is_array())
    for (const auto& e : list)
      if (e.is_object()) parts.push_back(evidence_md(e.get<sdk::Evidence>()));
  return parts.empty() ? "no evidence" : text::join(parts, "; ");
}

// Mermaid labels sit in double quotes; entity codes keep quotes, angle brackets, '#' and
// backticks (which could close the code fence) from breaking out.
std::string mermaid_label(std::string_view s) {
  std::string out;
  for (char c : text::one_line(s)) {
    switch (c) {
      case '"':
        out += "#quot;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      case '#':
        out += "#35;";
        break;
      case '`':
        out += "#96;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The role becomes a Mermaid class name, so only the five known roles pass through.
std::string mermaid_class(std::string_view role) {
  for (const auto& r : kRoles)
    if (r.first == role) return std::string(role);
  return "none";
}

std::string name_of(const sdk::Candidate& c) {
  return c.person.full_name.empty() ? "(name unknown)" : c.person.full_name;
}

void member_md(std::ostringstream& o, const sdk::Candidate& m, const json& per_member_cost,
               const std::string& currency) {
  o << "#### " << md(name_of(m)) << " \u2014 "
    << (m.person.title.empty() ? "title unknown" : md(m.person.title)) << "\n\n";
  if (auto why = common::reason_of(m); !why.empty()) o << "- Why: " << md(why) << "\n";
  o << "- Likely " << role_label(m.role);
  if (!m.sub_role.empty()) o << " / " << humanize(m.sub_role);
  o << " (" << text::percent(m.confidence) << " confidence); id `" << text::one_line(m.person.id)
    << "`\n";
  if (!m.other_roles.empty()) o << "- Also: " << md(text::join(m.other_roles, ", ")) << "\n";
  if (!m.flags.empty()) o << "- Flags: " << md(text::join(m.flags, ", ")) << "\n";
  o << "- Seniority / function: " << (m.seniority.empty() ? "unknown" : md(m.seniority)) << " / "
    << (m.function.empty() ? "unknown" : md(m.function))
    << "; employment: " << (m.employment_status.empty() ? "unknown" : md(m.employment_status))
    << "\n";
  if (!m.rule_ids.empty()) o << "- Rules: " << md(text::join(m.rule_ids, ", ")) << "\n";
  if (auto s = score_of(m, "overall")) o << "- Overall score: " << text::number(*s) << "/100\n";
  o << "- Evidence: ";
  if (m.evidence.empty()) o << "none recorded\n";
  bool first = true;
  for (const auto& e : m.evidence) {
    if (e.field == common::kReasonField) continue;  // shown as "Why" above
    o << (first ? "" : "; ") << evidence_md(e);
    first = false;
  }
  if (!m.evidence.empty()) o << "\n";
  if (m.person.contacts.empty()) o << "- Contacts: none\n";
  for (const auto& c : m.person.contacts) {
    o << "- " << (c.kind.empty() ? "Contact" : humanize(c.kind)) << " " << md(c.value) << ": **"
      << md(c.status) << "**";
    if (!c.reasons.empty()) o << " (" << md(text::join(c.reasons, ", ")) << ")";
    o << ", " << (c.verified_at.empty() ? "never verified" : "verified " + md(c.verified_at));
    if (!c.source.empty()) o << ", source " << md(c.source);
    o << "\n";
  }
  const auto& p = m.person.provenance;
  o << "- Source: " << (p.source.empty() ? "unknown" : md(p.source));
  if (!p.endpoint.empty()) o << " (" << md(p.endpoint) << ")";
  if (!p.retrieved_at.empty()) o << ", retrieved " << md(p.retrieved_at);
  if (p.synthetic) o << ", synthetic";
  o << "\n";
  if (per_member_cost.is_object() && per_member_cost.contains(m.person.id) &&
      per_member_cost[m.person.id].is_number())
    o << "- Cost: " << text::number(per_member_cost[m.person.id].get<double>()) << " "
      << md(currency) << "\n";
  o << "\n";
}

}  // namespace

std::string render_markdown(const sdk::BuyerGroup& g) {
  Summary s = summarize(g);
  std::ostringstream o;
  const json& cov = g.coverage;
  o << "# Buyer group: " << md(g.company.name.empty() ? "(unnamed company)" : g.company.name)
    << "\n\n";
  if (obj(g.run).value("synthetic_data", false))
    o << "> **Synthetic data.** The people and company in this report are fictional demo "
         "data, not real persons.\n\n";
  o << "Company id `" << text::one_line(g.company.id) << "`";
  if (g.company.employees) o << ", " << *g.company.employees << " employees";
  if (!g.company.industry.empty()) o << ", " << md(g.company.industry);
  o << ". Seller: " << md(g.seller.name.empty() ? "default profile" : g.seller.name) << ".\n\n";
  if (auto how = resolution_line(g.company); !how.empty()) o << md(how) << "\n\n";

  o << "## TL;DR\n\n";
  if (s.top.empty()) o << "- " << s.nobody_to_engage << "\n";
  if (!s.top.empty())
    o << (s.top_from_call_order
              ? "Engage first (call order):\n\n"
              : "Engage first (no call order was computed; by overall score):\n\n");
  for (std::size_t i = 0; i < s.top.size(); ++i) {
    const auto& t = s.top[i];
    o << i + 1 << ". **" << md(name_of(*t.member)) << "**, " << md(t.member->person.title) << " ("
      << role_label(t.member->role) << "): " << (t.why.empty() ? "no reason recorded" : md(t.why))
      << "\n";
  }
  o << "\n";
  if (s.biggest_gap) {
    o << "- Biggest gap: **" << md(s.biggest_gap->name) << "**";
    if (!s.biggest_gap->reason.empty()) o << " (" << md(s.biggest_gap->reason) << ")";
    if (!s.biggest_gap->detail.empty()) o << ": " << md(s.biggest_gap->detail);
    o << "\n";
  } else {
    o << "- Biggest gap: none; every required role and function is covered"
      << (arr(cov, "required").empty() ? " (no requirements were computed)" : "") << ".\n";
  }
  o << "- " << s.threading << "\n";
  for (const auto& w : s.warnings) o << "- " << w << "\n";
  o << "\n";

  o << "## Coverage\n\n";
  const json& size = obj(cov).value("size", json::object());
  if (size.is_object() && size.contains("ideal") && size["ideal"].is_number())
    o << "Found " << g.members.size() << " of ideal " << json_text(size["ideal"])
      << " members (min " << json_text(obj(size).value("min", json())) << ", max "
      << json_text(obj(size).value("max", json())) << "; status " << md(str(size, "status"))
      << ").\n\n";
  else
    o << "Found " << g.members.size() << " members; no ideal size was computed.\n\n";
  for (const auto& a : arr(size, "adjustments"))
    o << "- Size adjustment " << md(str(a, "rule")) << ": " << md(str(a, "detail")) << "\n";
  if (cov.is_object() && cov.contains("tier") && cov["tier"].is_object())
    o << "- Tier: " << md(str(cov["tier"], "id")) << " " << md(str(cov["tier"], "name")) << "\n";
  if (cov.is_object() && cov.contains("covered") && cov.contains("total"))
    o << "- Required roles/functions covered: " << json_text(cov["covered"]) << " of "
      << json_text(cov["total"]) << " (score " << json_text(obj(cov).value("score", json()))
      << "/100)\n";
  if (cov.is_object() && cov.contains("cohesion") && cov["cohesion"].is_object()) {
    const json& c = cov["cohesion"];
    o << "- Cohesion: " << json_text(c.value("score", json()));
    if (!str(c, "note").empty()) o << " (" << md(str(c, "note")) << ")";
    o << "\n";
  }
  o << "\n| Requirement | Weight | Covered | Members | Gap reason |\n|---|---|---|---|---|\n";
  for (const auto& r : arr(cov, "required")) {
    std::string reason = r.contains("gap_reason") && r["gap_reason"].is_string()
                             ? r["gap_reason"].get<std::string>()
                             : "";
    if (!str(r, "detail").empty()) reason += (reason.empty() ? "" : ": ") + str(r, "detail");
    const std::string names = names_of(g, r.value("member_ids", json::array()));
    o << "| " << md(str(r, "name").empty() ? str(r, "id") : str(r, "name")) << " | "
      << json_text(r.value("weight", json())) << " | "
      << (r.value("covered", false) ? "yes" : "**no**") << " | " << md(names) << " | " << md(reason)
      << " |\n";
  }
  if (arr(cov, "required").empty()) o << "| (none computed) | | | | |\n";
  o << "\n";

  o << "## Members by role\n\n";
  const json& per_member = obj(g.ledger).value("per_member", json::object());
  std::string currency = obj(g.ledger).value("currency", std::string("USD"));
  for (std::size_t i = 0; i < std::size(kRoles); ++i) {
    o << "### " << kRoles[i].second << " (" << s.role_count[i] << ")\n\n";
    if (s.role_count[i] == 0) o << "None found.\n\n";
    for (const auto& m : g.members)
      if (m.role == kRoles[i].first) member_md(o, m, per_member, currency);
  }
  bool unknown_roles = false;
  for (const auto& m : g.members) {
    bool known = false;
    for (const auto& r : kRoles) known |= m.role == r.first;
    if (!known) {
      if (!unknown_roles) o << "### Other or unknown role\n\n";
      unknown_roles = true;
      member_md(o, m, per_member, currency);
    }
  }

  o << "## Recently appointed\n\n";
  bool any_recent = false;
  for (const auto& m : g.members)
    if (has_flag(m, "recently_appointed")) {
      any_recent = true;
      o << "- **" << md(name_of(m)) << "**, " << md(m.person.title)
        << ": started the role within 90 days. Opportunity: new leaders revisit vendors. "
           "Caveat: their authority is less established.\n";
    }
  for (const auto& ms : arr(g.intelligence, "member_signals"))
    if (str(ms, "kind") == "recently_appointed")
      o << "  - Signal: " << md(str(ms, "statement"))
        << " Evidence: " << evidence_md(ms.value("evidence", json())) << "\n";
  if (!any_recent) o << "Nobody in the group started their role within 90 days.\n";
  o << "\n";

  o << "## Excluded / needs verification\n\n";
  if (g.excluded.empty()) o << "Nobody was excluded.\n";
  for (const auto& e : g.excluded)
    o << "- " << md(name_of(e)) << ", " << md(e.person.title) << " (id `"
      << text::one_line(e.person.id) << "`): " << md(e.excluded_reason) << "\n";
  std::vector<std::string> unverified;
  for (const auto& m : g.members) {
    std::string cs = contact_summary(m);
    if (m.employment_status == "unknown" || m.employment_status == "likely_current" ||
        cs.rfind("valid ", 0) != 0)
      unverified.push_back(md(name_of(m)) + ": employment " +
                           (m.employment_status.empty() ? "unknown" : md(m.employment_status)) +
                           ", best contact " + md(cs));
  }
  for (const auto& p : arr(obj(g.engagement), "pending")) {
    const sdk::Candidate* m = find_member(g, str(p, "person_id"));
    unverified.push_back((m ? md(name_of(*m)) : "`" + text::one_line(str(p, "person_id")) + "`") +
                         ": held back from the call order: " + md(str(p, "why")));
  }
  if (!unverified.empty()) {
    o << "\nMembers that need verification before outreach:\n\n";
    for (const auto& u : unverified) o << "- " << u << "\n";
  }
  o << "\n";

  o << "## Decision flow\n\n";
  o << "```mermaid\nflowchart BT\n";
  for (std::size_t i = 0; i < g.members.size(); ++i)
    o << "  m" << i << "[\"" << mermaid_label(name_of(g.members[i])) << "<br/>"
      << mermaid_label(g.members[i].person.title) << "\"]:::" << mermaid_class(g.members[i].role)
      << "\n";
  int edges = 0;
  for (const auto& e : flow_edges(g)) {
    std::string label = mermaid_label(e.kind);
    if (e.inferred) label += " inferred " + text::percent(e.confidence);
    o << "  m" << e.from
      << (e.inferred ? " -. \"" + label + "\" .-> m" : " -- \"" + label + "\" --> m") << e.to
      << "\n";
    ++edges;
  }
  o << "  classDef decision fill:#f6d3d3\n  classDef champion fill:#d3f0d8\n"
       "  classDef stakeholder fill:#d8e4f6\n  classDef blocker fill:#f6ead0\n"
       "  classDef introducer fill:#e8dcf4\n  classDef none fill:#eeeeee\n```\n\n";
  o << (edges == 0 ? "No reporting line is known; none is drawn.\n\n"
                   : "Dotted arrows are inferred lines (with confidence); solid arrows come from "
                     "the source data.\n\n");

  o << "## Engagement sequence\n\n";
  std::string stage = obj(g.engagement).value("stage", g.seller.deal_stage);
  o << "Deal stage: " << md(stage) << ".\n\n";
  const json& order = arr(g.engagement, "call_order");
  if (order.empty()) o << "No call order was computed.\n";
  for (const auto& step : order) {
    const sdk::Candidate* m = find_member(g, str(step, "person_id"));
    o << json_text(step.value("rank", json())) << ". "
      << (m ? "**" + md(name_of(*m)) + "**"
            : "unknown member `" + text::one_line(str(step, "person_id")) + "`")
      << " (" << role_label(str(step, "role")) << "): " << md(str(step, "why")) << "\n";
  }
  o << "\n";

  o << "## Pain points and signals\n\n";
  int items = 0;
  auto statements = [&](const char* key, const char* heading) {
    const json& list = arr(g.intelligence, key);
    if (list.empty()) return;
    o << "### " << heading << "\n\n";
    for (const auto& it : list) {
      o << "- " << md(str(it, "statement"));
      if (!str(it, "value_proposition").empty())
        o << " Why it matters to us: " << md(str(it, "value_proposition"));
      o << " Evidence: " << evidence_md(it.value("evidence", json())) << "\n";
      ++items;
    }
    o << "\n";
  };
  statements("pain_points", "Pain points");
  statements("company_signals", "Company signals");
  statements("member_signals", "Member signals");
  statements("recommendations", "Recommendations");
  if (g.intelligence.is_object() && g.intelligence.contains("narrative") &&
      g.intelligence["narrative"].is_object()) {
    const json& n = g.intelligence["narrative"];
    o << "### Narrative for the whole group\n\n"
      << md(str(n, "statement")) << " Evidence: " << evidence_md(n.value("evidence", json()))
      << "\n\n";
    ++items;
  }
  if (items == 0) o << "No pain point or signal with evidence was found.\n\n";

  // research.llm output (docs/research.md): every item shows the retrieved URLs it cites.
  if (const json& r = obj(g.intelligence).value("research", json()); r.is_object()) {
    o << "## Research (cited)\n\n" << md(research_headline(r)) << "\n\n";
    const json& list = arr(r, "items");
    for (const auto& it : list)
      o << "- " << research_item_label(it) << md(str(it, "statement"))
        << " Sources: " << evidence_md(it.value("evidence", json())) << "\n";
    if (!list.empty()) o << "\n";
  }

  o << "## Method and cost\n\n";
  o << "- Total cost: " << json_text(obj(g.ledger).value("total_cost", json())) << " "
    << md(currency) << "; credits: " << json_text(obj(g.ledger).value("total_credits", json()))
    << "\n";
  const json& providers = obj(g.ledger).value("by_provider", json::object());
  if (providers.is_object())
    for (auto it = providers.begin(); it != providers.end(); ++it)
      o << "- Provider " << md(it.key()) << ": " << json_text(it->value("calls", json()))
        << " calls, " << json_text(it->value("cache_hits", json())) << " cache hits, cost "
        << json_text(it->value("cost", json())) << "\n";
  if (cov.is_object() && cov.contains("candidates_considered"))
    o << "- Candidates considered: " << json_text(cov["candidates_considered"]) << "\n";
  std::string oldest;
  for (const auto& m : g.members)
    if (!m.person.provenance.retrieved_at.empty() &&
        (oldest.empty() || m.person.provenance.retrieved_at < oldest))
      oldest = m.person.provenance.retrieved_at;
  o << "- Data freshness: oldest member record retrieved "
    << (oldest.empty() ? "unknown" : md(oldest)) << "\n";
  o << "- Run: " << md(str(g.run, "id")) << ", pipeline " << md(str(g.run, "pipeline"))
    << ", generated " << md(str(g.run, "generated_at")) << ", status " << md(str(g.run, "status"))
    << "\n";
  o << "- Seller profile: "
    << md(g.seller.source_file.empty() ? str(g.run, "seller_file") : g.seller.source_file)
    << "; rules " << md(str(g.run, "rules_version")) << "\n";
  for (const auto& w : arr(g.run, "warnings"))
    if (w.is_string()) o << "- Warning: " << md(w.get<std::string>()) << "\n";
  return o.str();
}

}  // namespace buyergraph::report
