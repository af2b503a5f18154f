#include "pdl_mapping.hpp"

#include <cstdlib>

#include "buyergraph/coresignal/web.hpp"

using nlohmann::json;

namespace buyergraph::providers {
namespace {

std::string text(const json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return {};  // null, or a free plan's `true` placeholder
}

// "2021-03" or "2021" -> year, month.
void year_month(const std::string& s, std::optional<int>& year, std::optional<int>& month) {
  if (s.size() >= 4) year = std::atoi(s.substr(0, 4).c_str());
  if (s.size() >= 7) month = std::atoi(s.substr(5, 2).c_str());
}

std::string with_scheme(const std::string& url) {
  if (url.empty() || url.rfind("http", 0) == 0) return url;
  return "https://www." + url;
}

json phrases_on(const char* field, const std::vector<std::string>& phrases) {
  json out = json::array();
  for (const auto& p : phrases)
    if (!p.empty()) out.push_back({{"match_phrase", {{field, p}}}});
  return out;
}

json any_of(const char* field, const std::vector<std::string>& values,
            const std::vector<std::string>& phrases,
            const std::vector<std::string>& not_phrases = {}) {
  json should = phrases_on("job_title", phrases);
  if (!values.empty()) should.push_back({{"terms", {{field, values}}}});
  if (should.empty()) return nullptr;
  json b = {{"should", should}, {"minimum_should_match", 1}};
  if (json n = phrases_on("job_title", not_phrases); !n.empty()) b["must_not"] = n;
  return {{"bool", b}};
}

}  // namespace

std::string_view person_fields() {
  // Keep in step with person_from_pdl below: a field read there but not listed here is lost.
  return "id,full_name,first_name,last_name,job_title,job_title_role,job_title_levels,"
         "job_company_id,job_company_name,location_name,location_country,linkedin_url,skills,"
         "work_email,emails,phone_numbers,experience";
}

sdk::Result<sdk::Person> person_from_pdl(const json& j) {
  if (!j.is_object()) return sdk::Error{"bad_record", "PDL person: not an object"};
  sdk::Person p;
  p.id = text(j, "id");
  if (p.id.empty()) return sdk::Error{"bad_record", "PDL person: id missing"};
  p.full_name = text(j, "full_name");
  p.first_name = text(j, "first_name");
  p.last_name = text(j, "last_name");
  p.title = text(j, "job_title");
  p.department = text(j, "job_title_role");
  if (auto it = j.find("job_title_levels");
      it != j.end() && it->is_array() && !it->empty() && (*it)[0].is_string())
    p.management_level = (*it)[0].get<std::string>();
  p.company_id = text(j, "job_company_id");
  p.company_name = text(j, "job_company_name");
  p.location = text(j, "location_name");
  p.country = text(j, "location_country");
  p.profile_url = with_scheme(text(j, "linkedin_url"));
  if (auto s = j.find("skills"); s != j.end() && s->is_array())
    for (const auto& x : *s)
      if (x.is_string()) p.skills.push_back(x.get<std::string>());
  auto add_contact = [&](const std::string& kind, const std::string& value) {
    if (value.empty()) return;
    for (const auto& c : p.contacts)
      if (c.kind == kind && c.value == value) return;
    sdk::ContactPoint c;
    c.kind = kind;
    c.value = value;
    c.source = "pdl";
    p.contacts.push_back(std::move(c));
  };
  add_contact("email", text(j, "work_email"));
  if (auto e = j.find("emails"); e != j.end() && e->is_array())
    for (const auto& x : *e) add_contact("email", text(x, "address"));
  if (auto ph = j.find("phone_numbers"); ph != j.end() && ph->is_array())
    for (const auto& x : *ph)
      if (x.is_string()) add_contact("phone", x.get<std::string>());
  if (auto ex = j.find("experience"); ex != j.end() && ex->is_array()) {
    for (const auto& e : *ex) {
      if (!e.is_object()) continue;
      sdk::Experience x;
      const json company = e.value("company", json());
      const json title = e.value("title", json());
      x.company_id = text(company, "id");
      x.company_name = text(company, "name");
      x.title = text(title, "name");
      x.department = text(title, "role");
      if (auto lv = title.is_object() ? title.find("levels") : title.end();
          title.is_object() && lv != title.end() && lv->is_array() && !lv->empty() &&
          (*lv)[0].is_string())
        x.management_level = (*lv)[0].get<std::string>();
      year_month(text(e, "start_date"), x.from_year, x.from_month);
      year_month(text(e, "end_date"), x.to_year, x.to_month);
      x.current = !e.contains("end_date") || e["end_date"].is_null();
      p.experience.push_back(std::move(x));
    }
  }
  p.provenance.source = "pdl";
  return p;
}

sdk::Result<sdk::Company> company_from_pdl(const json& j) {
  if (!j.is_object()) return sdk::Error{"bad_record", "PDL company: not an object"};
  sdk::Company c;
  c.id = text(j, "id");
  c.name = text(j, "display_name");
  if (c.name.empty()) c.name = text(j, "name");
  if (c.id.empty() || c.name.empty())
    return sdk::Error{"bad_record", "PDL company: id or name missing"};
  if (std::string w = text(j, "website"); !w.empty()) {
    std::string d = coresignal::registrable_domain(w);
    if (!d.empty() && !coresignal::is_platform_host(coresignal::host_of(w))) c.domains.push_back(d);
  }
  c.linkedin_url = with_scheme(text(j, "linkedin_url"));
  // PDL's other names for the company (former and trading names alike): matched as aliases.
  if (auto alt = j.find("alternative_names"); alt != j.end() && alt->is_array())
    for (const auto& a : *alt)
      if (a.is_string() && !a.get<std::string>().empty() && a.get<std::string>() != c.name)
        c.aliases.push_back(a.get<std::string>());
  c.industry = text(j, "industry");
  c.size_range = text(j, "size");
  if (auto e = j.find("employee_count"); e != j.end() && e->is_number_integer())
    c.employees = e->get<std::int64_t>();
  if (auto l = j.find("location"); l != j.end() && l->is_object()) {
    c.hq_country = text(*l, "country");
    c.hq_city = text(*l, "locality");
  }
  c.provenance.source = "pdl";
  c.provenance.endpoint = "company/enrich";
  return c;
}

json pdl_exclusions(const suppression::SuppressionList& list, std::size_t cap) {
  json urls = json::array(), emails = json::array(), out = json::array();
  for (const auto& u : list.profile_urls())
    if (urls.size() < cap) urls.push_back(u);
  for (const auto& e : list.emails())
    if (emails.size() < cap) emails.push_back(e);
  if (!urls.empty()) out.push_back({{"terms", {{"linkedin_url", urls}}}});
  if (!emails.empty()) out.push_back({{"terms", {{"work_email", emails}}}});
  std::size_t n = 0;
  for (const auto& d : list.domains()) {
    if (n++ >= cap) break;
    for (const std::string& pattern : {"*@" + d, "*@*." + d})  // the domain and its subdomains
      out.push_back(
          {{"wildcard", {{"work_email", {{"value", pattern}, {"case_insensitive", true}}}}}});
  }
  return out;
}

json person_search_query(const std::string& company_id, const sdk::QueryTarget& t,
                         const RoleMapping& m) {
  json must = json::array({{{"term", {{"job_company_id", company_id}}}}});
  json alternatives = phrases_on("job_title", t.title_terms);
  if (!t.seniorities.empty() || !t.functions.empty()) {
    json both = json::array();
    if (!t.seniorities.empty())
      if (json s = any_of("job_title_levels", RoleMapping::values(m.levels, t.seniorities),
                          RoleMapping::values(m.seniority_phrases, t.seniorities),
                          RoleMapping::values(m.seniority_not_phrases, t.seniorities));
          !s.is_null())
        both.push_back(std::move(s));
    if (!t.functions.empty())
      if (json f = any_of("job_title_role", RoleMapping::values(m.functions, t.functions),
                          RoleMapping::values(m.function_phrases, t.functions));
          !f.is_null())
        both.push_back(std::move(f));
    if (!both.empty()) alternatives.push_back({{"bool", {{"must", both}}}});
  }
  if (!alternatives.empty())
    must.push_back({{"bool", {{"should", alternatives}, {"minimum_should_match", 1}}}});
  return {{"bool", {{"must", must}}}};
}

}  // namespace buyergraph::providers
