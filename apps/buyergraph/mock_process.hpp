#pragma once
// The provider mock servers (`buyergraph-mock`) as a child process on a free loopback port, for
// `buyergraph bench --mock-latency-ms`: the product binary does not link the mock server.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "buyergraph/sdk/status.hpp"

namespace buyergraph::cli {

struct MockProcessOptions {
  std::string binary;  ///< the mock executable; empty: `buyergraph-mock` next to this binary
  std::string store_path;
  int latency_ms = 0;
  int jitter_ms = 0;
  double rate_per_second = 0;  ///< per key and provider; 0 = unlimited
  std::chrono::milliseconds ready_timeout{60000};
};

/// A running mock. It is stopped (SIGTERM, then SIGKILL if it does not exit) when destroyed, on
/// every path out of the caller; it also stops when this process dies, and Ctrl-C in the
/// terminal does not reach it (its own process group), so a graceful stop keeps it serving.
///
///   auto mock = MockProcess::start({.store_path = "store.db", .latency_ms = 20});
///   if (!mock) return fail(mock.error().message);
///   point_at("http://127.0.0.1:" + std::to_string((*mock)->port()));
///   ... run ...
///   auto counters = (*mock)->stop();  // {"requests": 319, "rate_limited": 0, ...}
class MockProcess {
 public:
  /// Starts the mock and waits until it listens; fails with its own message (bad store, ...).
  static sdk::Result<std::unique_ptr<MockProcess>> start(const MockProcessOptions& options);
  ~MockProcess();
  MockProcess(const MockProcess&) = delete;
  MockProcess& operator=(const MockProcess&) = delete;

  std::uint16_t port() const { return port_; }
  /// Stops it and returns the counters it printed on exit (requests, rate_limited,
  /// peak_concurrent, calls per endpoint, ...).
  sdk::Result<nlohmann::json> stop();

 private:
  MockProcess(pid_t pid, int out_fd, int err_fd) : pid_(pid), out_fd_(out_fd), err_fd_(err_fd) {}
  void terminate() noexcept;

  pid_t pid_ = -1;
  int out_fd_ = -1, err_fd_ = -1;
  std::uint16_t port_ = 0;
  std::string out_, err_;  ///< what it printed so far
};

}  // namespace buyergraph::cli
