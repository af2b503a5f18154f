#pragma once
// Dedupe: one candidate per real person, across provider ids, alt ids, LinkedIn URLs, emails and
// name + company.
#include <string>
#include <string_view>
#include <vector>

#include "buyergraph/sdk/records.hpp"

namespace buyergraph::assembly {

/// The deduped candidates and how many input records were folded into others.
struct DedupeResult {
  std::vector<sdk::Candidate> candidates;
  int merged = 0;
};

/// Merges candidates that are the same person. Keys, strongest first: person id or any alt id,
/// normalised LinkedIn profile URL, email, then full name + company. The best-supported record
/// survives (not excluded, then most evidence, contacts and history); the others' ids are added
/// to its `person.alt_ids`, their missing contacts are added, and an evidence item lists the
/// merged ids and the key that matched.
///
///   auto d = dedupe({alice_from_demo, alice_from_pdl});
///   d.candidates.size();  // 1, with evidence {field: "person.alt_ids", note: "merged ... by
///                         //   linkedin_url"}
DedupeResult dedupe(std::vector<sdk::Candidate> candidates);

/// "linkedin.com/in/<slug>" from any spelling of a profile URL (scheme, www., country
/// subdomain, trailing slash, query, case); "" when it is not a LinkedIn profile URL.
///
///   normalize_linkedin_url("https://uk.LinkedIn.com/in/Jane-Doe/?trk=x");  //
///   "linkedin.com/in/jane-doe"
std::string normalize_linkedin_url(std::string_view url);

}  // namespace buyergraph::assembly
