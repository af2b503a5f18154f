// Apollo.io endpoints (base https://api.apollo.io/api/v1, key in the x-api-key header), over the
// store's non-deleted, non-duplicate records:
//   POST /mixed_people/api_search   People API Search: free, no emails or phones, 100 per page
//                                   and 500 pages at most
//                                   (docs.apollo.io/reference/people-api-search)
//   POST /people/match              People Enrichment: one person by id; a miss is a 200 whose
//                                   `person` is null (docs.apollo.io/reference/people-enrichment)
//   GET  /organizations/enrich      Organization Enrichment by domain
//                                   (docs.apollo.io/reference/organization-enrichment)
// Filters come from the query string (`person_titles[]=...`, as documented) or a JSON body.
#include <algorithm>
#include <cctype>
#include <set>

#include "buyergraph/coresignal/mapping.hpp"
#include "buyergraph/coresignal/web.hpp"
#include "routes.hpp"
#include "search.hpp"

namespace buyergraph::mock::detail {

using nlohmann::json;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

/// Apollo's `seniority` values from the record's management level and title.
std::string seniority_of(const std::string& level, const std::string& title) {
  const std::string t = " " + lower(title) + " ";
  if (t.find("vice president") != std::string::npos || t.find(" vp ") != std::string::npos ||
      t.find(" svp ") != std::string::npos || t.find(" evp ") != std::string::npos)
    return "vp";
  static const std::map<std::string, std::string> map = {
      {"C-Level", "c_suite"}, {"Founder", "founder"}, {"Owner", "owner"},
      {"Partner", "partner"}, {"Head", "head"},       {"Director", "director"},
      {"Manager", "manager"}, {"Senior", "senior"},   {"Intern", "intern"},
      {"Mid-Level", "entry"}, {"Specialist", "entry"}};
  auto it = map.find(level);
  return it == map.end() ? "" : it->second;
}

/// How a seniority ranks in the mock's result order (documented only as "relevance").
int rank_of(const std::string& seniority) {
  static const std::vector<std::string> order = {"owner",  "founder", "c_suite",  "partner",
                                                 "vp",     "head",    "director", "manager",
                                                 "senior", "entry",   "intern"};
  auto it = std::find(order.begin(), order.end(), seniority);
  return static_cast<int>(it - order.begin());
}

/// "8697858" -> "8697858"; a list parameter from `name[]` query values or a JSON body array.
std::vector<std::string> list_param(const httplib::Request& req, const json& body,
                                    const std::string& name) {
  std::vector<std::string> out;
  auto range = req.params.equal_range(name + "[]");
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  if (body.is_object() && body.contains(name) && body[name].is_array())
    for (const auto& v : body[name])
      if (v.is_string() || v.is_number()) out.push_back(id_text(v));
  return out;
}

std::string scalar_param(const httplib::Request& req, const json& body, const std::string& name) {
  if (req.has_param(name)) return req.get_param_value(name);
  if (body.is_object() && body.contains(name) && !body[name].is_null())
    return body[name].is_string() ? body[name].get<std::string>() : body[name].dump();
  return {};
}

json organization_json(Corpus& corpus, const std::string& id) {
  auto doc = corpus.company(id);
  if (!doc) return nullptr;
  auto c = coresignal::company_from_coresignal(*doc, {});
  if (!c) return nullptr;
  json o = {{"id", c->id}, {"name", c->name}};
  o["primary_domain"] = c->domains.empty() ? json() : json(c->domains.front());
  o["website_url"] = c->domains.empty() ? json() : json("http://www." + c->domains.front());
  o["linkedin_url"] = c->linkedin_url.empty() ? json() : json(c->linkedin_url);
  o["industry"] = c->industry.empty() ? json() : json(lower(c->industry));
  o["estimated_num_employees"] = c->employees ? json(*c->employees) : json();
  o["country"] = c->hq_country.empty() ? json() : json(c->hq_country);
  o["city"] = c->hq_city.empty() ? json() : json(c->hq_city);
  return o;
}

std::string date_of(const std::optional<int>& y, const std::optional<int>& m) {
  if (!y) return {};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-01", *y, m.value_or(1));
  return buf;
}

/// The People Enrichment `person` object.
json person_json(const sdk::Person& p, Corpus& corpus) {
  json j = {{"id", p.id},
            {"first_name", p.first_name},
            {"last_name", p.last_name},
            {"name", p.full_name},
            {"title", p.title},
            {"headline", p.headline.empty() ? json() : json(p.headline)},
            {"linkedin_url", p.profile_url.empty() ? json() : json(p.profile_url)},
            {"seniority", seniority_of(p.management_level, p.title)},
            {"departments", json::array()},
            {"country", p.country.empty() ? json() : json(p.country)},
            {"city", p.location.empty() ? json() : json(p.location)},
            {"organization_id", p.company_id.empty() ? json() : json(p.company_id)},
            {"organization", organization_json(corpus, p.company_id)}};
  json email = nullptr;
  for (const auto& c : p.contacts)
    if (c.kind == "email" && email.is_null()) email = c.value;
  j["email"] = email;
  j["email_status"] = email.is_null() ? json() : json("verified");
  json history = json::array();
  for (const auto& e : p.experience)
    history.push_back(
        {{"organization_id", e.company_id.empty() ? json() : json(e.company_id)},
         {"organization_name", e.company_name},
         {"title", e.title},
         {"start_date", date_of(e.from_year, e.from_month).empty()
                            ? json()
                            : json(date_of(e.from_year, e.from_month))},
         {"end_date",
          date_of(e.to_year, e.to_month).empty() ? json() : json(date_of(e.to_year, e.to_month))},
         {"current", e.current}});
  j["employment_history"] = history;
  return j;
}

/// "Smith" -> "Sm***h", as the search shows last names; cut on UTF-8 character boundaries.
std::string obfuscated(const std::string& last) {
  std::vector<std::string> chars;
  for (std::size_t i = 0; i < last.size();) {
    std::size_t n = 1;
    while (i + n < last.size() && (static_cast<unsigned char>(last[i + n]) & 0xC0) == 0x80) ++n;
    chars.push_back(last.substr(i, n));
    i += n;
  }
  if (chars.empty()) return last;
  if (chars.size() <= 2) return chars.front() + "***";
  return chars[0] + chars[1] + "***" + chars.back();
}

bool title_matches(const std::string& title, const std::vector<std::string>& wanted, bool similar) {
  const std::string t = lower(title);
  for (const auto& w : wanted) {
    const std::string x = lower(w);
    if (similar ? t.find(x) != std::string::npos : t == x) return true;
  }
  return false;
}

}  // namespace

