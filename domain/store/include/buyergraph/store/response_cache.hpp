#pragma once
// The host's HTTP response cache kept in the store (table http_cache), so a repeat run in a new
// process makes no paid calls for data it already bought (docs/cost-control.md).
#include <memory>
#include <string>

#include "buyergraph/sdk/host.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::store {

/// Opens the store at `path` (empty: default_store_path()) and returns it as an sdk::Cache.
/// A failed write (a busy store) is dropped, never thrown: it costs a repeat call later, not
/// this answer.
///
///   auto cache = open_response_cache("");
///   if (cache) host.set_cache(cache->get());
sdk::Result<std::unique_ptr<sdk::Cache>> open_response_cache(const std::string& path);

}  // namespace buyergraph::store
