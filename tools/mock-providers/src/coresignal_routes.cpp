// CoreSignal multi-source endpoints (providers.md 1.6-1.8, 1.15): employee and company search
// (ids + paging headers), preview, collect and enrich.
#include <algorithm>
#include <set>

#include "routes.hpp"
#include "search.hpp"

namespace buyergraph::mock::detail {

using nlohmann::json;

namespace {

constexpr const char* kEmployee = "/cdapi/v2/employee_multi_source";
constexpr const char* kCompany = "/cdapi/v2/company_multi_source";
// Search Preview (docs.coresignal.com/api-introduction/requests/search-preview): up to 20
// results per request, pages 1-5 through `page` (100 results at most), each page billed; no sort.
constexpr std::size_t kPreviewPageSize = 20;
constexpr std::size_t kPreviewMaxPages = 5;

Reply cs_error(int status, const std::string& detail) {
  return error_reply(Provider::coresignal, status, "", detail);
}

Reply wrong_method(const httplib::Request&, FaultKind) {
  // CoreSignal answers a wrong HTTP method with a server error (providers.md 1.2).
  return cs_error(500, "Internal Server Error");
}

/// A parsed search body: the compiled query and the sort keys, or a 422 reply.
struct ParsedSearch {
  std::optional<EsQuery> query;
  std::vector<SortKey> sort;
  std::optional<Reply> error;
};

ParsedSearch parse_search(const httplib::Request& req, const DslOptions& options) {
  ParsedSearch out;
  auto body = json_body(req);
  if (!body) {
    out.error = cs_error(422, "Request body must be a JSON object with a 'query'");
    return out;
  }
  if (!body->contains("query")) {
    out.error = cs_error(422, "Field required: query");
    return out;
  }
  auto q = EsQuery::compile((*body)["query"], options);
  if (!q) {
    out.error = cs_error(422, q.error().message);
    return out;
  }
  auto s = parse_sort(body->value("sort", json()));
  if (!s) {
    out.error = cs_error(422, s.error().message);
    return out;
  }
  out.query = std::move(*q);
  out.sort = std::move(*s);
  return out;
}

// Names and URLs are `text` with an `.exact` keyword in CoreSignal's documented schema
// (multi-source employee and company "Elasticsearch DSL" pages); the mock serves the real JSON
// names (`linkedin_url`), so both spellings are listed.
DslOptions employee_options() {
  return DslOptions{
      .nested_paths = {"experience", "experience_recently_started", "experience_recently_closed"},
      .text_fields = {"full_name", "first_name", "last_name", "headline", "linkedin_url",
                      "professional_network_url", "linkedin_shorthand_names",
                      "professional_network_shorthand_names", "website", "facebook_url",
                      "twitter_url", "experience.company_name", "experience.company_linkedin_url",
                      "experience.company_professional_network_url", "experience.company_website"}};
}

DslOptions company_options() {
  return DslOptions{
      .text_fields = {"company_name", "website", "linkedin_url", "professional_network_url"}};
}

/// Candidate documents for an employee query: the people linked to a company the query
/// requires (each match must have that company in `experience[]` or as its root employer),
/// else everyone. Evaluation still decides, so the result equals a full scan.
std::vector<std::shared_ptr<const json>> employee_candidates(Corpus& corpus, const EsQuery& q) {
  std::optional<std::vector<json>> best;
  for (const char* field : {"experience.company_id", "active_experience_company_id"})
    if (auto v = q.required_values(field); v && (!best || v->size() < best->size())) best = v;
  std::vector<std::string> ids;
  if (best) {
    std::set<std::string> seen;
    for (const auto& value : *best)
      for (auto& id : corpus.people_with_role_at(id_text(value)))
        if (seen.insert(id).second) ids.push_back(std::move(id));
  } else {
    ids = corpus.person_ids();
  }
  std::vector<std::shared_ptr<const json>> docs;
  docs.reserve(ids.size());
  for (const auto& id : ids) docs.push_back(corpus.employee(id));
  return docs;
}

std::vector<std::shared_ptr<const json>> company_candidates(Corpus& corpus) {
  std::vector<std::shared_ptr<const json>> docs;
  for (const auto& c : corpus.companies())
    docs.push_back(std::shared_ptr<const json>(std::shared_ptr<const json>(), &c));
  return docs;
}

/// The ids page with `x-total-results`, `x-total-pages` and (unless last) `x-next-page-after`.
Reply id_page(std::vector<Hit> hits, const std::vector<SortKey>& sort,
              const httplib::Request& req) {
  std::size_t per_page = 1000;
  if (req.has_param("items_per_page")) {
    const std::string v = req.get_param_value("items_per_page");
    char* end = nullptr;
    long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || n < 1 || n > 1000)
      return cs_error(422, "items_per_page must be an integer from 1 to 1000");
    per_page = static_cast<std::size_t>(n);
  }
  sort_hits(hits, sort);
  std::size_t start = 0;
  if (req.has_param("after")) {
    auto pos = position_after(hits, req.get_param_value("after"));
    if (!pos) return cs_error(422, "Invalid 'after' cursor");
    start = *pos;
  }
  std::size_t end = std::min(hits.size(), start + per_page);
  Reply r;
  r.body = json::array();
  for (std::size_t i = start; i < end; ++i) {
    const json& id = (*hits[i].doc)["id"];
    r.body.push_back(id.is_number() ? id : json(id_text(id)));
  }
  r.headers.emplace_back("x-total-results", std::to_string(hits.size()));
  r.headers.emplace_back("x-total-pages", std::to_string((hits.size() + per_page - 1) / per_page));
  if (end < hits.size())
    r.headers.emplace_back("x-next-page-after", cursor_of(hits[end - 1], sort));
  return r;
}

/// The 1-based `page` parameter of preview; nullopt when malformed.
std::optional<std::size_t> preview_page(const httplib::Request& req) {
  if (!req.has_param("page")) return 1;
  const std::string v = req.get_param_value("page");
  char* end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || n < 1 || n > static_cast<long>(kPreviewMaxPages))
    return std::nullopt;
  return static_cast<std::size_t>(n);
}

