// People Data Labs v5 endpoints: person search (Elasticsearch `query` form),
// person enrich and company enrich, over the store's non-deleted, non-duplicate records.
#include <algorithm>
#include <cctype>
#include <functional>
#include <mutex>
#include <set>
#include <sstream>
#include <unordered_map>

#include "buyergraph/coresignal/web.hpp"
#include "routes.hpp"
#include "search.hpp"

namespace buyergraph::mock::detail {

using nlohmann::json;

namespace {

Reply pdl_error(int status, const std::string& type, const std::string& message) {
  return error_reply(Provider::pdl, status, type, message);
}

Reply not_found() {
  return pdl_error(404, "not_found", "No records were found matching your request");
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

json text_or_null(const std::string& s, bool lowercase) {
  if (s.empty()) return nullptr;
  return lowercase ? lower(s) : s;
}

std::string slug_of(const std::string& url) {
  std::string t = url;
  while (!t.empty() && t.back() == '/') t.pop_back();
  auto slash = t.rfind('/');
  return slash == std::string::npos ? t : t.substr(slash + 1);
}

/// "51-200 employees" -> "51-200", as PDL writes sizes.
std::string pdl_size(const std::string& s) {
  auto sp = s.find(' ');
  return sp == std::string::npos ? s : s.substr(0, sp);
}

/// PDL `job_title_levels` from CoreSignal's management level and the title.
json levels(const std::string& management_level, const std::string& title) {
  std::string t = " " + lower(title) + " ";
  if (t.find("vice president") != std::string::npos || t.find(" vp ") != std::string::npos ||
      t.find(" svp ") != std::string::npos || t.find(" evp ") != std::string::npos)
    return json::array({"vp"});
  static const std::map<std::string, std::string> map = {
      {"C-Level", "cxo"},     {"Founder", "owner"},   {"Owner", "owner"},
      {"Partner", "partner"}, {"Head", "director"},   {"Director", "director"},
      {"Manager", "manager"}, {"Senior", "senior"},   {"Intern", "training"},
      {"Mid-Level", "entry"}, {"Specialist", "entry"}};
  auto it = map.find(management_level);
  return it == map.end() ? json::array() : json::array({it->second});
}

/// PDL `job_title_role` from CoreSignal's department.
json role_of(const std::string& department) {
  static const std::map<std::string, std::string> map = {
      {"Finance & Accounting", "finance"},
      {"Sales", "sales"},
      {"Marketing", "marketing"},
      {"Engineering and Technical", "engineering"},
      {"Human Resources", "human_resources"},
      {"Operations", "operations"},
      {"Product Management", "product"},
      {"Customer Service", "support"},
      {"Consulting", "professional_service"},
      {"Data Science", "research"},
      {"Legal", "legal"}};
  auto it = map.find(department);
  return it == map.end() ? json() : json(it->second);
}

std::string ym(const std::optional<int>& y, const std::optional<int>& m) {
  if (!y) return {};
  char buf[16];
  if (m)
    std::snprintf(buf, sizeof buf, "%04d-%02d", *y, *m);
  else
    std::snprintf(buf, sizeof buf, "%04d", *y);
  return buf;
}

/// The person in PDL's shape. Text is lower-cased unless `titlecase`, as PDL does.
json pdl_person(const sdk::Person& p, Corpus& corpus, bool titlecase, bool free_plan) {
  const bool lc = !titlecase;
  auto company_doc = [&](const std::string& id) { return corpus.company(id).value_or(json()); };
  auto domain_of = [](const json& c) -> json {
    if (!c.is_object() || !c["website"].is_string()) return nullptr;
    return coresignal::registrable_domain(c["website"].get<std::string>());
  };
  json j;
  j["id"] = p.id;
  j["full_name"] = text_or_null(p.full_name, lc);
  j["first_name"] = text_or_null(p.first_name, lc);
  j["last_name"] = text_or_null(p.last_name, lc);
  std::string slug = p.profile_url.empty() ? "" : slug_of(p.profile_url);
  j["linkedin_url"] = slug.empty() ? json() : json("linkedin.com/in/" + lower(slug));
  j["linkedin_username"] = slug.empty() ? json() : json(lower(slug));
  json emails = json::array(), phones = json::array();
  for (const auto& c : p.contacts) {
    if (c.kind == "email")
      emails.push_back({{"address", lower(c.value)}, {"type", "current_professional"}});
    if (c.kind == "phone") phones.push_back(c.value);
  }
  j["work_email"] = emails.empty() ? json() : (free_plan ? json(true) : emails[0]["address"]);
  j["emails"] = free_plan ? json(!emails.empty()) : emails;
  j["mobile_phone"] = phones.empty() ? json() : (free_plan ? json(true) : phones[0]);
  j["phone_numbers"] = free_plan ? json(!phones.empty()) : phones;
  j["job_title"] = text_or_null(p.title, lc);
  j["job_title_role"] = role_of(p.department);
  j["job_title_sub_role"] = nullptr;
  j["job_title_levels"] = levels(p.management_level, p.title);
  json current = company_doc(p.company_id);
  j["job_company_id"] = p.company_id.empty() ? json() : json(p.company_id);
  j["job_company_name"] = text_or_null(p.company_name, lc);
  j["job_company_website"] = domain_of(current);
  j["job_company_size"] = current.is_object() && current["size_range"].is_string()
                              ? json(pdl_size(current["size_range"].get<std::string>()))
                              : json();
  j["job_company_industry"] = current.is_object() && current["industry"].is_string()
                                  ? text_or_null(current["industry"].get<std::string>(), lc)
                                  : json();
  j["job_company_linkedin_url"] =
      current.is_object() ? current.value("linkedin_url", json()) : json();
  j["job_start_date"] = nullptr;
  json experience = json::array();
  for (const auto& e : p.experience) {
    json c = company_doc(e.company_id);
    std::string from = ym(e.from_year, e.from_month), to = ym(e.to_year, e.to_month);
    experience.push_back(
        {{"company",
          {{"id", e.company_id.empty() ? json() : json(e.company_id)},
           {"name", text_or_null(e.company_name, lc)},
           {"website", domain_of(c)},
           {"size", c.is_object() && c["size_range"].is_string()
                        ? json(pdl_size(c["size_range"].get<std::string>()))
                        : json()},
           {"industry", c.is_object() && c["industry"].is_string()
                            ? text_or_null(c["industry"].get<std::string>(), lc)
                            : json()},
           {"linkedin_url", c.is_object() ? c.value("linkedin_url", json()) : json()}}},
         {"title",
          {{"name", text_or_null(e.title, lc)},
           {"role", role_of(e.department)},
           {"sub_role", nullptr},
           {"levels", levels(e.management_level, e.title)}}},
         {"start_date", from.empty() ? json() : json(from)},
         {"end_date", to.empty() ? json() : json(to)},
         {"is_primary", e.current && e.company_id == p.company_id}});
    if (e.current && e.company_id == p.company_id && !from.empty()) j["job_start_date"] = from;
  }
  j["experience"] = experience;
  j["location_name"] = text_or_null(p.location, lc);
  j["location_country"] = text_or_null(p.country, lc);
  json skills = json::array();
  for (const auto& s : p.skills) skills.push_back(lc ? lower(s) : s);
  j["skills"] = skills;
  return j;
}

/// Request parameters from the JSON body (POST) or the query string (GET).
json params_of(const httplib::Request& req) {
  if (req.method == "POST" && !req.body.empty()) {
    auto b = json_body(req);
    return b ? *b : json();  // null = malformed body
  }
  json p = json::object();
  for (const auto& [k, v] : req.params) {
    if (k == "query") {
      auto q = json::parse(v, nullptr, false);
      p[k] = q.is_discarded() ? json(v) : q;
    } else {
      p[k] = v;
    }
  }
  return p;
}

std::optional<long> int_param(const json& p, const char* key) {
  if (!p.contains(key)) return std::nullopt;
  const json& v = p[key];
  if (v.is_number_integer()) return v.get<long>();
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    char* end = nullptr;
    long n = std::strtol(s.c_str(), &end, 10);
    if (!s.empty() && *end == '\0') return n;
  }
  return std::nullopt;
}

bool flag_param(const json& p, const char* key) {
  if (!p.contains(key)) return false;
  const json& v = p[key];
  return v.is_boolean() ? v.get<bool>() : (v.is_string() && v.get<std::string>() == "true");
}

std::string str_param(const json& p, const char* key) {
  return p.contains(key) && p[key].is_string() ? p[key].get<std::string>() : std::string();
}

/// A record cut to `data_include` (PDL Person Search input parameters): a comma-separated list
/// of fields to keep, or to drop when it begins with '-'; a dotted name reaches into objects and
/// arrays of objects ("experience.title"). An empty value keeps no data.
json apply_data_include(const json& record, const std::string& spec) {
  const bool exclude = !spec.empty() && spec[0] == '-';
  std::vector<std::vector<std::string>> paths;
  std::string field;
  std::istringstream list(exclude ? spec.substr(1) : spec);
  while (std::getline(list, field, ',')) {
    field.erase(0, field.find_first_not_of(' '));
    field.erase(field.find_last_not_of(' ') + 1);
    if (field.empty()) continue;
    std::vector<std::string> parts;
    std::istringstream dotted(field);
    for (std::string part; std::getline(dotted, part, '.');) parts.push_back(part);
    paths.push_back(std::move(parts));
  }
  // Keeps (or drops) one path in `out`, read from `in`.
  std::function<void(const json&, json&, const std::vector<std::string>&, std::size_t)> walk =
      [&](const json& in, json& out, const std::vector<std::string>& path, std::size_t i) {
        if (in.is_array()) {
          for (std::size_t k = 0; k < in.size() && k < out.size(); ++k)
            walk(in[k], out[k], path, i);
          return;
        }
        if (!in.is_object() || !in.contains(path[i])) return;
        if (i + 1 == path.size()) {
          if (exclude)
            out.erase(path[i]);
          else
            out[path[i]] = in[path[i]];
          return;
        }
        if (!out.contains(path[i]))
          out[path[i]] = in[path[i]].is_array() ? json(json::array()) : json::object();
        json& next = out[path[i]];
        if (in[path[i]].is_array() && next.is_array())
          while (next.size() < in[path[i]].size()) next.push_back(json::object());
        walk(in[path[i]], next, path, i + 1);
      };
  json out = exclude ? record : json::object();
  for (const auto& path : paths) walk(record, out, path, 0);
  return out;
}

/// Lower-cased search documents, built once per person.
struct PdlIndex {
  Corpus* corpus = nullptr;
  bool free_plan = false;
  std::mutex mu;
  std::unordered_map<std::string, std::shared_ptr<const json>> docs;

