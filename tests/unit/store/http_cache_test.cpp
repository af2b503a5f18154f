// The HTTP response cache table: expiry, replace, purge, clear per class, stats, and
// concurrent get/put from several threads.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "buyergraph/store/store.hpp"
#include "test_util.hpp"

using namespace buyergraph;
using namespace buyergraph::store;
using buyergraph::store::testing::TempDir;

namespace {
constexpr std::int64_t kNow = 1'800'000'000;
}

TEST(HttpCache, GetReturnsBodyUntilItExpires) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto& store = **s;
  EXPECT_FALSE(store.cache_get("GET /person/1", kNow));
  ASSERT_TRUE(store.cache_put("GET /person/1", "person", R"({"id":1})", kNow, kNow + 60));
  auto hit = store.cache_get("GET /person/1", kNow + 59);
  ASSERT_TRUE(hit);
  EXPECT_EQ(*hit, R"({"id":1})");
  EXPECT_FALSE(store.cache_get("GET /person/1", kNow + 60));  // expires_at is exclusive
  EXPECT_FALSE(store.cache_get("GET /person/2", kNow));
}

TEST(HttpCache, PutReplacesAndKeepsBinaryBytes) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto& store = **s;
  ASSERT_TRUE(store.cache_put("k", "person", "old", kNow, kNow + 10));
  const std::string binary("a\0b\xff\xfe", 5);
  ASSERT_TRUE(store.cache_put("k", "company", binary, kNow + 1, kNow + 100));
  auto hit = store.cache_get("k", kNow + 50);
  ASSERT_TRUE(hit);
  EXPECT_EQ(*hit, binary);
  auto stats = store.cache_stats(kNow);
  ASSERT_TRUE(stats);
  ASSERT_EQ(stats->size(), 1u);
  EXPECT_EQ((*stats)[0].data_class, "company");
  EXPECT_EQ((*stats)[0].entries, 1);
  EXPECT_EQ((*stats)[0].bytes, 5);
  EXPECT_FALSE(store.cache_put("", "person", "x", kNow, kNow + 1));
}

TEST(HttpCache, PurgeClearAndStatsPerClass) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto& store = **s;
  ASSERT_TRUE(store.cache_put("p1", "person", "aaaa", kNow, kNow + 10));
  ASSERT_TRUE(store.cache_put("p2", "person", "bb", kNow, kNow + 1000));
  ASSERT_TRUE(store.cache_put("c1", "company", "ccc", kNow, kNow + 10));
  ASSERT_TRUE(store.cache_put("s1", "search", "d", kNow, kNow + 1000));

  auto stats = store.cache_stats(kNow + 20);
  ASSERT_TRUE(stats);
  ASSERT_EQ(stats->size(), 3u);
  EXPECT_EQ((*stats)[0].data_class, "company");
  EXPECT_EQ((*stats)[0].expired, 1);
  EXPECT_EQ((*stats)[1].data_class, "person");
  EXPECT_EQ((*stats)[1].entries, 2);
  EXPECT_EQ((*stats)[1].bytes, 6);
  EXPECT_EQ((*stats)[1].expired, 1);
  EXPECT_EQ((*stats)[2].expired, 0);

  auto purged = store.cache_purge(kNow + 20);
  ASSERT_TRUE(purged);
  EXPECT_EQ(*purged, 2);
  EXPECT_TRUE(store.cache_get("p2", kNow + 20));

  auto cleared = store.cache_clear("person");
  ASSERT_TRUE(cleared);
  EXPECT_EQ(*cleared, 1);
  EXPECT_FALSE(store.cache_get("p2", kNow + 20));
  EXPECT_TRUE(store.cache_get("s1", kNow + 20));

  auto all = store.cache_clear("");
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, 1);
  EXPECT_TRUE(store.cache_stats(kNow)->empty());
}

TEST(HttpCache, ConcurrentGetAndPutFromFourThreads) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto& store = **s;
  constexpr int kThreads = 4, kKeys = 200;
  std::atomic<int> failures{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kKeys; ++i) {
        const std::string key = "t" + std::to_string(t) + "-" + std::to_string(i);
        if (!store.cache_put(key, "person", "body of " + key, kNow, kNow + 100)) ++failures;
        auto own = store.cache_get(key, kNow);
        if (!own || *own != "body of " + key) ++wrong;
        // Another thread's key: absent or exactly its body, never torn.
        const std::string other =
            "t" + std::to_string((t + 1) % kThreads) + "-" + std::to_string(i);
        if (auto v = store.cache_get(other, kNow); v && *v != "body of " + other) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(wrong.load(), 0);
  auto stats = store.cache_stats(kNow);
  ASSERT_TRUE(stats);
  ASSERT_EQ(stats->size(), 1u);
  EXPECT_EQ((*stats)[0].entries, kThreads * kKeys);
}

TEST(HttpCache, ReadsDoNotWaitForAnOpenWriteTransaction) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto& store = **s;
  ASSERT_TRUE(store.cache_put("k", "person", "v", kNow, kNow + 100));
  ASSERT_TRUE(store.begin());  // this thread holds the writer
  std::optional<std::string> seen;
  std::thread reader([&] { seen = store.cache_get("k", kNow); });
  reader.join();
  ASSERT_TRUE(store.commit());
  ASSERT_TRUE(seen);
  EXPECT_EQ(*seen, "v");
}

TEST(HttpCache, PutReturnsBusyInsteadOfWaitingBehindALongTransaction) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto& store = **s;
  ASSERT_TRUE(store.begin());  // an import holding the writer
  sdk::Status put;
  double seconds = 0;
  std::thread io([&] {
    auto t0 = std::chrono::steady_clock::now();
    put = store.cache_put("k", "person", "v", kNow, kNow + 100);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  });
  io.join();
  ASSERT_TRUE(store.commit());
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, "store_busy");
  EXPECT_TRUE(put.error().retryable);
  EXPECT_LT(seconds, 5.0);
  // Once the transaction ends, writes go through again.
  EXPECT_TRUE(store.cache_put("k", "person", "v", kNow, kNow + 100));
}
