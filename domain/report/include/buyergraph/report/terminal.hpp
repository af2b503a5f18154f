#pragma once
// The terminal summary.
#include <string>

#include "buyergraph/sdk/records.hpp"

namespace buyergraph::report {

/// A glanceable summary, every line at most 100 columns: TL;DR, members by role (title,
/// confidence, contact status), coverage, excluded count and top reasons. ANSI colours only
/// when `color` is true.
///
///   std::cout << render_terminal(group, isatty(1));
std::string render_terminal(const sdk::BuyerGroup& group, bool color);

}  // namespace buyergraph::report
