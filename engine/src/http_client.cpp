// CurlHttpClient: one I/O thread owns the libcurl multi handle, every easy handle, the token
// buckets, the waiting queues and the retry timers. Other threads only touch `incoming` (under
// `mu`) and the statistics (under `stats_mu`), then wake the loop with curl_multi_wakeup.
#include "buyergraph/engine/http_client.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <unordered_map>

#include <curl/curl.h>
#include <fmt/format.h>

#include "buyergraph/engine/http_token_bucket.hpp"

namespace buyergraph::engine {
namespace {

using Clock = std::chrono::steady_clock;
using Done = std::function<void(sdk::HttpResponse)>;
constexpr std::size_t kUnknownResource = static_cast<std::size_t>(-1);

// One request across all its attempts.
struct Call {
  sdk::HttpRequest request;
  Done done;
  std::size_t resource = kUnknownResource;
  Clock::time_point submitted = Clock::now();
  int attempts = 0;

  // Safety net for "exactly once": a call must never vanish without completing.
  ~Call() {
    if (!done) return;
    sdk::HttpResponse r;
    r.error = sdk::Error{"cancelled", "http request dropped without completion", false};
    try {
      done(std::move(r));
    } catch (...) {
    }
  }
};

// One attempt on the wire.
struct Transfer {
  std::unique_ptr<Call> call;
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  std::string body;
  std::map<std::string, std::string> headers;
  char error_buffer[CURL_ERROR_SIZE] = {};
  Clock::time_point started = Clock::now();  // when this attempt went out (AIMD)

  ~Transfer() {
    if (easy) curl_easy_cleanup(easy);
    curl_slist_free_all(header_list);
  }
};

struct ResourceState {
  CurlHttpClient::Resource resource;
  std::string auth_line;  // "Header: prefix<key>", empty when no key
  HttpTokenBucket bucket;
  std::deque<std::unique_ptr<Call>> waiting;
  int in_flight = 0;
  HttpStats stats;  // guarded by Impl::stats_mu
};

std::once_flag curl_init_once;

std::string join_url(const std::string& base, const std::string& path) {
  if (path.empty()) return base;
  bool base_slash = !base.empty() && base.back() == '/';
  bool path_slash = path.front() == '/';
  if (base_slash && path_slash) return base + path.substr(1);
  if (!base_slash && !path_slash && path.front() != '?') return base + "/" + path;
  return base + path;
}

bool has_line_break(const std::string& s) { return s.find_first_of("\r\n") != std::string::npos; }

bool valid_method(const std::string& m) {
  return !m.empty() && std::all_of(m.begin(), m.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
  });
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return std::string(s);
}

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<Transfer*>(user)->body.append(data, size * n);
  return size * n;
}

// Response header names are lower-cased (HTTP/2 sends them so anyway); repeats are joined
// with ", ". A new status line (after 1xx or a redirect) starts a fresh set.
std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    t->headers.clear();
    return size * n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string name = trim(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string value = trim(line.substr(colon + 1));
  auto [it, inserted] = t->headers.emplace(name, value);
  if (!inserted) it->second += ", " + value;
  return size * n;
}

}  // namespace

struct CurlHttpClient::Impl {
  std::vector<std::unique_ptr<ResourceState>> resources;
  std::map<std::string, std::size_t, std::less<>> index;
  sdk::Logger* log = nullptr;
  const Redactor* redactor = nullptr;
  CURLM* multi = nullptr;

  std::mutex mu;  // guards the fields up to io_exited
  std::condition_variable cancel_cv;
  std::vector<std::unique_ptr<Call>> incoming;
  bool stop = false;
  bool cancelled_mode = false;
  std::uint64_t cancel_requested = 0;
  std::uint64_t cancel_done = 0;
  bool io_exited = false;

  mutable std::mutex stats_mu;

  // I/O thread only.
  std::multimap<Clock::time_point, std::unique_ptr<Call>> retry_timers;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> active;
  std::mt19937_64 rng{std::random_device{}()};

  std::thread io;
  std::thread::id io_id;

  std::string redact(std::string text) const {
    return redactor ? redactor->apply(std::move(text)) : text;
  }

