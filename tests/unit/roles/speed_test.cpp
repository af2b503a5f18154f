// Throughput of score + assign on one thread: printed and recorded, never asserted (a shared,
// loaded machine makes any floor flaky; bench/domain_bench measures it in an optimised build).
#include <chrono>
#include <thread>

#include "roles_fixture.hpp"

using namespace roles_test;

TEST(Speed, ScoreAndAssignThroughput) {
  auto s = seller("cloud-infrastructure");
  auto e = engine().with_overrides(s.role_rules);
  auto acct = e->prepare(s, company(3000));
  std::vector<sdk::Candidate> pool;
  for (const char* t : {"CTO", "VP Engineering", "Director of Infrastructure", "SRE Manager",
                        "Principal Platform Engineer", "Head of Procurement", "CISO", "Barista",
                        "General Counsel", "Board Member", "Software Engineer", "Sales Engineer"})
    pool.push_back(candidate(t, 450));
  const int n = 20000;
  auto start = std::chrono::steady_clock::now();
  std::size_t roles = 0;
  for (int i = 0; i < n; ++i) {
    sdk::Candidate c = pool[i % pool.size()];
    e->score(c, acct);
    e->assign(c, acct);
    roles += !c.role.empty();
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double per_sec = n / secs;
  std::printf("score+assign: %.0f candidates/s (one thread, incl. candidate copy)\n", per_sec);
  RecordProperty("candidates_per_second", static_cast<int>(per_sec));
  EXPECT_GT(roles, 0u);
}

TEST(Speed, ConcurrentConstUseGivesTheSameResults) {
  auto s = seller("cloud-infrastructure");
  auto e = engine().with_overrides(s.role_rules);
  auto acct = e->prepare(s, company(3000));
  auto reference = candidate("Director of Infrastructure");
  e->score(reference, acct);
  e->assign(reference, acct);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        auto c = candidate("Director of Infrastructure");
        e->score(c, acct);
        e->assign(c, acct);
        if (nlohmann::json(c) != nlohmann::json(reference)) ++mismatches;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}
