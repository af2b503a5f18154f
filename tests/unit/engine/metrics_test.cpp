#include "buyergraph/engine/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

using namespace buyergraph::engine;

TEST(Metrics, HistogramQuantilesAreWithinBucketError) {
  LatencyHistogram h;
  for (std::uint64_t v = 1; v <= 10000; ++v) h.record(v * 1000);  // 1 us .. 10 ms, uniform
  EXPECT_EQ(h.count(), 10000u);
  EXPECT_NEAR(h.quantile(0.5), 5e6, 5e6 * 0.10);
  EXPECT_NEAR(h.quantile(0.99), 9.9e6, 9.9e6 * 0.10);
  EXPECT_EQ(h.max(), 10000000u);
  EXPECT_NEAR(h.mean(), 5.0005e6, 1);
  LatencyHistogram empty;
  EXPECT_EQ(empty.quantile(0.5), 0);
}

TEST(Metrics, GaugeKeepsItsPeak) {
  Gauge g;
  g.add(3);
  g.add(4);
  g.add(-6);
  EXPECT_EQ(g.now(), 1);
  EXPECT_EQ(g.peak(), 7);
}

TEST(Metrics, ShardedCountsAreExactWithMoreThreadsThanShards) {
  // 24 threads > kShards: the first ones own a shard (plain store), the rest share the last
  // (atomic add). Either way no update may be lost.
  ShardedCounter counter;
  ShardedGauge gauge;
  constexpr int kThreads = 24, kEach = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      const int shard = shard_index();
      for (int i = 0; i < kEach; ++i) {
        counter.add(shard);
        gauge.add(shard, 2);
        gauge.add(shard, -1);
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(counter.value(), static_cast<std::uint64_t>(kThreads) * kEach);
  EXPECT_EQ(gauge.now(), static_cast<std::int64_t>(kThreads) * kEach);
  EXPECT_GT(gauge.peak(), 0);
  // Sampled, never above the truth: at most every thread one step (+2 before its -1) ahead.
  EXPECT_LE(gauge.peak(), gauge.now() + kThreads);
}

TEST(Metrics, ShardedGaugePeakIsSeenOnOneThread) {
  ShardedGauge g;
  const int shard = shard_index();
  for (int i = 0; i < 10; ++i) g.add(shard, 1);
  for (int i = 0; i < 10; ++i) g.add(shard, -1);
  EXPECT_EQ(g.now(), 0);
  EXPECT_EQ(g.peak(), 10);  // the first 64 rises of a shard are all sampled
}
