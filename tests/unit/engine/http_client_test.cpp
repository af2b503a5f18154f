// CurlHttpClient against real loopback servers (cpp-httplib): retries, rate limits, in-flight
// caps, connection reuse, cancellation and key redaction, measured on the wire.
#include <httplib.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <future>
#include <set>
#include <thread>

#include "buyergraph/engine/http_client.hpp"
#include "buyergraph/engine/http_token_bucket.hpp"

using namespace buyergraph;
using namespace buyergraph::engine;
using namespace std::chrono_literals;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

namespace {

// A loopback server on an ephemeral port; register handlers on `http` before start().
struct LoopbackServer {
  httplib::Server http;
  int port = 0;
  std::thread thread;

  void start() {
    // Room for 100 requests held open at once (the default pool has 8 threads).
    http.new_task_queue = [] { return new httplib::ThreadPool(128); };
    http.set_keep_alive_max_count(1000);
    http.set_tcp_nodelay(true);  // no 40 ms Nagle/delayed-ACK stalls in timing assertions
    port = http.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port, 0);
    thread = std::thread([this] { http.listen_after_bind(); });
    while (!http.is_running()) std::this_thread::sleep_for(1ms);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
  ~LoopbackServer() {
    http.stop();
    if (thread.joinable()) thread.join();
  }
};

// Records every line the client logs.
struct CapturingLogger final : sdk::Logger {
  void write(sdk::LogLevel, std::string_view message) override {
    std::lock_guard lk(mu);
    lines.emplace_back(message);
  }
  std::vector<std::string> all() {
    std::lock_guard lk(mu);
    return lines;
  }
  std::mutex mu;
  std::vector<std::string> lines;
};

HttpResourceConfig fast_config(const std::string& name, const std::string& url) {
  HttpResourceConfig c;
  c.name = name;
  c.base_url = url;
  c.timeout_ms = 3000;
  c.connect_timeout_ms = 1000;
  c.retries = {3, 10, 200};
  return c;
}

CurlHttpClient::Resource resource(HttpResourceConfig c, std::string key = {}) {
  return CurlHttpClient::Resource{std::move(c), sdk::Secret(std::move(key))};
}

sdk::HttpRequest get(const std::string& resource, const std::string& path) {
  sdk::HttpRequest r;
  r.resource = resource;
  r.path = path;
  return r;
}

// Sends and waits for the completion (which must come within 10 s).
sdk::HttpResponse call(CurlHttpClient& client, sdk::HttpRequest request) {
  auto promise = std::make_shared<std::promise<sdk::HttpResponse>>();
  auto future = promise->get_future();
  client.send(std::move(request),
              [promise](sdk::HttpResponse r) { promise->set_value(std::move(r)); });
  if (future.wait_for(10s) != std::future_status::ready) {
    ADD_FAILURE() << "no completion within 10 s";
    return {};
  }
  return future.get();
}

// Counts completions and waits for a number of them.
struct Completions {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<sdk::HttpResponse> responses;

  std::function<void(sdk::HttpResponse)> callback() {
    return [this](sdk::HttpResponse r) {
      std::lock_guard lk(mu);
      responses.push_back(std::move(r));
      cv.notify_all();
    };
  }
  bool wait_for(std::size_t n, std::chrono::milliseconds limit) {
    std::unique_lock lk(mu);
    return cv.wait_for(lk, limit, [&] { return responses.size() >= n; });
  }
  std::size_t size() {
    std::lock_guard lk(mu);
    return responses.size();
  }
};

double seconds_since(SteadyClock::time_point t) {
  return std::chrono::duration<double>(SteadyClock::now() - t).count();
}

}  // namespace

// --- configuration ---------------------------------------------------------------------------

