#pragma once
// What changed between two saved runs of a company's buyer group: who joined, who left, whose
// role, title or contact status changed. Shared by `buyergraph diff` and `serve`.
#include <string>

#include <nlohmann/json.hpp>

#include "buyergraph/sdk/records.hpp"

namespace buyergraph::cli {

/// The changes from `before` to `after`, as JSON:
///   {"joined": [person], "left": [person], "role_changed": [{person, "from", "to"}],
///    "title_changed": [...], "contact_changed": [{person, "kind", "from", "to"}],
///    "unchanged": N}
/// where person is {"person_id", "name", "title", "role"}. People are matched by person id.
nlohmann::json diff_groups(const sdk::BuyerGroup& before, const sdk::BuyerGroup& after);

/// The diff as plain lines for the terminal ("+ Jane Doe (CFO) joined as decision maker").
/// Names come from data: the caller makes the text safe for its terminal.
std::string render_diff_text(const nlohmann::json& diff);

}  // namespace buyergraph::cli
