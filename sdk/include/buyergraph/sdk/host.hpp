#pragma once
// Host services: what the engine offers every stage. Plugins own *what*, the host owns *how*.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/config.hpp>

#include "buyergraph/sdk/status.hpp"

namespace buyergraph::sdk {

enum class LogLevel { debug, info, warn, error };

/// Structured-enough logging. Secrets registered with the host are redacted from every line.
///
///   host.log().write(LogLevel::info, "resolved " + name);
class BOOST_SYMBOL_VISIBLE Logger {
 public:
  virtual ~Logger();
  virtual void write(LogLevel level, std::string_view message) = 0;
};

/// Named counters a stage may add to; printed with the run's metrics.
class BOOST_SYMBOL_VISIBLE Metrics {
 public:
  virtual ~Metrics();
  virtual void add(std::string_view name, double value) = 0;
};

/// Wall clock, replaceable in tests.
class BOOST_SYMBOL_VISIBLE Clock {
 public:
  virtual ~Clock();
  virtual std::chrono::system_clock::time_point now() = 0;
};

/// A secret value that never prints itself. Read it with `reveal()` only where it is sent.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string v) : value_(std::move(v)) {}
  const std::string& reveal() const noexcept { return value_; }
  bool empty() const noexcept { return value_.empty(); }

 private:
  std::string value_;
};

/// API keys from the environment or a file, never from pipeline text.
///
///   Result<Secret> key = host.secrets().get("CORESIGNAL_API_KEY");
class BOOST_SYMBOL_VISIBLE Secrets {
 public:
  virtual ~Secrets();
  /// `name` is an environment variable; `NAME_FILE` (or a `file:` path) is read when set.
  virtual Result<Secret> get(std::string_view name) = 0;
};

/// A key-value cache with a time-to-live per entry; `data_class` ("company", "person", ...)
/// lets a persistent cache report and clear entries per class.
///
///   host.cache().put(key, body, std::chrono::hours(24), "search");
///   if (auto hit = host.cache().get(key)) use(*hit);
class BOOST_SYMBOL_VISIBLE Cache {
 public:
  virtual ~Cache();
  virtual std::optional<std::string> get(std::string_view key) = 0;
  virtual void put(std::string_view key, std::string value, std::chrono::seconds ttl,
                   std::string_view data_class) = 0;
};

/// One-shot timers run on a host thread. Callbacks must be quick; `cancelled` is true when the
/// run was cancelled before the deadline (every timer fires exactly once either way).
///
///   host.timers().after(50ms, [done](bool cancelled) { ... });
class BOOST_SYMBOL_VISIBLE Timers {
 public:
  virtual ~Timers();
  virtual void after(std::chrono::milliseconds delay, std::function<void(bool cancelled)> fn) = 0;
};

struct HttpResponse {
  int status = 0;  ///< 0 when no response arrived (see `error`)
  std::map<std::string, std::string> headers;
  std::string body;
  /// Transport failure, timeout, cancelled, or a call the host refused: `budget_exhausted`
  /// (a budget would be exceeded), `dry_run` (a paid call during a dry run).
  std::optional<Error> error;
  bool from_cache = false;  ///< answered from the host's cache: nothing was sent or billed

  /// Says the plugin parsed this answer and found it well-formed. Only an accepted 2xx answer
  /// of a cacheable request is stored in the host's response cache, so a truncated or malformed
  /// body is never replayed. Call it from the completion, after parsing; it does nothing for an
  /// answer the host does not cache (an error, a cache hit, a dry run, a body holding a secret).
  ///
  ///   auto j = parse_body(r.body);
  ///   if (!j || !j->is_object()) return fail("bad_response");
  ///   r.accept();
  void accept() const {
    if (on_accept) on_accept(*this);
  }
  /// Set by the host's cost layer; plugins call accept() instead.
  std::function<void(const HttpResponse&)> on_accept;
};

