#pragma once
// Serialisers for the three JSON Lines files: CoreSignal multi-source company and employee
// records (wire field names and order), and the ground-truth sidecar.
#include <cstdint>
#include <string>
#include <vector>

#include "company_plan.hpp"
#include "json_line.hpp"
#include "org_tree.hpp"
#include "person.hpp"

namespace buyergraph::demo {

/// Record-level facts that differ between a person and its duplicate record.
struct RecordMeta {
  std::int64_t id = 0;
  std::int64_t parent_id = 0;
  bool is_parent = true;
  bool is_deleted = false;
  std::vector<std::int64_t> historical_ids;
  std::string linkedin_url;
  std::string first_name, full_name;  ///< empty = the person's own
  std::int64_t updated = 0;           ///< days since epoch; 0 = the person's own
};

struct CompanyFacts {
  const CompanyPlan* plan = nullptr;
  const std::vector<CompanyPlan>* plans = nullptr;
  const OrgTree* tree = nullptr;
  std::vector<Person> arrivals;  ///< recently appointed executives
  std::uint64_t seed = 0;
  int reference_month = 0;
  std::int64_t reference_days = 0;
};

void write_company(JsonLine& out, const Vocabulary& vocab, const CompanyFacts& facts);
void write_employee(JsonLine& out, const Vocabulary& vocab, const Person& person,
                    const RecordMeta& meta, int reference_month);
/// One truth row. duplicate_of = 0 for an original record.
void write_truth(JsonLine& out, const Person& person, std::int64_t record_id, const OrgNode& node,
                 std::int64_t company_id, std::int64_t manager_id, std::int64_t duplicate_of,
                 bool deleted, const std::vector<std::int64_t>& namesake_ids);

}  // namespace buyergraph::demo
