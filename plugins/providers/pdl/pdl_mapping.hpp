#pragma once
// People Data Labs v5 <-> SDK records, and the person search query for one
// people_query target. PDL text is lower case unless `titlecase=true`; we ask for titlecase so
// titles read as the title rules expect.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <buyergraph/sdk.hpp>

#include "provider_support.hpp"

namespace buyergraph::providers {

/// A PDL person (search hit or enrich `data`) as a Person. Tolerant: boolean `true`
/// placeholders of free plans are skipped, missing fields stay empty. `experience[]` entries
/// are current when `end_date` is null; the current employer is `job_company_id`.
///
///   auto p = person_from_pdl(hit);   // p->company_id == hit["job_company_id"]
sdk::Result<sdk::Person> person_from_pdl(const nlohmann::json& record);

/// The person fields person_from_pdl reads, as PDL's `data_include` list: a search asks for
/// these only (PDL bills per record either way; the answer is smaller).
///
///   body["data_include"] = std::string(person_fields());
std::string_view person_fields();

/// A PDL company enrich answer (a flat object, no `data` wrapper) as a Company.
///
///   auto c = company_from_pdl(body);   // c->domains[0] == "acme.com"
sdk::Result<sdk::Company> company_from_pdl(const nlohmann::json& record);

/// The ES query for one target: `job_company_id` term (the *current* employer field; PDL's
/// `experience` is not nested, so a past-employer condition there would match ex-employees),
/// then alternatives as for CoreSignal: title terms as `job_title` phrases, or (levels via
/// `job_title_levels` OR seniority phrases) AND (roles via `job_title_role` OR function
/// phrases).
///
///   auto q = person_search_query("8697858", target, mapping);   // {"bool": {...}}
nlohmann::json person_search_query(const std::string& company_id, const sdk::QueryTarget& target,
                                   const RoleMapping& mapping);

/// `must_not` clauses that keep suppressed people out of a PDL person search (PDL bills each
/// record returned): `linkedin_url` (PDL's form is linkedin.com/in/<slug>, ours too) and
/// `work_email` terms, and email domains as `work_email` wildcards. At most `cap` per kind.
///
///   query["bool"]["must_not"] = pdl_exclusions(list);
nlohmann::json pdl_exclusions(const suppression::SuppressionList& list, std::size_t cap = 5000);

}  // namespace buyergraph::providers
