#pragma once
// The HTML report: one self-contained page (inline CSS, no scripts, no external assets) with
// the decision-flow map as inline SVG.
#include <string>
#include <string_view>

#include "buyergraph/sdk/records.hpp"

namespace buyergraph::report {

/// Escapes text for HTML element content and quoted attribute values: & < > " ' become
/// entities; control characters other than tab and newline are dropped.
///
///   html_escape("<script>") == "&lt;script&gt;"
std::string html_escape(std::string_view text);

/// The page. Every text taken from the group is escaped.
///
///   std::ofstream("acme.html") << render_html(group);
std::string render_html(const sdk::BuyerGroup& group);

/// The decision-flow map alone, as an `<svg>` element: one `<g class="node">` per member,
/// layered by seniority and coloured by role, reporting lines as arrows (inferred: dashed),
/// and a legend.
///
///   std::string svg = render_flow_svg(group);
std::string render_flow_svg(const sdk::BuyerGroup& group);

}  // namespace buyergraph::report
