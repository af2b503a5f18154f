#pragma once
// Where candidates come from: a store, a provider search, or an in-memory list.
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "buyergraph/resolve/resolver.hpp"

namespace buyergraph::resolve {

/// Fetches the companies that could answer a query. Implementations should return every company
/// sharing an identifier with the query (id, LinkedIn slug, registrable domain or its first
/// label, ticker) and the closest names; the Resolver does the ranking.
///
///   class StoreSource : public CandidateSource {
///     std::vector<sdk::Company> candidates(const ParsedQuery& q, int limit) override;
///   };
class CandidateSource {
 public:
  virtual ~CandidateSource() = default;
  virtual std::vector<sdk::Company> candidates(const ParsedQuery& query, int limit) = 0;
  /// Fetches and ranks. The default ranks `candidates()`; a source that caches CompanyKeys
  /// overrides it to skip recomputing them.
  virtual Resolution resolve(const Resolver& resolver, const ParsedQuery& query, int limit);
};

/// Resolves `query` with candidates fetched from `source` (at most `limit`).
///
///   VectorCandidateSource src(resolver, companies);
///   Resolution r = resolve(resolver, "Contoso", src);
Resolution resolve(const Resolver& resolver, std::string_view query, CandidateSource& source,
                   int limit = 50);
Resolution resolve(const Resolver& resolver, const ParsedQuery& query, CandidateSource& source,
                   int limit = 50);

/// In-memory source with indexes on id, slug, domain, domain label, ticker, name tokens and name
/// trigrams, so a query touches only the companies that share something with it. Not safe for
/// concurrent queries (one scratch buffer); use one instance per thread.
///
///   VectorCandidateSource src(resolver, load_companies("companies.jsonl"));
class VectorCandidateSource : public CandidateSource {
 public:
  VectorCandidateSource(const Resolver& resolver, std::vector<sdk::Company> companies);
  std::vector<sdk::Company> candidates(const ParsedQuery& query, int limit) override;
  Resolution resolve(const Resolver& resolver, const ParsedQuery& query, int limit) override;
  std::size_t size() const { return companies_.size(); }

 private:
  std::vector<std::size_t> candidate_indices(const ParsedQuery& query, int limit);
  struct NameKey {
    std::size_t company;
    std::size_t trigrams;
  };
  std::vector<sdk::Company> companies_;
  std::vector<CompanyKeys> keys_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_id_, by_slug_, by_domain_, by_label_,
      by_ticker_, by_key_, by_signature_, by_token_;  // by_token_: distinctive words
  std::unordered_map<std::string, std::vector<std::size_t>> by_trigram_;  // -> name key index
  std::vector<NameKey> name_keys_;
  std::vector<float> scratch_;  // per company, reset after each query
};

/// Asks several sources in turn and keeps the first copy of each company id (companies without
/// an id are all kept). The sources are not owned and must outlive it.
///
///   MergedCandidateSource both;
///   both.add(file_source);
///   both.add(store_source);
///   Resolution r = resolve(resolver, "Contoso", both);
class MergedCandidateSource : public CandidateSource {
 public:
  void add(CandidateSource& source) { sources_.push_back(&source); }
  std::vector<sdk::Company> candidates(const ParsedQuery& query, int limit) override;

 private:
  std::vector<CandidateSource*> sources_;
};

}  // namespace buyergraph::resolve
