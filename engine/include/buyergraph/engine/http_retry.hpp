#pragma once
// Retry policy for the HTTP client: which failures are retried and how long to wait.
#include <chrono>
#include <random>
#include <string>

namespace buyergraph::engine {

/// `resources.http.<name>.retries`: at most `max` retries after the first attempt, with full-jitter
/// exponential backoff starting at `backoff_ms` and never longer than `max_backoff_ms`.
///
///   HttpRetryPolicy p{.max = 3, .backoff_ms = 500, .max_backoff_ms = 10000};
struct HttpRetryPolicy {
  int max = 3;
  int backoff_ms = 500;
  int max_backoff_ms = 10000;
};

/// What a libcurl result code means to the retry logic.
///
///   HttpTransportFailure f = classify_transport_failure(CURLE_OPERATION_TIMEDOUT);
///   // f.code == "timeout", f.retryable == true, f.before_send == false
struct HttpTransportFailure {
  std::string code;          ///< "timeout", "connect", "transport"
  bool retryable = false;    ///< worth another attempt for an idempotent request
  bool before_send = false;  ///< the request certainly never reached the server
};

/// Classifies a libcurl `CURLcode` (passed as int so this header does not need curl.h).
///
///   auto f = classify_transport_failure(7);  // CURLE_COULDNT_CONNECT: connect, before send
HttpTransportFailure classify_transport_failure(int curl_code);

/// True for 408, 429, 500, 502, 503, 504: the server says "not now", not "never".
///
///   is_retryable_status(503) == true; is_retryable_status(422) == false
bool is_retryable_status(int status);

/// Decides whether to retry one attempt's outcome. `status` is 0 when `failure` is set.
/// Non-idempotent requests are retried only when they certainly were not processed: a connection
/// that never opened, or a 429 (the server refused before doing the work).
///
///   should_retry(503, nullptr, /*idempotent=*/true) == true
bool should_retry(int status, const HttpTransportFailure* failure, bool idempotent);

/// Delay before retry number `retry` (1 for the first retry): uniform in [0, min(cap,
/// base*2^(retry-1))] (full jitter), then at least `retry_after` when the server sent one, and
/// never above the cap.
///
///   std::mt19937_64 rng{42};
///   auto d = retry_delay(policy, 1, std::chrono::milliseconds(0), rng);  // <= 500ms
std::chrono::milliseconds retry_delay(const HttpRetryPolicy& policy, int retry,
                                      std::chrono::milliseconds retry_after, std::mt19937_64& rng);

}  // namespace buyergraph::engine