json employee_preview(const Hit& h) {
  const json& d = *h.doc;
  json p = {
      {"id", d["id"]},
      {"full_name", d.value("full_name", json())},
      {"professional_network_url", d.value("linkedin_url", json())},
      {"headline", d.value("headline", json())},
      {"location_full", d.value("location_full", json())},
      {"location_country", d.value("location_country", json())},
      {"connections_count", d.value("connections_count", json())},
      {"followers_count", d.value("followers_count", json())},
      {"company_name", nullptr},
      {"company_professional_network_url", nullptr},
      {"company_website", nullptr},
      {"company_industry", nullptr},
      {"company_hq_full_address", nullptr},
      {"company_hq_country", nullptr},
      {"active_experience_title", d.value("active_experience_title", json())},
      {"active_experience_department", d.value("active_experience_department", json())},
      {"active_experience_management_level", d.value("active_experience_management_level", json())},
      {"_score", h.score}};
  const json active = d.value("active_experience_company_id", json());
  for (const auto& e : d.value("experience", json::array())) {
    if (e.value("active_experience", 0) != 1 || e.value("company_id", json()) != active) continue;
    p["company_name"] = e.value("company_name", json());
    p["company_professional_network_url"] = e.value("company_linkedin_url", json());
    p["company_website"] = e.value("company_website", json());
    p["company_industry"] = e.value("company_industry", json());
    p["company_hq_country"] = e.value("company_hq_country", json());
    break;
  }
  return p;
}

json company_preview(const Hit& h) {
  const json& d = *h.doc;
  return {{"id", d["id"]},
          {"company_name", d.value("company_name", json())},
          {"professional_network_url", d.value("linkedin_url", json())},
          {"website", d.value("website", json())},
          {"unique_domain", true},
          {"size_range", d.value("size_range", json())},
          {"industry", d.value("industry", json())},
          {"hq_country", d.value("hq_country", json())},
          {"company_logo", nullptr},
          {"_score", h.score}};
}

// One preview page: the best matches by relevance (a `sort` in the body is not supported by
// preview and is ignored), `items_per_page` does not apply (always up to 20), and the only
// paging header is `x-total-results`: no cursor, no page count.
Reply preview_page_reply(std::vector<Hit> hits, const httplib::Request& req,
                         json (*shape)(const Hit&)) {
  auto page = preview_page(req);
  if (!page)
    return cs_error(422, "page must be an integer from 1 to " + std::to_string(kPreviewMaxPages));
  sort_hits(hits, {});
  Reply r;
  r.body = json::array();
  for (std::size_t i = (*page - 1) * kPreviewPageSize;
       i < hits.size() && i < *page * kPreviewPageSize; ++i)
    r.body.push_back(shape(hits[i]));
  r.headers.emplace_back("x-total-results", std::to_string(hits.size()));
  return r;
}

