// Engine benchmarks, each measured side by side with its reference in the same process:
//  - overhead: items/s through K trivial map stages loaded as plugins from YAML, against a
//    hand-wired oneTBB graph running the same body (testing/counter.hpp);
//  - async: items/s of an I/O stage against the Little's-law bound, concurrency / latency.
#include <benchmark/benchmark.h>

#include <atomic>

#include <fmt/format.h>
#include <oneapi/tbb/flow_graph.h>
#include <oneapi/tbb/global_control.h>

#include "buyergraph/engine/pipeline.hpp"
#include "buyergraph/engine/runtime.hpp"
#include "counter.hpp"

using namespace buyergraph;

namespace {

constexpr int kItems = 200000;

engine::PluginRegistry& registry() {
  static engine::PluginRegistry* reg = [] {
    auto* r = new engine::PluginRegistry();
    if (auto s = r->load_file(std::string(BUYERGRAPH_PLUGIN_DIR) + "/libbuyergraph-testing.so"); !s)
      throw std::runtime_error(s.error().message);
    return r;
  }();
  return *reg;
}

engine::Plan plan(const std::string& yaml) {
  engine::Diagnostics d;
  auto doc = engine::parse_yaml(yaml, "bench.yaml", d);
  auto l = engine::lint(doc, registry());
  if (!l.ok()) throw std::runtime_error(l.diagnostics.empty() ? "lint" : l.diagnostics[0].format());
  return *l.plan;
}

std::string chain_yaml(int k, int items) {
  std::string y = fmt::format(
      "apiVersion: buyergraph/v1\nkind: Pipeline\nstages:\n"
      "  - {{id: gen, use: test.counters, with: {{count: {}}}}}\n",
      items);
  for (int i = 0; i < k; ++i) y += fmt::format("  - {{id: inc{}, use: test.inc}}\n", i);
  return y;
}

std::vector<sdk::Account> one_account() {
  sdk::Account a;
  a.key = a.name = "bench";
  return {a};
}

void BM_Engine_MapChain(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  auto p = plan(chain_yaml(k, kItems));
  engine::HostServices host;
  for (auto _ : state) {
    engine::Runner runner(p, host);
    engine::VectorAccountSource src(one_account());
    engine::RunOptions opts;
    opts.keep_outputs = false;
    opts.threads = threads;
    auto r = runner.run(src, opts);
    if (r.outputs != static_cast<std::uint64_t>(kItems)) state.SkipWithError("lost items");
  }
  state.SetItemsProcessed(state.iterations() * kItems);
}

// The same work wired by hand: a source loop, K function_nodes with the same body, a counter.
void BM_HandWired_MapChain(benchmark::State& state) {
  namespace flow = oneapi::tbb::flow;
  const int k = static_cast<int>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  oneapi::tbb::global_control gc(oneapi::tbb::global_control::max_allowed_parallelism, threads);
  for (auto _ : state) {
    flow::graph g;
    std::atomic<std::int64_t> done{0};
    std::vector<std::unique_ptr<flow::function_node<sdk::Item, sdk::Item>>> nodes;
    for (int i = 0; i < k; ++i)
      nodes.push_back(std::make_unique<flow::function_node<sdk::Item, sdk::Item>>(
          g, flow::unlimited, [](const sdk::Item& in) { return testing::increment(in); }));
    flow::function_node<sdk::Item> sink(g, flow::unlimited,
                                        [&](const sdk::Item&) { done.fetch_add(1); });
    for (int i = 0; i + 1 < k; ++i) flow::make_edge(*nodes[i], *nodes[i + 1]);
    flow::make_edge(*nodes.back(), sink);
    // Emit from a graph task, as the engine's expand stage does.
    flow::function_node<int> source(g, 1, [&](int n) {
      for (int i = 0; i < n; ++i) {
        auto c = std::make_shared<testing::Counter>();
        c->value = i;
        nodes[0]->try_put(sdk::Item(std::move(c)));
      }
    });
    source.try_put(kItems);
    g.wait_for_all();
    if (done.load() != kItems) state.SkipWithError("lost items");
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
