// Candidate fetching: the generic resolve-with-source entry point and the in-memory index.
#include "buyergraph/resolve/candidate_source.hpp"

#include <algorithm>
#include <unordered_set>

namespace buyergraph::resolve {
namespace {

std::vector<std::string> trigrams(const std::string& compact) {
  std::string padded = "^" + compact + "$";
  std::vector<std::string> out;
  for (std::size_t i = 0; i + 3 <= padded.size(); ++i) out.push_back(padded.substr(i, 3));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string first_label(const std::string& domain) { return domain.substr(0, domain.find('.')); }

// Name candidates: trigram Dice at least this, at most this many (exact keys always come first;
// fuzzy neighbours can only be listed, never resolved, so a short list is enough).
constexpr float kMinDice = 0.4f;
constexpr std::size_t kMaxSimilarNames = 20;
// Companies containing the query's words worth fetching: two already make the answer ambiguous.
constexpr std::size_t kEnoughContaining = 5;

}  // namespace

Resolution resolve(const Resolver& resolver, std::string_view query, CandidateSource& source,
                   int limit) {
  return resolve(resolver, resolver.parse(query), source, limit);
}

Resolution resolve(const Resolver& resolver, const ParsedQuery& query, CandidateSource& source,
                   int limit) {
  if (query.kind == QueryKind::invalid) return resolver.resolve(query, std::vector<sdk::Company>{});
  Resolution r = source.resolve(resolver, query, limit);
  // "Amazon.com", "C3.ai", "monday.com": names that read as domains. When no company has the
  // domain, the same text is read as a name; the company found must have no website on record
  // (a different website would contradict the query).
  if (r.status == "not_found" && query.kind == QueryKind::domain) {
    Resolution as_name = source.resolve(resolver, resolver.parse_name(query.raw), limit);
    if (as_name.status == "resolved" && as_name.company->domains.empty()) {
      as_name.reason = r.reason + "; read as a name instead: " + as_name.reason;
      return as_name;
    }
  }
  return r;
}

Resolution CandidateSource::resolve(const Resolver& resolver, const ParsedQuery& query, int limit) {
  return resolver.resolve(query, candidates(query, limit));
}

VectorCandidateSource::VectorCandidateSource(const Resolver& resolver,
                                             std::vector<sdk::Company> companies)
    : companies_(std::move(companies)) {
  for (std::size_t i = 0; i < companies_.size(); ++i) {
    const auto& c = companies_[i];
    keys_.push_back(resolver.keys(c));
    const CompanyKeys& k = keys_.back();
    if (!c.id.empty()) by_id_[c.id].push_back(i);
    if (!k.linkedin_slug.empty()) by_slug_[k.linkedin_slug].push_back(i);
    if (!k.linkedin_key.empty() && k.linkedin_key != k.linkedin_slug)
      by_slug_[k.linkedin_key].push_back(i);
    std::unordered_set<std::string> seen;
    for (const auto& d : k.domains) {
      if (seen.insert(d).second) {
        by_domain_[d].push_back(i);
        by_label_[first_label(d)].push_back(i);
      }
    }
    for (const auto& t : k.tickers) by_ticker_[t.second].push_back(i);
    seen.clear();
    for (const auto& n : k.names) {
      if (!seen.insert(n.compact).second) continue;
      by_key_[n.compact].push_back(i);
      if (!n.signature.empty()) by_signature_[n.signature].push_back(i);
      for (const auto& tok : n.distinctive) {
        auto& postings = by_token_[tok];
        if (postings.empty() || postings.back() != i) postings.push_back(i);  // once per company
      }
      auto tris = trigrams(n.compact);
      for (const auto& t : tris) by_trigram_[t].push_back(name_keys_.size());
      name_keys_.push_back({i, tris.size()});
    }
  }
  scratch_.assign(name_keys_.size(), 0.0f);
}

std::vector<sdk::Company> VectorCandidateSource::candidates(const ParsedQuery& q, int limit) {
  std::vector<sdk::Company> out;
  for (auto i : candidate_indices(q, limit)) out.push_back(companies_[i]);
  return out;
}

Resolution VectorCandidateSource::resolve(const Resolver& resolver, const ParsedQuery& q,
                                          int limit) {
  std::vector<const sdk::Company*> cs;
  std::vector<const CompanyKeys*> ks;
  for (auto i : candidate_indices(q, limit)) {
    cs.push_back(&companies_[i]);
    ks.push_back(&keys_[i]);
  }
  return resolver.resolve(q, cs, ks);
}

std::vector<std::size_t> VectorCandidateSource::candidate_indices(const ParsedQuery& q, int limit) {
  std::vector<std::size_t> picked;
  std::unordered_set<std::size_t> seen;
  auto add = [&](const std::unordered_map<std::string, std::vector<std::size_t>>& index,
                 const std::string& key) {
    if (key.empty()) return;
    auto it = index.find(key);
    if (it == index.end()) return;
    for (auto i : it->second) {
      if (seen.insert(i).second) picked.push_back(i);
    }
  };
  // Identifier hits first: they are few and always worth ranking.
  add(by_id_, q.provider_id);
  add(by_slug_, q.linkedin_slug);
  add(by_slug_, q.linkedin_key);
  if (!q.domain.empty()) {
    add(by_domain_, q.domain);
    add(by_label_, first_label(q.domain));  // TLD twins, to explain a miss
  }
  add(by_ticker_, q.ticker_symbol);
  if (q.has_name()) {
    add(by_key_, q.name_norm.compact);
    // Closest names by trigram Dice coefficient over the compact form.
    // Trigrams in more than 1 % of the names ("tec", "sys", "ing") say little and cost most of
    // the time over 100,000 companies: they are left out of the count.
    const std::size_t common = std::max<std::size_t>(1000, name_keys_.size() / 100);
    auto tris = trigrams(q.name_norm.compact);
    std::size_t used = 0;
    std::vector<std::size_t> touched;
    for (const auto& t : tris) {
      auto it = by_trigram_.find(t);
      if (it == by_trigram_.end()) {
        ++used;  // a rare trigram nobody has still counts against every name
        continue;
      }
      if (it->second.size() > common) continue;
      ++used;
      for (auto k : it->second) {
        if (scratch_[k] == 0.0f) touched.push_back(k);
        scratch_[k] += 1.0f;
      }
    }
    std::vector<std::pair<float, std::size_t>> ranked;  // (dice, company)
    for (auto k : touched) {
      float dice = 2.0f * scratch_[k] / static_cast<float>(used + name_keys_[k].trigrams);
      scratch_[k] = 0.0f;
      if (dice >= kMinDice) ranked.emplace_back(dice, name_keys_[k].company);
    }
    auto better = [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    };
    const std::size_t keep = std::min(ranked.size(), kMaxSimilarNames * 2);
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(keep), ranked.end(),
                      better);
    ranked.resize(keep);
    // Companies whose names have every distinctive word of the query: the rarest word's list,
    // checked name by name. The resolver answers only if exactly one has them all, so finding
    // a few is enough; they come before the merely similar names.
    std::vector<std::size_t> containing;
    const std::vector<std::size_t>* rarest = nullptr;
    for (const auto& tok : q.name_norm.distinctive) {
      auto it = by_token_.find(tok);
      if (it == by_token_.end()) {
        rarest = nullptr;  // a word nobody has: no company contains them all
        break;
      }
      if (!rarest || it->second.size() < rarest->size()) rarest = &it->second;
    }
    add(by_signature_, q.name_norm.signature);
    if (rarest) {
      const auto& want = q.name_norm.distinctive;
      for (auto i : *rarest) {
        if (containing.size() >= kEnoughContaining) break;
        for (const auto& n : keys_[i].names) {
          if (std::includes(n.distinctive.begin(), n.distinctive.end(), want.begin(), want.end())) {
            containing.push_back(i);
            break;
          }
        }
      }
    }
    for (auto i : containing)
      if (seen.insert(i).second) picked.push_back(i);
    std::size_t similar = 0;
    for (const auto& [dice, i] : ranked) {
      if (static_cast<int>(picked.size()) >= limit || ++similar > kMaxSimilarNames) break;
      if (seen.insert(i).second) picked.push_back(i);
    }
  }
  if (static_cast<int>(picked.size()) > limit && limit > 0)
    picked.resize(static_cast<std::size_t>(limit));
  return picked;
}

std::vector<sdk::Company> MergedCandidateSource::candidates(const ParsedQuery& query, int limit) {
  std::vector<sdk::Company> out;
  std::unordered_set<std::string> ids;
  for (auto* s : sources_) {
    for (auto& c : s->candidates(query, limit)) {
      if (c.id.empty() || ids.insert(c.id).second) out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace buyergraph::resolve
