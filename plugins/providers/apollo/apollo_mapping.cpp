#include "apollo_mapping.hpp"

#include "buyergraph/coresignal/web.hpp"

namespace buyergraph::providers::apollo {

using nlohmann::json;

namespace {

std::string text(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

// "2021-03-01" -> 2021, 3
void read_date(const std::string& date, std::optional<int>& year, std::optional<int>& month) {
  if (date.size() < 7 || date[4] != '-') return;
  try {
    year = std::stoi(date.substr(0, 4));
    month = std::stoi(date.substr(5, 2));
  } catch (const std::exception&) {
    year.reset();
    month.reset();
  }
}

sdk::Provenance provenance(const std::string& endpoint) {
  sdk::Provenance p;
  p.source = "apollo";
  p.endpoint = endpoint;
  return p;
}

}  // namespace

std::vector<SearchFilters> target_searches(const sdk::QueryTarget& t, const RoleMapping& m) {
  std::vector<SearchFilters> out;
  if (!t.title_terms.empty()) out.push_back({.titles = t.title_terms});
  if (!t.seniorities.empty() || !t.functions.empty()) {
    SearchFilters f;
    f.seniorities = RoleMapping::values(m.levels, t.seniorities);
    f.titles = RoleMapping::values(m.function_phrases, t.functions);
    out.push_back(std::move(f));
  }
  if (out.empty()) out.push_back({});
  return out;
}

std::string search_path(const std::string& company_id, const SearchFilters& f, int page,
                        int per_page) {
  std::string path = "/mixed_people/api_search?organization_ids%5B%5D=" + url_encode(company_id);
  for (const auto& s : f.seniorities) path += "&person_seniorities%5B%5D=" + url_encode(s);
  for (const auto& t : f.titles) path += "&person_titles%5B%5D=" + url_encode(t);
  return path + "&page=" + std::to_string(page) + "&per_page=" + std::to_string(per_page);
}

sdk::Result<sdk::Person> preview_from_apollo(const json& row, const sdk::Company& company) {
  const std::string id = text(row, "id");
  if (id.empty()) return sdk::Error{"bad_response", "a search row has no id"};
  sdk::Person p;
  p.id = id;
  p.first_name = text(row, "first_name");
  p.last_name = text(row, "last_name_obfuscated");
  p.full_name = p.first_name + (p.last_name.empty() ? "" : " " + p.last_name);
  p.title = text(row, "title");
  p.company_id = company.id;
  p.company_name = company.name;
  p.experience = {
      {.company_id = company.id, .company_name = company.name, .title = p.title, .current = true}};
  p.provenance = provenance("mixed_people/api_search");
  return p;
}

sdk::Result<sdk::Person> person_from_apollo(const json& j) {
  const std::string id = text(j, "id");
  if (id.empty()) return sdk::Error{"bad_response", "the person has no id"};
  sdk::Person p;
  p.id = id;
  p.first_name = text(j, "first_name");
  p.last_name = text(j, "last_name");
  p.full_name = text(j, "name");
  if (p.full_name.empty()) p.full_name = p.first_name + " " + p.last_name;
  p.headline = text(j, "headline");
  p.title = text(j, "title");
  p.management_level = text(j, "seniority");
  p.profile_url = text(j, "linkedin_url");
  p.location = text(j, "city");
  p.country = text(j, "country");
  p.company_id = text(j, "organization_id");
  if (j.contains("organization")) p.company_name = text(j["organization"], "name");
  if (j.contains("employment_history") && j["employment_history"].is_array())
    for (const auto& e : j["employment_history"]) {
      if (!e.is_object()) continue;
      sdk::Experience x;
      x.company_id = text(e, "organization_id");
      x.company_name = text(e, "organization_name");
      x.title = text(e, "title");
      x.current = e.value("current", false) == true;
      read_date(text(e, "start_date"), x.from_year, x.from_month);
      read_date(text(e, "end_date"), x.to_year, x.to_month);
      p.experience.push_back(std::move(x));
    }
  if (const std::string email = text(j, "email"); !email.empty()) {
    sdk::ContactPoint c;
    c.kind = "email";
    c.value = email;
    c.provider_status = text(j, "email_status");
    c.source = "apollo";
    p.contacts.push_back(std::move(c));
  }
  p.provenance = provenance("people/match");
  return p;
}

sdk::Result<sdk::Company> company_from_apollo(const json& o) {
  const std::string id = text(o, "id");
  if (id.empty()) return sdk::Error{"bad_response", "the organization has no id"};
  sdk::Company c;
  c.id = id;
  c.name = text(o, "name");
  std::string domain = text(o, "primary_domain");
  if (domain.empty()) domain = coresignal::registrable_domain(text(o, "website_url"));
  if (!domain.empty()) c.domains.push_back(domain);
  c.linkedin_url = text(o, "linkedin_url");
  c.industry = text(o, "industry");
  if (o.contains("estimated_num_employees") && o["estimated_num_employees"].is_number_integer())
    c.employees = o["estimated_num_employees"].get<std::int64_t>();
  c.hq_country = text(o, "country");
  c.hq_city = text(o, "city");
  c.provenance = provenance("organizations/enrich");
  return c;
}

}  // namespace buyergraph::providers::apollo
