#pragma once
// Per-stage counters and latency histograms, updated lock-free from worker threads.
#include <algorithm>
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
  /// Adds another histogram's samples to this one (merging per-thread shards).
  void merge(const LatencyHistogram& other) noexcept;

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

/// Shards of the engine's counters. A thread is numbered when it first counts something; the
/// first kShards - 1 threads each own a shard and update it with a plain load and store (no
/// locked instruction, no cache line shared with another writer); later threads share the last
/// shard and update it atomically. Counts are exact either way and merged on read.
inline constexpr int kShards = 16;

namespace detail {
inline std::atomic<int> threads_seen{0};
inline thread_local int my_shard = -1;  // constant-initialised: a plain thread-local load
int assign_shard() noexcept;
}  // namespace detail

/// The calling thread's shard, in [0, kShards): a thread-local read after the first call.
inline int shard_index() noexcept {
  const int s = detail::my_shard;
  return s >= 0 ? s : detail::assign_shard();
}

/// Shards that any thread has used so far (merging reads only these).
inline int shards_in_use() noexcept {
  return std::min(kShards, detail::threads_seen.load(std::memory_order_acquire));
}

/// Adds d to a cell of `shard`, which the calling thread got from shard_index(); returns the new
/// value. Only the owner writes an owned shard, so load + store cannot lose an update.
[[gnu::always_inline]] inline std::uint64_t bump(
    std::atomic<std::uint64_t>& cell, int shard, std::uint64_t d = 1,
    std::memory_order order = std::memory_order_relaxed) noexcept {
  if (shard < kShards - 1) {
    const auto v = cell.load(std::memory_order_relaxed) + d;
    cell.store(v, order);
    return v;
  }
  return cell.fetch_add(d, order) + d;
}

/// A sum kept per shard and merged on read.
class ShardedCounter {
 public:
  void add(int shard, std::uint64_t d = 1) noexcept { bump(cells_[shard].v, shard, d); }
  std::uint64_t value() const noexcept;

 private:
  struct alignas(64) Cell {
    std::atomic<std::uint64_t> v{0};
  };
  std::array<Cell, kShards> cells_{};
};

/// A current value (ups minus downs over all shards) and its peak. The current value is exact
/// once writers are quiet; the peak is sampled: a shard merges all shards on its first 64 rises
/// and then on one rise in 16, so it may miss a short spike but never exceeds the true peak.
class ShardedGauge {
 public:
  void add(int shard, std::int64_t d) noexcept {
    auto& c = cells_[shard];
    if (d < 0) {
      bump(c.down, shard, static_cast<std::uint64_t>(-d));
      return;
    }
    // Release: whoever reads this rise also sees every fall that happened before it.
    const auto ups = bump(c.up, shard, static_cast<std::uint64_t>(d), std::memory_order_release);
    if (ups <= 64 || (ups & 15u) == 0) sample();
  }
  std::int64_t now() const noexcept;
  std::int64_t peak() const noexcept { return peak_.load(std::memory_order_relaxed); }

 private:
  void sample() noexcept;
  struct alignas(64) Cell {
    std::atomic<std::uint64_t> up{0}, down{0};
  };
  std::array<Cell, kShards> cells_{};
  std::atomic<std::int64_t> peak_{0};
};

/// What the engine counts for every stage, one shard per thread (see kShards). Update a shard's
/// fields with bump() and the calling thread's shard_index().
class StageCounters {
 public:
  struct alignas(64) Shard {
    std::atomic<std::uint64_t> in{0}, out{0}, dropped{0}, errors{0}, skipped{0}, busy_ns{0};
    LatencyHistogram latency;
  };
  Shard& at(int shard) noexcept { return shards_[shard]; }

  ShardedGauge queued;  ///< items sent to the stage and not yet started
  Gauge in_flight;      ///< async calls started and not yet finished (async calls are slow anyway)

  /// The shards merged (call when the stage is quiet for exact figures).
  struct Totals {
    std::uint64_t in = 0, out = 0, dropped = 0, errors = 0, skipped = 0, busy_ns = 0;
    std::uint64_t count = 0, max_ns = 0;
    double p50_ns = 0, p95_ns = 0, p99_ns = 0, mean_ns = 0;
  };
  Totals totals() const;

 private:
  std::array<Shard, kShards> shards_{};
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
