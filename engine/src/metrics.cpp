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
