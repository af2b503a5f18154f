// The runtime, through real plugin loading from YAML text.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <map>
#include <thread>

#include "engine_test_util.hpp"

using namespace buyergraph;
using namespace buyergraph::test;
using nlohmann::json;

namespace {

std::map<std::string, engine::AccountResult> by_key(const engine::RunReport& r) {
  std::map<std::string, engine::AccountResult> m;
  for (const auto& a : r.accounts) m[a.account.key] = a;
  return m;
}

json batch_of(const engine::AccountResult& r) {
  EXPECT_EQ(r.outputs.size(), 1u);
  if (r.outputs.empty()) return json();
  EXPECT_EQ(r.outputs[0].type(), "test.batch");
  return r.outputs[0].to_json();
}

std::vector<sdk::Account> with_counts(const std::vector<std::pair<std::string, int>>& rows) {
  std::vector<sdk::Account> out;
  for (const auto& [name, count] : rows) {
    sdk::Account a;
    a.key = a.name = name;
    a.attributes["count"] = count;
    out.push_back(a);
  }
  return out;
}

}  // namespace

TEST(Runtime, InterleavedAccountsEachGetExactlyTheirOwnItems) {
  auto plan = plan_of(header() + R"(stages:
  - {id: gen, use: test.generate}
  - {id: wait, use: test.sleep, with: {latency_ms: 5}, concurrency: 64}
  - {id: double, use: test.arith, with: {multiply: 2, add: 1}}
  - {id: batch, use: test.collect}
)");
  engine::HostServices host;
  engine::Runner runner(plan, host);
  engine::VectorAccountSource src(with_counts({{"alpha", 7}, {"beta", 11}, {"gamma", 5}}));
  auto report = runner.run(src, {});
  ASSERT_TRUE(report.failure.empty()) << report.failure;
  auto m = by_key(report);
  ASSERT_EQ(m.size(), 3u);
  for (auto [key, count] :
       std::vector<std::pair<std::string, int>>{{"alpha", 7}, {"beta", 11}, {"gamma", 5}}) {
    const auto& r = m[key];
    EXPECT_EQ(r.status, engine::AccountStatus::ok) << key;
    json b = batch_of(r);
    EXPECT_EQ(b["account"], key);
    ASSERT_EQ(b["items"].size(), static_cast<std::size_t>(count)) << key;
    for (int i = 0; i < count; ++i) {
      EXPECT_EQ(b["items"][i]["account"], key);
      EXPECT_EQ(b["items"][i]["i"], i);
      EXPECT_EQ(b["items"][i]["n"], 2 * i + 1);
    }
  }
  // The async stage really overlapped the accounts' items.
  EXPECT_GT(report.stages[1].peak_in_flight, 11);
}

TEST(Runtime, AnAccountWhoseExpandProducesNothingStillCompletes) {
  auto plan = plan_of(header() + R"(stages:
  - {id: gen, use: test.generate}
  - {id: batch, use: test.collect}
  - {id: out, use: test.count}
)");
  engine::HostServices host;
  engine::Runner runner(plan, host);
  engine::VectorAccountSource src(with_counts({{"empty", 0}, {"one", 1}}));
  auto report = runner.run(src, {});
  auto m = by_key(report);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m["empty"].status, engine::AccountStatus::ok);
  EXPECT_TRUE(batch_of(m["empty"])["items"].empty());
  EXPECT_EQ(batch_of(m["one"])["items"].size(), 1u);
  EXPECT_EQ(report.stages[2].in, 2u);  // the sink got one batch per account
}

TEST(Runtime, AStageExceptionBecomesAnItemErrorAndTheAccountIsPartial) {
  auto plan = plan_of(header() + R"(stages:
  - {id: gen, use: test.generate, with: {count: 10}}
  - {id: boom, use: test.fail, with: {every: 3}}
  - {id: batch, use: test.collect}
)");
  engine::HostServices host;
  engine::Runner runner(plan, host);
  engine::VectorAccountSource src(accounts({"a", "b"}));
  auto report = runner.run(src, {});
  ASSERT_EQ(report.accounts.size(), 2u);
  for (const auto& r : report.accounts) {
    EXPECT_EQ(r.status, engine::AccountStatus::partial);
    ASSERT_EQ(r.errors.size(), 4u);  // i = 0, 3, 6, 9
    EXPECT_EQ(r.errors[0].stage, "boom");
    EXPECT_EQ(r.errors[0].code, "stage_exception");
    EXPECT_EQ(r.errors[0].message, "injected failure");
    EXPECT_EQ(batch_of(r)["items"].size(), 6u);
  }
  EXPECT_EQ(report.stages[1].errors, 8u);
}