TEST(HttpResourceConfig, DefaultsAndOverrides) {
  auto d = parse_http_resource("cs", json{{"base_url", "https://api.example.com/v2"}});
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->name, "cs");
  EXPECT_EQ(d->rate_per_s, 0);
  EXPECT_EQ(d->max_in_flight, 16);
  EXPECT_EQ(d->timeout_ms, 30000);
  EXPECT_EQ(d->retries.max, 3);
  EXPECT_EQ(d->retries.backoff_ms, 500);
  EXPECT_EQ(d->retries.max_backoff_ms, 10000);
  EXPECT_EQ(d->auth_header, "Authorization");
  EXPECT_EQ(d->auth_prefix, "Bearer ");

  auto c = parse_http_resource(
      "cs", json::parse(R"({"base_url": "https://api.coresignal.com/cdapi/v2", "rate_per_s": 18,
        "max_in_flight": 4, "timeout_ms": 5000, "connect_timeout_ms": 700,
        "retries": {"max": 5, "backoff_ms": 100, "max_backoff_ms": 2000},
        "api_key_env": "CORESIGNAL_API_KEY", "auth_header": "apikey", "auth_prefix": "",
        "headers": {"accept": "application/json"}})"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->rate_per_s, 18);
  EXPECT_EQ(c->max_in_flight, 4);
  EXPECT_EQ(c->connect_timeout_ms, 700);
  EXPECT_EQ(c->retries.max, 5);
  EXPECT_EQ(c->retries.max_backoff_ms, 2000);
  EXPECT_EQ(c->api_key_env, "CORESIGNAL_API_KEY");
  EXPECT_EQ(c->auth_header, "apikey");
  EXPECT_EQ(c->auth_prefix, "");
  EXPECT_EQ(c->headers.at("accept"), "application/json");
}

