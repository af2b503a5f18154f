#include "buyergraph/engine/http_retry.hpp"

#include <algorithm>

#include <curl/curl.h>

namespace buyergraph::engine {

HttpTransportFailure classify_transport_failure(int curl_code) {
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_OPERATION_TIMEDOUT:
      return {"timeout", true, false};
    // The connection never opened, so nothing was sent: safe to retry even a POST.
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return {"connect", true, true};
    // The request may have reached the server before the connection broke.
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
      return {"transport", true, false};
    default:  // bad URL, TLS verification failure, out of memory...: repeating will not help
      return {"transport", false, false};
  }
}

bool is_retryable_status(int status) {
  switch (status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    default:
      return false;
  }
}

bool should_retry(int status, const HttpTransportFailure* failure, bool idempotent) {
  if (failure) return failure->retryable && (idempotent || failure->before_send);
  if (!is_retryable_status(status)) return false;
  return idempotent || status == 429;
}

std::chrono::milliseconds retry_delay(const HttpRetryPolicy& policy, int retry,
                                      std::chrono::milliseconds retry_after, std::mt19937_64& rng) {
  const std::int64_t cap = std::max(0, policy.max_backoff_ms);
  std::int64_t ceiling = std::max(0, policy.backoff_ms);
  for (int i = 1; i < retry && ceiling < cap; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap);
  std::int64_t delay = std::uniform_int_distribution<std::int64_t>(0, ceiling)(rng);
  delay = std::max<std::int64_t>(delay, retry_after.count());
  return std::chrono::milliseconds(std::min(delay, cap));
}

}  // namespace buyergraph::engine