TEST(Runtime, OnErrorFailEndsOnlyThatAccount) {
  auto plan = plan_of(header() + R"(stages:
  - {id: gen, use: test.generate, with: {count: 4}}
  - {id: boom, use: test.fail, with: {account: bad}, on_error: fail}
  - {id: batch, use: test.collect}
)");
  engine::HostServices host;
  engine::Runner runner(plan, host);
  engine::VectorAccountSource src(accounts({"good", "bad"}));
  auto m = by_key(runner.run(src, {}));
  EXPECT_EQ(m["good"].status, engine::AccountStatus::ok);
  EXPECT_EQ(batch_of(m["good"])["items"].size(), 4u);
  EXPECT_EQ(m["bad"].status, engine::AccountStatus::failed);
  EXPECT_EQ(m["bad"].error_code, "stage_exception");
  EXPECT_TRUE(m["bad"].outputs.empty());  // no gather for a failed account
}

TEST(Runtime, AFailedResolveEndsTheAccountWithItsReason) {
  auto plan = plan_of(header() + R"(stages:
  - {id: company, use: test.resolve, with: {unknown: [Nowhere]}}
  - {id: people, use: test.spread, with: {count: 3}}
  - {id: batch, use: test.collect}
)");
  engine::HostServices host;
  engine::Runner runner(plan, host);
  engine::VectorAccountSource src(accounts({"Contoso", "Nowhere"}));
  auto m = by_key(runner.run(src, {}));
  EXPECT_EQ(m["Contoso"].status, engine::AccountStatus::ok);
  EXPECT_EQ(batch_of(m["Contoso"])["items"].size(), 3u);
  EXPECT_EQ(m["Nowhere"].status, engine::AccountStatus::failed);
  EXPECT_NE(m["Nowhere"].error_message.find("no company named Nowhere"), std::string::npos);
}

TEST(Runtime, CancellationWith1000ItemsInFlightReturnsPromptly) {
  auto plan = plan_of(header() + R"(stages:
  - {id: gen, use: test.generate, with: {count: 1000}}
  - {id: wait, use: test.sleep, with: {latency_ms: 60000}, concurrency: 2000}
  - {id: batch, use: test.collect}
)");
  engine::HostServices host;
  engine::Runner runner(plan, host);
  engine::VectorAccountSource src(accounts({"slow"}));
  auto fut = std::async(std::launch::async, [&] { return runner.run(src, {}); });
  // Wait until all 1000 calls are in flight, then cancel.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (host.timer_service().pending() < 1000 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(host.timer_service().pending(), 1000u);
  auto t0 = std::chrono::steady_clock::now();
  runner.cancel(true);
  ASSERT_EQ(fut.wait_for(std::chrono::seconds(5)), std::future_status::ready)
      << "run did not return after cancel";
  auto report = fut.get();
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(took, 2.0);
  ASSERT_EQ(report.accounts.size(), 1u);
  EXPECT_EQ(report.accounts[0].status, engine::AccountStatus::cancelled);
  EXPECT_TRUE(report.cancelled);
}

TEST(Runtime, TimeoutCancelsAndKeepsFinishedAccounts) {
  auto plan = plan_of(header() + R"(stages:
  - {id: gen, use: test.generate, with: {count: 1}}
  - {id: wait, use: test.sleep, with: {latency_ms: 1}}
  - {id: out, use: test.count}
)");
  // The first account is quick; "stuck" gets a count large enough to outlast the timeout.
  auto accs = with_counts({{"quick", 1}});
  engine::HostServices host;
  engine::Runner runner(plan, host);
  engine::VectorAccountSource src(accs);
  engine::RunOptions opts;
  opts.timeout_s = 5;
  auto report = runner.run(src, opts);
  EXPECT_FALSE(report.timed_out);
  EXPECT_EQ(report.accounts.at(0).status, engine::AccountStatus::ok);

  auto slow = plan_of(header() + R"(stages:
  - {id: gen, use: test.generate, with: {count: 1}}
  - {id: wait, use: test.sleep, with: {latency_ms: 60000}}
  - {id: out, use: test.count}
)");
  engine::Runner runner2(slow, host);
  engine::VectorAccountSource src2(accounts({"stuck"}));
  opts.timeout_s = 0.3;
  auto t0 = std::chrono::steady_clock::now();
  auto r2 = runner2.run(src2, opts);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 3.0);
  EXPECT_TRUE(r2.timed_out);
  EXPECT_EQ(r2.accounts.at(0).status, engine::AccountStatus::cancelled);
}

