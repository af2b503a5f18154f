// Department as evidence: when the title names no function ("Team Leader", "Clerk",
// "Supervisor"), the person's department decides it — first the department names of the rules
// file, then the department read as a title by the title rules. A title that names a function
// always wins: a "Marketing Manager" in the Sales department is marketing.
//
// The titles/departments work adds a department-aware classifier to domain/titles; when it
// lands, department_function() is the one place to call it.
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
  std::string basis;  ///< "department names" | "title rules <rule>"
};

DepartmentFunction department_function(const Config& cfg, const std::string& department) {
  const std::string n = cfg.titles->normalize(department);
  if (n.empty()) return {};
  const std::string padded = " " + n + " ";
  for (const auto& d : cfg.departments)
    if (const Phrase* p = d.names.find(padded))
      return {function_names()[static_cast<std::size_t>(d.function)],
              "department name '" + p->text + "'"};
  titles::TitleLabel l = cfg.titles->classify(department);
  if (l.function.empty() || l.function == "other" || l.function_confidence <= 0) return {};
  return {l.function, "title rules " + l.rule};
}

}  // namespace

void RoleEngine::apply_department(sdk::Candidate& c, const AccountRules& acct) const {
  if (!c.function.empty() && c.function != "other") return;
  const std::string department = department_of(c.person, acct.data->company_id);
  if (department.empty()) return;
  DepartmentFunction d = department_function(*config_, department);
  if (d.function.empty()) return;
  c.evidence.push_back({.field = "person.department",
                        .value = department,
                        .source = c.person.provenance.source,
                        .note = "the title names no function; the department says " + d.function +
                                " (" + d.basis + ")"});
  c.function = d.function;
}

}  // namespace buyergraph::roles
