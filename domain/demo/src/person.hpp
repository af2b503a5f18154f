#pragma once
// Turns an org-chart node into a person: name, titles, history, contacts and ground truth.
// Everything about one person comes from that person's own PRNG stream, so a person can be
// rebuilt on its own (the company record lists recently appointed executives by name).
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "buyergraph/demo/rng.hpp"
#include "company_plan.hpp"
#include "org_tree.hpp"
#include "vocabulary.hpp"

namespace buyergraph::demo {

struct Experience {
  const Employer* employer = nullptr;
  bool active = false;
  std::optional<std::string> title, department;
  std::string management_level;
  int from = 0;  ///< month index
  int to = -1;   ///< month index; -1 while active
  std::string location;
};

struct Person {
  std::int64_t id = 0;
  int node = 0;
  std::string first, middle, last, full, slug;
  int city = 0;
  std::string headline;
  std::vector<Experience> experience;  ///< output order
  int primary = 0;                     ///< index in experience of the role at this company
  int root = 0;                        ///< index the root active_experience_* fields describe
  std::optional<std::string> email;
  std::string email_status;
  std::vector<std::pair<std::string, std::string>> more_emails;  ///< address, status
  std::vector<std::string> phones, skills;
  int connections = 0, followers = 0, profile_score = 0;  ///< score in hundredths
  std::int64_t created = 0, updated = 0, checked = 0, change_identified = 0;  ///< days since epoch
  int seconds = 0;
  std::string institution, degree;
  int edu_from = 0, edu_to = 0;
  // ground truth
  std::vector<std::int64_t> former;  ///< dataset companies in past roles only
  std::vector<std::string> missing;
  std::int64_t board_company = 0;
  bool malformed_email = false, malformed_phone = false, recently_appointed = false;
};

/// Shared, read-only context for building the people of one company.
struct PersonContext {
  const Vocabulary* vocab = nullptr;
  const std::vector<CompanyPlan>* plans = nullptr;
  const std::vector<Employer>* outside = nullptr;
  const std::vector<std::uint64_t>* former_cumulative = nullptr;  ///< prefix sums over plans
  std::uint64_t seed = 0;
  int reference_month = 0;          ///< month index of the reference date
  std::int64_t reference_days = 0;  ///< days since epoch of the reference date
};

class PersonFactory {
 public:
  PersonFactory(const PersonContext& ctx, std::size_t self, const OrgTree& tree);

  /// The person at `node`. Emails are made unique within the company in call order.
  Person make(int node);

  /// Person id for the k-th record of this company (k < employees: tree nodes; then duplicates).
  std::int64_t person_id(int k) const;

  /// Name and current title without touching email bookkeeping (for the company record).
  Person preview(int node);

 private:
  Person build(int node, bool with_contacts);
  std::string leader_title(Function dept, Seniority s, bool senior, const std::string& locale,
                           Rng& rng) const;
  std::string ic_title(Function dept, Seniority s, const std::string& locale, Rng& rng) const;
  std::string title_for(Function dept, Seniority s, bool senior, Role role,
                        const std::string& locale, const std::string& country, Rng& rng) const;
  std::string management_level(Seniority s, const std::string& title, Rng& rng) const;
  const Employer& previous_employer(Rng& rng, std::int64_t exclude_a, std::int64_t exclude_b,
                                    bool& in_dataset) const;
  void add_contacts(Person& p, const OrgNode& node, Rng& rng);

  const PersonContext& ctx_;
  const CompanyPlan& plan_;
  const OrgTree& tree_;
  std::unordered_set<std::string> used_locals_;
};

/// Lowercase ASCII fold of a UTF-8 name ("Jürgen" -> "jurgen", "O'Brien" -> "obrien").
std::string ascii_fold(const std::string& utf8, bool keep_spaces = false);

}  // namespace buyergraph::demo
