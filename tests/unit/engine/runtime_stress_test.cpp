// Count-based completion under load: many accounts of very different sizes, interleaved on
// several worker threads, through fan-out, a filter, an async hop (completed on the timer
// thread), failing items and a gather. Every account must finish exactly once, with exactly
// its own items. The engine batches its per-account counting (a call hands its unit to its last
// output, extra outputs draw on reserved credit), so sizes straddle the credit block (64).
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_arena.h>

#include "engine_test_util.hpp"

using namespace buyergraph;
using namespace buyergraph::test;
using nlohmann::json;

namespace {

constexpr int kAccounts = 600;

// 0, 1, 63, 64, 65, 130 and a spread in between: empty accounts, single items, and sizes
// around one and two credit blocks.
int items_of(int i) {
  static const int kSizes[] = {0, 1, 2, 63, 64, 65, 130, 7, 31, 12};
  return kSizes[i % 10] + (i % 7);
}

std::vector<sdk::Account> many_accounts() {
  std::vector<sdk::Account> out;
  for (int i = 0; i < kAccounts; ++i) {
    sdk::Account a;
    a.key = a.name = "acct-" + std::to_string(i);
    a.attributes["count"] = items_of(i);
    out.push_back(std::move(a));
  }
  return out;
}

struct Outcome {
  engine::RunReport report;
  std::map<std::string, int> callbacks;  // account key -> on_account calls
};

// Runs in an arena of `threads` slots so the run really has that many workers (the default
// arena of the test's thread is as wide as the machine).
Outcome run_on(const engine::Plan& plan, int threads, bool keep_outputs) {
  oneapi::tbb::global_control gc(oneapi::tbb::global_control::max_allowed_parallelism,
                                 static_cast<std::size_t>(threads));
  oneapi::tbb::task_arena arena(threads);
  Outcome o;
  std::mutex mu;
  arena.execute([&] {
    engine::HostServices host;
    engine::Runner runner(plan, host);
    engine::VectorAccountSource src(many_accounts());
    engine::RunOptions opts;
    opts.threads = threads;
    opts.keep_outputs = keep_outputs;
    opts.on_account = [&](const engine::AccountResult& r) {
      std::lock_guard lk(mu);
      ++o.callbacks[r.account.key];
    };
    o.report = runner.run(src, opts);
  });
  return o;
}

void expect_each_account_finished_once(const Outcome& o) {
  ASSERT_TRUE(o.report.failure.empty()) << o.report.failure;
  ASSERT_EQ(o.report.accounts.size(), static_cast<std::size_t>(kAccounts));
  std::set<std::string> keys;
  for (const auto& a : o.report.accounts) EXPECT_TRUE(keys.insert(a.account.key).second);
  EXPECT_EQ(keys.size(), static_cast<std::size_t>(kAccounts));
  ASSERT_EQ(o.callbacks.size(), static_cast<std::size_t>(kAccounts));
  for (const auto& [key, calls] : o.callbacks) EXPECT_EQ(calls, 1) << key;
}

class RuntimeStress : public ::testing::TestWithParam<int> {};

}  // namespace

// gen -> wait (async) -> {even (filter), twice (map)} -> batch (gather) -> out (sink).
TEST_P(RuntimeStress, FanOutFilterAsyncAndGatherCompleteEveryAccountOnce) {
  auto plan = plan_of(header() + R"(
runtime: {max_accounts_in_flight: 48}
stages:
  - {id: gen, use: test.generate}
  - {id: wait, use: test.sleep, with: {latency_ms: 0}, concurrency: 32}
  - {id: even, use: test.keep_even, inputs: [wait]}
  - {id: twice, use: test.arith, with: {multiply: 2, add: 0}, inputs: [wait]}
  - {id: batch, use: test.collect, inputs: [even, twice]}
  - {id: out, use: test.count}
)");
  const Outcome o = run_on(plan, GetParam(), true);
  expect_each_account_finished_once(o);
  std::uint64_t all_items = 0, all_evens = 0;
  for (const auto& a : o.report.accounts) {
    const int i = std::stoi(a.account.key.substr(5));
    const int n = items_of(i), evens = (n + 1) / 2;
    all_items += static_cast<std::uint64_t>(n);
    all_evens += static_cast<std::uint64_t>(evens);
    EXPECT_EQ(a.status, engine::AccountStatus::ok) << a.account.key;
    EXPECT_EQ(a.dropped, static_cast<std::uint64_t>(n - evens)) << a.account.key;
    ASSERT_EQ(a.outputs.size(), 1u) << a.account.key;  // the batch, kept by the sink
    const json b = a.outputs[0].to_json();
    EXPECT_EQ(b["account"], a.account.key);
    ASSERT_EQ(b["items"].size(), static_cast<std::size_t>(n + evens)) << a.account.key;
    for (const auto& item : b["items"]) EXPECT_EQ(item["account"], a.account.key);
  }
  const auto& st = o.report.stages;
  EXPECT_EQ(st[0].out, all_items);
  EXPECT_EQ(st[1].in, all_items);
  EXPECT_EQ(st[2].dropped, all_items - all_evens);
  EXPECT_EQ(st[3].out, all_items);
  EXPECT_EQ(st[4].in, all_items + all_evens);  // gathered items
  EXPECT_EQ(st[5].in, static_cast<std::uint64_t>(kAccounts));
  EXPECT_EQ(o.report.outputs, static_cast<std::uint64_t>(kAccounts));
  EXPECT_GT(o.report.peak_live_items, 0);
}

