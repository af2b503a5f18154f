#pragma once
// Internal: what a provider's route file gets from the server. A handler builds the success
// reply (or a data-level error such as 404/422); authentication, rate limits, credits, latency
// and faults are applied around it by server.cpp, the same way for every endpoint.
#include <httplib.h>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/mock/corpus.hpp"
#include "buyergraph/mock/server.hpp"

namespace buyergraph::mock::detail {

enum class Provider { coresignal, pdl, perplexity, apollo };

/// A response before the server's wrappers (credits header, faults) are applied.
struct Reply {
  int status = 200;
  nlohmann::json body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::int64_t cost = 0;  ///< credits to charge if the final status is 200
};

/// The provider's own error body: CoreSignal `{"detail"}`, PDL `{"status","error":{type,
/// message}}`, Perplexity `{"error":{message,type,code}}`, Apollo `{"error","error_code"}`.
Reply error_reply(Provider provider, int status, const std::string& type,
                  const std::string& message);

/// Builds a reply; `fault` is the injected fault for this request when it is one the handler
/// itself must act on (the Perplexity body faults), else FaultKind::none.
using Handler = std::function<Reply(const httplib::Request&, FaultKind fault)>;

struct Router {
  Corpus* corpus;
  const MockConfig* config;
  /// Registers `handler` for method ("GET"/"POST") and a regex path under an endpoint name.
  std::function<void(const std::string& method, const std::string& pattern, Provider,
                     const std::string& endpoint, Handler)>
      add;
  /// The configured cost of an endpoint (0 when not configured).
  std::int64_t cost(const std::string& endpoint) const {
    auto it = config->costs.find(endpoint);
    return it == config->costs.end() ? 0 : it->second;
  }
};

void add_coresignal_routes(Router& router);
void add_pdl_routes(Router& router);
void add_perplexity_routes(Router& router);
void add_apollo_routes(Router& router);

/// Parses a request body as a JSON object; nullopt when it is not one.
std::optional<nlohmann::json> json_body(const httplib::Request& req);

}  // namespace buyergraph::mock::detail
