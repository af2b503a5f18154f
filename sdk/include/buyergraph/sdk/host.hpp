#pragma once
// Host services: what the engine offers every stage. Plugins own *what*, the host owns *how*.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

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

/// A key-value cache with a time-to-live per entry.
class BOOST_SYMBOL_VISIBLE Cache {
 public:
  virtual ~Cache();
  virtual std::optional<std::string> get(std::string_view key) = 0;
  virtual void put(std::string_view key, std::string value, std::chrono::seconds ttl) = 0;
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

/// An HTTP request built by a plugin; the host sends it (rate limits, retries, keys, caching).
struct HttpRequest {
  std::string resource;  ///< the `resources.http.<name>` it goes through
  std::string method = "GET";
  std::string path;  ///< appended to the resource's base URL
  std::map<std::string, std::string> headers;
  std::string body;
  bool idempotent = true;
};

struct HttpResponse {
  int status = 0;  ///< 0 when no response arrived (see `error`)
  std::map<std::string, std::string> headers;
  std::string body;
  std::optional<Error> error;  ///< transport failure, timeout, cancelled, budget
};

/// Asynchronous HTTP. The completion runs on the host's I/O thread: keep it short.
class BOOST_SYMBOL_VISIBLE HttpClient {
 public:
  virtual ~HttpClient();
  virtual void send(HttpRequest request, std::function<void(HttpResponse)> done) = 0;
};

/// Everything a stage may use. Services that a pipeline does not configure return nullptr
/// from their accessor (today: `http()` until the pipeline declares `resources.http`).
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
};

}  // namespace buyergraph::sdk
