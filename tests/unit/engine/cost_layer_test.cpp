// The host's cost layer: response cache, budgets, dry runs and the ledger, in front of a
// scripted transport (the real libcurl transport is tested in http_client_test.cpp and through
// loopback mocks in the provider integration tests).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <vector>

#include "buyergraph/engine/cost_ledger.hpp"
#include "buyergraph/engine/host_services.hpp"
#include "buyergraph/engine/metered_http.hpp"
#include "buyergraph/sdk/budget.hpp"

using namespace buyergraph;
using namespace std::chrono_literals;

namespace {

// Answers every request with `status` and the body "body:<path>"; can hold answers back so
// tests can have several calls in flight at once.
class ScriptedTransport final : public sdk::HttpClient {
 public:
  int status = 200;
  std::atomic<int> sent{0};
  bool hold = false;

  void send(sdk::HttpRequest r, std::function<void(sdk::HttpResponse)> done) override {
    ++sent;
    sdk::HttpResponse resp;
    resp.status = status;
    resp.body = "body:" + r.path;
    resp.headers["x-next-page-after"] = "cursor-" + r.path;
    if (hold) {
      std::lock_guard lk(mu_);
      held_.emplace_back(std::move(done), std::move(resp));
      return;
    }
    done(std::move(resp));
  }
  void release_all() {
    std::vector<std::pair<std::function<void(sdk::HttpResponse)>, sdk::HttpResponse>> h;
    {
      std::lock_guard lk(mu_);
      h.swap(held_);
    }
    for (auto& [done, resp] : h) done(std::move(resp));
  }

 private:
  std::mutex mu_;
  std::vector<std::pair<std::function<void(sdk::HttpResponse)>, sdk::HttpResponse>> held_;
};

sdk::HttpRequest paid(std::string path, std::string account = "a1", double credits = 20) {
  sdk::HttpRequest r;
  r.resource = "coresignal";
  r.path = std::move(path);
  r.account = std::move(account);
  r.cache_class = "person";
  r.credits = credits;
  return r;
}

struct Rig {
  ScriptedTransport transport;
  engine::HostServices host;
  engine::CostLedger ledger;
  engine::MeteredHttpClient client;

  explicit Rig(engine::Budget budget = {}, bool dry_run = false, engine::CachePolicy policy = {})
      : ledger(budget, dry_run),
        client(transport, host.cache(), host.timers(), ledger, std::move(policy),
               {{"coresignal", {"http://127.0.0.1:1/cdapi/v2", 0.001, "CORESIGNAL_API_KEY"}},
                {"pdl", {"http://127.0.0.1:1/v5", 0, "PDL_API_KEY"}}},
               &host.redactor(), &host.metrics()) {}

  // Sends and waits for the completion (cache hits and refusals complete on another thread).
  // Like a plugin that parsed the answer, the completion accepts it unless told not to.
  sdk::HttpResponse call(sdk::HttpRequest r, bool accept = true) {
    std::promise<sdk::HttpResponse> p;
    auto f = p.get_future();
    client.send(std::move(r), [&p, accept](sdk::HttpResponse resp) {
      if (accept) resp.accept();
      p.set_value(std::move(resp));
    });
    EXPECT_EQ(f.wait_for(5s), std::future_status::ready);
    return f.get();
  }
};

sdk::LedgerLine only_line(const std::vector<sdk::LedgerLine>& lines) {
  EXPECT_EQ(lines.size(), 1u);
  return lines.empty() ? sdk::LedgerLine{} : lines.front();
}

}  // namespace

TEST(CostLayer, ARepeatedCallIsAnsweredFromTheCacheWithItsHeadersAndCostsNothing) {
  Rig rig;
  auto first = rig.call(paid("/collect/42"));
  auto second = rig.call(paid("/collect/42"));
  EXPECT_EQ(rig.transport.sent.load(), 1);
  EXPECT_FALSE(first.from_cache);
  EXPECT_TRUE(second.from_cache);
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, "body:/collect/42");
  EXPECT_EQ(second.headers["x-next-page-after"], "cursor-/collect/42");
  auto line = only_line(rig.ledger.account("a1"));
  EXPECT_EQ(line.calls, 2u);
  EXPECT_EQ(line.cache_hits, 1u);
  EXPECT_EQ(line.paid_calls, 1u);
  EXPECT_DOUBLE_EQ(line.credits, 20);
  EXPECT_NEAR(line.usd, 0.02, 1e-12);  // priced at the resource's usd_per_credit
}

