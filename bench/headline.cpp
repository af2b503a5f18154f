// Prints the headline table from Google Benchmark JSON output: each engine figure next to its
// reference measured in the same run, as a ratio.
#include <fstream>
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_headline RESULTS.json...\n";
    return 1;
  }
  std::map<std::string, nlohmann::json> runs;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i]);
    if (!in) {
      std::cerr << "cannot read " << argv[i] << "\n";
      return 1;
    }
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.contains("benchmarks")) {
      std::cerr << argv[i] << ": not Google Benchmark JSON\n";
      return 1;
    }
    for (const auto& b : j["benchmarks"]) runs[b["name"].get<std::string>()] = b;
  }
  auto rate = [&](const std::string& name) -> double {
    auto it = runs.find(name);
    return it == runs.end() ? 0.0 : it->second.value("items_per_second", 0.0);
  };
  std::cout << fmt::format("{:<52} {:>14} {:>14} {:>8} {:>8}\n", "figure", "engine", "reference",
                           "ratio", "goal");
  for (const std::string args : {"4/2", "4/1"}) {
    double e = rate("BM_Engine_MapChain/" + args + "/min_time:1.000/real_time");
    double h = rate("BM_HandWired_MapChain/" + args + "/min_time:1.000/real_time");
    if (e > 0 && h > 0)
      std::cout << fmt::format(
          "{:<52} {:>12.0f}/s {:>12.0f}/s {:>8.3f} {:>8}\n",
          "map chain K=4, threads=" + args.substr(2) + " (hand-wired / engine time)", e, h, h / e,
          "<= 1.15");
  }
  for (const auto& [name, b] : runs) {
    if (name.rfind("BM_Engine_AsyncLittlesLaw/", 0) != 0) continue;
    std::string args = name.substr(std::string("BM_Engine_AsyncLittlesLaw/").size());
    args = args.substr(0, args.find("/iterations"));
    std::cout << fmt::format("{:<52} {:>12.0f}/s {:>12.0f}/s {:>8.3f} {:>8}\n",
                             "async latency_ms/concurrency=" + args + " (vs C/L)",
                             b.value("achieved_per_s", 0.0), b.value("bound_per_s", 0.0),
                             b.value("fraction_of_bound", 0.0), ">= 0.90");
  }
  return 0;
}