TEST(Runtime, SoftCancelFinishesAccountsInFlightAndAdmitsNoMore) {
  auto plan = plan_of(header() + R"(
runtime: {max_accounts_in_flight: 2}
stages:
  - {id: gen, use: test.generate, with: {count: 2}}
  - {id: wait, use: test.sleep, with: {latency_ms: 100}}
  - {id: out, use: test.count}
)");
  engine::HostServices host;
  engine::Runner runner(plan, host);
  std::vector<sdk::Account> many;
  for (int i = 0; i < 50; ++i) many.push_back(accounts({"acct-" + std::to_string(i)})[0]);
  engine::VectorAccountSource src(many);
  auto fut = std::async(std::launch::async, [&] { return runner.run(src, {}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  runner.cancel(false);
  auto report = fut.get();
  EXPECT_GT(report.accounts.size(), 0u);
  EXPECT_LT(report.accounts.size(), 50u);
  for (const auto& a : report.accounts) {
    EXPECT_EQ(a.status, engine::AccountStatus::ok) << a.account.key;  // drained, not cut
    EXPECT_EQ(a.outputs.size(), 2u);
  }
}

TEST(Runtime, MemoryStaysBoundedWithASlowSink) {
  // 400 accounts x 3 items into a serial sink that takes 1 ms per item. Admission is the bound:
  // at most 4 accounts in flight, so at most 4 x (3 items + the account) items alive.
  auto plan = plan_of(header() + R"(
runtime: {max_accounts_in_flight: 4}
stages:
  - {id: gen, use: test.generate, with: {count: 3}}
  - {id: inc, use: test.arith}
  - {id: out, use: test.count, with: {delay_ms: 1}}
)");
  engine::HostServices host;
  engine::Runner runner(plan, host);
  std::vector<sdk::Account> many;
  for (int i = 0; i < 400; ++i) many.push_back(accounts({"a" + std::to_string(i)})[0]);
  engine::VectorAccountSource src(many);
  engine::RunOptions opts;
  opts.keep_outputs = false;
  auto report = runner.run(src, opts);
  ASSERT_EQ(report.accounts.size(), 400u);
  EXPECT_EQ(report.outputs, 1200u);
  EXPECT_LE(report.peak_live_items, 4 * 4);
  EXPECT_LE(report.stages[2].peak_queued, 4 * 3);
  EXPECT_GE(report.stages[2].peak_queued, 2);  // the sink really was the bottleneck
}

TEST(Runtime, OutputsCanReachTheCallbackWithoutStayingInTheReport) {
  // A batch writes each account's outputs as it finishes; the run report must not keep them.
  auto plan = plan_of(header() + R"(stages:
  - {id: gen, use: test.generate, with: {count: 3}}
  - {id: out, use: test.count}
)");
  engine::HostServices host;
  engine::Runner runner(plan, host);
  engine::VectorAccountSource src(accounts({"a", "b"}));
  engine::RunOptions opts;
  opts.keep_results_outputs = false;
  std::size_t seen = 0;
  opts.on_account = [&](const engine::AccountResult& r) { seen += r.outputs.size(); };
  auto report = runner.run(src, opts);
  ASSERT_EQ(report.accounts.size(), 2u);
  EXPECT_EQ(seen, 6u);
  for (const auto& a : report.accounts) EXPECT_TRUE(a.outputs.empty());
  EXPECT_EQ(report.outputs, 6u);
}

TEST(Runtime, AnEndlessRunCanKeepNoResultsAtAll) {
  // A server's run never ends: finished accounts go to the callback and nowhere else.
  auto plan = plan_of(header() + R"(stages:
  - {id: gen, use: test.generate, with: {count: 3}}
  - {id: out, use: test.count}
)");
  engine::HostServices host;
  engine::Runner runner(plan, host);
  engine::VectorAccountSource src(accounts({"a", "b", "c"}));
  engine::RunOptions opts;
  opts.keep_results = false;
  std::vector<std::string> finished;
  std::size_t outputs = 0;
  opts.on_account = [&](const engine::AccountResult& r) {
    finished.push_back(r.account.key);
    outputs += r.outputs.size();
  };
  auto report = runner.run(src, opts);
  EXPECT_TRUE(report.accounts.empty());
  EXPECT_EQ(finished.size(), 3u);
  EXPECT_EQ(outputs, 9u);  // the callback still sees every output
  EXPECT_EQ(report.outputs, 9u);
}

TEST(Runtime, AsyncStageOverlapsCallsWithFewThreads) {
  // 2,000 items x 50 ms would take 100 s one at a time; with 100 in flight the bound is ~1 s.
  auto plan = plan_of(header() + R"(stages:
  - {id: gen, use: test.generate, with: {count: 2000}}
  - {id: wait, use: test.sleep, with: {latency_ms: 50}, concurrency: 100}
  - {id: out, use: test.count}
)");
  engine::HostServices host;
  engine::Runner runner(plan, host);
  engine::VectorAccountSource src(accounts({"io"}));
  engine::RunOptions opts;
  opts.threads = 2;
  opts.keep_outputs = false;
  auto report = runner.run(src, opts);
  ASSERT_EQ(report.accounts.size(), 1u);
  EXPECT_EQ(report.outputs, 2000u);
  EXPECT_LT(report.seconds,
            10.0);  // loose: the benchmark reports the precise fraction of the bound
  EXPECT_EQ(report.stages[1].peak_in_flight, 100);
}

TEST(Runtime, StageThatCannotBeBuiltFailsTheRunWithItsName) {
  // A valid plan whose stage factory throws: the sink cannot open its output at close, but the
  // factory itself is fine; use an arith with a bad config type bypassing lint instead.
  auto plan = plan_of(header() + "stages:\n  - {id: gen, use: test.generate}\n");
  plan.stages[0].config["count"] = "not a number";
  engine::HostServices host;
  engine::Runner runner(plan, host);
  engine::VectorAccountSource src(accounts({"x"}));
  auto report = runner.run(src, {});
  EXPECT_NE(report.failure.find("stage 'gen' (test.generate) could not be built"),
            std::string::npos)
      << report.failure;
}

TEST(Runtime, OneAccountCanBeCancelledWhileTheOthersGoOnAndItsProgressIsVisible) {
  auto plan = plan_of(header() + R"(stages:
  - {id: gen, use: test.generate, with: {count: 5}}
  - {id: wait, use: test.sleep, with: {latency_ms: 200}, concurrency: 1}
  - {id: out, use: test.count}
)");
  engine::HostServices host;
  engine::Runner runner(plan, host);
  engine::VectorAccountSource src(accounts({"stopped", "finished"}));
  engine::RunOptions opts;
  opts.track_accounts = true;
  auto fut = std::async(std::launch::async, [&] { return runner.run(src, opts); });
  // Wait until the first account's items reach the slow stage (index 1), then stop it.
  std::optional<int> reached;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while ((!(reached = runner.account_progress("stopped")) || *reached < 1) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ASSERT_TRUE(reached.has_value());
  EXPECT_EQ(*reached, 1);
  EXPECT_TRUE(runner.cancel_account("stopped"));
  EXPECT_FALSE(runner.cancel_account("nobody"));
  auto report = fut.get();
  auto got = by_key(report);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got["stopped"].status, engine::AccountStatus::cancelled);
  EXPECT_LT(got["stopped"].outputs.size(), 5u);
  EXPECT_EQ(got["finished"].status, engine::AccountStatus::ok);
  EXPECT_EQ(got["finished"].outputs.size(), 5u);
  EXPECT_FALSE(report.cancelled);                                // the run itself was not stopped
  EXPECT_FALSE(runner.account_progress("stopped").has_value());  // finished: not in flight
}