TEST(HttpResourceConfig, ErrorsNameTheResourceAndField) {
  struct Case {
    json entry;
    std::string expect;
  };
  std::vector<Case> cases = {
      {json::object(), "'base_url' is required"},
      {json{{"base_url", "ftp://x"}}, "base_url"},
      {json{{"base_url", "https://x"}, {"max_in_flight", 0}}, "max_in_flight"},
      {json{{"base_url", "https://x"}, {"rate_per_s", -1}}, "rate_per_s"},
      {json{{"base_url", "https://x"}, {"retries", {{"max", "3"}}}}, "retries.max"},
      {json{{"base_url", "https://x"}, {"retries", {{"tries", 3}}}}, "retries.tries"},
      {json{{"base_url", "https://x"}, {"auth_header", "Bad Header:"}}, "auth_header"},
      {json{{"base_url", "https://x"}, {"headers", {{"x-a", 1}}}}, "x-a"},
      {json{{"base_url", "https://x"}, {"headers", {{"x-a", "v\r\nInjected: 1"}}}}, "x-a"},
      {json{{"base_url", "https://x"}, {"colour", "red"}}, "colour"},
      {json::array(), "object"},
  };
  for (const auto& c : cases) {
    auto r = parse_http_resource("pdl", c.entry);
    ASSERT_FALSE(r) << c.entry.dump();
    EXPECT_NE(r.error().message.find("resources.http.pdl"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find(c.expect), std::string::npos) << r.error().message;
  }
}

// --- retry policy and token bucket -----------------------------------------------------------

TEST(HttpRetryPolicy, RetriesOnlyTransientFailures) {
  for (int s : {408, 429, 500, 502, 503, 504}) EXPECT_TRUE(should_retry(s, nullptr, true)) << s;
  for (int s : {200, 201, 301, 400, 401, 402, 403, 404, 409, 422, 501})
    EXPECT_FALSE(should_retry(s, nullptr, true)) << s;
  // Non-idempotent: only when the server certainly did not process it.
  EXPECT_TRUE(should_retry(429, nullptr, false));
  EXPECT_FALSE(should_retry(503, nullptr, false));
  auto connect = classify_transport_failure(7);   // CURLE_COULDNT_CONNECT
  auto timeout = classify_transport_failure(28);  // CURLE_OPERATION_TIMEDOUT
  auto bad_url = classify_transport_failure(3);   // CURLE_URL_MALFORMAT
  EXPECT_EQ(connect.code, "connect");
  EXPECT_EQ(timeout.code, "timeout");
  EXPECT_TRUE(should_retry(0, &connect, false));
  EXPECT_TRUE(should_retry(0, &timeout, true));
  EXPECT_FALSE(should_retry(0, &timeout, false));
  EXPECT_FALSE(should_retry(0, &bad_url, true));
}

TEST(HttpRetryPolicy, FullJitterStaysUnderTheExponentialCeilingAndTheCap) {
  HttpRetryPolicy p{5, 100, 1000};
  std::mt19937_64 rng(7);
  for (int retry = 1; retry <= 6; ++retry) {
    std::int64_t ceiling = std::min<std::int64_t>(1000, 100LL << (retry - 1));
    std::int64_t max_seen = 0;
    for (int i = 0; i < 500; ++i) {
      auto d = retry_delay(p, retry, 0ms, rng).count();
      ASSERT_GE(d, 0);
      ASSERT_LE(d, ceiling);
      max_seen = std::max(max_seen, d);
    }
    EXPECT_GT(max_seen, ceiling / 2) << "jitter should spread over the whole range";
  }
  // Retry-After wins over a shorter backoff but never beats the cap.
  EXPECT_GE(retry_delay(p, 1, 800ms, rng).count(), 800);
  EXPECT_EQ(retry_delay(p, 1, 5000ms, rng).count(), 1000);
}

TEST(HttpTokenBucket, SpacesRequestsEvenly) {
  HttpTokenBucket b(10.0);  // one every 100 ms
  auto t0 = SteadyClock::now();
  EXPECT_TRUE(b.try_take(t0));
  EXPECT_FALSE(b.try_take(t0 + 50ms));
  EXPECT_EQ(b.next_available(t0 + 50ms), t0 + 100ms);
  EXPECT_TRUE(b.try_take(t0 + 100ms));
  b.pause_until(t0 + 1s);
  EXPECT_FALSE(b.try_take(t0 + 500ms));
  EXPECT_TRUE(b.try_take(t0 + 1s));
  HttpTokenBucket unlimited(0);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(unlimited.try_take(t0));
}

TEST(HttpTokenBucket, AimdHalvesOncePerStormAndRecoversAdditively) {
  HttpTokenBucket b(100.0);
  auto t0 = SteadyClock::now();
  EXPECT_DOUBLE_EQ(b.rate(), 100);
  b.slow_down(t0, t0 + 10ms);  // a request sent at t0 came back 429
  EXPECT_DOUBLE_EQ(b.rate(), 50);
  b.slow_down(t0 + 5ms, t0 + 20ms);  // sent before the halving: same storm, no second cut
  EXPECT_DOUBLE_EQ(b.rate(), 50);
  b.slow_down(t0 + 30ms, t0 + 40ms);  // sent at the new rate and still refused
  EXPECT_DOUBLE_EQ(b.rate(), 25);
  for (int i = 0; i < 20; ++i) b.slow_down(t0 + 50ms + i * 10ms, t0 + 55ms + i * 10ms);
  EXPECT_DOUBLE_EQ(b.rate(), 100.0 / 64);  // the floor
  // Spacing follows the rate in force: 1.5625/s is one every 640 ms.
  const auto t1 = t0 + 10s;
  EXPECT_TRUE(b.try_take(t1));
  EXPECT_FALSE(b.try_take(t1 + 600ms));
  EXPECT_TRUE(b.try_take(t1 + 640ms));
  // Additive increase: max(1, 100/100) = 1 request/s more per second of answers.
  const auto last_cut = t0 + 245ms;
  b.speed_up(last_cut + 10s);
  EXPECT_NEAR(b.rate(), 100.0 / 64 + 10, 1e-6);
  b.speed_up(last_cut + 1000s);
  EXPECT_DOUBLE_EQ(b.rate(), 100);  // never above the configured rate
  HttpTokenBucket unlimited(0);
  unlimited.slow_down(t0, t0);
  EXPECT_TRUE(unlimited.unlimited());
}

// --- the client on the wire ------------------------------------------------------------------

TEST(CurlHttpClient, GetAndPostCarryBodiesAndHeaders) {
  LoopbackServer server;
  server.http.Get("/hello", [](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Reply", "yes");
    res.set_content("hi " + req.get_param_value("name") + " " + req.get_header_value("Accept"),
                    "text/plain");
  });
  server.http.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
    res.status = 201;
    res.set_content(req.body + "|" + req.get_header_value("X-Trace") + "|" +
                        req.get_header_value("Content-Type"),
                    "text/plain");
  });
  server.start();
  auto cfg = fast_config("svc", server.url() + "/");
  cfg.headers["Accept"] = "application/json";
  CurlHttpClient client({resource(cfg)});

  auto g = call(client, get("svc", "/hello?name=ada"));
  EXPECT_FALSE(g.error);
  EXPECT_EQ(g.status, 200);
  EXPECT_EQ(g.body, "hi ada application/json");
  EXPECT_EQ(g.headers["x-reply"], "yes");

  sdk::HttpRequest p = get("svc", "echo");
  p.method = "POST";
  p.body = R"({"query": {"term": {"x": 1}}})";
  p.headers["X-Trace"] = "t-42";
  p.headers["Content-Type"] = "application/json";
  auto r = call(client, p);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, p.body + "|t-42|application/json");

  auto s = client.stats("svc");
  EXPECT_EQ(s.requests, 2u);
  EXPECT_EQ(s.completed, 2u);
  EXPECT_EQ(s.attempts, 2u);
  EXPECT_EQ(s.responses_2xx, 2u);
  EXPECT_EQ(s.bytes_sent, p.body.size());
  EXPECT_GT(s.bytes_received, 0u);
  EXPECT_EQ(s.in_flight, 0u);
  EXPECT_EQ(s.queued, 0u);
  std::uint64_t histogram_total = 0;
  for (auto n : s.latency_buckets) histogram_total += n;
  EXPECT_EQ(histogram_total, 2u);
}

