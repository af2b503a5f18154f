// MockServer: the HTTP server, and the behaviour shared by every endpoint (authentication,
// per-key rate limits, credits, latency, fault injection, counters).
#include "buyergraph/mock/server.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <random>
#include <thread>

#include "routes.hpp"

namespace buyergraph::mock {

using detail::Provider;
using detail::Reply;
using nlohmann::json;

std::map<std::string, std::int64_t> MockConfig::default_costs() {
  return {{"coresignal.employee.search", 0},
          {"coresignal.employee.preview", 20},
          {"coresignal.employee.collect", 20},
          {"coresignal.company.search", 0},
          {"coresignal.company.preview", 20},
          {"coresignal.company.collect", 20},
          {"coresignal.company.enrich", 20},
          {"pdl.person.search", 1},
          {"pdl.person.enrich", 1},
          {"pdl.company.enrich", 1},
          {"apollo.people.search", 0},
          {"apollo.people.match", 1},
          {"apollo.organizations.enrich", 1},
          {"perplexity.agent", 0},
          {"perplexity.legacy", 0},
          {"perplexity.chat", 0}};
}

const std::set<std::string>& endpoint_names() {
  static const std::set<std::string> names = [] {
    std::set<std::string> s;
    for (const auto& [k, v] : MockConfig::default_costs()) s.insert(k);
    return s;
  }();
  return names;
}

FaultKind parse_fault_kind(const std::string& name) {
  static const std::map<std::string, FaultKind> kinds = {
      {"500", FaultKind::status_500},
      {"502", FaultKind::status_502},
      {"503", FaultKind::status_503},
      {"truncated", FaultKind::truncated_body},
      {"malformed", FaultKind::malformed_json},
      {"timeout", FaultKind::timeout},
      {"failed", FaultKind::perplexity_failed},
      {"no-usage", FaultKind::perplexity_no_usage},
      {"no-message", FaultKind::perplexity_no_message},
      {"bad-json", FaultKind::perplexity_bad_json},
      {"echo-key", FaultKind::echo_key}};
  auto it = kinds.find(name);
  return it == kinds.end() ? FaultKind::none : it->second;
}

namespace detail {

Reply error_reply(Provider provider, int status, const std::string& type,
                  const std::string& message) {
  Reply r;
  r.status = status;
  switch (provider) {
    case Provider::coresignal:
      r.body = {{"detail", message}};
      break;
    case Provider::pdl:
      r.body = {{"status", status}, {"error", {{"type", type}, {"message", message}}}};
      break;
    case Provider::perplexity:
      r.body = {{"error", {{"message", message}, {"type", type}, {"code", status}}}};
      break;
    case Provider::apollo:
      r.body = {{"error", message}, {"error_code", type}};
      break;
  }
  return r;
}

std::optional<json> json_body(const httplib::Request& req) {
  auto j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

}  // namespace detail

namespace {

/// Token bucket per key: `rate` tokens per second, burst of max(1, rate).
struct Bucket {
  double tokens = 0;
  std::chrono::steady_clock::time_point last;
};

std::string utc_iso(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool is_perplexity_body_fault(FaultKind k) {
  return k == FaultKind::perplexity_failed || k == FaultKind::perplexity_no_usage ||
         k == FaultKind::perplexity_no_message || k == FaultKind::perplexity_bad_json;
}

}  // namespace

class MockServer::Impl {
 public:
  explicit Impl(MockConfig c)
      : config(std::move(c)), rng(config.seed), fault_rng(config.faults.seed) {
    credits = config.credits;
  }

  MockConfig config;
  std::unique_ptr<Corpus> corpus;
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  std::string error;

  mutable std::mutex mu;  // guards everything below
  MockCounters counts;
  std::int64_t credits = -1;
  std::map<std::string, Bucket> buckets;
  std::mt19937_64 rng;
  std::mt19937_64 fault_rng;
  std::int64_t fault_seen = 0;
  std::atomic<std::int64_t> in_flight{0};

