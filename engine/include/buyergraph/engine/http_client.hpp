#pragma once
// The engine's asynchronous HTTP client: libcurl multi interface on one I/O thread, with
// per-resource rate limits, in-flight caps, retries, API keys and statistics.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/engine/host_services.hpp"
#include "buyergraph/engine/http_retry.hpp"
#include "buyergraph/sdk/host.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::engine {

/// One `resources.http.<name>` entry of a pipeline file.
///
///   auto cfg = parse_http_resource("coresignal", json{{"base_url", "https://api.coresignal.com"},
///                                                     {"api_key_env", "CORESIGNAL_API_KEY"},
///                                                     {"auth_header", "apikey"},
///                                                     {"auth_prefix", ""}});
struct HttpResourceConfig {
  std::string name;
  std::string base_url;    ///< request paths are appended to it
  double rate_per_s = 0;   ///< token bucket rate; 0 = unlimited
  bool adaptive_rate = true;  ///< AIMD: a 429 halves the rate, answers add it back slowly
  int max_in_flight = 16;  ///< attempts on the wire at once for this resource
  int timeout_ms = 30000;  ///< whole attempt (connect + send + receive)
  int connect_timeout_ms = 10000;
  HttpRetryPolicy retries;
  std::string api_key_env;   ///< read through sdk::Secrets (NAME or NAME_FILE)
  std::string api_key_file;  ///< a file holding the key, used when api_key_env is not set
  std::string auth_header = "Authorization";
  std::string auth_prefix = "Bearer ";
  std::map<std::string, std::string> headers;  ///< static headers sent on every request
};

/// Parses and checks one resource entry; errors name the resource and the field.
///
///   auto r = parse_http_resource("pdl", entry);
///   if (!r) std::cerr << r.error().message;
sdk::Result<HttpResourceConfig> parse_http_resource(const std::string& name,
                                                    const nlohmann::json& entry);

/// Upper bounds (ms) of the latency histogram buckets in HttpStats.
inline constexpr std::array<int, 12> kHttpLatencyBoundsMs = {5,   10,   25,   50,   100,   250,
                                                             500, 1000, 2500, 5000, 10000, 30000};

/// Counters for one resource. Responses are counted per attempt (every attempt may be billed);
/// `latency_buckets[i]` counts finished requests (submit to completion, retries included) whose
/// latency is at most `kHttpLatencyBoundsMs[i]`; the last bucket is everything slower.
///
///   HttpStats s = client.stats("coresignal");
///   double error_rate = double(s.responses_5xx) / s.attempts;
struct HttpStats {
  std::uint64_t requests = 0;   ///< send() calls
  std::uint64_t completed = 0;  ///< completions delivered (any outcome)
  std::uint64_t attempts = 0;   ///< transfers started
  std::uint64_t retries = 0;    ///< attempts beyond the first
  std::uint64_t responses_1xx = 0, responses_2xx = 0, responses_3xx = 0, responses_4xx = 0,
                responses_5xx = 0;
  std::uint64_t transport_errors = 0;  ///< attempts without a response (timeouts included)
  std::uint64_t timeouts = 0;
  std::uint64_t cancelled = 0;  ///< requests completed as cancelled
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;  ///< response bodies
  std::uint64_t in_flight = 0;       ///< attempts on the wire now
  std::uint64_t queued = 0;          ///< waiting for a token, a slot or a retry timer
  std::uint64_t rate_decreases = 0;  ///< times a 429 halved the rate (adaptive_rate)
  double rate_per_s = 0;             ///< the rate in force now (0 = unlimited)
  std::array<std::uint64_t, kHttpLatencyBoundsMs.size() + 1> latency_buckets{};
};

/// libcurl multi interface driven by ONE I/O thread. `send` only queues the request and wakes
/// the thread; completions run on the I/O thread (keep them short, never block in them). Every
/// completion runs exactly once: with a response, a transport error, or `cancelled`.
///
///   CurlHttpClient client({{cfg, sdk::Secret(key)}}, &log, &redactor);
///   client.send({.resource = "coresignal", .method = "POST", .path = "/search", .body = q},
///               [](sdk::HttpResponse r) { ... });
class CurlHttpClient final : public sdk::HttpClient {
 public:
  struct Resource {
    HttpResourceConfig config;
    sdk::Secret api_key;  ///< empty: no auth header
  };

  /// `log` and `redactor` may be null; when given they must outlive the client.
  CurlHttpClient(std::vector<Resource> resources, sdk::Logger* log = nullptr,
                 const Redactor* redactor = nullptr);
  ~CurlHttpClient() override;  ///< cancels everything pending, then joins the I/O thread
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  void send(sdk::HttpRequest request, std::function<void(sdk::HttpResponse)> done) override;

  /// Completes every queued, waiting and in-flight request with error code "cancelled". From any
  /// thread but the I/O thread it returns once that is done. Requests sent afterwards are
  /// cancelled at once until `reset()`.
  void cancel_all();
  /// Accept requests normally again after `cancel_all()` (a new run).
  void reset();

  /// Counters for one resource; all zero for an unknown name.
  HttpStats stats(std::string_view resource) const;
  /// The configured resource names.
  std::vector<std::string> resources() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Builds the client from the pipeline's `resources.http` object. Each API key is read once
/// through `secrets` (api_key_env) or from api_key_file, and registered with `redactor`.
/// Errors name the resource and the variable, never a key value.
///
///   auto client = make_http_client(doc["resources"]["http"], host.secrets(), host.redactor(),
///                                  host.log());
///   if (client) host.set_http(client->get());
sdk::Result<std::unique_ptr<CurlHttpClient>> make_http_client(const nlohmann::json& resources_http,
                                                              sdk::Secrets& secrets,
                                                              Redactor& redactor, sdk::Logger& log);

}  // namespace buyergraph::engine
