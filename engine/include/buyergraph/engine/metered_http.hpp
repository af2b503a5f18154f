#pragma once
// The host's cost layer in front of the HTTP transport: the response cache (TTL per data
// class), budgets, dry runs, the ledger, what an answer means (every failed answer carries a
// classified sdk::Error) and the per-resource circuit breaker (after a 401, 403 or 402 no
// later call to that resource is sent in this run). Plugins describe what a call costs and
// what data it fetches (sdk::HttpRequest::credits, charge, cache_class); this layer decides
// whether it is answered from the cache, refused, counted or sent.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "buyergraph/engine/cost_ledger.hpp"
#include "buyergraph/engine/host_services.hpp"
#include "buyergraph/sdk/host.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::engine {

/// `resources.cache` of a pipeline file:
///
///   cache: {enabled: true, ttl: {company: 30d, search: 1d, person: 14d, research: 7d}}
///
/// A class missing from `ttl` is not cached; durations are seconds or "90s", "15m", "12h", "30d".
struct CachePolicy {
  bool enabled = true;
  std::map<std::string, std::chrono::seconds> ttl = {{"company", std::chrono::hours(24 * 30)},
                                                     {"search", std::chrono::hours(24)},
                                                     {"person", std::chrono::hours(24 * 14)},
                                                     {"research", std::chrono::hours(24 * 7)}};
  std::chrono::seconds ttl_for(const std::string& data_class) const;
};

/// Reads `resources.cache`; null gives the defaults. Errors name the field.
sdk::Result<CachePolicy> parse_cache_policy(const nlohmann::json& cache);

/// The cache key of a request: its data class, resource, method, path and a 128-bit digest of
/// the base URL and body. The API key is not part of it (a new key reuses the cache) and the
/// base URL is (a mock's answers never answer for the real API).
std::string cache_key(const sdk::HttpRequest& request, const std::string& base_url);

/// What an answer means for the plugin that asked: nullopt for a 2xx, else an error whose code
/// says what happened (auth_failed, out_of_credits, rate_limited, bad_query, not_found,
/// provider_unavailable, provider_error, or the transport's timeout, connect, cancelled,
/// transport) and whose message says it in plain words, naming `key_env` for a rejected key.
/// Branches on the status only (the vendors' error texts are not a contract); refusals the
/// host made itself (budget_exhausted, dry_run) keep their message.
///
///   classify_answer({.status = 402}, "PDL_API_KEY")->code == "out_of_credits"
std::optional<sdk::Error> classify_answer(const sdk::HttpResponse& response,
                                          const std::string& key_env);

/// True for the failures no later call to the same resource can avoid (a rejected key, no
/// credits left): the host stops sending to that resource for the rest of the run.
bool stops_resource(const sdk::Error& error);

/// Wraps the transport. Cache hits and refusals complete on the host's timer thread, never
/// inside `send` (a plugin may hold a lock while sending). A 2xx answer is written to the cache
/// only when the plugin accepts it (sdk::HttpResponse::accept) and it holds no secret known to
/// `secrets` (an API key a provider echoed); never during a dry run.
///
/// Each billed answer adds its credits to the metric `credits.<resource>` when `metrics` is
/// given. Every answer that is not a 2xx carries classify_answer's error.
///
///   MeteredHttpClient http(curl, host.cache(), host.timers(), ledger, policy,
///                          {{"coresignal", {"https://api.coresignal.com/cdapi/v2", 0.0,
///                                           "CORESIGNAL_API_KEY"}}},
///                          &host.redactor(), &host.metrics());
///   host.set_http(&http);
class MeteredHttpClient final : public sdk::HttpClient {
 public:
  struct ResourceInfo {
    std::string base_url;
    double usd_per_credit = 0;  ///< prices credits when a charge names no money
    std::string key_env;        ///< the variable holding the key, named when a key is rejected
  };
  MeteredHttpClient(sdk::HttpClient& transport, sdk::Cache& cache, sdk::Timers& timers,
                    CostLedger& ledger, CachePolicy policy,
                    std::map<std::string, ResourceInfo> resources,
                    const Redactor* secrets = nullptr, sdk::Metrics* metrics = nullptr);

  void send(sdk::HttpRequest request, std::function<void(sdk::HttpResponse)> done) override;

 private:
  void complete_later(std::function<void(sdk::HttpResponse)> done, sdk::HttpResponse response);
  bool holds_secret(const std::string& encoded) const;
  std::optional<sdk::Error> stopped(const std::string& resource) const;
  void stop(const std::string& resource, const sdk::Error& why);

  sdk::HttpClient& transport_;
  sdk::Cache& cache_;
  sdk::Timers& timers_;
  CostLedger& ledger_;
  CachePolicy policy_;
  std::map<std::string, ResourceInfo> resources_;
  const Redactor* secrets_;
  sdk::Metrics* metrics_;
  mutable std::mutex stopped_mu_;
  std::map<std::string, sdk::Error> stopped_;  ///< resource -> the failure that stopped it
};

}  // namespace buyergraph::engine
