#include "coresignal_query.hpp"

#include <algorithm>
#include <cctype>

using nlohmann::json;

namespace buyergraph::providers {

json company_id_value(const std::string& id) {
  const bool digits =
      !id.empty() && id.size() < 19 &&
      std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isdigit(c); });
  return digits ? json(std::stoll(id)) : json(id);
}

namespace {

// The current role at the company, optionally with more conditions on the same entry.
json current_role_at(const json& company, json extra_must = json::array(),
                     json should = json::array()) {
  json must = json::array({{{"term", {{"experience.company_id", company}}}},
                           {{"term", {{"experience.active_experience", 1}}}}});
  for (auto& e : extra_must) must.push_back(std::move(e));
  json inner = {{"must", must}};
  if (!should.empty()) {
    inner["should"] = std::move(should);
    inner["minimum_should_match"] = 1;
  }
  return {{"nested", {{"path", "experience"}, {"query", {{"bool", inner}}}}}};
}

json title_phrases(const std::vector<std::string>& phrases) {
  json out = json::array();
  for (const auto& p : phrases)
    if (!p.empty()) out.push_back({{"match_phrase", {{"experience.position_title", p}}}});
  return out;
}

// "field value in `values`" OR "title contains one of `phrases`" (inside the current role);
// null when both lists are empty (the part then wants anyone).
// `not_phrases`: titles excluded from the part even when they carry a phrase or level.
json any_of(const json& company, const char* field, const std::vector<std::string>& values,
            const std::vector<std::string>& phrases,
            const std::vector<std::string>& not_phrases = {}) {
  json should = json::array();
  if (!values.empty()) should.push_back({{"terms", {{field, values}}}});
  if (json t = title_phrases(phrases); !t.empty())
    should.push_back(current_role_at(company, json::array(), std::move(t)));
  if (should.empty()) return nullptr;
  json b = {{"should", should}, {"minimum_should_match", 1}};
  if (json t = title_phrases(not_phrases); !t.empty())
    b["must_not"] = json::array({current_role_at(company, json::array(), std::move(t))});
  return {{"bool", b}};
}

}  // namespace

json employee_search_body(const std::string& company_id, const sdk::QueryTarget& t,
                          const RoleMapping& m) {
  const json company = company_id_value(company_id);
  json filter = json::array(
      {current_role_at(company), {{"term", {{"is_deleted", 0}}}}, {{"term", {{"is_parent", 1}}}}});
  json alternatives = json::array();
  for (const auto& term : t.title_terms)
    if (!term.empty())
      alternatives.push_back(current_role_at(
          company, json::array({{{"match_phrase", {{"experience.position_title", term}}}}})));
  if (!t.seniorities.empty() || !t.functions.empty()) {
    json both = json::array();
    if (!t.seniorities.empty())
      if (json s = any_of(company, "active_experience_management_level",
                          RoleMapping::values(m.levels, t.seniorities),
                          RoleMapping::values(m.seniority_phrases, t.seniorities),
                          RoleMapping::values(m.seniority_not_phrases, t.seniorities));
          !s.is_null())
        both.push_back(std::move(s));
    if (!t.functions.empty())
      if (json f = any_of(company, "active_experience_department",
                          RoleMapping::values(m.functions, t.functions),
                          RoleMapping::values(m.function_phrases, t.functions));
          !f.is_null())
        both.push_back(std::move(f));
    if (!both.empty()) alternatives.push_back({{"bool", {{"must", both}}}});
  }
  json b = {{"filter", filter}};
  if (!alternatives.empty())
    b["must"] = json::array({{{"bool", {{"should", alternatives}, {"minimum_should_match", 1}}}}});
  return {{"query", {{"bool", b}}}, {"sort", json::array({"_score"})}};
}

json employee_exclusions(const suppression::SuppressionList& list, std::size_t cap) {
  json out = json::array();
  json slugs = json::array(), emails = json::array();
  constexpr std::string_view kLinkedIn = "linkedin.com/in/";
  for (const auto& url : list.profile_urls()) {
    if (slugs.size() >= cap) break;
    if (url.rfind(kLinkedIn, 0) == 0 && url.size() > kLinkedIn.size())
      slugs.push_back(url.substr(kLinkedIn.size()));
  }
  for (const auto& e : list.emails()) {
    if (emails.size() >= cap) break;
    emails.push_back(e);
  }
  if (!slugs.empty()) out.push_back({{"terms", {{"linkedin_shorthand_names.exact", slugs}}}});
  if (!emails.empty()) out.push_back({{"terms", {{"primary_professional_email", emails}}}});
  std::size_t n = 0;
  for (const auto& d : list.domains()) {
    if (n++ >= cap) break;
    for (const std::string& pattern : {"*@" + d, "*@*." + d})  // the domain and its subdomains
      out.push_back(
          {{"wildcard",
            {{"primary_professional_email", {{"value", pattern}, {"case_insensitive", true}}}}}});
  }
  return out;
}

json company_name_search_body(const std::string& name) {
  return {{"query",
           {{"bool", {{"must", json::array({{{"match_phrase", {{"company_name", name}}}}})}}}}},
          {"sort", json::array({"_score"})}};
}

}  // namespace buyergraph::providers
