#include "fixtures.hpp"

#include <cctype>

namespace fixtures {

using namespace buyergraph::sdk;

Candidate candidate(const Spec& s) {
  Candidate c;
  c.person.id = s.id;
  c.person.full_name = s.name;
  c.person.title = s.title;
  c.person.company_id = "fx-100";
  c.person.company_name = "Fixture Freight Ltd";
  std::string slug;
  for (char ch : s.name)
    slug += ch == ' ' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  c.person.profile_url = "https://www.linkedin.com/in/" + slug + "-fixture";
  c.person.contacts.push_back({.kind = "email",
                               .value = slug + "@fixture-freight.example",
                               .status = s.email_status,
                               .source = "fixture"});
  c.person.provenance = {.source = "fixture", .cost = 1, .synthetic = true};
  c.seniority = s.seniority;
  c.function = s.function;
  c.role = s.role;
  c.sub_role = s.sub_role;
  c.employment_status = s.employment;
  c.excluded_reason = s.excluded_reason;
  c.confidence = 0.7;
  c.scores.push_back({.name = "overall", .value = s.overall});
  if (!s.role.empty()) {
    c.rule_ids.push_back("fixture.role." + s.role);
    c.evidence.push_back({.field = "person.title",
                          .value = s.title,
                          .source = "fixture",
                          .note = "fixture role " + s.role});
  }
  return c;
}

Company company(std::optional<std::int64_t> employees) {
  Company c;
  c.id = "fx-100";
  c.name = "Fixture Freight Ltd";
  c.domains = {"fixture-freight.example"};
  c.employees = employees;
  c.provenance = {.source = "fixture", .synthetic = true};
  return c;
}

SellerProfile seller(double deal_size, std::vector<std::string> targets, std::string stage) {
  SellerProfile s;
  s.name = "Fixture Seller";
  s.product = "route planning software";
  s.deal_size = deal_size;
  s.target_functions = std::move(targets);
  s.deal_stage = std::move(stage);
  s.source_file = "fixture.yaml";
  s.introducer_definition = "none";
  return s;
}

}  // namespace fixtures
