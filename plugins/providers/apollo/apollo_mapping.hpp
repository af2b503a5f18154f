#pragma once
// Apollo.io answers as our records, and our query targets as People API Search filters
// (docs/providers.md, "Apollo"). Every field of an answer is untrusted: wrong types are skipped.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <buyergraph/sdk.hpp>

#include "provider_support.hpp"

namespace buyergraph::providers::apollo {

/// One People API Search call's filters (sent as query parameters, as documented).
struct SearchFilters {
  std::vector<std::string> titles;       ///< person_titles[]
  std::vector<std::string> seniorities;  ///< person_seniorities[]
};

/// The searches a target needs: its title terms on their own, and its seniority and function
/// (mapped seniorities AND function title phrases); one unfiltered search for a target with
/// neither. Apollo ANDs different filters, so an "or" of the two parts is two searches.
std::vector<SearchFilters> target_searches(const sdk::QueryTarget& target,
                                           const RoleMapping& mapping);

/// The search path for one page: /mixed_people/api_search?organization_ids[]=...&page=...
std::string search_path(const std::string& company_id, const SearchFilters& f, int page,
                        int per_page);

/// A search row as a preview: id, first name, obfuscated last name, title, current employer
/// (the search filtered on it).
sdk::Result<sdk::Person> preview_from_apollo(const nlohmann::json& row,
                                             const sdk::Company& company);

/// A People Enrichment `person` as a full record (employment history, work email).
sdk::Result<sdk::Person> person_from_apollo(const nlohmann::json& person);

/// An Organization Enrichment `organization` as a company.
sdk::Result<sdk::Company> company_from_apollo(const nlohmann::json& organization);

}  // namespace buyergraph::providers::apollo