  std::mutex stop_mu;
  std::condition_variable stop_cv;
  bool stopping = false;

  /// Sleeps up to `ms`, returning early when the server stops.
  void pause(int ms) {
    if (ms <= 0) return;
    std::unique_lock lock(stop_mu);
    stop_cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return stopping; });
  }

  std::string key_of(Provider p, const httplib::Request& req) const {
    switch (p) {
      case Provider::coresignal:
        return req.get_header_value("apikey");
      case Provider::pdl: {
        std::string k = req.get_header_value("X-Api-Key");
        if (k.empty()) k = req.get_param_value("api_key");
        if (k.empty() && req.method == "POST")
          if (auto b = detail::json_body(req); b && (*b)["api_key"].is_string())
            k = (*b)["api_key"].get<std::string>();
        return k;
      }
      case Provider::apollo:
        return req.get_header_value("x-api-key");
      case Provider::perplexity: {
        std::string auth = req.get_header_value("Authorization");
        const std::string bearer = "Bearer ";
        return auth.rfind(bearer, 0) == 0 ? auth.substr(bearer.size()) : std::string();
      }
    }
    return {};
  }

  bool key_ok(const std::string& key) const {
    return !key.empty() && (config.api_keys.empty() || config.api_keys.contains(key));
  }

  /// Takes one token; returns false when the bucket is empty. Caller holds `mu`.
  bool take_token(const std::string& bucket_key, double& remaining) {
    if (config.rate_per_second <= 0) return true;
    auto now = std::chrono::steady_clock::now();
    double burst = std::max(1.0, config.rate_per_second);
    auto [it, fresh] = buckets.try_emplace(bucket_key, Bucket{burst, now});
    Bucket& b = it->second;
    if (!fresh) {
      double dt = std::chrono::duration<double>(now - b.last).count();
      b.tokens = std::min(burst, b.tokens + dt * config.rate_per_second);
      b.last = now;
    }
    if (b.tokens < 1.0) {
      remaining = 0;
      return false;
    }
    b.tokens -= 1.0;
    remaining = b.tokens;
    return true;
  }

  /// Whether the fault fires on this request. Caller holds `mu`.
  bool fault_fires(const std::string& endpoint) {
    const auto& f = config.faults;
    if (f.kind == FaultKind::none) return false;
    if (endpoint.rfind(f.endpoint_prefix, 0) != 0) return false;
    ++fault_seen;
    if (f.every_nth > 0 && fault_seen % f.every_nth == 0) return true;
    if (f.probability > 0)
      return std::uniform_real_distribution<double>(0, 1)(fault_rng) < f.probability;
    return false;
  }

  void serve(Provider provider, const std::string& endpoint, const detail::Handler& handler,
             const httplib::Request& req, httplib::Response& res) {
    std::int64_t now_in = ++in_flight;
    struct Leave {
      std::atomic<std::int64_t>& n;
      ~Leave() { --n; }
    } leave{in_flight};
    int latency = config.latency_ms;
    {
      std::lock_guard lock(mu);
      ++counts.calls[endpoint];
      if (config.record_paths) {
        ++counts.paths[req.method + " " + req.path];
        counts.bodies[endpoint].push_back(req.body);
      }
      counts.peak_concurrent = std::max(counts.peak_concurrent, now_in);
      if (config.jitter_ms > 0)
        latency += std::uniform_int_distribution<int>(0, config.jitter_ms)(rng);
    }
    pause(latency);

    Reply reply = decide(provider, endpoint, handler, req);
    finish(provider, reply, res);
  }

