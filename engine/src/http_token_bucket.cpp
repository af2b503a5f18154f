#include "buyergraph/engine/http_token_bucket.hpp"

#include <algorithm>

namespace buyergraph::engine {

HttpTokenBucket::HttpTokenBucket(double rate_per_s, int burst)
    : configured_(std::max(rate_per_s, 0.0)), burst_(std::max(burst, 1)) {
  set_rate(configured_);
}

void HttpTokenBucket::set_rate(double rate_per_s) {
  rate_ = rate_per_s;
  interval_ = Clock::duration(0);
  tolerance_ = Clock::duration(0);
  if (rate_per_s > 0) {
    interval_ = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(1.0 / rate_per_s));
    if (interval_.count() <= 0) interval_ = Clock::duration(1);
    tolerance_ = interval_ * (burst_ - 1);
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

void HttpTokenBucket::slow_down(Clock::time_point sent_at, Clock::time_point now) {
  if (configured_ <= 0 || sent_at < last_decrease_) return;
  set_rate(std::max(rate_ / 2, configured_ / 64));
  last_decrease_ = last_change_ = now;
}

void HttpTokenBucket::speed_up(Clock::time_point now) {
  if (configured_ <= 0 || rate_ >= configured_) return;
  const double seconds = std::chrono::duration<double>(now - last_change_).count();
  if (seconds <= 0) return;
  set_rate(std::min(configured_, rate_ + std::max(1.0, configured_ / 100) * seconds));
  last_change_ = now;
}

}  // namespace buyergraph::engine
