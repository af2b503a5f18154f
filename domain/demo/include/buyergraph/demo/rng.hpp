#pragma once
// A small, portable PRNG for the demo generator. Standard-library engines are portable but the
// distributions (std::uniform_int_distribution, ...) are not, so every draw here is integer-only
// and defined by this header alone: the same seed gives the same dataset on every platform.
#include <cstdint>
#include <vector>

namespace buyergraph::demo {

/// SplitMix64 finaliser: a strong 64-bit mixing function, used to derive independent streams.
///
///   std::uint64_t s = mix64(seed ^ 0x1234);
constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// xoshiro256** seeded through SplitMix64, with integer-only helpers.
///
///   Rng rng(42);
///   auto die = rng.between(1, 6);              // inclusive
///   if (rng.chance(150)) { /* 15.0 % */ }
///   Rng child = Rng::derive(42, company_index, person_index);  // independent stream
class Rng {
 public:
  explicit Rng(std::uint64_t seed) noexcept {
    std::uint64_t x = seed;
    for (auto& word : s_) {  // SplitMix64 sequence: mix64 adds the increment itself
      word = mix64(x);
      x += 0x9e3779b97f4a7c15ULL;
    }
    if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;  // the all-zero state is a fixed point
  }

  /// A stream that depends only on (seed, a, b): adding companies never shifts another's stream.
  static Rng derive(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0) noexcept {
    return Rng(mix64(seed ^ mix64(a * 0x9fb21c651e98df25ULL + mix64(b + 0x632be59bd9b4e019ULL))));
  }

  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform in [0, n); n == 0 returns 0. Rejection sampling, so no modulo bias.
  std::uint64_t below(std::uint64_t n) noexcept {
    if (n == 0) return 0;
    const std::uint64_t threshold = (0 - n) % n;
    for (;;) {
      const std::uint64_t r = next();
      if (r >= threshold) return r % n;
    }
  }

  /// Uniform in [lo, hi] (inclusive); returns lo when hi < lo.
  std::int64_t between(std::int64_t lo, std::int64_t hi) noexcept {
    if (hi <= lo) return lo;
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }

  /// True with probability per_mille / 1000.
  bool chance(unsigned per_mille) noexcept { return below(1000) < per_mille; }

  /// A uniformly chosen element; the vector must not be empty.
  template <class T>
  const T& pick(const std::vector<T>& items) noexcept {
    return items[static_cast<std::size_t>(below(items.size()))];
  }

  /// Index chosen with probability proportional to integer weights; -1 if all weights are 0.
  int weighted(const std::vector<std::uint64_t>& weights) noexcept {
    std::uint64_t total = 0;
    for (auto w : weights) total += w;
    if (total == 0) return -1;
    std::uint64_t r = below(total);
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return static_cast<int>(i);
      r -= weights[i];
    }
    return static_cast<int>(weights.size()) - 1;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
    return (x << k) | (x >> (64 - k));
  }
  std::uint64_t s_[4]{};
};

}  // namespace buyergraph::demo
