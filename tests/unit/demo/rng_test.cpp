#include "buyergraph/demo/rng.hpp"

#include <gtest/gtest.h>

#include <set>

using buyergraph::demo::Rng;

TEST(DemoRng, SameSeedSameSequenceDifferentSeedDifferent) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    EXPECT_EQ(x, b.next());
    differs |= x != c.next();
  }
  EXPECT_TRUE(differs);
}

TEST(DemoRng, SplitMixSeedingIsTheReferenceSequence) {
  // SplitMix64 from 0 starts with 0xe220a8397b1dcdaf (published reference value); the first state
  // word of Rng(0) is exactly that, so this pins the seeding to the documented algorithm.
  EXPECT_EQ(buyergraph::demo::mix64(0), 0xe220a8397b1dcdafULL);
}

TEST(DemoRng, BelowAndBetweenStayInRangeAndCoverIt) {
  Rng r(7);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const auto v = r.between(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    seen.insert(v);
    ASSERT_LT(r.below(5), 5u);
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(r.below(0), 0u);
  EXPECT_EQ(r.between(5, 5), 5);
}

TEST(DemoRng, WeightedNeverPicksZeroWeight) {
  Rng r(9);
  int hits[3] = {0, 0, 0};
  for (int i = 0; i < 3000; ++i) {
    int k = r.weighted({1, 0, 3});
    ASSERT_TRUE(k >= 0 && k < 3) << k;
    ++hits[k];
  }
  EXPECT_EQ(hits[1], 0);
  EXPECT_GT(hits[2], hits[0]);  // 3:1, so far more than the first
  EXPECT_EQ(r.weighted({0, 0}), -1);
}

TEST(DemoRng, DerivedStreamsAreIndependentOfEachOther) {
  auto a = Rng::derive(42, 1, 2).next();
  EXPECT_EQ(a, Rng::derive(42, 1, 2).next());
  EXPECT_NE(a, Rng::derive(42, 2, 1).next());
  EXPECT_NE(a, Rng::derive(43, 1, 2).next());
}