  std::shared_ptr<const json> doc(const std::string& id) {
    {
      std::lock_guard lock(mu);
      if (auto it = docs.find(id); it != docs.end()) return it->second;
    }
    std::shared_ptr<const json> d;
    if (auto p = corpus->person(id); p && !p->deleted && !p->duplicate)
      d = std::make_shared<const json>(pdl_person(*p, *corpus, false, free_plan));
    std::lock_guard lock(mu);
    docs.emplace(id, d);
    return d;
  }
};

std::vector<std::string> pdl_candidates(Corpus& corpus, const EsQuery& q) {
  std::optional<std::vector<std::string>> companies;
  if (auto v = q.required_values("job_company_id")) {
    companies.emplace();
    for (const auto& x : *v) companies->push_back(id_text(x));
  } else if (auto w = q.required_values("job_company_website")) {
    companies.emplace();
    for (const auto& x : *w)
      for (const auto& c : corpus.companies_by_website(id_text(x)))
        companies->push_back(id_text(c["id"]));
  }
  if (!companies) return corpus.person_ids();
  std::set<std::string> seen;
  std::vector<std::string> ids;
  for (const auto& c : *companies)
    for (auto& id : corpus.people_with_role_at(c))
      if (seen.insert(id).second) ids.push_back(std::move(id));
  return ids;
}

/// A likelihood for the enrich match, and the person.
struct EnrichMatch {
  std::optional<sdk::Person> person;
  int likelihood = 0;
};

std::string fold_name(std::string s) {
  s = lower(std::move(s));
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80)
      out.push_back(c);
  return out;
}

std::optional<EnrichMatch> match_person(Corpus& corpus, const json& p, std::string& problem) {
  auto usable = [](const std::optional<sdk::Person>& x) {
    return x && !x->deleted && !x->duplicate;
  };
  if (auto id = str_param(p, "pdl_id"); !id.empty()) {
    auto x = corpus.person(id);
    return EnrichMatch{usable(x) ? x : std::nullopt, 10};
  }
  if (auto profile = str_param(p, "profile"); !profile.empty()) {
    if (profile.rfind("http", 0) != 0) profile = "https://" + profile;
    for (auto& x : corpus.store().people_by_profile_url(profile))
      if (!x.deleted && !x.duplicate) return EnrichMatch{x, 9};
    return EnrichMatch{};
  }
  if (auto email = str_param(p, "email"); !email.empty()) {
    for (auto& x : corpus.store().people_by_email(email))
      if (!x.deleted && !x.duplicate) return EnrichMatch{x, 9};
    return EnrichMatch{};
  }
  std::string name = str_param(p, "name");
  if (name.empty()) name = str_param(p, "first_name") + " " + str_param(p, "last_name");
  std::string company = str_param(p, "company");
  if (fold_name(name).empty() || company.empty()) {
    problem = "Provide pdl_id, profile, email, or a name with a company";
    return std::nullopt;
  }
  std::vector<sdk::Company> companies;
  if (company.find('.') != std::string::npos)
    companies = corpus.store().companies_by_domain(company);
  if (companies.empty()) companies = corpus.store().company_candidates(company, 3);
  for (const auto& c : companies)
    for (auto& x : corpus.store().current_employees(c.id))
      if (fold_name(x.full_name) == fold_name(name)) return EnrichMatch{x, 8};
  return EnrichMatch{};
}

/// `required`: field names joined by AND, each of which must be non-null and non-empty.
bool meets_required(const json& data, const std::string& required) {
  std::size_t start = 0;
  while (start < required.size()) {
    auto pos = required.find(" AND ", start);
    std::string f =
        required.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
    f.erase(0, f.find_first_not_of(' '));
    f.erase(f.find_last_not_of(' ') + 1);
    if (!f.empty()) {
      if (!data.contains(f)) return false;
      const json& v = data[f];
      if (v.is_null() || v == false || (v.is_array() && v.empty()) ||
          (v.is_string() && v.get<std::string>().empty()))
        return false;
    }
    if (pos == std::string::npos) break;
    start = pos + 5;
  }
  return true;
}

json pdl_company(const json& c, bool titlecase) {
  std::string website = c["website"].is_string() ? c["website"].get<std::string>() : "";
  json out = {
      {"status", 200},
      {"id", id_text(c["id"])},
      {"name", c["company_name"].is_string()
                   ? text_or_null(c["company_name"].get<std::string>(), !titlecase)
                   : json()},
      {"display_name", c.value("company_name", json())},
      {"website", website.empty() ? json() : json(coresignal::registrable_domain(website))},
      {"size",
       c["size_range"].is_string() ? json(pdl_size(c["size_range"].get<std::string>())) : json()},
      {"employee_count", c.value("employees_count", json())},
      {"industry", c["industry"].is_string()
                       ? text_or_null(c["industry"].get<std::string>(), !titlecase)
                       : json()},
      {"linkedin_url", c.value("linkedin_url", json())},
      {"founded", c.value("founded_year", json())},
      {"location",
       {{"country", c["hq_country"].is_string()
                        ? text_or_null(c["hq_country"].get<std::string>(), !titlecase)
                        : json()},
        {"locality", c["hq_city"].is_string()
                         ? text_or_null(c["hq_city"].get<std::string>(), !titlecase)
                         : json()}}}};
  return out;
}

}  // namespace

