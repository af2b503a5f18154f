#pragma once
// Per-stage counters and latency histograms, updated lock-free from worker threads.
#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace buyergraph::engine {

/// Log-linear latency histogram in nanoseconds (8 sub-buckets per power of two, ~9% error).
class LatencyHistogram {
 public:
  void record(std::uint64_t ns) noexcept;
  /// Approximate quantile in nanoseconds, q in [0, 1]; 0 when empty.
  double quantile(double q) const noexcept;
  std::uint64_t count() const noexcept;
  std::uint64_t max() const noexcept { return max_.load(std::memory_order_relaxed); }
  double mean() const noexcept;

 private:
  static constexpr int kSub = 8;
  static constexpr int kBuckets = 64 * kSub;
  std::array<std::atomic<std::uint64_t>, kBuckets> buckets_{};
  std::atomic<std::uint64_t> sum_{0};
  std::atomic<std::uint64_t> max_{0};
};

/// Tracks a current value and its peak.
class Gauge {
 public:
  void add(std::int64_t d) noexcept {
    auto v = now_.fetch_add(d, std::memory_order_relaxed) + d;
    auto p = peak_.load(std::memory_order_relaxed);
    while (v > p && !peak_.compare_exchange_weak(p, v, std::memory_order_relaxed)) {
    }
  }
  std::int64_t now() const noexcept { return now_.load(std::memory_order_relaxed); }
  std::int64_t peak() const noexcept { return peak_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> now_{0};
  std::atomic<std::int64_t> peak_{0};
};

/// What the engine counts for every stage.
struct StageCounters {
  std::atomic<std::uint64_t> in{0}, out{0}, dropped{0}, errors{0}, skipped{0};
  Gauge queued;     ///< items sent to the stage and not yet started
  Gauge in_flight;  ///< calls started and not yet finished
  LatencyHistogram latency;
  std::atomic<std::uint64_t> busy_ns{0};
};

/// A printable copy of a stage's counters.
struct StageMetrics {
  std::string id;
  std::string use;
  bool async = false;
  int concurrency = 0;
  std::uint64_t in = 0, out = 0, dropped = 0, errors = 0, skipped = 0;
  std::int64_t peak_queued = 0, peak_in_flight = 0;
  double p50_ms = 0, p95_ms = 0, p99_ms = 0, mean_ms = 0, max_ms = 0;
  double busy_s = 0;
};

/// Fixed-width table of stage metrics, for `--metrics`.
std::string format_metrics_table(const std::vector<StageMetrics>& stages);

}  // namespace buyergraph::engine
