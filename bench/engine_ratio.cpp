// Engine overhead, 1 and 2 threads side by side: the map-chain workload (bench/map_chain.hpp)
// through the engine and through a hand-wired oneTBB graph, repetitions interleaved (engine and
// hand-wired, 1 and 2 threads, in turn, the order alternating) so that load from other work on a
// shared machine hits all four alike; medians of wall time. Prints the hand-wired / engine time
// ratio per thread count (goal <= 1.15) and each side's 2-thread / 1-thread speed-up.
//
//   engine_ratio [--reps N] [--items N] [--stages K] [--threads LIST] [--only engine|hand]
//                [--raw]
// --raw prints one line per run ("engine 1 0.1234", seconds) for scripts that interleave
// processes (bench/engine-ratio.sh against an older build); --only runs one side once per
// repetition (profilers: callgrind, memcheck).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "map_chain.hpp"

using namespace buyergraph;

namespace {

struct Options {
  int reps = 7, items = 200000, stages = 4;
  std::vector<int> threads{1, 2};
  std::string only;  // "", "engine" or "hand"
  bool raw = false;
};

int usage() {
  std::fprintf(stderr,
               "usage: engine_ratio [--reps N] [--items N] [--stages K] [--threads 1,2] "
               "[--only engine|hand] [--raw]\n");
  return 2;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const auto n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    try {
      if (a == "--reps" && has_value)
        o.reps = std::stoi(argv[++i]);
      else if (a == "--items" && has_value)
        o.items = std::stoi(argv[++i]);
      else if (a == "--stages" && has_value)
        o.stages = std::stoi(argv[++i]);
      else if (a == "--only" && has_value)
        o.only = argv[++i];
      else if (a == "--threads" && has_value) {
        o.threads.clear();
        std::string list = argv[++i];
        for (std::size_t p = 0; p < list.size();) {
          auto q = list.find(',', p);
          if (q == std::string::npos) q = list.size();
          o.threads.push_back(std::stoi(list.substr(p, q - p)));
          p = q + 1;
        }
      } else if (a == "--raw")
        o.raw = true;
      else
        return usage();
    } catch (const std::exception&) {
      return usage();
    }
  }
  if (o.reps < 1 || o.items < 1 || o.stages < 1 || o.threads.empty() ||
      !(o.only.empty() || o.only == "engine" || o.only == "hand"))
    return usage();

  const engine::Plan plan = bench::plan(bench::chain_yaml(o.stages, o.items));
  engine::HostServices host;
  using Clock = std::chrono::steady_clock;
  std::map<std::pair<std::string, int>, std::vector<double>> seconds;
  auto timed = [&](const std::string& side, int threads) {
    const auto t0 = Clock::now();
    const auto done = side == "engine"
                          ? static_cast<std::int64_t>(bench::run_engine(plan, host, threads))
                          : bench::run_hand_wired(o.stages, o.items, threads);
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    if (done != o.items) {
      std::fprintf(stderr, "engine_ratio: %s lost items (%lld of %d)\n", side.c_str(),
                   static_cast<long long>(done), o.items);
      std::exit(1);
    }
    seconds[{side, threads}].push_back(s);
    if (o.raw) std::printf("%s %d %.6f\n", side.c_str(), threads, s);
  };
  // One untimed run of each side first: the first run in a process pays for growing the heap
  // and starting oneTBB's workers, which would count against whichever side runs first.
  // Not with --only (profilers subtract two runs of different sizes).
  if (o.only.empty()) {
    bench::run_engine(plan, host, o.threads.back());
    bench::run_hand_wired(o.stages, o.items, o.threads.back());
  }
  for (int r = 0; r < o.reps; ++r) {
    // Alternate which side and which thread count goes first.
    std::vector<int> order = o.threads;
    if (r % 2) std::reverse(order.begin(), order.end());
    for (int t : order) {
      std::vector<std::string> sides;
      if (o.only.empty())
        sides = r % 2 ? std::vector<std::string>{"hand", "engine"}
                      : std::vector<std::string>{"engine", "hand"};
      else
        sides = {o.only};
      for (const auto& side : sides) timed(side, t);
    }
  }
  if (o.raw || !o.only.empty()) return 0;

  std::printf(
      "map chain: %d items through %d trivial stages, %d interleaved repetitions, "
      "medians of wall time\n",
      o.items, o.stages, o.reps);
  std::printf("%-8s %16s %20s %10s %12s\n", "threads", "engine items/s", "hand-wired items/s",
              "ratio", "goal");
  for (int t : o.threads) {
    const double e = median(seconds[{"engine", t}]), h = median(seconds[{"hand", t}]);
    std::printf("%-8d %16.0f %20.0f %10.2f %12s\n", t, o.items / e, o.items / h, e / h, "<= 1.15");
  }
  if (o.threads.size() >= 2) {
    const int t1 = o.threads.front(), t2 = o.threads.back();
    const double e = median(seconds[{"engine", t1}]) / median(seconds[{"engine", t2}]);
    const double h = median(seconds[{"hand", t1}]) / median(seconds[{"hand", t2}]);
    std::printf("speed-up %d -> %d threads: engine %.2fx (goal >= 1.8x), hand-wired %.2fx\n", t1,
                t2, e, h);
  }
  return 0;
}
