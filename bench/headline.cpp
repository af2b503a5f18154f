// Prints the headline table from one run's results: Google Benchmark JSON (engine and domain
// suites), `buyergraph bench --json` outputs (batch throughput, one per thread count) and
// bench/find.sh's JSON lines (find wall time and peak memory). Each figure is printed next to
// its reference or goal, as a ratio.
#include <algorithm>
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
  std::map<int, nlohmann::json> batch;  // by worker threads
  std::vector<nlohmann::json> finds;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i]);
    if (!in) {
      std::cerr << "cannot read " << argv[i] << "\n";
      return 1;
    }
    const std::string name = argv[i];
    if (name.size() > 6 && name.substr(name.size() - 6) == ".jsonl") {  // bench/find.sh
      std::string line;
      while (std::getline(in, line))
        if (auto r = nlohmann::json::parse(line, nullptr, false); r.is_object()) finds.push_back(r);
      continue;
    }
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_discarded() && j.contains("accounts_per_s")) {  // buyergraph bench --json
      batch[j.value("threads", 0)] = j;
      continue;
    }
    if (j.is_discarded() || !j.contains("benchmarks")) {
      std::cerr << argv[i] << ": not Google Benchmark, bench or find.sh output\n";
      return 1;
    }
    for (const auto& b : j["benchmarks"]) runs[b["name"].get<std::string>()] = b;
  }
  auto rate = [&](const std::string& name) -> double {
    auto it = runs.find(name);
    return it == runs.end() ? 0.0 : it->second.value("items_per_second", 0.0);
  };
  std::cout << fmt::format("{:<52} {:>14} {:>14} {:>8} {:>8}\n", "figure", "measured", "reference",
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

  // Domain figures: per item on one thread (Google Benchmark, same run).
  auto row = [](const std::string& figure, const std::string& value, const std::string& ref,
                const std::string& ratio, const std::string& goal) {
    std::cout << fmt::format("{:<52} {:>14} {:>14} {:>8} {:>8}\n", figure, value, ref, ratio, goal);
  };
  auto per_s = [](double v) { return fmt::format("{:.0f}/s", v); };
  const double titles = rate("BM_TitleClassify/min_time:1.000");
  const double resolve = rate("BM_ResolveCompany_10k/min_time:1.000");
  const double scoring = rate("BM_ScoreAndRoles/min_time:1.000");
  const double resolve_100k = rate("BM_ResolveListings_100k/min_time:1.000");
  if (titles > 0) row("title classification, 1 thread (titles/s)", per_s(titles), "", "", "");
  if (resolve > 0)
    row("company resolution over 10k companies (queries/s)", per_s(resolve), "", "", "");
  if (resolve_100k > 0)
    row("resolution, typed names over 100k companies (q/s)", per_s(resolve_100k), "10000/s",
        fmt::format("{:.2f}", resolve_100k / 10000), ">= 1.00");
  if (scoring > 0)
    row("score + roles, 1 thread (candidates/s; vs titles)", per_s(scoring), per_s(titles),
        titles > 0 ? fmt::format("{:.2f}", titles / scoring) : "", "");

  // Batch throughput through the whole buyer-group pipeline, 1 vs 2 worker threads.
  for (const auto& [threads, j] : batch)
    row(fmt::format("batch, {} accounts, {} thread{} (accounts/s)", j.value("accounts", 0), threads,
                    threads == 1 ? "" : "s"),
        fmt::format("{:.1f}/s", j.value("accounts_per_s", 0.0)), "16.0/s",
        fmt::format("{:.2f}", j.value("accounts_per_s", 0.0) / 16.0), ">= 1.00");
  // CPU time per account does not depend on how much of the machine others take: with it,
  // 2 / cpu_s is the 2-core ceiling when nothing serialises.
  for (const auto& [threads, j] : batch) {
    const auto& cpu = j["cpu"];
    const double per_account =
        (cpu.value("user_s", 0.0) + cpu.value("sys_s", 0.0)) / std::max(1, j.value("completed", 1));
    row(fmt::format("batch, {} thread{}: CPU ms per account (2-core ceiling)", threads,
                    threads == 1 ? "" : "s"),
        fmt::format("{:.1f} ms", per_account * 1e3), fmt::format("{:.1f}/s", 2 / per_account),
        fmt::format("{:.2f}", 2 / per_account / 16.0), ">= 1.00");
  }
  if (batch.count(1) && batch.count(2) && batch[1].value("accounts_per_s", 0.0) > 0)
    row("batch scaling, 2 threads / 1 thread",
        fmt::format("{:.1f}/s", batch[2].value("accounts_per_s", 0.0)),
        fmt::format("{:.1f}/s", batch[1].value("accounts_per_s", 0.0)),
        fmt::format("{:.2f}",
                    batch[2].value("accounts_per_s", 0.0) / batch[1].value("accounts_per_s", 0.0)),
        ">= 1.70");

  // find: best wall time and worst peak memory per company, against the goals.
  std::vector<std::string> order;
  for (const auto& f : finds)
    if (std::find(order.begin(), order.end(), f.value("label", "")) == order.end())
      order.push_back(f.value("label", ""));
  for (const auto& label : order) {
    double best = 1e9, rss = 0;
    std::string company;
    std::int64_t employees = 0;
    for (const auto& f : finds)
      if (f.value("label", "") == label) {
        best = std::min(best, f.value("wall_s", 1e9));
        rss = std::max(rss, f.value("peak_rss_mb", 0.0));
        company = f.value("company", "");
        employees = f.value("employees", std::int64_t{0});
      }
    row(fmt::format("find {} ({} employees): wall, best", company, employees),
        fmt::format("{:.2f} s", best), "1.00 s", fmt::format("{:.2f}", best), "<= 1.00");
    row(fmt::format("find {}: peak RSS", company), fmt::format("{:.0f} MB", rss), "500 MB",
        fmt::format("{:.2f}", rss / 500), "<= 1.00");
  }
  return 0;
}