/// The record restricted to the repeated (or comma-separated) `fields` parameters.
json select_fields(const json& doc, const httplib::Request& req) {
  std::size_t n = req.get_param_value_count("fields");
  if (n == 0) return doc;
  json out = json::object();
  for (std::size_t i = 0; i < n; ++i) {
    std::string v = req.get_param_value("fields", i);
    std::size_t start = 0;
    while (start <= v.size()) {
      auto comma = v.find(',', start);
      std::string f =
          v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (doc.contains(f)) out[f] = doc[f];
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

// A collect answer: the record (an optional or a pointer) with `?fields=` applied and the
// endpoint's cost, or the 404.
template <class Doc>
Reply collect_reply(const Doc& doc, const httplib::Request& req, std::int64_t cost,
                    const std::string& not_found) {
  if (!doc) return cs_error(404, not_found);
  Reply r;
  r.body = select_fields(*doc, req);
  r.cost = cost;
  return r;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void add_coresignal_routes(Router& router) {
  Corpus& corpus = *router.corpus;
  const std::string emp = kEmployee, com = kCompany;

  // --- employees
  router.add("POST", emp + "/search/es_dsl", Provider::coresignal, "coresignal.employee.search",
             [&corpus, router](const httplib::Request& req, FaultKind) {
               auto parsed = parse_search(req, employee_options());
               if (parsed.error) return *parsed.error;
               auto r =
                   id_page(run_query(*parsed.query, employee_candidates(corpus, *parsed.query)),
                           parsed.sort, req);
               r.cost = router.cost("coresignal.employee.search");
               return r;
             });
  router.add(
      "POST", emp + "/search/es_dsl/preview", Provider::coresignal, "coresignal.employee.preview",
      [&corpus, router](const httplib::Request& req, FaultKind) {
        auto parsed = parse_search(req, employee_options());
        if (parsed.error) return *parsed.error;
        auto r =
            preview_page_reply(run_query(*parsed.query, employee_candidates(corpus, *parsed.query)),
                               req, employee_preview);
        r.cost = router.cost("coresignal.employee.preview");
        return r;
      });
  router.add("GET", emp + "/collect/(.+)", Provider::coresignal, "coresignal.employee.collect",
             [&corpus, router](const httplib::Request& req, FaultKind) {
               std::string key = req.matches[1];
               return collect_reply(
                   all_digits(key) ? corpus.employee(key) : corpus.employee_by_profile(key), req,
                   router.cost("coresignal.employee.collect"), "Employee not found");
             });
  router.add("GET", emp + "/search/es_dsl(/preview)?", Provider::coresignal,
             "coresignal.employee.search", wrong_method);
  router.add("POST", emp + "/collect/(.+)", Provider::coresignal, "coresignal.employee.collect",
             wrong_method);

  // --- companies
  router.add("POST", com + "/search/es_dsl", Provider::coresignal, "coresignal.company.search",
             [&corpus, router](const httplib::Request& req, FaultKind) {
               auto parsed = parse_search(req, company_options());
               if (parsed.error) return *parsed.error;
               auto r =
                   id_page(run_query(*parsed.query, company_candidates(corpus)), parsed.sort, req);
               r.cost = router.cost("coresignal.company.search");
               return r;
             });
  router.add("POST", com + "/search/es_dsl/preview", Provider::coresignal,
             "coresignal.company.preview",
             [&corpus, router](const httplib::Request& req, FaultKind) {
               auto parsed = parse_search(req, company_options());
               if (parsed.error) return *parsed.error;
               auto r = preview_page_reply(run_query(*parsed.query, company_candidates(corpus)),
                                           req, company_preview);
               r.cost = router.cost("coresignal.company.preview");
               return r;
             });
  router.add("GET", com + "/collect/(.+)", Provider::coresignal, "coresignal.company.collect",
             [&corpus, router](const httplib::Request& req, FaultKind) {
               std::string key = req.matches[1];
               return collect_reply(
                   all_digits(key) ? corpus.company(key) : corpus.company_by_profile(key), req,
                   router.cost("coresignal.company.collect"), "Company not found");
             });
  router.add("GET", com + "/enrich", Provider::coresignal, "coresignal.company.enrich",
             [&corpus, router](const httplib::Request& req, FaultKind) {
               std::string website = req.get_param_value("website");
               if (website.empty()) return cs_error(400, "Query parameter 'website' is required");
               auto found = corpus.companies_by_website(website);
               if (found.empty()) return cs_error(404, "Company not found");
               Reply r;
               r.body = select_fields(found.front(), req);
               r.cost = router.cost("coresignal.company.enrich");
               return r;
             });
  router.add("GET", com + "/search/es_dsl(/preview)?", Provider::coresignal,
             "coresignal.company.search", wrong_method);
  router.add("POST", com + "/(collect/.+|enrich)", Provider::coresignal,
             "coresignal.company.collect", wrong_method);
}

}  // namespace buyergraph::mock::detail
