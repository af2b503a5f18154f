#pragma once
// The store as a source of company candidates for the shared resolver.
#include "buyergraph/resolve/candidate_source.hpp"
#include "buyergraph/store/store.hpp"

namespace buyergraph::store {

/// Candidates by provider id, registrable domain and name/alias search, deduplicated.
///
///   StoreCandidateSource source(store);
///   auto res = resolve::resolve(resolver, resolver.parse(account), source);
class StoreCandidateSource final : public resolve::CandidateSource {
 public:
  explicit StoreCandidateSource(Store& store) : store_(store) {}
  std::vector<sdk::Company> candidates(const resolve::ParsedQuery& query, int limit) override;

 private:
  Store& store_;
};

}  // namespace buyergraph::store