void add_pdl_routes(Router& router) {
  Corpus& corpus = *router.corpus;
  auto index = std::make_shared<PdlIndex>();
  index->corpus = &corpus;
  index->free_plan = router.config->pdl_free_plan;
  const bool free_plan = router.config->pdl_free_plan;

  Handler search = [&corpus, router, index, free_plan](const httplib::Request& req, FaultKind) {
    json p = params_of(req);
    if (!p.is_object())
      return pdl_error(400, "invalid_request_error", "Request body is not a JSON object");
    if (p.contains("sql"))
      return pdl_error(
          400, "invalid_request_error",
          "The mock implements only the Elasticsearch 'query' form; 'sql' is not supported");
    if (!p.contains("query"))
      return pdl_error(400, "invalid_request_error", "One of 'query' or 'sql' is required");
    long size = int_param(p, "size").value_or(1);
    if (p.contains("size") && !int_param(p, "size")) size = -1;
    if (size < 1 || size > 100)
      return pdl_error(400, "invalid_request_error", "size must be from 1 to 100");
    auto q = EsQuery::compile(p["query"], {});
    if (!q) return pdl_error(400, "invalid_request_error", q.error().message);
    std::size_t offset = 0;
    if (auto token = str_param(p, "scroll_token"); !token.empty()) {
      char* end = nullptr;
      unsigned long n = std::strtoul(token.c_str(), &end, 10);
      if (end == token.c_str() || *end != '$')
        return pdl_error(400, "invalid_request_error", "Invalid scroll_token");
      offset = n;
    }
    std::vector<std::shared_ptr<const json>> docs;
    for (const auto& id : pdl_candidates(corpus, *q)) docs.push_back(index->doc(id));
    auto hits = run_query(*q, docs);
    if (hits.empty()) return not_found();
    sort_hits(hits, {{"_score", true}});
    bool titlecase = flag_param(p, "titlecase");
    Reply r;
    json data = json::array();
    std::size_t end = std::min(hits.size(), offset + static_cast<std::size_t>(size));
    for (std::size_t i = offset; i < end; ++i) {
      if (titlecase) {
        if (auto person = corpus.person(hits[i].id))
          data.push_back(pdl_person(*person, corpus, true, free_plan));
      } else {
        data.push_back(*hits[i].doc);
      }
    }
    if (p.contains("data_include"))
      for (auto& rec : data) rec = apply_data_include(rec, str_param(p, "data_include"));
    char token[64];
    std::snprintf(token, sizeof token, "%zu$%.6g", end, end < hits.size() ? hits[end].score : 0.0);
    r.body = {{"status", 200},
              {"data", data},
              {"total", hits.size()},
              {"scroll_token", end < hits.size() ? json(token) : json()}};
    r.cost = static_cast<std::int64_t>(data.size()) * router.cost("pdl.person.search");
    return r;
  };
  router.add("GET", "/v5/person/search", Provider::pdl, "pdl.person.search", search);
  router.add("POST", "/v5/person/search", Provider::pdl, "pdl.person.search", search);

  Handler enrich = [&corpus, router, free_plan](const httplib::Request& req, FaultKind) {
    json p = params_of(req);
    if (!p.is_object())
      return pdl_error(400, "invalid_request_error", "Request body is not a JSON object");
    std::string problem;
    auto m = match_person(corpus, p, problem);
    if (!m) return pdl_error(400, "invalid_request_error", problem);
    long min_likelihood = int_param(p, "min_likelihood").value_or(2);
    if (!m->person || m->likelihood < min_likelihood) return not_found();
    json data = pdl_person(*m->person, corpus, flag_param(p, "titlecase"), free_plan);
    if (auto required = str_param(p, "required");
        !required.empty() && !meets_required(data, required))
      return not_found();
    Reply r;
    r.body = {{"status", 200}, {"likelihood", m->likelihood}, {"data", data}};
    r.cost = router.cost("pdl.person.enrich");
    return r;
  };
  router.add("GET", "/v5/person/enrich", Provider::pdl, "pdl.person.enrich", enrich);
  router.add("POST", "/v5/person/enrich", Provider::pdl, "pdl.person.enrich", enrich);

  Handler company = [&corpus, router](const httplib::Request& req, FaultKind) {
    json p = params_of(req);
    if (!p.is_object())
      return pdl_error(400, "invalid_request_error", "Request body is not a JSON object");
    std::optional<json> found;
    int likelihood = 0;
    if (auto id = str_param(p, "pdl_id"); !id.empty()) {
      found = corpus.company(id);
      likelihood = 10;
    } else if (auto w = str_param(p, "website"); !w.empty()) {
      auto v = corpus.companies_by_website(w);
      if (!v.empty()) found = v.front();
      likelihood = 9;
    } else if (auto prof = str_param(p, "profile"); !prof.empty()) {
      found = corpus.company_by_profile(prof);
      likelihood = 9;
    } else if (auto name = str_param(p, "name"); !name.empty()) {
      for (const auto& c : corpus.store().company_candidates(name, 5))
        if (fold_name(c.name) == fold_name(name)) {
          found = corpus.company(c.id);
          break;
        }
      likelihood = 6;
    } else {
      return pdl_error(400, "invalid_request_error", "Provide website, name, profile or pdl_id");
    }
    if (!found || likelihood < int_param(p, "min_likelihood").value_or(0)) return not_found();
    Reply r;
    r.body = pdl_company(*found, flag_param(p, "titlecase"));
    r.body["likelihood"] = likelihood;
    r.cost = router.cost("pdl.company.enrich");
    return r;
  };
  router.add("GET", "/v5/company/enrich", Provider::pdl, "pdl.company.enrich", company);
  router.add("POST", "/v5/company/enrich", Provider::pdl, "pdl.company.enrich", company);
}

}  // namespace buyergraph::mock::detail
