#pragma once
// Internal: evaluating a search body over candidate documents, sorting, and CoreSignal-style
// cursor pagination. Shared by the CoreSignal and PDL routes.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/mock/es_dsl.hpp"

namespace buyergraph::mock::detail {

struct Hit {
  std::string id;
  double score = 0;
  std::shared_ptr<const nlohmann::json> doc;
};

/// Keeps the documents the query matches, with their scores.
std::vector<Hit> run_query(const EsQuery& query,
                           const std::vector<std::shared_ptr<const nlohmann::json>>& docs);

/// Sorts hits by the keys, ties by ascending id. No keys: relevance (`_score` descending), the
/// Elasticsearch default that CoreSignal's search and preview follow (docs/mock-providers.md).
void sort_hits(std::vector<Hit>& hits, const std::vector<SortKey>& keys);

/// The `x-next-page-after` value of a hit: the formats of providers.md 1.6, so clients meet
/// commas and quotes. `"2025-03-03",3771705` (default), `3771705` (id), `26.8,"2025-02-25",3771705`
/// (score).
std::string cursor_of(const Hit& hit, const std::vector<SortKey>& keys);

/// The index just past the hit a cursor names (its last comma-separated part is the id);
/// nullopt when no hit has that id.
std::optional<std::size_t> position_after(const std::vector<Hit>& hits, const std::string& cursor);

/// The text form of an id value (JSON number or string).
std::string id_text(const nlohmann::json& v);

}  // namespace buyergraph::mock::detail
