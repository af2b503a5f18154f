#pragma once
// Loopback mock servers for the provider APIs of providers.md: CoreSignal (/cdapi/v2/...),
// People Data Labs (/v5/...) and the Perplexity Agent API (/v1/agent), backed by a store file.
// Tests start one in-process; the `buyergraph-mock` binary runs one standalone.
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace buyergraph::mock {

/// Which kind of failure an injected fault produces.
enum class FaultKind {
  none,
  status_500,             ///< 500 with the provider's error body
  status_502,             ///< 502 with a plain-text body (as a gateway sends it)
  status_503,             ///< 503 with the provider's error body
  truncated_body,         ///< 200, the real body cut in half (Content-Length matches the cut body)
  malformed_json,         ///< 200, a body that is not JSON
  timeout,                ///< waits `delay_ms` before answering normally (past a client timeout)
  perplexity_failed,      ///< Perplexity: 200 with status "failed" and `error` set
  perplexity_no_usage,    ///< Perplexity: 200 without `usage`
  perplexity_no_message,  ///< Perplexity: 200 without the `message` output item
  perplexity_bad_json,    ///< Perplexity: `output_text` that is not JSON
  echo_key,               ///< 200, a JSON object body that also echoes the caller's API key
};

/// "500", "502", "503", "truncated", "malformed", "timeout", "failed", "no-usage",
/// "no-message", "bad-json", "echo-key"; nullopt-like FaultKind::none for an unknown name.
///
///   parse_fault_kind("truncated") == FaultKind::truncated_body
FaultKind parse_fault_kind(const std::string& name);

/// When faults fire: on every Nth matching request, or with a probability drawn from a seeded
/// generator (so a run is reproducible). Both zero = never.
///
///   FaultConfig f{.kind = FaultKind::status_503, .every_nth = 3};   // requests 3, 6, 9, ...
///   FaultConfig g{.kind = FaultKind::malformed_json, .probability = 0.1, .seed = 7};
struct FaultConfig {
  FaultKind kind = FaultKind::none;
  int every_nth = 0;
  double probability = 0;
  std::uint64_t seed = 1;
  /// Only requests whose endpoint name starts with this ("coresignal.", "pdl.person.search");
  /// empty = every endpoint.
  std::string endpoint_prefix;
  int delay_ms = 5000;  ///< for FaultKind::timeout
};

/// Mock configuration; defaults serve every provider with no limits and unlimited credits.
///
///   MockConfig c;
///   c.store_path = "/tmp/demo/store.db";
///   c.api_keys = {"test-key"};
///   c.credits = 100;
///   c.rate_per_second = 5;
struct MockConfig {
  std::string store_path;  ///< the SQLite store (buyergraph import) holding the data served
  bool serve_coresignal = true;
  bool serve_pdl = true;
  bool serve_apollo = true;
  bool serve_perplexity = true;
  /// Accepted keys: CoreSignal `apikey`, PDL `X-Api-Key`/`api_key`, Perplexity `Bearer` token.
  /// Empty = any non-empty key is accepted (a missing key still gets 401).
  std::set<std::string> api_keys;
  int latency_ms = 0;                ///< added to every request
  int jitter_ms = 0;                 ///< plus a uniform 0..jitter_ms
  double rate_per_second = 0;        ///< per key and provider, token bucket; 0 = unlimited
  int perplexity_retry_after_s = 0;  ///< Retry-After on Perplexity 429s; 0 = header absent
  /// Legacy Perplexity `POST /chat/completions` and `/v1/sonar` (retired 2026-09-27): 0 answers
  /// in chat.completion format, any other value fails with that status.
  int perplexity_legacy_status = 410;
  bool pdl_free_plan = false;  ///< PDL contact fields as boolean `true` placeholders
  std::int64_t credits = -1;   ///< shared balance; negative = unlimited
  /// Credits per HTTP 200, by endpoint name (see endpoint_names()); missing = 0. PDL search
  /// is charged per record returned.
  std::map<std::string, std::int64_t> costs = default_costs();
  FaultConfig faults;
  std::uint64_t seed = 42;    ///< jitter and fault probabilities
  bool record_paths = false;  ///< MockCounters::paths and ::bodies (tests)

  /// The 2026 CoreSignal prices (providers.md 1.14) and PDL's one credit per record.
  static std::map<std::string, std::int64_t> default_costs();
};

/// The endpoint names used in costs, counters and fault prefixes, e.g.
/// "coresignal.employee.search", "coresignal.employee.preview", "coresignal.employee.collect",
/// "coresignal.company.search", "coresignal.company.preview", "coresignal.company.collect",
/// "coresignal.company.enrich", "pdl.person.search", "pdl.person.enrich",
/// "pdl.company.enrich", "apollo.people.search", "apollo.people.match",
/// "apollo.organizations.enrich", "perplexity.agent".
///
///   for (auto& e : endpoint_names()) std::cout << e << "\n";
const std::set<std::string>& endpoint_names();

/// What the server has seen and done since start().
///
///   auto c = server.counters();
///   EXPECT_EQ(c.calls["coresignal.employee.collect"], 3);
struct MockCounters {
  std::map<std::string, std::int64_t> calls;  ///< requests per endpoint name, any status
  std::int64_t requests = 0;                  ///< all requests, unknown paths included
  std::int64_t credits_spent = 0;
  std::int64_t credits_remaining = -1;  ///< negative = unlimited
  std::int64_t rate_limited = 0;        ///< 429s sent
  std::int64_t unauthorized = 0;        ///< 401s sent
  std::int64_t payment_required = 0;    ///< 402s sent
  std::int64_t faults = 0;              ///< injected faults
  std::int64_t peak_concurrent = 0;     ///< most requests in flight at once
  /// Requests per "METHOD path" (path without the query string), when record_paths is set:
  /// which records were collected, e.g. paths["GET /cdapi/v2/employee_multi_source/collect/42"].
  std::map<std::string, std::int64_t> paths;
  /// Request bodies per endpoint name, in arrival order, when record_paths is set: what a
  /// client asked for, e.g. bodies["pdl.person.search"][0] holds its `size` and `data_include`.
  std::map<std::string, std::vector<std::string>> bodies;
};

/// A mock provider server on 127.0.0.1, serving on its own threads.
///
///   MockServer server(config);
///   uint16_t port = server.start();        // 0 on failure; see last_error()
///   // point a plugin at "http://127.0.0.1:" + std::to_string(port) + "/cdapi/v2"
///   server.stop();
class MockServer {
 public:
  explicit MockServer(MockConfig config);
  ~MockServer();
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  /// Opens the store, binds 127.0.0.1 on `port` (0 = any free port) and serves on a
  /// background thread. Returns the bound port, or 0 with last_error() set.
  std::uint16_t start(std::uint16_t port = 0);
  /// Stops serving and joins the thread; safe to call twice.
  void stop();
  /// Why start() failed.
  std::string last_error() const;

  MockCounters counters() const;
  /// Replaces the fault configuration; the Nth-request count restarts.
  void set_faults(FaultConfig faults);
  /// Sets the credit balance (negative = unlimited).
  void set_credits(std::int64_t credits);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace buyergraph::mock