TEST(CurlHttpClient, AuthHeaderFollowsEachResourcesStyle) {
  LoopbackServer server;
  std::mutex mu;
  std::map<std::string, std::map<std::string, std::string>> seen;  // path -> auth headers
  server.http.Get(R"(/(\w+))", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lk(mu);
    for (const char* h : {"Authorization", "apikey", "X-Api-Key"})
      if (req.has_header(h)) seen[req.matches[1]][h] = req.get_header_value(h);
    res.set_content("ok", "text/plain");
  });
  server.start();
  auto coresignal = fast_config("coresignal", server.url());
  coresignal.auth_header = "apikey";
  coresignal.auth_prefix = "";
  auto pdl = fast_config("pdl", server.url());
  pdl.auth_header = "X-Api-Key";
  pdl.auth_prefix = "";
  auto perplexity = fast_config("perplexity", server.url());  // defaults: Authorization: Bearer
  auto open = fast_config("open", server.url());              // no key: no auth header
  CurlHttpClient client({resource(coresignal, "cs-key-1111"), resource(pdl, "pdl-key-2222"),
                         resource(perplexity, "pplx-key-3333"), resource(open)});
  for (std::string name : {"coresignal", "pdl", "perplexity", "open"})
    EXPECT_EQ(call(client, get(name, "/" + name)).status, 200);

  using Headers = std::map<std::string, std::string>;
  EXPECT_EQ(seen["coresignal"], (Headers{{"apikey", "cs-key-1111"}}));
  EXPECT_EQ(seen["pdl"], (Headers{{"X-Api-Key", "pdl-key-2222"}}));
  EXPECT_EQ(seen["perplexity"], (Headers{{"Authorization", "Bearer pplx-key-3333"}}));
  EXPECT_EQ(seen.count("open"), 0u);
}

