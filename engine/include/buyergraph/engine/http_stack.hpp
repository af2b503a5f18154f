#pragma once
// Everything a plan's `resources` ask of the host's HTTP side, built in one place: the
// transport (resources.http), the cost layer (resources.cache, resources.budget) and the ledger.
#include <memory>

#include <nlohmann/json.hpp>

#include "buyergraph/engine/cost_ledger.hpp"
#include "buyergraph/engine/host_services.hpp"
#include "buyergraph/engine/http_client.hpp"
#include "buyergraph/engine/metered_http.hpp"

namespace buyergraph::engine {

struct HttpStackOptions {
  bool dry_run = false;   ///< count paid calls instead of sending them
  bool no_cache = false;  ///< neither read nor write the response cache
};

/// Owns the pieces; keep it alive as long as the host runs anything.
struct HttpStack {
  std::unique_ptr<CurlHttpClient> transport;
  std::unique_ptr<CostLedger> ledger;
  std::unique_ptr<MeteredHttpClient> client;
};

/// Builds the stack from a plan's `resources` and installs it in `host` (http() and ledger()).
/// The cache is `host.cache()` as it is now: set a persistent one first. A plan without
/// `resources.http` gives an empty stack and leaves the host without HTTP. Errors name the
/// resource and the field or variable, never a key.
///
///   auto stack = make_http_stack(plan.resources, host, {.dry_run = true});
///   if (!stack) fail(stack.error().message);
sdk::Result<HttpStack> make_http_stack(const nlohmann::json& resources, HostServices& host,
                                       const HttpStackOptions& options = {});

}  // namespace buyergraph::engine
