#pragma once
// The list of companies to generate, with stable ids and the firmographics that person records
// repeat inside experience[] entries.
#include <cstdint>
#include <string>
#include <vector>

#include "buyergraph/demo/demo.hpp"
#include "vocabulary.hpp"

namespace buyergraph::demo {

/// An employer as it appears inside an experience[] entry (dataset company or outside employer).
struct Employer {
  std::int64_t id = 0;
  std::string name, website, linkedin_url, linkedin_slug, industry, type, size_range;
  std::string hq_country;  ///< country name
  int employees = 0;
  int founded = 0;
};

struct CompanyPlan {
  std::size_t slot =
      0;  ///< position in the full list (YAML order, then extras); seeds and ids use it
  Employer employer;
  std::string key, legal_name, domain, profile;
  Strings aliases;
  int hq_city = 0;
  std::vector<std::string> country_codes;
  std::vector<std::uint64_t> country_weights;
  int parent = -1;                ///< index into the plan vector
  std::vector<int> subsidiaries;  ///< indices into the plan vector
  std::vector<int> namesakes;     ///< other companies sharing the brand name
  std::string email_pattern;      ///< first.last, flast, first_last, firstl, first
  bool extra = false;
};

/// "51-200 employees" and friends, LinkedIn's size bands.
std::string size_range_for(int employees);

/// "contoso.example" -> "contoso"; "payments.fabrikam.example" -> "payments-fabrikam".
std::string domain_slug(const std::string& domain);

/// The companies of the dataset, in output order. Fails if options ask for something impossible.
sdk::Result<std::vector<CompanyPlan>> plan_companies(const Vocabulary& vocab,
                                                     const DemoOptions& options);

/// Outside employers (previous jobs outside the dataset); ids in their own range.
std::vector<Employer> outside_employers(const Vocabulary& vocab);

/// Largest people-per-company the id scheme supports (person ids are company-slot blocks).
inline constexpr int kMaxPeoplePerCompany = 140000;

}  // namespace buyergraph::demo