// No gather: every item reaches the end; every seventh item fails (the account is partial).
TEST_P(RuntimeStress, FailingItemsAndTerminalOutputsAreCountedExactlyPerAccount) {
  auto plan = plan_of(header() + R"(
runtime: {max_accounts_in_flight: 48}
stages:
  - {id: gen, use: test.generate}
  - {id: inc, use: test.arith}
  - {id: boom, use: test.fail, with: {every: 7}}
  - {id: inc2, use: test.arith}
)");
  const Outcome o = run_on(plan, GetParam(), true);
  expect_each_account_finished_once(o);
  std::uint64_t total = 0;
  for (const auto& a : o.report.accounts) {
    const int i = std::stoi(a.account.key.substr(5));
    const int n = items_of(i), failing = (n + 6) / 7;  // i = 0, 7, 14, ... < n
    EXPECT_EQ(a.status, failing ? engine::AccountStatus::partial : engine::AccountStatus::ok)
        << a.account.key;
    EXPECT_EQ(a.errors.size(), static_cast<std::size_t>(failing)) << a.account.key;
    ASSERT_EQ(a.outputs.size(), static_cast<std::size_t>(n - failing)) << a.account.key;
    for (const auto& out : a.outputs) {
      const json d = out.to_json();
      EXPECT_EQ(d["account"], a.account.key);
      EXPECT_EQ(d["n"], d["i"].get<int>() + 2);
    }
    total += static_cast<std::uint64_t>(n - failing);
  }
  EXPECT_EQ(o.report.outputs, total);
  // Merged shards: every item the generator made went through the first map.
  EXPECT_EQ(o.report.stages[1].in, o.report.stages[0].out);
  EXPECT_EQ(o.report.stages[3].out, total);
}

// A call's last output runs next on the same worker when its stage has no concurrency limit
// (no oneTBB task). Here that chains gen -> inc, the gather -> pass, but `one` (concurrency 1,
// failing any call that overlaps another) must still be queued, never run beside itself.
TEST_P(RuntimeStress, SameWorkerChainsKeepConcurrencyLimitsAndCounts) {
  auto plan = plan_of(header() + R"(
runtime: {max_accounts_in_flight: 48}
stages:
  - {id: gen, use: test.generate}
  - {id: inc, use: test.arith}
  - {id: one, use: test.arith, with: {serial: true}, concurrency: 1}
  - {id: even, use: test.keep_even}
  - {id: batch, use: test.collect}
  - {id: pass, use: test.pass}
  - {id: out, use: test.count}
)");
  const Outcome o = run_on(plan, GetParam(), true);
  expect_each_account_finished_once(o);
  std::uint64_t all_items = 0, all_kept = 0;
  for (const auto& a : o.report.accounts) {
    const int i = std::stoi(a.account.key.substr(5));
    const int n = items_of(i), kept = (n + 1) / 2;  // item i leaves `one` as i + 2: even i kept
    all_items += static_cast<std::uint64_t>(n);
    all_kept += static_cast<std::uint64_t>(kept);
    EXPECT_EQ(a.status, engine::AccountStatus::ok) << a.account.key;
    EXPECT_TRUE(a.errors.empty()) << a.account.key << ": " << a.errors.front().message;
    ASSERT_EQ(a.outputs.size(), 1u) << a.account.key;
    const json b = a.outputs[0].to_json();
    EXPECT_EQ(b["account"], a.account.key);
    EXPECT_EQ(b["items"].size(), static_cast<std::size_t>(kept)) << a.account.key;
  }
  const auto& st = o.report.stages;
  EXPECT_EQ(st[1].in, all_items);
  EXPECT_EQ(st[2].in, all_items);
  EXPECT_EQ(st[2].errors, 0u);
  EXPECT_EQ(st[3].dropped, all_items - all_kept);
  EXPECT_EQ(st[4].in, all_kept);
  EXPECT_EQ(st[5].in, static_cast<std::uint64_t>(kAccounts));
  EXPECT_EQ(st[6].in, static_cast<std::uint64_t>(kAccounts));
  // Reached only as the last output of the call before them, on that call's worker: never queued.
  EXPECT_EQ(st[3].peak_queued, 0);
  EXPECT_EQ(st[5].peak_queued, 0);
  EXPECT_GT(st[2].peak_queued, 0);  // `one` is fed through its queue
}

INSTANTIATE_TEST_SUITE_P(Threads, RuntimeStress, ::testing::Values(1, 2, 8),
                         [](const auto& info) { return std::to_string(info.param) + "threads"; });
