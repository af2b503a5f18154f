#pragma once
// One company's org chart and the traps planted in it. Nodes are in emission order; node 0 is
// the CEO and every other node's parent comes before it.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "buyergraph/demo/rng.hpp"
#include "company_plan.hpp"
#include "model.hpp"
#include "vocabulary.hpp"

namespace buyergraph::demo {

enum class Role : std::uint8_t { member, ceo, chief, assistant };

/// Trap bits on a node (see docs/demo-data.md, "Traps").
enum Trap : std::uint16_t {
  kDeleted = 1 << 0,
  kDuplicateChild = 1 << 1,  ///< a second record with is_parent 0 and parent_id -> this one
  kDuplicateNear = 1 << 2,   ///< a second is_parent 1 record with the same LinkedIn URL
  kMissingTitle = 1 << 3,
  kMissingDepartment = 1 << 4,
  kMissingEmail = 1 << 5,
  kMalformedEmail = 1 << 6,
  kMalformedPhone = 1 << 7,
  kRecentlyAppointed = 1 << 8,
  kBoardSeat = 1 << 9,        ///< a second current role (board seat) at another company
  kBoardSeatIsRoot = 1 << 10  ///< ... and the root active_experience_* fields describe the seat
};

/// A geographic scope of a team: the whole company, a region (EMEA) or a country (DACH).
struct Scope {
  std::string qualifier;  ///< shown in leaders' titles; empty for the whole company
  std::vector<std::string> countries;
  std::vector<std::uint64_t> weights;
  int parent = -1;
};

struct OrgNode {
  std::int32_t parent = -1;
  std::int32_t subtree = 1;  ///< people in this node's subtree, itself included
  Seniority seniority = Seniority::ic;
  Function function = Function::other;  ///< true function (truth.jsonl)
  Function dept = Function::other;      ///< function whose vocabulary names the job
  Role role = Role::member;
  bool senior_variant = false;  ///< SVP / Senior Director / Senior Manager
  std::int16_t city = 0;
  std::int16_t scope = 0;
  std::uint16_t traps = 0;
};

struct OrgTree {
  std::vector<OrgNode> nodes;
  std::vector<Scope> scopes;
  std::map<int, int> board_seat;  ///< node -> index (in the plan vector) of the board company
  std::vector<int> duplicated;    ///< nodes that get a second record, ascending
};

/// Builds the org chart of plans[self] with its traps. Deterministic in (seed, plan slot).
OrgTree build_org_tree(const Vocabulary& vocab, const std::vector<CompanyPlan>& plans,
                       std::size_t self, std::uint64_t seed);

}  // namespace buyergraph::demo
