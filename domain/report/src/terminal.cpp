#include "buyergraph/report/terminal.hpp"

#include <sstream>

#include "buyergraph/text/terminal.hpp"
#include "summary.hpp"
#include "text.hpp"

namespace buyergraph::report {

using nlohmann::json;

namespace {

constexpr std::size_t kWidth = 100;

struct Painter {
  bool on;
  std::string wrap(std::string_view code, const std::string& s) const {
    return on ? "\033[" + std::string(code) + "m" + s + "\033[0m" : s;
  }
  std::string bold(const std::string& s) const { return wrap("1", s); }
  std::string warn(const std::string& s) const { return wrap("33", s); }
  std::string role(std::string_view r, const std::string& s) const {
    if (r == "decision") return wrap("31", s);
    if (r == "champion") return wrap("32", s);
    if (r == "stakeholder") return wrap("34", s);
    if (r == "blocker") return wrap("33", s);
    if (r == "introducer") return wrap("35", s);
    return s;
  }
};

// Every line is made inert (escape sequences, bidi controls from names and titles) and cut to
// the width before colour codes are added, so codes never count.
std::string fit(std::string_view s) {
  return text::fit(::buyergraph::text::terminal_safe(s), kWidth);
}

}  // namespace

std::string render_terminal(const sdk::BuyerGroup& g, bool color) {
  Painter p{color};
  Summary s = summarize(g);
  std::ostringstream o;
  std::string name = g.company.name.empty() ? "(unnamed company)" : g.company.name;
  o << p.bold(fit("Buyer group: " + name + " (" + g.company.id + ")")) << "\n";
  if (auto how = resolution_line(g.company); !how.empty()) o << fit(how) << "\n";
  if (g.run.is_object() && g.run.value("synthetic_data", false))
    o << p.warn(fit("SYNTHETIC DATA: the people in this report are fictional demo data.")) << "\n";
  o << "\n" << p.bold("TL;DR") << "\n";
  if (s.top.empty()) o << fit("  " + s.nobody_to_engage) << "\n";
  for (std::size_t i = 0; i < s.top.size(); ++i) {
    const auto& t = s.top[i];
    o << fit("  " + std::to_string(i + 1) + ". " + t.member->person.full_name + " (" +
             role_label(t.member->role) + "): " + (t.why.empty() ? "no reason recorded" : t.why))
      << "\n";
  }
  if (s.biggest_gap) {
    std::string gap = "  Biggest gap: " + s.biggest_gap->name;
    if (!s.biggest_gap->reason.empty()) gap += " (" + s.biggest_gap->reason + ")";
    if (!s.biggest_gap->detail.empty()) gap += ": " + s.biggest_gap->detail;
    o << fit(gap) << "\n";
  } else {
    o << fit("  Biggest gap: none recorded") << "\n";
  }
  o << fit("  " + s.threading) << "\n";
  for (const auto& w : s.warnings) o << p.warn(fit("  ! " + w)) << "\n";

  o << "\n" << p.bold("Members") << "\n";
  // name 24 | title 32 | confidence 5 | contact: the rest (2+24+1+32+1+5+1 = 66, 34 left).
  for (std::size_t i = 0; i < std::size(kRoles); ++i) {
    o << p.role(kRoles[i].first, fit("  " + std::string(kRoles[i].second) + " (" +
                                     std::to_string(s.role_count[i]) + ")"))
      << "\n";
    for (const auto& m : g.members) {
      if (m.role != kRoles[i].first) continue;
      std::string line = "    " + text::pad(m.person.full_name, 22) + " " +
                         text::pad(m.person.title.empty() ? "title unknown" : m.person.title, 32) +
                         " " + text::pad(text::percent(m.confidence), 4) + " ";
      std::string contact = contact_summary(m);
      if (text::columns(text::one_line(line + contact)) <= kWidth) {
        o << fit(line + contact) << "\n";
      } else {
        // Reason codes matter more than alignment: they go on their own line.
        auto paren = contact.find(" (");
        o << fit(line + contact.substr(0, paren)) << "\n";
        if (paren != std::string::npos)
          o << fit("      contact reasons: " +
                   contact.substr(paren + 2, contact.size() - paren - 3))
            << "\n";
      }
    }
  }

  o << "\n" << p.bold("Coverage") << "\n";
  const json& cov = g.coverage.is_object() ? g.coverage : json::object();
  std::string found = "  Found " + std::to_string(g.members.size());
  const json size = cov.value("size", json::object());
  if (size.is_object() && size.contains("ideal") && size["ideal"].is_number()) {
    found += " of ideal " + json_text(size["ideal"]);
    if (size.contains("status")) found += " (" + json_text(size["status"]) + ")";
  }
  if (cov.contains("covered") && cov.contains("total"))
    found += "; required roles/functions covered " + json_text(cov["covered"]) + " of " +
             json_text(cov["total"]);
  if (cov.contains("score")) found += " (score " + json_text(cov["score"]) + ")";
  o << fit(found) << "\n";
  if (cov.contains("required") && cov["required"].is_array())
    for (const auto& r : cov["required"])
      if (r.is_object() && !r.value("covered", true)) {
        std::string gap = "  gap: " + r.value("name", r.value("id", std::string("?")));
        if (r.contains("gap_reason") && r["gap_reason"].is_string())
          gap += " (" + r["gap_reason"].get<std::string>() + ")";
        o << fit(gap) << "\n";
      }

  o << "\n" << p.bold("Excluded") << "\n";
  std::string ex = "  " + std::to_string(g.excluded.size()) + " excluded";
  auto reasons = exclusion_reasons(g);
  for (std::size_t i = 0; i < reasons.size() && i < 3; ++i)
    ex += (i ? ", " : ": ") + reasons[i].first + " (" + std::to_string(reasons[i].second) + ")";
  o << fit(ex) << "\n";
  return o.str();
}

}  // namespace buyergraph::report
