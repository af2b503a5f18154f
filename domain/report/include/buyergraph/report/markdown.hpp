#pragma once
// The Markdown report.
#include <string>

#include "buyergraph/sdk/records.hpp"

namespace buyergraph::report {

/// The full report in Markdown: synthetic-data banner, TL;DR, coverage, members by role,
/// recently appointed, excluded, decision flow (Mermaid), sequence, pain points and signals,
/// method and cost. Every summary sentence is computed from the group.
///
///   std::ofstream("acme.md") << render_markdown(group);
std::string render_markdown(const sdk::BuyerGroup& group);

}  // namespace buyergraph::report
