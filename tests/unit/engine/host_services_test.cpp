#include "buyergraph/engine/host_services.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <thread>

using namespace buyergraph::engine;
using namespace std::chrono_literals;

TEST(HostServices, SecretsComeFromEnvOrFileAndAreRedacted) {
  HostServices host;
  setenv("BG_TEST_KEY", "s3cr3t-value-123", 1);
  auto key = host.secrets().get("BG_TEST_KEY");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->reveal(), "s3cr3t-value-123");
  EXPECT_EQ(host.redactor().apply("calling with key=s3cr3t-value-123 now"),
            "calling with key=*** now");

  std::string path = ::testing::TempDir() + "/bg_key";
  std::ofstream(path) << "file-secret-456\n";
  setenv("BG_TEST_FILEKEY_FILE", path.c_str(), 1);
  auto fk = host.secrets().get("BG_TEST_FILEKEY");
  ASSERT_TRUE(fk);
  EXPECT_EQ(fk->reveal(), "file-secret-456");
  EXPECT_EQ(host.redactor().apply("x file-secret-456 y"), "x *** y");

  auto missing = host.secrets().get("BG_TEST_NOT_SET");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("BG_TEST_NOT_SET"), std::string::npos);
  unsetenv("BG_TEST_KEY");
  unsetenv("BG_TEST_FILEKEY_FILE");
}

TEST(HostServices, TimersFireInDeadlineOrder) {
  TimerService t;
  std::mutex mu;
  std::vector<int> order;
  std::atomic<int> fired{0};
  for (int d : {30, 10, 20}) {
    t.after(std::chrono::milliseconds(d), [&, d](bool cancelled) {
      EXPECT_FALSE(cancelled);
      std::lock_guard lk(mu);
      order.push_back(d);
      fired++;
    });
  }
  for (int i = 0; i < 200 && fired < 3; ++i) std::this_thread::sleep_for(5ms);
  ASSERT_EQ(fired.load(), 3);
  EXPECT_EQ(order, (std::vector<int>{10, 20, 30}));
}

TEST(HostServices, CancelAllFiresEveryPendingTimerAsCancelled) {
  TimerService t;
  std::atomic<int> cancelled{0};
  for (int i = 0; i < 100; ++i) t.after(1h, [&](bool c) { cancelled += c ? 1 : 0; });
  EXPECT_EQ(t.pending(), 100u);
  t.cancel_all();
  EXPECT_EQ(cancelled.load(), 100);
  EXPECT_EQ(t.pending(), 0u);
  t.after(1h, [&](bool c) { cancelled += c ? 1 : 0; });  // after cancel: fires at once
  EXPECT_EQ(cancelled.load(), 101);
  t.reset();
  t.after(1h, [](bool) {});
  EXPECT_EQ(t.pending(), 1u);
}

TEST(HostServices, CacheHonoursTtl) {
  HostServices host;
  host.cache().put("k", "v", std::chrono::seconds(60), "test");
  EXPECT_EQ(host.cache().get("k").value_or(""), "v");
  host.cache().put("gone", "v", std::chrono::seconds(0), "test");
  EXPECT_FALSE(host.cache().get("gone").has_value());
  EXPECT_FALSE(host.cache().get("never").has_value());
}