TEST(CurlHttpClient, HonoursRetryAfterOn429) {
  LoopbackServer server;
  std::mutex mu;
  std::vector<SteadyClock::time_point> arrivals;
  server.http.Get("/limited", [&](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lk(mu);
    arrivals.push_back(SteadyClock::now());
    if (arrivals.size() == 1) {
      res.status = 429;
      res.set_header("Retry-After", "1");
      res.set_content(R"({"detail": "Too many requests"})", "application/json");
    } else {
      res.set_content("[1,2,3]", "application/json");
    }
  });
  server.start();
  auto cfg = fast_config("cs", server.url());
  cfg.retries = {3, 10, 5000};  // backoff alone would retry within 10 ms
  CurlHttpClient client({resource(cfg)});
  auto r = call(client, get("cs", "/limited"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "[1,2,3]");
  ASSERT_EQ(arrivals.size(), 2u);
  double gap = std::chrono::duration<double>(arrivals[1] - arrivals[0]).count();
  EXPECT_GE(gap, 0.95);
  EXPECT_LE(gap, 1.6);
  auto s = client.stats("cs");
  EXPECT_EQ(s.attempts, 2u);
  EXPECT_EQ(s.retries, 1u);
  EXPECT_EQ(s.responses_4xx, 1u);
  EXPECT_EQ(s.responses_2xx, 1u);
}

TEST(CurlHttpClient, HonoursRetryAfterAsAnHttpDate) {
  LoopbackServer server;
  std::mutex mu;
  std::vector<SteadyClock::time_point> arrivals;
  server.http.Get("/dated", [&](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lk(mu);
    arrivals.push_back(SteadyClock::now());
    if (arrivals.size() > 1) return res.set_content("ok", "text/plain");
    std::time_t at = std::time(nullptr) + 2;
    std::tm tm{};
    gmtime_r(&at, &tm);
    char date[64];
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    res.status = 503;
    res.set_header("Retry-After", date);
  });
  server.start();
  auto cfg = fast_config("svc", server.url());
  cfg.retries = {3, 10, 5000};
  CurlHttpClient client({resource(cfg)});
  EXPECT_EQ(call(client, get("svc", "/dated")).status, 200);
  ASSERT_EQ(arrivals.size(), 2u);
  double gap = std::chrono::duration<double>(arrivals[1] - arrivals[0]).count();
  EXPECT_GE(gap, 0.9);  // the date has one-second resolution: 1 or 2 s from now
  EXPECT_LE(gap, 2.8);
}

TEST(CurlHttpClient, BacksOffOn429WithoutRetryAfter) {
  LoopbackServer server;
  std::atomic<int> attempts{0};
  server.http.Get("/busy", [&](const httplib::Request&, httplib::Response& res) {
    if (++attempts <= 2) {
      res.status = 429;
      return;
    }
    res.set_content("done", "text/plain");
  });
  server.start();
  auto cfg = fast_config("cs", server.url());
  cfg.retries = {3, 50, 200};
  CurlHttpClient client({resource(cfg)});
  auto t0 = SteadyClock::now();
  auto r = call(client, get("cs", "/busy"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(attempts.load(), 3);
  EXPECT_LT(seconds_since(t0), 1.0);  // jittered waits of at most 50 + 100 ms
}

TEST(CurlHttpClient, RetriesABurstOf5xxThenSucceeds) {
  LoopbackServer server;
  std::atomic<int> attempts{0};
  server.http.Get("/flaky", [&](const httplib::Request&, httplib::Response& res) {
    static const int codes[] = {500, 502, 503};
    int n = attempts++;
    if (n < 3) {
      res.status = codes[n];
      res.set_content("oops", "text/plain");
      return;
    }
    res.set_content("fine", "text/plain");
  });
  server.start();
  CurlHttpClient client({resource(fast_config("svc", server.url()))});
  auto r = call(client, get("svc", "/flaky"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "fine");
  EXPECT_EQ(attempts.load(), 4);
  auto s = client.stats("svc");
  EXPECT_EQ(s.responses_5xx, 3u);
  EXPECT_EQ(s.retries, 3u);
}

TEST(CurlHttpClient, RetriesAfterATimeout) {
  LoopbackServer server;
  std::atomic<int> attempts{0};
  server.http.Get("/slow-once", [&](const httplib::Request&, httplib::Response& res) {
    if (attempts++ == 0) std::this_thread::sleep_for(700ms);
    res.set_content("late but fine", "text/plain");
  });
  server.start();
  auto cfg = fast_config("svc", server.url());
  cfg.timeout_ms = 250;
  CurlHttpClient client({resource(cfg)});
  auto t0 = SteadyClock::now();
  auto r = call(client, get("svc", "/slow-once"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "late but fine");
  EXPECT_LT(seconds_since(t0), 0.7);  // did not wait for the slow response
  auto s = client.stats("svc");
  EXPECT_EQ(s.timeouts, 1u);
  EXPECT_EQ(s.attempts, 2u);
}

TEST(CurlHttpClient, NeverRetriesClientErrors) {
  LoopbackServer server;
  std::mutex mu;
  std::map<int, int> attempts;
  server.http.Get(R"(/status/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
    int code = std::stoi(req.matches[1]);
    {
      std::lock_guard lk(mu);
      attempts[code]++;
    }
    res.status = code;
    res.set_content(R"({"detail": "no"})", "application/json");
  });
  server.start();
  CurlHttpClient client({resource(fast_config("svc", server.url()))});
  for (int code : {400, 401, 402, 403, 404, 409, 422}) {
    auto r = call(client, get("svc", "/status/" + std::to_string(code)));
    EXPECT_EQ(r.status, code);
    EXPECT_FALSE(r.error) << "an HTTP response is not a transport error";
    EXPECT_EQ(r.body, R"({"detail": "no"})");
    EXPECT_EQ(attempts[code], 1) << code;
  }
  EXPECT_EQ(client.stats("svc").retries, 0u);
  EXPECT_EQ(client.stats("svc").responses_4xx, 7u);
}

TEST(CurlHttpClient, ReportsTheFinalOutcomeWhenRetriesRunOut) {
  LoopbackServer server;
  std::atomic<int> attempts{0};
  server.http.Get("/down", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_content("overloaded " + std::to_string(++attempts), "text/plain");
  });
  std::atomic<int> post_attempts{0};
  server.http.Post("/down", [&](const httplib::Request&, httplib::Response& res) {
    ++post_attempts;
    res.status = 503;
  });
  server.start();
  auto cfg = fast_config("svc", server.url());
  cfg.retries = {2, 10, 50};
  CurlHttpClient client({resource(cfg)});
  auto r = call(client, get("svc", "/down"));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body, "overloaded 3");
  EXPECT_EQ(attempts.load(), 3);

  // A non-idempotent POST is not repeated on a 5xx: the server may have acted on it.
  sdk::HttpRequest post = get("svc", "/down");
  post.method = "POST";
  post.idempotent = false;
  EXPECT_EQ(call(client, post).status, 503);
  EXPECT_EQ(post_attempts.load(), 1);
}

TEST(CurlHttpClient, ReportsConnectionFailuresAfterRetries) {
  int closed_port;
  {
    LoopbackServer gone;
    gone.start();
    closed_port = gone.port;
  }
  auto cfg = fast_config("svc", "http://127.0.0.1:" + std::to_string(closed_port));
  cfg.retries = {2, 10, 20};
  CurlHttpClient client({resource(cfg)});
  auto r = call(client, get("svc", "/x"));
  EXPECT_EQ(r.status, 0);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, "connect");
  EXPECT_TRUE(r.error->retryable);
  EXPECT_NE(r.error->message.find("'svc'"), std::string::npos) << r.error->message;
  EXPECT_NE(r.error->message.find("3 attempt"), std::string::npos) << r.error->message;
  EXPECT_EQ(client.stats("svc").transport_errors, 3u);
}

TEST(CurlHttpClient, DeliversMalformedBodiesAsIs) {
  LoopbackServer server;
  const std::string truncated = R"({"id": 7, "name": "Acme", "employees": [1, 2)";
  const std::string binary("\x00\x01{not json}\xff", 13);
  server.http.Get("/truncated", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(truncated, "application/json");
  });
  server.http.Get("/binary", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(binary, "application/json");
  });
  server.start();
  CurlHttpClient client({resource(fast_config("svc", server.url()))});
  auto a = call(client, get("svc", "/truncated"));
  EXPECT_EQ(a.status, 200);
  EXPECT_FALSE(a.error);
  EXPECT_EQ(a.body, truncated);
  auto b = call(client, get("svc", "/binary"));
  EXPECT_EQ(b.body, binary);
}