void add_apollo_routes(Router& router) {
  Corpus* corpus = router.corpus;

  auto search = [corpus](const httplib::Request& req, FaultKind) -> Reply {
    json body = json::object();
    if (!req.body.empty()) {
      auto b = json_body(req);
      if (!b) return error_reply(Provider::apollo, 422, "invalid_request", "The body is not JSON");
      body = *b;
    }
    const auto orgs = list_param(req, body, "organization_ids");
    const auto titles = list_param(req, body, "person_titles");
    const auto seniorities = list_param(req, body, "person_seniorities");
    const bool similar = scalar_param(req, body, "include_similar_titles") != "false";
    long page = 1, per_page = 10;
    try {
      if (auto v = scalar_param(req, body, "page"); !v.empty()) page = std::stol(v);
      if (auto v = scalar_param(req, body, "per_page"); !v.empty()) per_page = std::stol(v);
    } catch (const std::exception&) {
      return error_reply(Provider::apollo, 422, "invalid_request", "page and per_page are numbers");
    }
    // The documented display limit: 100 records per page, up to 500 pages.
    if (page < 1 || page > 500 || per_page < 1 || per_page > 100)
      return error_reply(Provider::apollo, 422, "invalid_request",
                         "page must be 1-500 and per_page 1-100");
    struct Hit {
      int rank;
      std::string id;
      sdk::Person person;
    };
    std::vector<Hit> hits;
    std::set<std::string> seen;
    std::vector<std::string> candidates;
    if (orgs.empty()) {
      candidates = corpus->person_ids();
    } else {
      for (const auto& o : orgs)
        for (auto& id : corpus->people_with_role_at(o))
          if (seen.insert(id).second) candidates.push_back(std::move(id));
    }
    for (const auto& id : candidates) {
      auto p = corpus->person(id);
      if (!p || p->deleted || p->duplicate) continue;
      // Organization filters match the current employer only.
      if (!orgs.empty() && std::find(orgs.begin(), orgs.end(), p->company_id) == orgs.end())
        continue;
      const std::string s = seniority_of(p->management_level, p->title);
      if (!seniorities.empty() &&
          std::find(seniorities.begin(), seniorities.end(), s) == seniorities.end())
        continue;
      if (!titles.empty() && !title_matches(p->title, titles, similar)) continue;
      hits.push_back({rank_of(s), id, std::move(*p)});
    }
    std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
      return a.rank != b.rank ? a.rank < b.rank : id_less(a.id, b.id);
    });
    json people = json::array();
    const std::size_t from = static_cast<std::size_t>((page - 1) * per_page);
    for (std::size_t i = from; i < hits.size() && i < from + static_cast<std::size_t>(per_page);
         ++i) {
      const sdk::Person& p = hits[i].person;
      bool has_email = false;
      for (const auto& c : p.contacts) has_email = has_email || c.kind == "email";
      people.push_back({{"id", p.id},
                        {"first_name", p.first_name},
                        {"last_name_obfuscated", obfuscated(p.last_name)},
                        {"title", p.title},
                        {"has_email", has_email},
                        {"organization", {{"name", p.company_name}}}});
    }
    Reply r;
    r.body = {{"total_entries", hits.size()}, {"people", people}};
    return r;
  };
  router.add("POST", "/api/v1/mixed_people/api_search", Provider::apollo, "apollo.people.search",
             search);

  auto match = [corpus, cost = router.cost("apollo.people.match")](const httplib::Request& req,
                                                                   FaultKind) -> Reply {
    json body = req.body.empty() ? json::object() : json_body(req).value_or(json::object());
    const std::string id = scalar_param(req, body, "id");
    Reply r;
    auto p = id.empty() ? std::nullopt : corpus->person(id);
    if (!p || p->deleted || p->duplicate) {
      r.body = {{"person", nullptr}};  // documented: a 200 that enriched nothing (not billed)
      return r;
    }
    r.body = {{"person", person_json(*p, *corpus)}};
    r.cost = cost;
    return r;
  };
  router.add("POST", "/api/v1/people/match", Provider::apollo, "apollo.people.match", match);

  auto enrich = [corpus, cost = router.cost("apollo.organizations.enrich")](
                    const httplib::Request& req, FaultKind) -> Reply {
    const std::string domain = req.get_param_value("domain");
    if (domain.empty())
      return error_reply(Provider::apollo, 422, "invalid_request", "domain is required");
    Reply r;
    auto found = corpus->companies_by_website(domain);
    if (found.empty()) {
      r.body = json::object();  // nothing enriched, nothing billed
      return r;
    }
    r.body = {{"organization", organization_json(*corpus, id_text(found.front()["id"]))}};
    r.cost = cost;
    return r;
  };
  router.add("GET", "/api/v1/organizations/enrich", Provider::apollo, "apollo.organizations.enrich",
             enrich);
}

}  // namespace buyergraph::mock::detail
