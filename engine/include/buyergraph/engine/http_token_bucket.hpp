#pragma once
// A token bucket (GCRA form) that answers "when may the next request go?" instead of sleeping,
// with AIMD on its rate: a 429 halves it, answers that get through add it back slowly.
#include <chrono>

namespace buyergraph::engine {

/// Admits at most `rate_per_s` requests per second, with bursts of up to `burst` back-to-back.
/// A rate of 0 means unlimited. Not thread-safe: the HTTP I/O thread owns every bucket.
///
///   HttpTokenBucket bucket(5.0);               // 5 requests/s, evenly spaced
///   auto now = std::chrono::steady_clock::now();
///   if (bucket.try_take(now)) start(); else wake_at(bucket.next_available(now));
class HttpTokenBucket {
 public:
  using Clock = std::chrono::steady_clock;
  explicit HttpTokenBucket(double rate_per_s = 0, int burst = 1);

  /// Takes a token if one is available at `now`.
  bool try_take(Clock::time_point now);
  /// The earliest time a token is available (`now` if one is available already).
  Clock::time_point next_available(Clock::time_point now) const;
  /// Admits nothing before `until` (a server asked us to slow down).
  void pause_until(Clock::time_point until);
  bool unlimited() const noexcept { return interval_.count() == 0; }

  /// Multiplicative decrease: the server refused a request sent at `sent_at` as too fast (429):
  /// the rate halves, down to 1/64 of the configured one. Refusals of requests sent before the
  /// last halving are ignored (they were sent at the old rate), so a burst of 429s halves once.
  void slow_down(Clock::time_point sent_at, Clock::time_point now);
  /// Additive increase: an answer got through at `now`: the rate grows by
  /// max(1, configured / 100) requests per second for each second since the last change, back
  /// up to the configured rate.
  void speed_up(Clock::time_point now);
  /// The rate in force (requests per second; 0 = unlimited).
  double rate() const noexcept { return rate_; }

 private:
  void set_rate(double rate_per_s);

  double configured_ = 0, rate_ = 0;
  int burst_ = 1;
  Clock::duration interval_{0};   // time per token
  Clock::duration tolerance_{0};  // (burst - 1) * interval
  Clock::time_point tat_{};       // theoretical arrival time of the next conforming request
  Clock::time_point paused_until_{};
  Clock::time_point last_decrease_{}, last_change_{};
};

}  // namespace buyergraph::engine