  void write_log(sdk::LogLevel level, std::string text) const {
    if (log) log->write(level, redact(std::move(text)));
  }

  template <class F>
  void count(ResourceState& rs, F&& f) {
    std::lock_guard lk(stats_mu);
    f(rs.stats);
  }

  // Delivers the outcome: statistics first (so a callback sees them), then the callback.
  void complete(std::unique_ptr<Call> call, sdk::HttpResponse response) {
    if (call->resource != kUnknownResource) {
      auto ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - call->submitted)
              .count();
      std::size_t bucket = 0;
      while (bucket < kHttpLatencyBoundsMs.size() && ms > kHttpLatencyBoundsMs[bucket]) ++bucket;
      bool cancelled = response.error && response.error->code == "cancelled";
      count(*resources[call->resource], [&](HttpStats& s) {
        s.completed++;
        s.latency_buckets[bucket]++;
        if (cancelled) s.cancelled++;
      });
    }
    Done done = std::move(call->done);
    call->done = nullptr;
    try {
      done(std::move(response));
    } catch (const std::exception& e) {
      write_log(sdk::LogLevel::error, fmt::format("http completion threw: {}", e.what()));
    } catch (...) {
      write_log(sdk::LogLevel::error, "http completion threw a non-standard exception");
    }
  }

  void fail(std::unique_ptr<Call> call, std::string code, std::string message,
            bool retryable = false) {
    sdk::HttpResponse r;
    r.error = sdk::Error{std::move(code), redact(std::move(message)), retryable};
    complete(std::move(call), std::move(r));
  }

  void cancel_call(std::unique_ptr<Call> call) {
    std::string what = call->resource == kUnknownResource
                           ? std::string("http request cancelled")
                           : fmt::format("http resource '{}': {} {} cancelled",
                                         resources[call->resource]->resource.config.name,
                                         call->request.method, call->request.path);
    fail(std::move(call), "cancelled", std::move(what));
  }

  // Takes new submissions; unknown resources fail and, after cancel_all, everything is cancelled.
  void take_incoming(bool reject) {
    std::vector<std::unique_ptr<Call>> batch;
    {
      std::lock_guard lk(mu);
      batch.swap(incoming);
    }
    for (auto& call : batch) {
      if (call->resource == kUnknownResource) {
        std::string name = call->request.resource;
        fail(std::move(call), "unknown_resource",
             fmt::format("no http resource named '{}' is configured (resources.http.{})", name,
                         name));
      } else if (reject) {
        count(*resources[call->resource], [](HttpStats& s) { s.queued--; });
        cancel_call(std::move(call));
      } else {
        resources[call->resource]->waiting.push_back(std::move(call));
      }
    }
  }

  void cancel_everything() {
    auto transfers = std::move(active);
    active.clear();
    for (auto& [easy, t] : transfers) {
      curl_multi_remove_handle(multi, easy);
      auto& rs = *resources[t->call->resource];
      rs.in_flight--;
      count(rs, [](HttpStats& s) { s.in_flight--; });
      cancel_call(std::move(t->call));
    }
    auto timers = std::move(retry_timers);
    retry_timers.clear();
    for (auto& [due, call] : timers) {
      count(*resources[call->resource], [](HttpStats& s) { s.queued--; });
      cancel_call(std::move(call));
    }
    for (auto& rs : resources) {
      auto waiting = std::move(rs->waiting);
      rs->waiting.clear();
      for (auto& call : waiting) {
        count(*rs, [](HttpStats& s) { s.queued--; });
        cancel_call(std::move(call));
      }
    }
  }

  void promote_due_retries(Clock::time_point now) {
    while (!retry_timers.empty() && retry_timers.begin()->first <= now) {
      auto node = retry_timers.extract(retry_timers.begin());
      // A retry goes ahead of new work: it has waited already.
      resources[node.mapped()->resource]->waiting.push_front(std::move(node.mapped()));
    }
  }

  void admit(Clock::time_point now) {
    for (auto& rs : resources) {
      while (!rs->waiting.empty() && rs->in_flight < rs->resource.config.max_in_flight &&
             rs->bucket.try_take(now)) {
        auto call = std::move(rs->waiting.front());
        rs->waiting.pop_front();
        start_attempt(*rs, std::move(call));
      }
    }
  }

  void start_attempt(ResourceState& rs, std::unique_ptr<Call> call) {
    const auto& cfg = rs.resource.config;
    const auto& req = call->request;
    count(rs, [](HttpStats& s) { s.queued--; });
    if (!valid_method(req.method) || has_line_break(req.path) ||
        req.path.find(' ') != std::string::npos) {
      fail(std::move(call), "invalid_request",
           fmt::format("http resource '{}': invalid method or path", cfg.name));
      return;
    }
    auto t = std::make_unique<Transfer>();
    t->easy = curl_easy_init();
    if (!t->easy) {
      fail(std::move(call), "internal", "curl_easy_init failed");
      return;
    }
    // Static headers, then the request's own (which win), then the key.
    std::map<std::string, std::string> headers = cfg.headers;
    for (const auto& [k, v] : req.headers) headers[k] = v;
    for (const auto& [k, v] : headers) {
      if (k.empty() || k.find_first_of(": \r\n") != std::string::npos || has_line_break(v)) {
        fail(std::move(call), "invalid_request",
             fmt::format("http resource '{}': invalid header '{}'", cfg.name, redact(k)));
        return;
      }
      std::string line = k;  // "Name;" sends an empty value
      if (v.empty()) {
        line += ';';
      } else {
        line += ": ";
        line += v;
      }
      t->header_list = curl_slist_append(t->header_list, line.c_str());
    }
    if (!rs.auth_line.empty())
      t->header_list = curl_slist_append(t->header_list, rs.auth_line.c_str());
    t->header_list = curl_slist_append(t->header_list, "Expect:");  // no 100-continue round trip

    CURL* e = t->easy;
    std::string url = join_url(cfg.base_url, req.path);
    curl_easy_setopt(e, CURLOPT_URL, url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);  // never disabled
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(cfg.timeout_ms));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(cfg.connect_timeout_ms));
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // any encoding curl can decode
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error_buffer);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->header_list);
    if (req.method == "GET") {
      curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else if (req.method == "HEAD") {
      curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    } else {
      if (req.method != "POST") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req.method.c_str());
      if (req.method == "POST" || !req.body.empty()) {
        // The body lives in the Call, which the Transfer owns until the attempt ends.
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, req.body.data());
      }
    }
    call->attempts++;
    bool is_retry = call->attempts > 1;
    t->call = std::move(call);
    if (CURLMcode mc = curl_multi_add_handle(multi, e); mc != CURLM_OK) {
      fail(std::move(t->call), "internal",
           fmt::format("curl_multi_add_handle failed: {}", curl_multi_strerror(mc)));
      return;
    }
    rs.in_flight++;
    count(rs, [&](HttpStats& s) {
      s.in_flight++;
      s.attempts++;
      if (is_retry) s.retries++;
    });
    active.emplace(e, std::move(t));
  }

  void finish(CURL* easy, CURLcode rc) {
    auto node = active.extract(easy);
    curl_multi_remove_handle(multi, easy);
    if (node.empty()) return;  // not ours (cannot happen)
    std::unique_ptr<Transfer> t = std::move(node.mapped());
    std::unique_ptr<Call> call = std::move(t->call);
    auto& rs = *resources[call->resource];
    const auto& cfg = rs.resource.config;
    rs.in_flight--;

    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    curl_off_t retry_after_s = 0;
    curl_easy_getinfo(easy, CURLINFO_RETRY_AFTER, &retry_after_s);
    curl_off_t uploaded = 0;
    curl_easy_getinfo(easy, CURLINFO_SIZE_UPLOAD_T, &uploaded);

    std::optional<HttpTransportFailure> failure;
    if (rc != CURLE_OK) failure = classify_transport_failure(rc);
    count(rs, [&](HttpStats& s) {
      s.in_flight--;
      s.bytes_sent += static_cast<std::uint64_t>(std::max<curl_off_t>(uploaded, 0));
      s.bytes_received += t->body.size();
      if (failure) {
        s.transport_errors++;
        if (failure->code == "timeout") s.timeouts++;
      } else if (status >= 100 && status < 600) {
        std::uint64_t* by_class[] = {&s.responses_1xx, &s.responses_2xx, &s.responses_3xx,
                                     &s.responses_4xx, &s.responses_5xx};
        (*by_class[status / 100 - 1])++;
      }
    });
    // AIMD on the resource's rate: the server's "too fast" halves it, what gets through
    // (anything but a 429 or a 5xx) adds it back slowly (http_token_bucket.hpp).
    if (cfg.adaptive_rate && !failure) {
      const double before = rs.bucket.rate();
      if (status == 429)
        rs.bucket.slow_down(t->started, Clock::now());
      else if (status < 500)
        rs.bucket.speed_up(Clock::now());
      count(rs, [&](HttpStats& s) {
        if (rs.bucket.rate() < before) s.rate_decreases++;
        s.rate_per_s = rs.bucket.rate();
      });
    }
    std::string what =
        failure ? fmt::format("{} ({})", failure->code,
                              t->error_buffer[0] ? t->error_buffer : curl_easy_strerror(rc))
                : fmt::format("HTTP {}", status);

    int retries_used = call->attempts - 1;
    if (retries_used < cfg.retries.max &&
        should_retry(failure ? 0 : static_cast<int>(status), failure ? &*failure : nullptr,
                     call->request.idempotent)) {
      // libcurl parses both forms of Retry-After; 7.88 may return a negative value for a past date.
      auto retry_after = std::chrono::milliseconds(
          std::clamp<curl_off_t>(retry_after_s, 0, cfg.retries.max_backoff_ms / 1000 + 1) * 1000);
      auto delay = retry_delay(cfg.retries, retries_used + 1, retry_after, rng);
      auto due = Clock::now() + delay;
      // The server asked the whole resource to slow down, not just this request.
      if (status == 429 && retry_after.count() > 0) rs.bucket.pause_until(due);
      write_log(sdk::LogLevel::debug,
                fmt::format("http resource '{}': {} {} got {}; retry {}/{} in {} ms", cfg.name,
                            call->request.method, call->request.path, what, retries_used + 1,
                            cfg.retries.max, delay.count()));
      count(rs, [](HttpStats& s) { s.queued++; });
      retry_timers.emplace(due, std::move(call));
      return;
    }

    sdk::HttpResponse r;
    r.status = failure ? 0 : static_cast<int>(status);
    r.headers = std::move(t->headers);
    r.body = std::move(t->body);
    if (failure) {
      std::string message =
          redact(fmt::format("http resource '{}': {} {} failed after {} attempt(s): {}", cfg.name,
                             call->request.method, call->request.path, call->attempts, what));
      write_log(sdk::LogLevel::warn, message);
      r.error = sdk::Error{failure->code, message, failure->retryable};
    }
    complete(std::move(call), std::move(r));
  }

  int next_wakeup_ms(Clock::time_point now) const {
    auto next = now + std::chrono::seconds(1);
    if (!retry_timers.empty()) next = std::min(next, retry_timers.begin()->first);
    for (const auto& rs : resources)
      if (!rs->waiting.empty() && rs->in_flight < rs->resource.config.max_in_flight)
        next = std::min(next, rs->bucket.next_available(now));
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count();
    // Round up so a wake-up never lands just before the token is due (a spin).
    if (next > now + std::chrono::milliseconds(ms)) ++ms;
    return static_cast<int>(std::clamp<std::int64_t>(ms, 0, 1000));
  }

  void run() {
    for (;;) {
      bool stopping, reject;
      std::uint64_t ticket;
      {
        std::lock_guard lk(mu);
        stopping = stop;
        reject = stop || cancelled_mode;
        ticket = cancel_requested;
      }
      take_incoming(reject);
      if (stopping || ticket != cancel_done) {
        cancel_everything();
        {
          std::lock_guard lk(mu);
          cancel_done = ticket;
        }
        cancel_cv.notify_all();
        if (stopping) break;
      }
      auto now = Clock::now();
      promote_due_retries(now);
      admit(now);
      int running = 0;
      curl_multi_perform(multi, &running);
      bool finished = false;
      int left = 0;
      while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
        if (m->msg != CURLMSG_DONE) continue;
        finish(m->easy_handle, m->data.result);
        finished = true;
      }
      int timeout = finished ? 0 : next_wakeup_ms(Clock::now());
      if (timeout > 0) curl_multi_poll(multi, nullptr, 0, timeout, nullptr);
    }
    std::lock_guard lk(mu);
    io_exited = true;
    cancel_cv.notify_all();
  }
};

