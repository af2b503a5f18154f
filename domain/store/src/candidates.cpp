#include "buyergraph/store/candidates.hpp"

namespace buyergraph::store {

std::vector<sdk::Company> StoreCandidateSource::candidates(const resolve::ParsedQuery& q,
                                                           int limit) {
  std::vector<sdk::Company> out;
  auto add = [&](std::vector<sdk::Company> more) {
    for (auto& c : more) {
      bool seen = false;
      for (const auto& o : out) seen |= o.id == c.id;
      if (!seen) out.push_back(std::move(c));
    }
  };
  if (q.has_id())
    if (auto c = store_.company(q.provider_id)) add({*c});
  if (q.has_domain()) add(store_.companies_by_domain(q.domain));
  if (q.has_ticker()) add(store_.company_candidates(q.ticker_symbol, limit));
  // Every company whose names have all the query's distinctive words comes first: the resolver
  // answers a name only when exactly one does, so it must see them (up to the limit).
  if (q.has_name()) add(store_.companies_with_words(q.name_norm.distinctive, limit));
  if (!q.name.empty())
    add(store_.company_candidates(q.name, limit));
  else if (!q.site.empty())
    add(store_.company_candidates(q.site, limit));
  return out;
}

}  // namespace buyergraph::store