TEST(CostLayer, OnlyAnswersThePluginAcceptedAreCached) {
  Rig rig;
  auto rejected = rig.call(paid("/collect/9"), /*accept=*/false);  // a plugin's bad_response
  EXPECT_FALSE(rejected.from_cache);
  auto again = rig.call(paid("/collect/9"));
  EXPECT_FALSE(again.from_cache) << "an answer the plugin rejected was replayed";
  EXPECT_TRUE(rig.call(paid("/collect/9")).from_cache);  // accepted the second time
  EXPECT_EQ(rig.transport.sent.load(), 2);
}

TEST(CostLayer, AnAnswerHoldingARegisteredSecretIsNeverCached) {
  Rig rig;
  rig.host.redactor().add("cs-live-key-0123456789");
  auto r = paid("/collect/cs-live-key-0123456789");  // the transport echoes the path
  rig.call(r);
  EXPECT_FALSE(rig.call(r).from_cache);
  EXPECT_EQ(rig.transport.sent.load(), 2);
  EXPECT_FALSE(rig.host.cache().get(engine::cache_key(r, "http://127.0.0.1:1/cdapi/v2")));
  // An entry an older version stored with a key in it is not replayed either.
  rig.host.cache().put(engine::cache_key(r, "http://127.0.0.1:1/cdapi/v2"),
                       "200\n\nbody cs-live-key-0123456789", 3600s, "person");
  EXPECT_FALSE(rig.call(r).from_cache);
}

TEST(CostLayer, ADryRunWritesNothingToTheCache) {
  Rig rig({}, true);
  rig.call(paid("/search", "a1", 0));  // free: sent and accepted
  EXPECT_FALSE(rig.host.cache().get(
      engine::cache_key(paid("/search", "a1", 0), "http://127.0.0.1:1/cdapi/v2")));
  EXPECT_FALSE(rig.call(paid("/search", "a1", 0)).from_cache);
}

TEST(CostLayer, ErrorsAreNeitherCachedNorBilled) {
  Rig rig;
  rig.transport.status = 503;
  rig.call(paid("/collect/7"));
  rig.call(paid("/collect/7"));
  EXPECT_EQ(rig.transport.sent.load(), 2);
  auto line = only_line(rig.ledger.account("a1"));
  EXPECT_EQ(line.paid_calls, 0u);
  EXPECT_DOUBLE_EQ(line.credits, 0);
}

TEST(CostLayer, UncachedClassesAndADisabledCacheAlwaysSend) {
  Rig rig;
  auto r = paid("/x");
  r.cache_class = "";
  rig.call(r);
  rig.call(r);
  EXPECT_EQ(rig.transport.sent.load(), 2);
  engine::CachePolicy off;
  off.enabled = false;
  Rig rig2({}, false, off);
  rig2.call(paid("/x"));
  rig2.call(paid("/x"));
  EXPECT_EQ(rig2.transport.sent.load(), 2);
}

TEST(CostLayer, TheCacheKeyHoldsTheBaseUrlAndBodyButNoHeaders) {
  auto a = paid("/search");
  a.body = R"({"query":1})";
  auto b = a;
  b.headers["apikey"] = "secret-key-value";
  EXPECT_EQ(engine::cache_key(a, "http://x"), engine::cache_key(b, "http://x"));
  EXPECT_EQ(engine::cache_key(a, "http://x").find("secret"), std::string::npos);
  EXPECT_NE(engine::cache_key(a, "http://x"), engine::cache_key(a, "http://y"));
  b = a;
  b.body = R"({"query":2})";
  EXPECT_NE(engine::cache_key(a, "http://x"), engine::cache_key(b, "http://x"));
}

TEST(CostLayer, APerAccountBudgetStopsThatAccountOnly) {
  Rig rig({.max_credits_per_account = 50});
  EXPECT_FALSE(rig.call(paid("/1")).error);
  EXPECT_FALSE(rig.call(paid("/2")).error);
  auto refused = rig.call(paid("/3"));
  ASSERT_TRUE(refused.error);
  EXPECT_EQ(refused.error->code, "budget_exhausted");
  EXPECT_NE(refused.error->message.find("per-account budget of 50 credits"), std::string::npos);
  EXPECT_FALSE(rig.call(paid("/4", "a2")).error);  // another account has its own budget
  EXPECT_EQ(rig.transport.sent.load(), 3);
  auto line = only_line(rig.ledger.account("a1"));
  EXPECT_EQ(line.denied, 1u);
  EXPECT_DOUBLE_EQ(line.credits, 40);
  // A free call still goes through, and a cached answer still answers.
  auto free_call = paid("/search", "a1", 0);
  EXPECT_FALSE(rig.call(free_call).error);
  EXPECT_TRUE(rig.call(paid("/1")).from_cache);
}

