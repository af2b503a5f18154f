// Engine benchmarks, each measured side by side with its reference in the same process (for
// the engine / hand-wired ratio at 1 and 2 threads with interleaved runs, see engine_ratio.cpp):
//  - overhead: items/s through K trivial map stages loaded as plugins from YAML, against a
//    hand-wired oneTBB graph running the same body (testing/counter.hpp);
//  - async: items/s of an I/O stage against the Little's-law bound, concurrency / latency.
#include <benchmark/benchmark.h>

#include "map_chain.hpp"

using namespace buyergraph;
using bench::one_account;
using bench::plan;

namespace {

constexpr int kItems = 200000;

void BM_Engine_MapChain(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  auto p = plan(bench::chain_yaml(k, kItems));
  engine::HostServices host;
  for (auto _ : state) {
    if (bench::run_engine(p, host, threads) != static_cast<std::uint64_t>(kItems))
      state.SkipWithError("lost items");
  }
  state.SetItemsProcessed(state.iterations() * kItems);
}

// The same work wired by hand (bench/map_chain.hpp).
void BM_HandWired_MapChain(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    if (bench::run_hand_wired(k, kItems, threads) != kItems) state.SkipWithError("lost items");
  }
  state.SetItemsProcessed(state.iterations() * kItems);
}

// An async stage with latency L and C calls in flight: the bound is C / L items per second.
void BM_Engine_AsyncLittlesLaw(benchmark::State& state) {
  const int latency_ms = static_cast<int>(state.range(0));
  const int concurrency = static_cast<int>(state.range(1));
  const int items = concurrency * 1000 / latency_ms;  // about one second at the bound
  auto p = plan(
      fmt::format("apiVersion: buyergraph/v1\nkind: Pipeline\nstages:\n"
                  "  - {{id: gen, use: test.counters, with: {{count: {}}}}}\n"
                  "  - {{id: io, use: test.sleep, with: {{latency_ms: {}}}, concurrency: {}}}\n",
                  items, latency_ms, concurrency));
  engine::HostServices host;
  double seconds = 0;
  for (auto _ : state) {
    engine::Runner runner(p, host);
    engine::VectorAccountSource src(one_account());
    engine::RunOptions opts;
    opts.keep_outputs = false;
    auto r = runner.run(src, opts);
    if (r.outputs != static_cast<std::uint64_t>(items)) state.SkipWithError("lost items");
    seconds += r.seconds;
  }
  double achieved = static_cast<double>(items) * static_cast<double>(state.iterations()) / seconds;
  double bound = concurrency * 1000.0 / latency_ms;
  state.counters["bound_per_s"] = bound;
  state.counters["achieved_per_s"] = achieved;
  state.counters["fraction_of_bound"] = achieved / bound;
  state.SetItemsProcessed(state.iterations() * items);
}

}  // namespace

// Args: {stages K, worker threads}.
BENCHMARK(BM_Engine_MapChain)
    ->Args({4, 2})
    ->Args({4, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(1.0);
BENCHMARK(BM_HandWired_MapChain)
    ->Args({4, 2})
    ->Args({4, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(1.0);
// Args: {latency ms, concurrency}.
BENCHMARK(BM_Engine_AsyncLittlesLaw)
    ->Args({50, 100})
    ->Args({20, 200})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

BENCHMARK_MAIN();
