// `bench` runs the provider mocks as a child process (buyergraph-mock): started on a free port,
// its failures reported in its own words, its counters read when stopped, never left running.
#include <gtest/gtest.h>

#include <httplib.h>
#include <unistd.h>

#include <filesystem>

#include "buyergraph/store/store.hpp"
#include "mock_process.hpp"

namespace buyergraph::cli {
namespace {

namespace fs = std::filesystem;

const std::string kMock = std::string(BUYERGRAPH_BIN_DIR) + "/buyergraph-mock";

// An empty store the mock can serve (it never creates one).
std::string empty_store() {
  const std::string dir = ::testing::TempDir() + "/mock-process-" + std::to_string(getpid());
  fs::create_directories(dir);
  const std::string path = dir + "/store.db";
  auto s = store::Store::open(path);
  EXPECT_TRUE(s) << s.error().message;
  return path;
}

int get_status(std::uint16_t port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2);
  auto r = client.Get(path);
  return r ? r->status : -1;
}

TEST(MockProcess, ServesOnAFreePortAndReportsItsCounters) {
  auto mock = MockProcess::start({.binary = kMock, .store_path = empty_store()});
  ASSERT_TRUE(mock) << mock.error().message;
  const auto port = (*mock)->port();
  ASSERT_GT(port, 0);
  EXPECT_GT(get_status(port, "/no/such/route"), 0);
  EXPECT_GT(get_status(port, "/v5/person/search"), 0);
  auto counters = (*mock)->stop();
  ASSERT_TRUE(counters) << counters.error().message;
  EXPECT_EQ((*counters)["requests"], 2);
  EXPECT_TRUE(counters->contains("rate_limited"));
  EXPECT_TRUE(counters->contains("peak_concurrent"));
  EXPECT_EQ(get_status(port, "/"), -1) << "still serving after stop";
}

TEST(MockProcess, StoppedWhenDestroyed) {
  std::uint16_t port = 0;
  {
    auto mock = MockProcess::start({.binary = kMock, .store_path = empty_store()});
    ASSERT_TRUE(mock) << mock.error().message;
    port = (*mock)->port();
    EXPECT_GT(get_status(port, "/"), 0);
  }
  EXPECT_EQ(get_status(port, "/"), -1) << "still serving after the error path";
}

TEST(MockProcess, FailuresComeBackInTheMocksOwnWords) {
  auto no_store = MockProcess::start({.binary = kMock, .store_path = "/nonexistent/store.db"});
  ASSERT_FALSE(no_store);
  EXPECT_NE(no_store.error().message.find("/nonexistent/store.db"), std::string::npos)
      << no_store.error().message;

  auto no_binary = MockProcess::start({.binary = "/nonexistent/buyergraph-mock"});
  ASSERT_FALSE(no_binary);
  EXPECT_NE(no_binary.error().message.find("cannot run /nonexistent/buyergraph-mock"),
            std::string::npos)
      << no_binary.error().message;
}

}  // namespace
}  // namespace buyergraph::cli