CurlHttpClient::CurlHttpClient(std::vector<Resource> resources, sdk::Logger* log,
                               const Redactor* redactor)
    : impl_(std::make_unique<Impl>()) {
  std::call_once(curl_init_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  impl_->log = log;
  impl_->redactor = redactor;
  for (auto& r : resources) {
    auto rs = std::make_unique<ResourceState>();
    rs->bucket = HttpTokenBucket(r.config.rate_per_s);
    rs->stats.rate_per_s = r.config.rate_per_s;
    if (!r.api_key.empty())
      rs->auth_line = r.config.auth_header + ": " + r.config.auth_prefix + r.api_key.reveal();
    rs->resource = std::move(r);
    impl_->index[rs->resource.config.name] = impl_->resources.size();
    impl_->resources.push_back(std::move(rs));
  }
  if (!(curl_version_info(CURLVERSION_NOW)->features & CURL_VERSION_ASYNCHDNS))
    impl_->write_log(sdk::LogLevel::warn,
                     "libcurl has no asynchronous DNS: name lookups block the HTTP I/O thread");
  impl_->multi = curl_multi_init();
  impl_->io = std::thread([impl = impl_.get()] { impl->run(); });
  impl_->io_id = impl_->io.get_id();
}

CurlHttpClient::~CurlHttpClient() {
  {
    std::lock_guard lk(impl_->mu);
    impl_->stop = true;
  }
  curl_multi_wakeup(impl_->multi);
  impl_->io.join();
  // Requests sent while the loop was shutting down.
  std::vector<std::unique_ptr<Call>> late;
  {
    std::lock_guard lk(impl_->mu);
    late.swap(impl_->incoming);
  }
  for (auto& call : late) impl_->cancel_call(std::move(call));
  curl_multi_cleanup(impl_->multi);
}

void CurlHttpClient::send(sdk::HttpRequest request, std::function<void(sdk::HttpResponse)> done) {
  auto call = std::make_unique<Call>();
  call->done = done ? std::move(done) : [](const sdk::HttpResponse&) {};
  if (auto it = impl_->index.find(request.resource); it != impl_->index.end()) {
    call->resource = it->second;
    impl_->count(*impl_->resources[it->second], [](HttpStats& s) {
      s.requests++;
      s.queued++;
    });
  }
  call->request = std::move(request);
  {
    std::lock_guard lk(impl_->mu);
    impl_->incoming.push_back(std::move(call));
  }
  curl_multi_wakeup(impl_->multi);
}

void CurlHttpClient::cancel_all() {
  std::unique_lock lk(impl_->mu);
  impl_->cancelled_mode = true;
  std::uint64_t ticket = ++impl_->cancel_requested;
  lk.unlock();
  curl_multi_wakeup(impl_->multi);
  if (std::this_thread::get_id() == impl_->io_id) return;  // from a completion: next loop turn
  lk.lock();
  impl_->cancel_cv.wait(lk, [&] { return impl_->cancel_done >= ticket || impl_->io_exited; });
}

void CurlHttpClient::reset() {
  std::lock_guard lk(impl_->mu);
  impl_->cancelled_mode = false;
}

HttpStats CurlHttpClient::stats(std::string_view resource) const {
  auto it = impl_->index.find(resource);
  if (it == impl_->index.end()) return {};
  std::lock_guard lk(impl_->stats_mu);
  return impl_->resources[it->second]->stats;
}

std::vector<std::string> CurlHttpClient::resources() const {
  std::vector<std::string> names;
  for (const auto& rs : impl_->resources) names.push_back(rs->resource.config.name);
  return names;
}

}  // namespace buyergraph::engine
