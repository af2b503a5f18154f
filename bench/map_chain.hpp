#pragma once
// The engine-overhead workload, shared by engine_bench (Google Benchmark) and engine_ratio
// (interleaved side-by-side runs): N counter items through K trivial map stages, once through
// the engine (plugins loaded from a YAML pipeline) and once through a hand-wired oneTBB graph
// running the same body (plugins/testing/counter.hpp).
#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <oneapi/tbb/flow_graph.h>
#include <oneapi/tbb/global_control.h>

#include "buyergraph/engine/pipeline.hpp"
#include "buyergraph/engine/runtime.hpp"
#include "counter.hpp"

namespace buyergraph::bench {

inline engine::PluginRegistry& registry() {
  static engine::PluginRegistry* reg = [] {
    auto* r = new engine::PluginRegistry();  // lives for the process: plugins stay loaded
    if (auto s = r->load_file(std::string(BUYERGRAPH_PLUGIN_DIR) + "/libbuyergraph-testing.so"); !s)
      throw std::runtime_error(s.error().message);
    return r;
  }();
  return *reg;
}

inline engine::Plan plan(const std::string& yaml) {
  engine::Diagnostics d;
  auto doc = engine::parse_yaml(yaml, "bench.yaml", d);
  auto l = engine::lint(doc, registry());
  if (!l.ok()) throw std::runtime_error(l.diagnostics.empty() ? "lint" : l.diagnostics[0].format());
  return *l.plan;
}

inline std::string chain_yaml(int k, int items) {
  std::string y = fmt::format(
      "apiVersion: buyergraph/v1\nkind: Pipeline\nstages:\n"
      "  - {{id: gen, use: test.counters, with: {{count: {}}}}}\n",
      items);
  for (int i = 0; i < k; ++i) y += fmt::format("  - {{id: inc{}, use: test.inc}}\n", i);
  return y;
}

inline std::vector<sdk::Account> one_account() {
  sdk::Account a;
  a.key = a.name = "bench";
  return {a};
}

/// One engine run of a chain plan; returns the items that reached the end.
inline std::uint64_t run_engine(const engine::Plan& p, engine::HostServices& host, int threads) {
  engine::Runner runner(p, host);
  engine::VectorAccountSource src(one_account());
  engine::RunOptions opts;
  opts.keep_outputs = false;
  opts.threads = threads;
  return runner.run(src, opts).outputs;
}

/// The same work wired by hand: a source loop, K function_nodes with the same body, a counter.
/// Returns the items that reached the end.
inline std::int64_t run_hand_wired(int k, int items, int threads) {
  namespace flow = oneapi::tbb::flow;
  oneapi::tbb::global_control gc(oneapi::tbb::global_control::max_allowed_parallelism,
                                 static_cast<std::size_t>(threads));
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
  source.try_put(items);
  g.wait_for_all();
  return done.load();
}

}  // namespace buyergraph::bench
