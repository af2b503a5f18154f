// Function evidence beyond the title rules' first answer, read in score.fit:
// - department: when the title names no function ("Team Leader", "Clerk", "Supervisor"), or the
//   function is only the title model's guess ("Department Manager" read as sales) and the
//   department's name says otherwise, the person's department decides — first the department
//   names of the rules file, then the department read as a title by the title rules. A title
//   rule always wins: a "Marketing Manager" in the Sales department is marketing.
// - chief titles the title rules read as general management although their words name a
//   function ("Chief Business Officer": the commercial side), from the rules file's
//   `executive_titles`.
//
// The titles work owns the classifier (domain/titles); department_function() is the one place
// that calls it for departments.
#include <string_view>

#include "buyergraph/roles/engine.hpp"
#include "config.hpp"

namespace buyergraph::roles {
namespace {

using namespace detail;

// The department of the current position at the account's company, else the person's.
std::string department_of(const sdk::Person& p, std::string_view company_id) {
  if (!company_id.empty())
    if (const sdk::Experience* e = p.current_role_at(company_id); e && !e->department.empty())
      return e->department;
  return p.department;
}

struct DepartmentFunction {
  std::string function;
  std::string basis;  ///< "department name 'purchasing'" | "title rules <rule>"
  /// From words, not a guess: the rules file's department names or a title rule on the
  /// department (not the title model).
  bool explicit_words = false;
};

DepartmentFunction department_function(const Config& cfg, const std::string& department) {
  const std::string n = cfg.titles->normalize(department);
  if (n.empty()) return {};
  const std::string padded = " " + n + " ";
  for (const auto& d : cfg.departments)
    if (const Phrase* p = d.names.find(padded))
      return {function_names()[static_cast<std::size_t>(d.function)],
              "department name '" + p->text + "'", true};
  titles::TitleLabel l = cfg.titles->classify(department);
  if (l.function.empty() || l.function == "other" || l.function_confidence <= 0) return {};
  return {l.function, "title rules " + l.rule, l.layer == "rule"};
}

// The title's function is a guess of the title model (on the title or on the department), not
// a title rule.
bool function_is_a_guess(const Config& cfg, const sdk::Candidate& c,
                         const std::string& department) {
  const titles::TitleLabel l = cfg.titles->classify(c.person.title, department);
  const std::string_view rule = l.rule;
  return l.layer == "model" || rule.ends_with("+dept:model");
}

void set_function(sdk::Candidate& c, const std::string& function, std::string field,
                  std::string value, std::string note) {
  c.evidence.push_back({.field = std::move(field),
                        .value = std::move(value),
                        .source = c.person.provenance.source,
                        .note = std::move(note)});
  c.function = function;
}

}  // namespace

void RoleEngine::apply_department(sdk::Candidate& c, const AccountRules& acct) const {
  const Config& cfg = *config_;
  if (c.function == "executive" && c.seniority == "c_level" && !c.person.title.empty()) {
    const std::string padded = " " + cfg.titles->normalize(c.person.title) + " ";
    for (const auto& t : cfg.executive_titles)
      if (const Phrase* p = t.names.find(padded)) {
        const std::string& fn = function_names()[static_cast<std::size_t>(t.function)];
        set_function(c, fn, "person.title", c.person.title,
                     "the title names a function the title rules read as general management: '" +
                         p->text + "' leads " + fn + " (executive_titles)");
        return;
      }
  }

  const std::string department = department_of(c.person, acct.data->company_id);
  if (department.empty()) return;
  const bool no_function = c.function.empty() || c.function == "other";
  DepartmentFunction d = department_function(cfg, department);
  if (d.function.empty()) return;
  if (no_function) {
    if (d.function == "other") return;
    set_function(
        c, d.function, "person.department", department,
        "the title names no function; the department says " + d.function + " (" + d.basis + ")");
    return;
  }
  // Only the department's own words overrule a guess; never a title rule.
  if (!d.explicit_words || d.function == c.function || !function_is_a_guess(cfg, c, department))
    return;
  const std::string guess = c.function;
  set_function(c, d.function, "person.department", department,
               "the title names no function (the title model guessed " + guess + "); " +
                   (d.function == "other" ? "the department names none either"
                                          : "the department says " + d.function) +
                   " (" + d.basis + ")");
}

}  // namespace buyergraph::roles