// What a stage reads before buying a whole group: the tighter limit, less spent and in flight.
TEST(CostLayer, TheBudgetLeftIsTheTighterLimitLessWhatIsSpent) {
  EXPECT_FALSE(Rig().ledger.credits_left("a1")) << "no credit limit: nothing to report";
  Rig rig({.max_credits_per_account = 100, .max_credits_per_run = 150});
  const sdk::BudgetView* view = sdk::budget_of(&rig.ledger);
  ASSERT_NE(view, nullptr) << "the host's ledger offers the budgets";
  EXPECT_DOUBLE_EQ(view->credits_left("a1").value_or(-1), 100);
  EXPECT_FALSE(rig.call(paid("/1", "a1", 60)).error);
  EXPECT_DOUBLE_EQ(view->credits_left("a1").value_or(-1), 40);  // per account is tighter
  EXPECT_FALSE(rig.call(paid("/2", "a2", 80)).error);
  EXPECT_DOUBLE_EQ(view->credits_left("a2").value_or(-1), 10);  // the run has 10 left
  EXPECT_DOUBLE_EQ(view->credits_left("a3").value_or(-1), 10);
  rig.transport.hold = true;  // a call in flight counts as spent
  rig.client.send(paid("/3", "a1", 10), [](const sdk::HttpResponse&) {});
  for (int i = 0; i < 200 && rig.transport.sent.load() < 3; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_DOUBLE_EQ(view->credits_left("a1").value_or(-1), 0);
  rig.transport.release_all();
}

TEST(CostLayer, CallsInFlightCountAgainstTheRunBudget) {
  Rig rig({.max_credits_per_run = 100});
  rig.transport.hold = true;
  std::atomic<int> refused{0}, answered{0};
  for (int i = 0; i < 8; ++i)
    rig.client.send(paid("/p" + std::to_string(i), "a" + std::to_string(i)),
                    [&](const sdk::HttpResponse& r) {
                      if (r.error && r.error->code == "budget_exhausted") ++refused;
                      ++answered;
                    });
  for (int i = 0; i < 200 && refused.load() < 3; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(rig.transport.sent.load(), 5);  // 5 x 20 = 100 reserved before any answer
  rig.transport.release_all();
  for (int i = 0; i < 200 && answered.load() < 8; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(refused.load(), 3);
  EXPECT_DOUBLE_EQ(rig.ledger.run_credits(), 100);
}

TEST(CostLayer, TheRealChargeReplacesTheReservation) {
  Rig rig({.max_credits_per_account = 100});
  auto r = paid("/search?size=100", "a1", 100);                            // reserve a full page
  r.charge = [](const sdk::HttpResponse&) { return sdk::Charge{30, 0}; };  // 30 came back
  EXPECT_FALSE(rig.call(r).error);
  auto line = only_line(rig.ledger.account("a1"));
  EXPECT_DOUBLE_EQ(line.credits, 30);
  EXPECT_FALSE(rig.call(paid("/next", "a1", 70)).error);  // 30 + 70 fits
  EXPECT_TRUE(rig.call(paid("/more", "a1", 1)).error);
}

TEST(CostLayer, MoneyBudgetsStopCallsPricedOnlyAfterTheAnswer) {
  Rig rig({.max_usd_per_run = 0.01});
  auto r = paid("/v1/agent", "a1", 0);
  r.resource = "coresignal";
  r.cache_class = "";
  r.charge = [](const sdk::HttpResponse&) { return sdk::Charge{0, 0.006}; };
  EXPECT_FALSE(rig.call(r).error);
  EXPECT_FALSE(rig.call(r).error);  // 0.006 spent < 0.01: allowed, lands at 0.012
  auto refused = rig.call(r);
  ASSERT_TRUE(refused.error);
  EXPECT_EQ(refused.error->code, "budget_exhausted");
  EXPECT_NEAR(only_line(rig.ledger.run()).usd, 0.012, 1e-12);
}

TEST(CostLayer, ADryRunSendsFreeAndCachedCallsAndCountsPaidOnes) {
  Rig rig({}, true);
  auto free_call = paid("/search", "a1", 0);
  EXPECT_FALSE(rig.call(free_call).error);
  auto r = rig.call(paid("/collect/1"));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, "dry_run");
  rig.call(paid("/collect/2"));
  EXPECT_EQ(rig.transport.sent.load(), 1);
  auto line = only_line(rig.ledger.account("a1"));
  EXPECT_EQ(line.estimated_calls, 2u);
  EXPECT_DOUBLE_EQ(line.estimated_credits, 40);
  EXPECT_DOUBLE_EQ(line.credits, 0);
}

TEST(CostLayer, BudgetAndCacheSettingsAreValidated) {
  EXPECT_TRUE(engine::parse_budget(nullptr));
  EXPECT_FALSE(engine::parse_budget(nlohmann::json{{"max_credits", 5}}));
  EXPECT_FALSE(engine::parse_budget(nlohmann::json{{"max_credits_per_run", -1}}));
  EXPECT_FALSE(engine::parse_budget(nlohmann::json{{"max_credits_per_run", "ten"}}));
  auto p = engine::parse_cache_policy(
      nlohmann::json{{"ttl", {{"person", "30d"}, {"search", 90}, {"jobs", "15m"}}}});
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->ttl_for("person"), std::chrono::hours(24 * 30));
  EXPECT_EQ(p->ttl_for("search"), 90s);
  EXPECT_EQ(p->ttl_for("jobs"), 15min);
  EXPECT_EQ(p->ttl_for("company"), std::chrono::hours(24 * 30));  // defaults stay
  EXPECT_EQ(p->ttl_for("unknown-class"), 0s);
  auto bad = engine::parse_cache_policy(nlohmann::json{{"ttl", {{"person", "30 days"}}}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("resources.cache.ttl.person"), std::string::npos);
  EXPECT_FALSE(engine::parse_cache_policy(nlohmann::json{{"enabled", "yes"}}));
  EXPECT_FALSE(engine::parse_cache_policy(nlohmann::json{{"ttls", {}}}));
}

// The provider framework's host half: what an answer means is decided here, once, for every
// provider (plugins read Answer::failure).
TEST(CostLayer, EveryFailedAnswerCarriesItsClassifiedReasonInPlainWords) {
  struct Case {
    int status;
    const char* code;
    const char* words;
  };
  for (const Case& c :
       {Case{401, "auth_failed", "check CORESIGNAL_API_KEY"},
        Case{403, "auth_failed", "API key was rejected"},
        Case{402, "out_of_credits", "out of credits"}, Case{429, "rate_limited", "rate limited"},
        Case{422, "bad_query", "rejected the request"}, Case{404, "not_found", "no match"},
        Case{503, "provider_unavailable", "server error (HTTP 503)"},
        Case{418, "provider_error", "unexpected HTTP 418"}}) {
    Rig rig;
    rig.transport.status = c.status;
    auto r = rig.call(paid("/collect/1"));
    EXPECT_EQ(r.status, c.status);
    ASSERT_TRUE(r.error) << c.status;
    EXPECT_EQ(r.error->code, c.code) << c.status;
    EXPECT_NE(r.error->message.find(c.words), std::string::npos) << r.error->message;
    EXPECT_EQ(r.error->message.find("body:"), std::string::npos) << "the body is not shown";
  }
  Rig ok;
  EXPECT_FALSE(ok.call(paid("/collect/1")).error);
}

TEST(CostLayer, ARejectedKeyOrNoCreditsStopsThatResourceForTheRestOfTheRunOnly) {
  for (int status : {401, 402}) {
    Rig rig;
    rig.transport.status = status;
    auto first = rig.call(paid("/collect/1"));
    ASSERT_TRUE(first.error);
    rig.transport.status = 200;  // the provider would answer now: the breaker stays open
    auto later = rig.call(paid("/collect/2", "a2"));
    EXPECT_EQ(rig.transport.sent.load(), 1) << "no second call to a stopped resource";
    EXPECT_EQ(later.status, 0);
    ASSERT_TRUE(later.error);
    EXPECT_EQ(later.error->code, first.error->code);
    EXPECT_EQ(later.error->message, first.error->message) << "the first failure's words stay";
    auto other = paid("/person/search");
    other.resource = "pdl";
    EXPECT_EQ(rig.call(other).status, 200) << "another resource is not stopped";
    Rig next_run;  // a new run (a new stack) starts closed
    EXPECT_EQ(next_run.call(paid("/collect/2")).status, 200);
  }
}

TEST(CostLayer, ATransientFailureDoesNotStopTheResource) {
  Rig rig;
  rig.transport.status = 503;
  EXPECT_EQ(rig.call(paid("/collect/1")).error->code, "provider_unavailable");
  rig.transport.status = 200;
  EXPECT_EQ(rig.call(paid("/collect/2")).status, 200);
}

TEST(CostLayer, BilledCreditsAreCountedPerResourceByTheHostNotTheCache) {
  Rig rig;
  rig.call(paid("/collect/1"));
  rig.call(paid("/collect/1"));  // from the cache: free
  rig.transport.status = 404;
  rig.call(paid("/collect/2"));  // not billed
  EXPECT_DOUBLE_EQ(rig.host.custom_metrics()["credits.coresignal"], 20);
}
