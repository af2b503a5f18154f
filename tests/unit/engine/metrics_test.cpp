#include "buyergraph/engine/metrics.hpp"

#include <gtest/gtest.h>

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