/// What one call cost, as the host's ledger records it.
struct Charge {
  double credits = 0;  ///< provider credits
  double usd = 0;      ///< money; when 0 the host prices credits at the resource's usd_per_credit
};

/// An HTTP request built by a plugin; the host sends it (rate limits, retries, keys, caching,
/// budgets, the ledger). A paid call says what it costs, so the host can stop at a budget, and
/// names its data class, so a repeat run is answered from the cache once the plugin has
/// accepted the answer (HttpResponse::accept).
///
///   HttpRequest r{.resource = "coresignal", .method = "GET", .path = "/collect/42"};
///   r.account = ctx.account().key;  // ledger and per-account budget
///   r.cache_class = "person";       // TTL from resources.cache.ttl.person
///   r.credits = 20;                 // billed for a 2xx answer
struct HttpRequest {
  std::string resource;  ///< the `resources.http.<name>` it goes through
  std::string method = "GET";
  std::string path;  ///< appended to the resource's base URL
  std::map<std::string, std::string> headers;
  std::string body;
  bool idempotent = true;
  std::string account;      ///< the account it is for (ledger, per-account budget); may be empty
  std::string cache_class;  ///< data class for the cache TTL ("company", "search", "person",
                            ///< "research"); empty: never cached
  double credits = 0;       ///< credits billed for a 2xx answer; > 0 makes it a paid call
  /// Optional: the real charge read from a 2xx answer (a provider billing per record returned,
  /// an LLM billing tokens in USD). Runs on the I/O thread; keep it short.
  std::function<Charge(const HttpResponse&)> charge;
};

/// Asynchronous HTTP. The completion runs on the host's I/O thread: keep it short.
class BOOST_SYMBOL_VISIBLE HttpClient {
 public:
  virtual ~HttpClient();
  virtual void send(HttpRequest request, std::function<void(HttpResponse)> done) = 0;
};

/// Calls, credits and money for one resource, for one account or the whole run.
struct LedgerLine {
  std::string resource;
  std::uint64_t calls = 0;            ///< requests answered (sent, or from the cache)
  std::uint64_t paid_calls = 0;       ///< billed answers
  std::uint64_t cache_hits = 0;       ///< answered from the cache at no cost
  std::uint64_t denied = 0;           ///< paid calls a budget refused
  std::uint64_t estimated_calls = 0;  ///< paid calls a dry run did not send
  double credits = 0, usd = 0;
  double estimated_credits = 0, estimated_usd = 0;
};

/// The host's cost ledger: the host records every HTTP call; stages read it to put costs in
/// reports and may add estimates a dry run cannot reach by calling.
///
///   if (sdk::Ledger* l = host.ledger())
///     for (const auto& line : l->account(ctx.account().key)) total += line.credits;
class BOOST_SYMBOL_VISIBLE Ledger {
 public:
  virtual ~Ledger();
  virtual std::vector<LedgerLine> account(std::string_view key) const = 0;
  virtual std::vector<LedgerLine> run() const = 0;
  /// True during a dry run: paid calls are counted, not sent.
  virtual bool dry_run() const = 0;
  /// Adds paid calls a dry run knows it would make but could not reach (e.g. the collects a
  /// query plan asks for when the company record is not cached).
  virtual void estimate(std::string_view account, std::string_view resource, std::uint64_t calls,
                        double credits) = 0;
};

/// Everything a stage may use. Services that a pipeline does not configure return nullptr
/// from their accessor (`http()` until the pipeline declares `resources.http`; `ledger()` until
/// it does or the run is a dry run: sinks check `ledger()->dry_run()` and write nothing then).
class BOOST_SYMBOL_VISIBLE Host {
 public:
  virtual ~Host();
  virtual Logger& log() = 0;
  virtual Metrics& metrics() = 0;
  virtual Clock& clock() = 0;
  virtual Secrets& secrets() = 0;
  virtual Cache& cache() = 0;
  virtual Timers& timers() = 0;
  virtual HttpClient* http() = 0;
  virtual Ledger* ledger() = 0;
};

}  // namespace buyergraph::sdk
