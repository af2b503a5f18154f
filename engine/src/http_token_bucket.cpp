#include "buyergraph/engine/http_token_bucket.hpp"

#include <algorithm>

namespace buyergraph::engine {

HttpTokenBucket::HttpTokenBucket(double rate_per_s, int burst) {
  if (rate_per_s > 0) {
    interval_ = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(1.0 / rate_per_s));
    if (interval_.count() <= 0) interval_ = Clock::duration(1);
    tolerance_ = interval_ * (std::max(burst, 1) - 1);
  }
}

HttpTokenBucket::Clock::time_point HttpTokenBucket::next_available(Clock::time_point now) const {
  Clock::time_point at = std::max(now, paused_until_);
  if (!unlimited()) at = std::max(at, tat_ - tolerance_);
  return at;
}

bool HttpTokenBucket::try_take(Clock::time_point now) {
  if (next_available(now) > now) return false;
  if (!unlimited()) tat_ = std::max(tat_, now) + interval_;
  return true;
}

void HttpTokenBucket::pause_until(Clock::time_point until) {
  paused_until_ = std::max(paused_until_, until);
}

}  // namespace buyergraph::engine
