#pragma once
// Requests per caller (a token's name, else the client address): a token bucket each.
#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace buyergraph::serve {

class RateLimiter {
 public:
  /// `per_second` sustained, `burst` at once; per_second <= 0 turns limiting off.
  RateLimiter(double per_second, double burst) : rate_(per_second), burst_(burst) {}

  /// True when `caller` may make a request now (and counts it); else the seconds to wait.
  bool allow(const std::string& caller, double* retry_after_s = nullptr) {
    if (rate_ <= 0) return true;
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lk(mu_);
    if (buckets_.size() > 10000) buckets_.clear();  // many callers: start afresh, stay bounded
    auto [it, fresh] = buckets_.try_emplace(caller, Bucket{burst_, now});
    Bucket& b = it->second;
    if (!fresh) {
      b.tokens =
          std::min(burst_, b.tokens + rate_ * std::chrono::duration<double>(now - b.at).count());
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    if (retry_after_s) *retry_after_s = (1 - b.tokens) / rate_;
    return false;
  }

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point at;
  };
  double rate_, burst_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace buyergraph::serve