  Reply decide(Provider provider, const std::string& endpoint, const detail::Handler& handler,
               const httplib::Request& req) {
    std::string key = key_of(provider, req);
    FaultKind fault = FaultKind::none;
    double remaining_tokens = 0;
    {
      std::lock_guard lock(mu);
      if (!key_ok(key)) {
        ++counts.unauthorized;
        return detail::error_reply(provider, 401, "authentication_error",
                                   key.empty() ? "Missing API key" : "Invalid API key");
      }
      std::string bucket = std::to_string(static_cast<int>(provider)) + "|" + key;
      if (!take_token(bucket, remaining_tokens)) {
        ++counts.rate_limited;
        Reply r = detail::error_reply(provider, 429, "rate_limit_error", "Rate limit exceeded");
        add_rate_headers(provider, r, 0);
        if (provider == Provider::perplexity && config.perplexity_retry_after_s > 0)
          r.headers.emplace_back("Retry-After", std::to_string(config.perplexity_retry_after_s));
        return r;
      }
      if (fault_fires(endpoint)) {
        fault = config.faults.kind;
        ++counts.faults;
      }
    }
    switch (fault) {
      case FaultKind::status_500:
        return detail::error_reply(provider, 500, "api_error", "Internal Server Error");
      case FaultKind::status_502: {
        Reply r;
        r.status = 502;
        r.body = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        return r;
      }
      case FaultKind::status_503:
        return detail::error_reply(provider, 503, "api_error", "Service Unavailable");
      case FaultKind::timeout:
        pause(config.faults.delay_ms);
        break;
      default:
        break;
    }

    Reply reply = handler(req, is_perplexity_body_fault(fault) ? fault : FaultKind::none);
    add_rate_headers(provider, reply, remaining_tokens);
    if (reply.status == 200 && reply.cost > 0) {
      std::lock_guard lock(mu);
      if (credits >= 0 && credits < reply.cost) {
        ++counts.payment_required;
        Reply r = detail::error_reply(provider, 402, "payment_required", "Insufficient credits");
        add_rate_headers(provider, r, remaining_tokens);
        return r;
      }
      if (credits >= 0) credits -= reply.cost;
      counts.credits_spent += reply.cost;
    }
    if (reply.status == 200 && fault == FaultKind::truncated_body) {
      std::string text = reply.body.dump();
      reply.body = text.substr(0, text.size() / 2);  // sent raw, see finish()
      reply.headers.emplace_back("x-mock-raw", "1");
    } else if (reply.status == 200 && fault == FaultKind::echo_key && reply.body.is_object()) {
      reply.body["request"] = {{"api_key", key}};  // as a careless debug echo would
    } else if (reply.status == 200 && fault == FaultKind::malformed_json) {
      reply.body = std::string("{\"detail\": unquoted text, [1, 2,}");
      reply.headers.emplace_back("x-mock-raw", "1");
    }
    return reply;
  }

  void add_rate_headers(Provider provider, Reply& r, double remaining) {
    if (provider == Provider::apollo && config.rate_per_second > 0) {
      // Apollo's per-minute window (docs.apollo.io/reference/rate-limits); the mock's bucket
      // refills per second, so a minute holds 60 of its seconds.
      const long per_minute = static_cast<long>(std::max(1.0, config.rate_per_second * 60));
      const long left = std::min(per_minute, static_cast<long>(remaining * 60));
      r.headers.emplace_back("x-rate-limit-minute", std::to_string(per_minute));
      r.headers.emplace_back("x-minute-requests-left", std::to_string(left));
      r.headers.emplace_back("x-minute-usage", std::to_string(per_minute - left));
      return;
    }
    if (provider != Provider::pdl || config.rate_per_second <= 0) return;
    r.headers.emplace_back(
        "x-ratelimit-limit",
        std::to_string(static_cast<long>(std::max(1.0, config.rate_per_second))));
    r.headers.emplace_back("x-ratelimit-remaining", std::to_string(static_cast<long>(remaining)));
    r.headers.emplace_back("x-ratelimit-reset",
                           utc_iso(std::chrono::system_clock::now() + std::chrono::seconds(1)));
  }