TEST(CurlHttpClient, RateLimitSpacesRequests) {
  LoopbackServer server;
  server.http.Get("/r", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok", "text/plain");
  });
  server.start();
  auto cfg = fast_config("svc", server.url());
  cfg.rate_per_s = 20;
  CurlHttpClient client({resource(cfg)});
  Completions done;
  const int n = 20;
  auto t0 = SteadyClock::now();
  for (int i = 0; i < n; ++i) client.send(get("svc", "/r"), done.callback());
  ASSERT_TRUE(done.wait_for(n, 5s));
  double elapsed = seconds_since(t0);
  double expected = n / cfg.rate_per_s;
  EXPECT_GE(elapsed, 0.8 * expected);
  EXPECT_LE(elapsed, 1.6 * expected);
  for (auto& r : done.responses) EXPECT_EQ(r.status, 200);
}

TEST(CurlHttpClient, NeverExceedsMaxInFlight) {
  LoopbackServer server;
  std::atomic<int> current{0}, peak{0};
  server.http.Get("/work", [&](const httplib::Request&, httplib::Response& res) {
    int now = ++current;
    for (int p = peak.load(); now > p && !peak.compare_exchange_weak(p, now);) {
    }
    std::this_thread::sleep_for(40ms);
    --current;
    res.set_content("ok", "text/plain");
  });
  server.start();
  auto cfg = fast_config("svc", server.url());
  cfg.max_in_flight = 3;
  CurlHttpClient client({resource(cfg)});
  Completions done;
  for (int i = 0; i < 18; ++i) client.send(get("svc", "/work"), done.callback());
  std::this_thread::sleep_for(20ms);
  auto mid = client.stats("svc");
  EXPECT_LE(mid.in_flight, 3u);
  EXPECT_GE(mid.queued, 1u);
  ASSERT_TRUE(done.wait_for(18, 5s));
  EXPECT_LE(peak.load(), 3);
  EXPECT_GE(peak.load(), 2);  // it did run requests in parallel
}

TEST(CurlHttpClient, ReusesConnections) {
  LoopbackServer server;
  std::mutex mu;
  std::set<int> ports;
  server.http.Get("/k", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lk(mu);
    ports.insert(req.remote_port);
    res.set_content("ok", "text/plain");
  });
  server.start();
  auto cfg = fast_config("svc", server.url());
  cfg.max_in_flight = 1;
  CurlHttpClient client({resource(cfg)});
  for (int i = 0; i < 10; ++i) ASSERT_EQ(call(client, get("svc", "/k")).status, 200);
  EXPECT_LT(ports.size(), 10u);
  EXPECT_EQ(ports.size(), 1u);
}

