#include "buyergraph/report/html.hpp"

#include <sstream>

#include "buyergraph/common/reason.hpp"
#include "json_view.hpp"
#include "summary.hpp"
#include "text.hpp"

namespace buyergraph::report {

using nlohmann::json;

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters have no business in a name or title and some browsers act on them.
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') || c == 0x7f) break;
        out += c;
    }
  }
  return out;
}

namespace {

using E = std::string;  // escaped HTML

E esc(std::string_view s) { return html_escape(s); }

using json_view::arr;
using json_view::obj;
using json_view::str;

E evidence_html(const sdk::Evidence& e) {
  E s;
  if (!e.field.empty()) s += "<code>" + esc(e.field) + "</code>";
  if (!e.value.empty()) s += " = &quot;" + esc(e.value) + "&quot;";
  // URLs are shown as text, never as links: the page stays free of outbound references.
  if (!e.url.empty()) s += " " + esc(e.url);
  if (!e.source.empty()) s += " (" + esc(e.source) + ")";
  if (!e.note.empty()) s += ": " + esc(e.note);
  return s;
}

E evidence_html(const json& list) {
  std::vector<std::string> parts;
  if (list.is_array())
    for (const auto& e : list)
      if (e.is_object()) parts.push_back(evidence_html(e.get<sdk::Evidence>()));
  return parts.empty() ? "no evidence" : text::join(parts, "; ");
}

std::string name_of(const sdk::Candidate& c) {
  return c.person.full_name.empty() ? "(name unknown)" : c.person.full_name;
}

constexpr const char* kStyle = R"css(
body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
.banner{background:#fff3cd;border:1px solid #e0c36b;padding:.6em 1em;border-radius:6px}
.warn{color:#8a1f11;font-weight:600}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.member{border:1px solid #ddd;border-radius:6px;padding:.5em 1em;margin:.6em 0}
.member h4{margin:.2em 0}.muted{color:#666}code{background:#f3f3f3;padding:0 .2em}
.role-decision{border-left:6px solid #d98c8c}.role-champion{border-left:6px solid #7fc08b}
.role-stakeholder{border-left:6px solid #8aa6d6}.role-blocker{border-left:6px solid #d9b66a}
.role-introducer{border-left:6px solid #b39ad3}
svg.flow{max-width:100%;height:auto;border:1px solid #eee}svg.flow text{font:12px system-ui,sans-serif}
)css";

void member_html(std::ostringstream& o, const sdk::Candidate& m, const json& per_member,
                 const std::string& currency) {
  o << "<div class=\"member role-" << esc(m.role) << "\"><h4>" << esc(name_of(m)) << " \u2014 "
    << (m.person.title.empty() ? "title unknown" : esc(m.person.title)) << "</h4><ul>";
  if (auto why = common::reason_of(m); !why.empty())
    o << "<li><strong>Why:</strong> " << esc(why) << "</li>";
  o << "<li>Likely " << esc(role_label(m.role));
  if (!m.sub_role.empty()) o << " / " << esc(humanize(m.sub_role));
  o << " (" << text::percent(m.confidence) << " confidence); id <code>" << esc(m.person.id)
    << "</code></li>";
  if (!m.other_roles.empty()) o << "<li>Also: " << esc(text::join(m.other_roles, ", ")) << "</li>";
  if (!m.flags.empty()) o << "<li>Flags: " << esc(text::join(m.flags, ", ")) << "</li>";
  o << "<li>Seniority / function: " << esc(m.seniority.empty() ? "unknown" : m.seniority) << " / "
    << esc(m.function.empty() ? "unknown" : m.function)
    << "; employment: " << esc(m.employment_status.empty() ? "unknown" : m.employment_status)
    << "</li>";
  if (!m.rule_ids.empty()) o << "<li>Rules: " << esc(text::join(m.rule_ids, ", ")) << "</li>";
  if (auto s = score_of(m, "overall"))
    o << "<li>Overall score: " << text::number(*s) << "/100</li>";
  o << "<li>Evidence: ";
  if (m.evidence.empty()) o << "none recorded";
  bool first = true;
  for (const auto& e : m.evidence) {
    if (e.field == common::kReasonField) continue;  // shown as "Why" above
    o << (first ? "" : "; ") << evidence_html(e);
    first = false;
  }
  o << "</li>";
  if (m.person.contacts.empty()) o << "<li>Contacts: none</li>";
  for (const auto& c : m.person.contacts) {
    o << "<li>" << esc(c.kind.empty() ? "Contact" : humanize(c.kind)) << " " << esc(c.value)
      << ": <strong>" << esc(c.status) << "</strong>";
    if (!c.reasons.empty()) o << " (" << esc(text::join(c.reasons, ", ")) << ")";
    o << ", " << (c.verified_at.empty() ? "never verified" : "verified " + esc(c.verified_at));
    if (!c.source.empty()) o << ", source " << esc(c.source);
    o << "</li>";
  }
  const auto& p = m.person.provenance;
  o << "<li class=\"muted\">Source: " << esc(p.source.empty() ? "unknown" : p.source);
  if (!p.endpoint.empty()) o << " (" << esc(p.endpoint) << ")";
  if (!p.retrieved_at.empty()) o << ", retrieved " << esc(p.retrieved_at);
  if (p.synthetic) o << ", synthetic";
  if (per_member.is_object() && per_member.contains(m.person.id) &&
      per_member[m.person.id].is_number())
    o << "; cost " << text::number(per_member[m.person.id].get<double>()) << " " << esc(currency);
  o << "</li></ul></div>\n";
}

}  // namespace

std::string render_html(const sdk::BuyerGroup& g) {
  Summary s = summarize(g);
  const json& cov = g.coverage;
  std::ostringstream o;
  std::string company = g.company.name.empty() ? "(unnamed company)" : g.company.name;
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
    << "<title>Buyer group: " << esc(company) << "</title><style>" << kStyle
    << "</style></head><body>\n";
  o << "<h1>Buyer group: " << esc(company) << "</h1>\n";
  if (obj(g.run).value("synthetic_data", false))
    o << "<p class=\"banner\"><strong>Synthetic data.</strong> The people and company in this "
         "report are fictional demo data, not real persons.</p>\n";
  o << "<p class=\"muted\">Company id <code>" << esc(g.company.id) << "</code>";
  if (g.company.employees) o << ", " << *g.company.employees << " employees";
  if (!g.company.industry.empty()) o << ", " << esc(g.company.industry);
  o << ". Seller: " << esc(g.seller.name.empty() ? "default profile" : g.seller.name) << ".</p>\n";
  if (auto how = resolution_line(g.company); !how.empty())
    o << "<p class=\"muted\">" << esc(how) << "</p>\n";

  o << "<h2 id=\"tldr\">TL;DR</h2>\n";
  if (s.top.empty())
    o << "<p>" << esc(s.nobody_to_engage) << "</p>\n";
  else {
    o << "<p>"
      << (s.top_from_call_order ? "Engage first (call order):"
                                : "Engage first (no call order was computed; by overall score):")
      << "</p><ol>";
    for (const auto& t : s.top)
      o << "<li><strong>" << esc(name_of(*t.member)) << "</strong>, " << esc(t.member->person.title)
        << " (" << esc(role_label(t.member->role))
        << "): " << esc(t.why.empty() ? "no reason recorded" : t.why) << "</li>";
    o << "</ol>\n";
  }
  o << "<ul>";
  if (s.biggest_gap) {
    o << "<li>Biggest gap: <strong>" << esc(s.biggest_gap->name) << "</strong>";
    if (!s.biggest_gap->reason.empty()) o << " (" << esc(s.biggest_gap->reason) << ")";
    if (!s.biggest_gap->detail.empty()) o << ": " << esc(s.biggest_gap->detail);
    o << "</li>";
  } else {
    o << "<li>Biggest gap: none; every required role and function is covered"
      << (arr(cov, "required").empty() ? " (no requirements were computed)" : "") << ".</li>";
  }
  o << "<li>" << esc(s.threading) << "</li>";
  for (const auto& w : s.warnings) o << "<li class=\"warn\">" << esc(w) << "</li>";
  o << "</ul>\n";

  o << "<h2 id=\"coverage\">Coverage</h2>\n";
  const json& size = cov.is_object() ? obj(cov).value("size", json::object()) : json::object();
  if (size.is_object() && size.contains("ideal") && size["ideal"].is_number())
    o << "<p>Found " << g.members.size() << " of ideal " << esc(json_text(size["ideal"]))
      << " members (min " << esc(json_text(obj(size).value("min", json()))) << ", max "
      << esc(json_text(obj(size).value("max", json()))) << "; status " << esc(str(size, "status"))
      << ").</p>\n";
  else
    o << "<p>Found " << g.members.size() << " members; no ideal size was computed.</p>\n";
  if (cov.is_object() && cov.contains("covered") && cov.contains("total"))
    o << "<p>Required roles/functions covered: " << esc(json_text(cov["covered"])) << " of "
      << esc(json_text(cov["total"])) << " (score "
      << esc(json_text(obj(cov).value("score", json()))) << "/100).</p>\n";
  if (cov.is_object() && cov.contains("cohesion") && cov["cohesion"].is_object()) {
    const json& c = cov["cohesion"];
    o << "<p>Cohesion: " << esc(json_text(c.value("score", json())));
    if (!str(c, "note").empty()) o << " (" << esc(str(c, "note")) << ")";
    o << "</p>\n";
  }
  o << "<table><tr><th>Requirement</th><th>Weight</th><th>Covered</th><th>Members</th><th>Gap "
       "reason</th></tr>\n";
  for (const auto& r : arr(cov, "required")) {
    std::string reason = r.contains("gap_reason") && r["gap_reason"].is_string()
                             ? r["gap_reason"].get<std::string>()
                             : "";
    if (!str(r, "detail").empty()) reason += (reason.empty() ? "" : ": ") + str(r, "detail");
    const std::string names = names_of(g, r.value("member_ids", json::array()));
    o << "<tr><td>" << esc(str(r, "name").empty() ? str(r, "id") : str(r, "name")) << "</td><td>"
      << esc(json_text(r.value("weight", json()))) << "</td><td>"
      << (r.value("covered", false) ? "yes" : "<strong>no</strong>") << "</td><td>" << esc(names)
      << "</td><td>" << esc(reason) << "</td></tr>\n";
  }
  o << "</table>\n";

  o << "<h2 id=\"members\">Members by role</h2>\n";
  const json& per_member =
      g.ledger.is_object() ? obj(g.ledger).value("per_member", json::object()) : json::object();
  std::string currency =
      g.ledger.is_object() ? obj(g.ledger).value("currency", std::string("USD")) : "USD";
  for (std::size_t i = 0; i < std::size(kRoles); ++i) {
    o << "<h3>" << kRoles[i].second << " (" << s.role_count[i] << ")</h3>\n";
    if (s.role_count[i] == 0) o << "<p class=\"muted\">None found.</p>\n";
    for (const auto& m : g.members)
      if (m.role == kRoles[i].first) member_html(o, m, per_member, currency);
  }

  o << "<h2 id=\"recent\">Recently appointed</h2>\n<ul>";
  bool any_recent = false;
  for (const auto& m : g.members)
    if (has_flag(m, "recently_appointed")) {
      any_recent = true;
      o << "<li><strong>" << esc(name_of(m)) << "</strong>, " << esc(m.person.title)
        << ": started the role within 90 days. Opportunity: new leaders revisit vendors. Caveat: "
           "their authority is less established.</li>";
    }
  if (!any_recent) o << "<li>Nobody in the group started their role within 90 days.</li>";
  o << "</ul>\n";

  o << "<h2 id=\"excluded\">Excluded / needs verification</h2>\n<ul>";
  if (g.excluded.empty()) o << "<li>Nobody was excluded.</li>";
  for (const auto& e : g.excluded)
    o << "<li>" << esc(name_of(e)) << ", " << esc(e.person.title) << " (id <code>"
      << esc(e.person.id) << "</code>): " << esc(e.excluded_reason) << "</li>";
  o << "</ul>\n";
  bool header = false;
  for (const auto& m : g.members) {
    std::string cs = contact_summary(m);
    if (m.employment_status == "unknown" || m.employment_status == "likely_current" ||
        cs.rfind("valid ", 0) != 0) {
      if (!header) o << "<p>Members that need verification before outreach:</p><ul>";
      header = true;
      o << "<li>" << esc(name_of(m)) << ": employment "
        << esc(m.employment_status.empty() ? "unknown" : m.employment_status) << ", best contact "
        << esc(cs) << "</li>";
    }
  }
  for (const auto& p : arr(g.engagement, "pending")) {
    if (!header) o << "<p>Members that need verification before outreach:</p><ul>";
    header = true;
    const sdk::Candidate* m = find_member(g, str(p, "person_id"));
    o << "<li>" << esc(m ? name_of(*m) : str(p, "person_id"))
      << ": held back from the call order: " << esc(str(p, "why")) << "</li>";
  }
  if (header) o << "</ul>\n";

  o << "<h2 id=\"flow\">Decision flow</h2>\n";
  if (g.members.empty())
    o << "<p>No member, so no map.</p>\n";
  else
    o << render_flow_svg(g);
  if (flow_edges(g).empty())
    o << "<p class=\"muted\">No reporting line is known; none is drawn.</p>\n";

  o << "<h2 id=\"sequence\">Engagement sequence</h2>\n";
  std::string stage = g.engagement.is_object()
                          ? obj(g.engagement).value("stage", g.seller.deal_stage)
                          : g.seller.deal_stage;
  o << "<p>Deal stage: " << esc(stage) << ".</p>\n";
  const json& order = arr(g.engagement, "call_order");
  if (order.empty())
    o << "<p>No call order was computed.</p>\n";
  else {
    o << "<ol>";
    for (const auto& step : order) {
      const sdk::Candidate* m = find_member(g, str(step, "person_id"));
      o << "<li>"
        << (m ? "<strong>" + esc(name_of(*m)) + "</strong>"
              : "unknown member " + esc(str(step, "person_id")))
        << " (" << esc(role_label(str(step, "role"))) << "): " << esc(str(step, "why")) << "</li>";
    }
    o << "</ol>\n";
  }

  o << "<h2 id=\"signals\">Pain points and signals</h2>\n";
  int items = 0;
  auto statements = [&](const char* key, const char* heading) {
    const json& list = arr(g.intelligence, key);
    if (list.empty()) return;
    o << "<h3>" << heading << "</h3><ul>";
    for (const auto& it : list) {
      o << "<li>" << esc(str(it, "statement"));
      if (!str(it, "value_proposition").empty())
        o << " Why it matters to us: " << esc(str(it, "value_proposition"));
      o << " <span class=\"muted\">Evidence: " << evidence_html(it.value("evidence", json()))
        << "</span></li>";
      ++items;
    }
    o << "</ul>\n";
  };
  statements("pain_points", "Pain points");
  statements("company_signals", "Company signals");
  statements("member_signals", "Member signals");
  statements("recommendations", "Recommendations");
  if (g.intelligence.is_object() && g.intelligence.contains("narrative") &&
      g.intelligence["narrative"].is_object()) {
    const json& n = g.intelligence["narrative"];
    o << "<h3>Narrative for the whole group</h3><p>" << esc(str(n, "statement"))
      << " <span class=\"muted\">Evidence: " << evidence_html(n.value("evidence", json()))
      << "</span></p>\n";
    ++items;
  }
  if (items == 0) o << "<p>No pain point or signal with evidence was found.</p>\n";

  // research.llm output (docs/research.md): every item shows the retrieved URLs it cites.
  if (const json& r = obj(g.intelligence).value("research", json()); r.is_object()) {
    o << "<h2 id=\"research\">Research (cited)</h2>\n<p>" << esc(research_headline(r)) << "</p>\n";
    const json& list = arr(r, "items");
    if (!list.empty()) {
      o << "<ul>";
      for (const auto& it : list)
        o << "<li>" << research_item_label(it) << esc(str(it, "statement"))
          << " <span class=\"muted\">Sources: " << evidence_html(it.value("evidence", json()))
          << "</span></li>";
      o << "</ul>\n";
    }
  }

  o << "<h2 id=\"method\">Method and cost</h2>\n<ul>";
  const json& ledger = g.ledger.is_object() ? g.ledger : json::object();
  o << "<li>Total cost: " << esc(json_text(ledger.value("total_cost", json()))) << " "
    << esc(currency) << "; credits: " << esc(json_text(ledger.value("total_credits", json())))
    << "</li>";
  const json& providers = ledger.value("by_provider", json::object());
  if (providers.is_object())
    for (auto it = providers.begin(); it != providers.end(); ++it)
      if (it->is_object())
        o << "<li>Provider " << esc(it.key()) << ": " << esc(json_text(it->value("calls", json())))
          << " calls, " << esc(json_text(it->value("cache_hits", json()))) << " cache hits, cost "
          << esc(json_text(it->value("cost", json()))) << "</li>";
  if (cov.is_object() && cov.contains("candidates_considered"))
    o << "<li>Candidates considered: " << esc(json_text(cov["candidates_considered"])) << "</li>";
  o << "<li>Run: " << esc(str(g.run, "id")) << ", pipeline " << esc(str(g.run, "pipeline"))
    << ", generated " << esc(str(g.run, "generated_at")) << ", status " << esc(str(g.run, "status"))
    << "</li><li>Seller profile: "
    << esc(g.seller.source_file.empty() ? str(g.run, "seller_file") : g.seller.source_file)
    << "; rules " << esc(str(g.run, "rules_version")) << "</li>";
  for (const auto& w : arr(g.run, "warnings"))
    if (w.is_string()) o << "<li>Warning: " << esc(w.get<std::string>()) << "</li>";
  o << "</ul>\n</body></html>\n";
  return o.str();
}

}  // namespace buyergraph::report
