#include "buyergraph/engine/metrics.hpp"

#include <bit>

#include <fmt/format.h>

namespace buyergraph::engine {
namespace {
// Bucket = 8 * floor(log2 v) + the next three bits: constant relative width.
int bucket_of(std::uint64_t v) {
  if (v < 8) return static_cast<int>(v);
  int top = 63 - std::countl_zero(v);
  int sub = static_cast<int>((v >> (top - 3)) & 7);
  return top * 8 + sub;
}
double bucket_mid(int b) {
  if (b < 8) return b;
  int top = b / 8, sub = b % 8;
  double lo = std::ldexp(1.0, top) * (1.0 + sub / 8.0);
  double width = std::ldexp(1.0, top) / 8.0;
  return lo + width / 2;
}
}  // namespace

void LatencyHistogram::record(std::uint64_t ns) noexcept {
  buckets_[bucket_of(ns)].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(ns, std::memory_order_relaxed);
  auto m = max_.load(std::memory_order_relaxed);
  while (ns > m && !max_.compare_exchange_weak(m, ns, std::memory_order_relaxed)) {
  }
}

std::uint64_t LatencyHistogram::count() const noexcept {
  std::uint64_t n = 0;
  for (const auto& b : buckets_) n += b.load(std::memory_order_relaxed);
  return n;
}

double LatencyHistogram::mean() const noexcept {
  auto n = count();
  return n ? static_cast<double>(sum_.load(std::memory_order_relaxed)) / static_cast<double>(n)
           : 0.0;
}

double LatencyHistogram::quantile(double q) const noexcept {
  auto n = count();
  if (n == 0) return 0;
  auto target = static_cast<std::uint64_t>(q * static_cast<double>(n - 1)) + 1;
  std::uint64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += buckets_[b].load(std::memory_order_relaxed);
    if (seen >= target) return std::min(bucket_mid(b), static_cast<double>(max()));
  }
  return static_cast<double>(max());
}

void LatencyHistogram::merge(const LatencyHistogram& other) noexcept {
  for (int b = 0; b < kBuckets; ++b)
    buckets_[b].fetch_add(other.buckets_[b].load(std::memory_order_relaxed),
                          std::memory_order_relaxed);
  sum_.fetch_add(other.sum_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  const auto m = other.max();
  auto cur = max_.load(std::memory_order_relaxed);
  while (m > cur && !max_.compare_exchange_weak(cur, m, std::memory_order_relaxed)) {
  }
}

int detail::assign_shard() noexcept {
  my_shard = std::min(threads_seen.fetch_add(1, std::memory_order_relaxed), kShards - 1);
  return my_shard;
}

std::uint64_t ShardedCounter::value() const noexcept {
  std::uint64_t n = 0;
  for (const auto& c : cells_) n += c.v.load(std::memory_order_relaxed);
  return n;
}

std::int64_t ShardedGauge::now() const noexcept {
  // Rises are read before falls (both only grow; an item falls only after it rose), and a rise
  // is a release, so every fall that happened before a rise we count is counted too: the merged
  // value can lag, but never exceeds what was truly there during the read.
  const int used = shards_in_use();
  std::uint64_t up = 0, down = 0;
  for (int i = 0; i < used; ++i) up += cells_[i].up.load(std::memory_order_acquire);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  for (int i = 0; i < used; ++i) down += cells_[i].down.load(std::memory_order_acquire);
  return static_cast<std::int64_t>(up) - static_cast<std::int64_t>(down);
}

void ShardedGauge::sample() noexcept {
  const auto v = now();
  auto p = peak_.load(std::memory_order_relaxed);
  while (v > p && !peak_.compare_exchange_weak(p, v, std::memory_order_relaxed)) {
  }
}

StageCounters::Totals StageCounters::totals() const {
  Totals t;
  LatencyHistogram latency;
  for (const auto& s : shards_) {
    t.in += s.in.load(std::memory_order_relaxed);
    t.out += s.out.load(std::memory_order_relaxed);
    t.dropped += s.dropped.load(std::memory_order_relaxed);
    t.errors += s.errors.load(std::memory_order_relaxed);
    t.skipped += s.skipped.load(std::memory_order_relaxed);
    t.busy_ns += s.busy_ns.load(std::memory_order_relaxed);
    latency.merge(s.latency);
  }
  t.count = latency.count();
  t.max_ns = latency.max();
  t.p50_ns = latency.quantile(0.50);
  t.p95_ns = latency.quantile(0.95);
  t.p99_ns = latency.quantile(0.99);
  t.mean_ns = latency.mean();
  return t;
}

std::string format_metrics_table(const std::vector<StageMetrics>& stages) {
  std::string out = fmt::format(
      "{:<16} {:>9} {:>9} {:>8} {:>7} {:>8} {:>9} {:>9} {:>9} {:>9} {:>8}\n", "stage", "in", "out",
      "dropped", "errors", "skipped", "p50 ms", "p95 ms", "p99 ms", "peak q", "peak fl");
  for (const auto& s : stages)
    out +=
        fmt::format("{:<16} {:>9} {:>9} {:>8} {:>7} {:>8} {:>9.3f} {:>9.3f} {:>9.3f} {:>9} {:>8}\n",
                    s.id, s.in, s.out, s.dropped, s.errors, s.skipped, s.p50_ms, s.p95_ms, s.p99_ms,
                    s.peak_queued, s.peak_in_flight);
  return out;
}

}  // namespace buyergraph::engine