TEST(CurlHttpClient, CancelAllCompletesEveryRequestPromptly) {
  LoopbackServer server;
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  server.http.Get("/hang", [&](const httplib::Request&, httplib::Response& res) {
    std::unique_lock lk(mu);
    cv.wait_for(lk, 5s, [&] { return release; });
    res.set_content("too late", "text/plain");
  });
  server.start();
  auto cfg = fast_config("svc", server.url());
  cfg.max_in_flight = 100;
  cfg.timeout_ms = 10000;
  CurlHttpClient client({resource(cfg)});
  Completions done;
  for (int i = 0; i < 120; ++i) client.send(get("svc", "/hang"), done.callback());
  for (int i = 0; i < 500 && client.stats("svc").in_flight < 100; ++i)
    std::this_thread::sleep_for(5ms);
  EXPECT_EQ(client.stats("svc").in_flight, 100u);
  EXPECT_EQ(client.stats("svc").queued, 20u);

  auto t0 = SteadyClock::now();
  client.cancel_all();
  EXPECT_LT(seconds_since(t0), 1.0);
  EXPECT_EQ(done.size(), 120u) << "cancel_all returns after every completion ran";
  for (auto& r : done.responses) {
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->code, "cancelled");
  }
  auto s = client.stats("svc");
  EXPECT_EQ(s.cancelled, 120u);
  EXPECT_EQ(s.in_flight, 0u);
  EXPECT_EQ(s.queued, 0u);

  // Cancelled until reset(): a late request does not start a new run's work.
  auto late = call(client, get("svc", "/hang"));
  ASSERT_TRUE(late.error);
  EXPECT_EQ(late.error->code, "cancelled");
  {
    std::lock_guard lk(mu);
    release = true;
  }
  cv.notify_all();
  client.reset();
  EXPECT_EQ(call(client, get("svc", "/hang")).status, 200);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(done.size(), 120u) << "no completion ran twice";
}

TEST(CurlHttpClient, DestructorWithPendingWorkCompletesEverythingAndReturns) {
  LoopbackServer server;
  std::atomic<bool> release{false};
  server.http.Get("/hang", [&](const httplib::Request&, httplib::Response& res) {
    for (int i = 0; i < 300 && !release; ++i) std::this_thread::sleep_for(10ms);
    res.set_content("late", "text/plain");
  });
  server.start();
  auto cfg = fast_config("svc", server.url());
  cfg.rate_per_s = 2;  // most requests wait for a token
  Completions done;
  auto t0 = SteadyClock::now();
  {
    CurlHttpClient client({resource(cfg)});
    for (int i = 0; i < 30; ++i) client.send(get("svc", "/hang"), done.callback());
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_LT(seconds_since(t0), 1.5);
  EXPECT_EQ(done.size(), 30u);
  for (auto& r : done.responses) {
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->code, "cancelled");
  }
  release = true;
}

TEST(CurlHttpClient, AThrowingCompletionDoesNotStopTheLoop) {
  LoopbackServer server;
  server.http.Get("/n", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok", "text/plain");
  });
  server.start();
  CapturingLogger log;
  CurlHttpClient client({resource(fast_config("svc", server.url()))}, &log);
  std::atomic<bool> thrown{false};
  client.send(get("svc", "/n"), [&](sdk::HttpResponse) {
    thrown = true;
    throw std::runtime_error("plugin bug");
  });
  for (int i = 0; i < 500 && !thrown; ++i) std::this_thread::sleep_for(2ms);
  ASSERT_TRUE(thrown);
  // Completions run in order on the one I/O thread, so the throw was handled before this one.
  EXPECT_EQ(call(client, get("svc", "/n")).status, 200);
  auto lines = log.all();
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines.front().find("plugin bug"), std::string::npos);
}

TEST(CurlHttpClient, UnknownResourceFailsAtOnce) {
  CurlHttpClient client({resource(fast_config("svc", "http://127.0.0.1:9"))});
  auto t0 = SteadyClock::now();
  auto r = call(client, get("nope", "/x"));
  EXPECT_LT(seconds_since(t0), 0.5);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, "unknown_resource");
  EXPECT_NE(r.error->message.find("'nope'"), std::string::npos);
  EXPECT_EQ(client.stats("nope").requests, 0u);
}

