#pragma once
// The engine's implementation of the SDK host services.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "buyergraph/sdk/host.hpp"

namespace buyergraph::engine {

/// Replaces every registered secret value in text with "***". Thread-safe.
class Redactor {
 public:
  void add(const std::string& secret);
  std::string apply(std::string text) const;
  /// True when `text` holds a registered secret (such text must not be stored).
  bool found_in(std::string_view text) const;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> secrets_;
};

/// One-shot timers on a dedicated thread. `cancel_all()` fires every pending timer at once with
/// cancelled=true; timers added afterwards fire immediately the same way.
class TimerService final : public sdk::Timers {
 public:
  TimerService();
  ~TimerService() override;
  void after(std::chrono::milliseconds delay, std::function<void(bool)> fn) override;
  void cancel_all();
  void reset();  ///< accept timers normally again (a new run)
  std::size_t pending() const;

 private:
  struct Entry {
    std::chrono::steady_clock::time_point due;
    std::uint64_t seq;
    std::function<void(bool)> fn;
    bool operator>(const Entry& o) const { return due != o.due ? due > o.due : seq > o.seq; }
  };
  void loop();
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
  std::uint64_t seq_ = 0;
  bool cancelled_ = false;
  bool stop_ = false;
  std::thread thread_;
};

/// Host services for one process. Logs go to stderr through spdlog, with secrets redacted.
class HostServices final : public sdk::Host {
 public:
  HostServices();
  ~HostServices() override;
  sdk::Logger& log() override;
  sdk::Metrics& metrics() override;
  sdk::Clock& clock() override;
  sdk::Secrets& secrets() override;
  sdk::Cache& cache() override;
  sdk::Timers& timers() override { return timers_; }
  sdk::HttpClient* http() override { return http_; }
  sdk::Ledger* ledger() override { return ledger_; }

  TimerService& timer_service() { return timers_; }
  Redactor& redactor() { return redactor_; }
  void set_http(sdk::HttpClient* client) { http_ = client; }
  void set_ledger(sdk::Ledger* ledger) { ledger_ = ledger; }
  /// A persistent cache (the store's) instead of the in-memory default; must outlive the host.
  void set_cache(sdk::Cache* cache) { external_cache_ = cache; }
  void set_log_level(sdk::LogLevel level);
  /// Counters stages added through metrics(), by name.
  std::map<std::string, double> custom_metrics() const;

 private:
  struct Impl;
  Redactor redactor_;  // before impl_: the logger and secrets hold a reference to it
  TimerService timers_;
  std::unique_ptr<Impl> impl_;
  sdk::HttpClient* http_ = nullptr;
  sdk::Ledger* ledger_ = nullptr;
  sdk::Cache* external_cache_ = nullptr;
};

}  // namespace buyergraph::engine
