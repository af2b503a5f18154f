#pragma once
// Facts every renderer states, computed once from the group so that the formats agree and no
// sentence is written independently of the data.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "buyergraph/sdk/records.hpp"

namespace buyergraph::report {

/// The five roles in display order, with their plural headings.
inline constexpr std::pair<std::string_view, std::string_view> kRoles[] = {
    {"decision", "Decision makers"},
    {"champion", "Champions"},
    {"stakeholder", "Stakeholders"},
    {"blocker", "Blockers"},
    {"introducer", "Introducers"}};

/// One of the people to engage first.
struct TopPick {
  const sdk::Candidate* member = nullptr;
  int rank = 0;     ///< call-order rank, 0 when picked by score (no call order)
  std::string why;  ///< one line
};

/// The most important uncovered requirement.
struct Gap {
  std::string name;
  std::string reason;  ///< gap_reason code, may be empty
  std::string detail;
  double weight = 0;
};

struct Summary {
  std::vector<TopPick> top;  ///< at most three
  bool top_from_call_order = false;
  int pending = 0;  ///< members held back from the call order (engagement.pending)
  /// Why `top` is empty, or "" when it is not.
  std::string nobody_to_engage;
  std::optional<Gap> biggest_gap;
  int threads = 0;                    ///< distinct functions among members
  std::string threading;              ///< the multi-threading risk sentence
  int role_count[5] = {};             ///< members per role, in kRoles order, counted from members
  std::vector<std::string> warnings;  ///< computed statements (0 decision makers, ...)
};

/// How the company was identified, in one sentence, from the resolver's answer a provider keeps in
/// `company.signals["resolution"]`; "" when there is none. For example:
///   Identified "Qualcomm" as QUALCOMM INC/DE by its exact name (words: qualcomm; set aside:
///   inc), confidence 0.95.
std::string resolution_line(const sdk::Company& company);

/// Computes the summary.
Summary summarize(const sdk::BuyerGroup& group);

/// The member with this person id, or nullptr.
const sdk::Candidate* find_member(const sdk::BuyerGroup& group, std::string_view person_id);
/// The members' names for a list of person ids ("Ann Lee, Bob Ode"); an id nobody has stays.
std::string names_of(const sdk::BuyerGroup& group, const nlohmann::json& person_ids);

/// "Decision maker", "Champion", ... for a role id; the id itself when unknown.
std::string role_label(std::string_view role);

/// The best contact status of a member: "valid email", "risky email (catch_all)",
/// "no contact", ...
std::string contact_summary(const sdk::Candidate& member);

/// The member's score with this name, if computed.
std::optional<double> score_of(const sdk::Candidate& c, std::string_view name);

/// True when the flag is set.
bool has_flag(const sdk::Candidate& c, std::string_view flag);

/// "Economic buyer" style label for a sub-role code ("" stays "").
std::string humanize(std::string_view code);

/// A JSON value as display text: strings as-is, null as "unknown", numbers compactly.
std::string json_text(const nlohmann::json& v);

/// Excluded candidates grouped by reason code (text before ':'), most frequent first.
std::vector<std::pair<std::string, int>> exclusion_reasons(const sdk::BuyerGroup& group);

/// A drawable line between two members of the group.
struct FlowEdge {
  std::size_t from = 0, to = 0;  ///< indexes into group.members
  std::string kind;              ///< "reports_to", ...
  bool inferred = false;
  double confidence = 1;
};

/// The decision-flow edges between members: intelligence.decision_flow.edges when present,
/// else the source's reporting lines (person.manager_id), which are not inferred. Edges to
/// people outside the group are left out.
std::vector<FlowEdge> flow_edges(const sdk::BuyerGroup& group);

/// The opening sentence of the research section (research.llm, docs/research.md), as plain
/// text for the renderer to escape: "Provider P, model M: 4 cited items; 1 dropped for citing no
/// retrieved page." or "Provider P, model M: failed (ERROR); the group is unchanged."
std::string research_headline(const nlohmann::json& research);

/// "Pain point: " or "Context: ", the label of one research item.
std::string_view research_item_label(const nlohmann::json& item);

}  // namespace buyergraph::report