TEST(CurlHttpClient, CompletionsMaySendAgain) {
  LoopbackServer server;
  server.http.Get("/n", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok", "text/plain");
  });
  server.start();
  CurlHttpClient client({resource(fast_config("svc", server.url()))});
  std::promise<int> chain_done;
  std::function<void(int)> next = [&](int left) {
    client.send(get("svc", "/n"), [&, left](sdk::HttpResponse r) {
      if (r.status != 200 || left == 0) return chain_done.set_value(left);
      next(left - 1);  // runs on the I/O thread: send must not deadlock there
    });
  };
  next(5);
  auto f = chain_done.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(f.get(), 0);
  EXPECT_EQ(client.stats("svc").completed, 6u);
}

// --- keys and redaction ----------------------------------------------------------------------

TEST(MakeHttpClient, ReadsKeysOnceAndNeverLeaksThem) {
  const std::string key = "sk-live-Zq81f0c2b7e94d";
  const std::string file_key = "file-key-55aa77cc";
  setenv("BG_HTTP_TEST_KEY", key.c_str(), 1);
  std::string key_path = ::testing::TempDir() + "/bg_http_key";
  std::ofstream(key_path) << file_key << "\n";

  LoopbackServer server;
  std::mutex mu;
  std::vector<std::string> auth_seen;
  server.http.Get(R"(/.*)", [&](const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard lk(mu);
      auth_seen.push_back(req.get_header_value("apikey") + req.get_header_value("Authorization"));
    }
    res.status = 401;
    res.set_content(R"({"detail": "Invalid API key"})", "application/json");
  });
  server.start();
  int closed_port;
  {
    LoopbackServer gone;
    gone.start();
    closed_port = gone.port;
  }
  json resources = {
      {"cs",
       {{"base_url", server.url()},
        {"api_key_env", "BG_HTTP_TEST_KEY"},
        {"auth_header", "apikey"},
        {"auth_prefix", ""}}},
      {"dead",
       {{"base_url", "http://127.0.0.1:" + std::to_string(closed_port)},
        {"api_key_env", "BG_HTTP_TEST_KEY"},
        {"retries", {{"max", 1}, {"backoff_ms", 5}}}}},
      {"filed", {{"base_url", server.url()}, {"api_key_file", key_path}}},
  };
  HostServices host;
  CapturingLogger log;
  auto made = make_http_client(resources, host.secrets(), host.redactor(), log);
  ASSERT_TRUE(made) << made.error().message;
  auto& client = **made;
  unsetenv("BG_HTTP_TEST_KEY");  // read once, at construction

  std::vector<std::string> texts;
  auto a = call(client, get("cs", "/search"));
  EXPECT_EQ(a.status, 401);
  // A path that (wrongly) carries the key is still redacted from error text.
  auto b = call(client, get("dead", "/enrich?api_key=" + key));
  ASSERT_TRUE(b.error);
  texts.push_back(b.error->message);
  auto c = call(client, get("filed", "/x"));
  EXPECT_EQ(c.status, 401);
  auto d = call(client, get("missing", "/x?k=" + key));
  ASSERT_TRUE(d.error);
  texts.push_back(d.error->message);
  for (const auto& line : log.all()) texts.push_back(line);
  EXPECT_FALSE(log.all().empty()) << "the failed request should have been logged";
  for (const auto& t : texts) {
    EXPECT_EQ(t.find(key), std::string::npos) << t;
    EXPECT_EQ(t.find(file_key), std::string::npos) << t;
  }
  EXPECT_NE(b.error->message.find("***"), std::string::npos) << b.error->message;
  std::lock_guard lk(mu);
  EXPECT_EQ(auth_seen, (std::vector<std::string>{key, "Bearer " + file_key}));
}

TEST(MakeHttpClient, MissingKeyNamesTheVariableAndResource) {
  HostServices host;
  CapturingLogger log;
  unsetenv("BG_HTTP_ABSENT_KEY");
  unsetenv("BG_HTTP_ABSENT_KEY_FILE");
  json resources = {
      {"pdl", {{"base_url", "https://api.example.com"}, {"api_key_env", "BG_HTTP_ABSENT_KEY"}}}};
  auto made = make_http_client(resources, host.secrets(), host.redactor(), log);
  ASSERT_FALSE(made);
  EXPECT_NE(made.error().message.find("BG_HTTP_ABSENT_KEY"), std::string::npos);
  EXPECT_NE(made.error().message.find("resources.http.pdl"), std::string::npos);

  auto bad =
      make_http_client(json{{"x", {{"base_url", "nope"}}}}, host.secrets(), host.redactor(), log);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("resources.http.x"), std::string::npos);
  auto none = make_http_client(json(), host.secrets(), host.redactor(), log);
  ASSERT_TRUE(none);
  EXPECT_TRUE((*none)->resources().empty());
}