  void finish(Provider provider, Reply& reply, httplib::Response& res) {
    res.status = reply.status;
    bool raw = false;
    for (const auto& [k, v] : reply.headers) {
      if (k == "x-mock-raw")
        raw = true;
      else
        res.set_header(k, v);
    }
    if (provider == Provider::coresignal) {
      std::lock_guard lock(mu);
      // Unlimited balances still send the header; clients must always find it.
      res.set_header("x-credits-remaining", std::to_string(credits >= 0 ? credits : 1000000000));
    }
    if (reply.status == 502 && reply.body.is_string()) {
      res.set_content(reply.body.get<std::string>(), "text/html");
    } else if (raw && reply.body.is_string()) {
      res.set_content(reply.body.get<std::string>(), "application/json");
    } else {
      res.set_content(reply.body.dump(), "application/json");
    }
  }
};

MockServer::MockServer(MockConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

MockServer::~MockServer() { stop(); }

std::uint16_t MockServer::start(std::uint16_t port) {
  Impl& s = *impl_;
  if (s.server) {
    s.error = "already started";
    return 0;
  }
  auto corpus = Corpus::open(s.config.store_path);
  if (!corpus) {
    s.error = corpus.error().message;
    return 0;
  }
  s.corpus = std::move(*corpus);
  s.server = std::make_unique<httplib::Server>();
  // Enough workers that peak-concurrency and slow-request tests are not capped by the pool.
  s.server->new_task_queue = [] { return new httplib::ThreadPool(32); };
  s.server->set_pre_routing_handler([&s](const httplib::Request&, httplib::Response&) {
    std::lock_guard lock(s.mu);
    ++s.counts.requests;
    return httplib::Server::HandlerResponse::Unhandled;
  });

  detail::Router router;
  router.corpus = s.corpus.get();
  router.config = &s.config;
  router.add = [&s](const std::string& method, const std::string& pattern, Provider provider,
                    const std::string& endpoint, const detail::Handler& handler) {
    auto fn = [&s, provider, endpoint, handler](const httplib::Request& req,
                                                httplib::Response& res) {
      s.serve(provider, endpoint, handler, req, res);
    };
    if (method == "GET")
      s.server->Get(pattern, fn);
    else
      s.server->Post(pattern, fn);
  };
  if (s.config.serve_coresignal) detail::add_coresignal_routes(router);
  if (s.config.serve_pdl) detail::add_pdl_routes(router);
  if (s.config.serve_perplexity) detail::add_perplexity_routes(router);
  if (s.config.serve_apollo) detail::add_apollo_routes(router);

  int bound = port == 0 ? s.server->bind_to_any_port("127.0.0.1")
                        : (s.server->bind_to_port("127.0.0.1", port) ? port : -1);
  if (bound <= 0) {
    s.error = "cannot bind 127.0.0.1:" + std::to_string(port);
    s.server.reset();
    return 0;
  }
  {
    std::lock_guard lock(s.stop_mu);
    s.stopping = false;
  }
  s.thread = std::thread([&s] { s.server->listen_after_bind(); });
  // stop() is a no-op until the loop runs, so wait for it (a stop right after start must work).
  for (int i = 0; i < 5000 && !s.server->is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return static_cast<std::uint16_t>(bound);
}

void MockServer::stop() {
  Impl& s = *impl_;
  if (!s.server) return;
  {
    std::lock_guard lock(s.stop_mu);
    s.stopping = true;
  }
  s.stop_cv.notify_all();
  s.server->stop();
  if (s.thread.joinable()) s.thread.join();
  s.server.reset();
}

std::string MockServer::last_error() const { return impl_->error; }

MockCounters MockServer::counters() const {
  std::lock_guard lock(impl_->mu);
  MockCounters c = impl_->counts;
  c.credits_remaining = impl_->credits;
  return c;
}

void MockServer::set_faults(FaultConfig faults) {
  std::lock_guard lock(impl_->mu);
  impl_->config.faults = std::move(faults);
  impl_->fault_rng.seed(impl_->config.faults.seed);
  impl_->fault_seen = 0;
}

void MockServer::set_credits(std::int64_t credits) {
  std::lock_guard lock(impl_->mu);
  impl_->credits = credits;
}

}  // namespace buyergraph::mock
