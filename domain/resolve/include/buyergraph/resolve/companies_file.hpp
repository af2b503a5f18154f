#pragma once
// Candidate companies from a JSON Lines file (`buyergraph resolve --companies FILE`, tests).
#include <string>
#include <vector>

#include "buyergraph/sdk/records.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::resolve {

/// Reads sdk::Company JSON objects, one per line (blank lines and lines starting with '#' are
/// skipped). Fails with the line number on bad JSON.
///
///   auto companies = load_companies_jsonl("tests/fixtures/resolve/companies.jsonl");
///   VectorCandidateSource source(resolver, std::move(*companies));
sdk::Result<std::vector<sdk::Company>> load_companies_jsonl(const std::string& path);

}  // namespace buyergraph::resolve
