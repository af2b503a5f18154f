// `buyergraph bench PIPELINE`: runs a pipeline over N accounts taken from the store's companies
// and prints throughput, per-stage latency percentiles, queue depths, CPU utilisation and, for
// I/O (async) stages, the achieved fraction of the Little's-law bound. docs/performance.md.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "buyergraph/sellers/profile.hpp"
#include "buyergraph/store/store.hpp"
#include "cli_common.hpp"
#include "commands.hpp"
#include "mock_process.hpp"
#include "pipeline_runner.hpp"

namespace buyergraph::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct BenchArgs {
  std::string pipeline;
  int accounts = 100;
  std::string store;
  std::vector<std::string> companies;
  std::int64_t max_employees = 0;
  int threads = 0;
  int max_in_flight = 0;
  std::string seller_file;
  std::vector<std::string> sets;
  std::vector<std::string> plugin_paths;
  int mock_latency_ms = -1;
  int mock_jitter_ms = 0;
  double mock_rate = 0;
  bool keep_files = false;
  bool json = false;
};

// Process CPU time (all threads), for utilisation = CPU seconds / (wall seconds * threads).
struct CpuTimes {
  double user_s = 0, sys_s = 0;
  long peak_rss_kb = 0;
};
CpuTimes cpu_now() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return {secs(u.ru_utime), secs(u.ru_stime), u.ru_maxrss};
}

// A private folder for report files and run history, so a benchmark never touches the user's.
std::string make_scratch_dir() {
  std::random_device rd;
  auto dir = fs::temp_directory_path() / fmt::format("buyergraph-bench-{:08x}", rd());
  fs::create_directories(dir);
  return dir.string();
}

// The store's companies, filtered, cycled to n accounts. Each account names its company by
// provider id so namesakes never make it ambiguous; keys stay unique across the cycles.
std::optional<std::vector<sdk::Account>> bench_accounts(const BenchArgs& args,
                                                        const std::string& store_path,
                                                        std::size_t& distinct) {
  auto store = store::Store::open(store_path);
  if (!store) {
    std::cerr << "error: cannot open the store " << store_path << ": " << store.error().message
              << "\n";
    return std::nullopt;
  }
  std::vector<sdk::Company> picked;
  for (auto& c : (*store)->all_companies()) {
    if (args.max_employees > 0 && c.employees && *c.employees > args.max_employees) continue;
    if (!args.companies.empty() &&
        std::none_of(args.companies.begin(), args.companies.end(),
                     [&](const std::string& s) { return s == c.id || s == c.name; }))
      continue;
    picked.push_back(std::move(c));
  }
  distinct = picked.size();
  if (picked.empty()) {
    std::cerr << "error: no company in " << store_path
              << " matches (check --store, --company and --max-employees; `buyergraph "
                 "demo-data` and `buyergraph import` fill a store)\n";
    return std::nullopt;
  }
  std::vector<sdk::Account> out;
  out.reserve(static_cast<std::size_t>(args.accounts));
  for (int i = 0; i < args.accounts; ++i) {
    const auto& c = picked[static_cast<std::size_t>(i) % picked.size()];
    sdk::Account a;
    a.key = fmt::format("bench-{}-{}", i, c.id);
    a.name = c.name;
    a.provider_id = c.id;
    out.push_back(std::move(a));
  }
  return out;
}

// Where a run writes goes to the scratch folder: each sink's output folder (a `dir` option) and
// store file (a `store` option), when its schema declares them. Plugins name these options so
// (docs/plugins.md); no stage is known here by name.
void redirect_sink_outputs(engine::Plan& plan, const std::string& scratch) {
  for (auto& st : plan.stages) {
    if (st.def == nullptr || st.def->spec.kind != sdk::StageKind::sink) continue;
    const json& properties =
        st.def->schema.contains("properties") ? st.def->schema["properties"] : json::object();
    if (properties.contains("dir")) st.config["dir"] = scratch + "/" + st.id;
    if (properties.contains("store")) st.config["store"] = scratch + "/" + st.id + ".db";
  }
}

// Points every HTTP resource of the plan at the mock server, keeping each base URL's path.
void point_http_at(engine::Plan& plan, const std::string& origin) {
  auto http = plan.resources.find("http");
  if (http == plan.resources.end() || !http->is_object()) return;
  for (auto& [name, entry] : http->items()) {
    if (!entry.is_object() || !entry.contains("base_url")) continue;
    std::string url = entry["base_url"].get<std::string>();
    auto scheme = url.find("://");
    auto path = scheme == std::string::npos ? std::string::npos : url.find('/', scheme + 3);
    entry["base_url"] = origin + (path == std::string::npos ? "" : url.substr(path));
  }
}

// Profiles = items entering the first stage that takes people (person or candidate records).
std::uint64_t profiles_seen(const engine::Plan& plan, const std::vector<engine::StageMetrics>& m) {
  for (std::size_t i = 0; i < plan.stages.size() && i < m.size(); ++i)
    if (plan.stages[i].input_type == "person" || plan.stages[i].input_type == "candidate")
      return m[i].in;
  return 0;
}

// `calls` is how often the stage body ran: once per item, but once per account for the gather
// stage (it takes all of an account's items in one call).
json stage_json(const engine::StageMetrics& s, std::uint64_t calls, double wall_s) {
  json j{{"id", s.id},
         {"use", s.use},
         {"async", s.async},
         {"concurrency", s.concurrency},
         {"in", s.in},
         {"out", s.out},
         {"dropped", s.dropped},
         {"errors", s.errors},
         {"skipped", s.skipped},
         {"p50_ms", s.p50_ms},
         {"p95_ms", s.p95_ms},
         {"p99_ms", s.p99_ms},
         {"mean_ms", s.mean_ms},
         {"max_ms", s.max_ms},
         {"peak_queued", s.peak_queued},
         {"peak_in_flight", s.peak_in_flight}};
  // CPU stages time a sample of calls; mean x calls estimates the time spent in the stage.
  j["calls"] = calls;
  j["busy_s"] = s.mean_ms / 1e3 * static_cast<double>(calls);
  if (s.async) {
    // Little's law: C calls in flight at latency L allow at most C / L calls per second.
    const int c = s.concurrency > 0 ? s.concurrency : 16;
    const double bound = s.mean_ms > 0 ? c / (s.mean_ms / 1e3) : 0;
    const double achieved = wall_s > 0 ? static_cast<double>(calls) / wall_s : 0;
    j["littles_law"] = {{"calls_in_flight", c},
                        {"bound_per_s", bound},
                        {"achieved_per_s", achieved},
                        {"fraction", bound > 0 ? achieved / bound : 0.0}};
  }
  return j;
}

void print_text(const json& r) {
  std::cout << fmt::format("pipeline   {}\n", r["pipeline"].get<std::string>());
  std::cout << fmt::format("accounts   {} ({} distinct companies, cycled), {} threads\n",
                           r["accounts"].get<int>(), r["distinct_companies"].get<int>(),
                           r["threads"].get<int>());
  std::string statuses;
  for (auto& [k, v] : r["status"].items())
    statuses += fmt::format("{}{} {}", statuses.empty() ? "" : ", ", v.get<int>(), k);
  std::cout << fmt::format("status     {}\n", statuses);
  std::cout << "\nthroughput\n";
  std::cout << fmt::format("  wall            {:.3f} s\n", r["seconds"].get<double>());
  std::cout << fmt::format("  accounts/s      {:.1f}\n", r["accounts_per_s"].get<double>());
  std::cout << fmt::format("  profiles/s      {:.0f} ({} profiles)\n",
                           r["profiles_per_s"].get<double>(), r["profiles"].get<std::uint64_t>());
  std::cout << fmt::format("  account latency p50 {:.1f} ms, p95 {:.1f} ms, max {:.1f} ms\n",
                           r["account_ms"]["p50"].get<double>(),
                           r["account_ms"]["p95"].get<double>(),
                           r["account_ms"]["max"].get<double>());
  std::cout << "\ncpu\n";
  const auto& cpu = r["cpu"];
  std::cout << fmt::format("  user {:.2f} s, system {:.2f} s, utilisation {:.0f}% of {} threads\n",
                           cpu["user_s"].get<double>(), cpu["sys_s"].get<double>(),
                           100 * cpu["utilisation"].get<double>(), r["threads"].get<int>());
  std::cout << fmt::format("  peak RSS {:.0f} MB\n", cpu["peak_rss_mb"].get<double>());
  std::cout << "\nstages (latency per call, ms)\n";
  std::cout << fmt::format("  {:<14} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7} {:>7}\n",
                           "STAGE", "IN", "OUT", "P50", "P95", "P99", "MAX", "BUSY_S", "PEAK_Q",
                           "PEAK_IF");
  for (const auto& s : r["stages"])
    std::cout << fmt::format(
        "  {:<14} {:>9} {:>9} {:>8.3f} {:>8.3f} {:>8.3f} {:>8.2f} {:>7.2f} {:>7} {:>7}\n",
        s["id"].get<std::string>().substr(0, 14), s["in"].get<std::uint64_t>(),
        s["out"].get<std::uint64_t>(), s["p50_ms"].get<double>(), s["p95_ms"].get<double>(),
        s["p99_ms"].get<double>(), s["max_ms"].get<double>(), s["busy_s"].get<double>(),
        s["peak_queued"].get<std::int64_t>(),
        s["async"].get<bool>() ? std::to_string(s["peak_in_flight"].get<std::int64_t>()) : "-");
  std::cout << "\nqueues\n";
  std::cout << fmt::format("  peak items alive in the graph {}\n",
                           r["peak_live_items"].get<std::int64_t>());
  std::cout << "\nI/O stages (Little's law: bound = calls in flight / mean latency)\n";
  bool any = false;
  for (const auto& s : r["stages"]) {
    if (!s.contains("littles_law")) continue;
    any = true;
    const auto& l = s["littles_law"];
    std::cout << fmt::format("  {:<14} {:>9.1f}/s of {:>9.1f}/s bound ({} in flight): {:.2f}\n",
                             s["id"].get<std::string>().substr(0, 14),
                             l["achieved_per_s"].get<double>(), l["bound_per_s"].get<double>(),
                             l["calls_in_flight"].get<int>(), l["fraction"].get<double>());
  }
  if (!any) std::cout << "  none (no async stage in this pipeline)\n";
  if (r.contains("mock")) {
    const auto& m = r["mock"];
    std::cout << fmt::format("\nmock providers: {} ms latency, {} requests, {} rate-limited\n",
                             m["latency_ms"].get<int>(), m["requests"].get<std::int64_t>(),
                             m["rate_limited"].get<std::int64_t>());
  }
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto i = static_cast<std::size_t>(std::lround(q * static_cast<double>(v.size() - 1)));
  return v[std::min(i, v.size() - 1)];
}

int bench_command(const BenchArgs& args) {
  if (args.accounts < 1) {
    std::cerr << "error: --accounts must be at least 1\n";
    return 1;
  }
  // The store: --store, else BUYERGRAPH_STORE, else the user's; the local provider reads the
  // same variable, so set it for the stages too.
  std::string store_path = args.store;
  if (store_path.empty()) {
    const char* env = std::getenv("BUYERGRAPH_STORE");
    store_path = env && *env ? env : store::default_store_path();
  }
  if (!fs::exists(store_path)) {
    std::cerr << "error: no store at " << store_path
              << " (run `buyergraph demo-data` and `buyergraph import`, or pass --store)\n";
    return 1;
  }
  ::setenv("BUYERGRAPH_STORE", store_path.c_str(), 1);

  std::size_t distinct = 0;
  auto accounts = bench_accounts(args, store_path, distinct);
  if (!accounts) return 1;

  const std::string file = args.pipeline.empty() ? default_pipeline("buyer-group") : args.pipeline;
  engine::PluginRegistry reg;
  LoadedPipeline l = load_pipeline(file, reg, args.plugin_paths, args.sets);
  if (!l.lint.ok()) {
    print_diagnostics(l.lint.diagnostics);
    std::cerr << fmt::format("{}: {} error(s); not run\n", file, l.lint.diagnostics.size());
    return 1;
  }
  engine::Plan plan = *l.lint.plan;

  // Report files and run history go to a scratch folder (removed afterwards unless kept).
  const std::string scratch = make_scratch_dir();
  redirect_sink_outputs(plan, scratch);

  // The mock providers run as their own process (buyergraph-mock), stopped on every way out.
  std::unique_ptr<MockProcess> mock;
  if (args.mock_latency_ms >= 0) {
    auto started = MockProcess::start({.store_path = store_path,
                                       .latency_ms = args.mock_latency_ms,
                                       .jitter_ms = args.mock_jitter_ms,
                                       .rate_per_second = args.mock_rate});
    if (!started) {
      std::cerr << "error: the mock providers did not start: " << started.error().message << "\n";
      fs::remove_all(scratch);
      return 1;
    }
    mock = std::move(*started);
    point_http_at(plan, fmt::format("http://127.0.0.1:{}", mock->port()));
  }

  sdk::SellerProfile seller = sellers::default_seller_profile();
  if (!args.seller_file.empty()) {
    auto s = sellers::load_seller_profile(args.seller_file);
    if (!s) {
      std::cerr << "error: " << s.error().message << "\n";
      fs::remove_all(scratch);
      return 1;
    }
    seller = std::move(*s);
  }
  const std::string run_id = new_run_id();
  for (auto& a : *accounts) stamp_account(a, run_id, file, &seller, true);

  // No response cache: a benchmark measures calls, not a cache answering them.
  PreparedHost prepared = prepare_host(plan, {.no_cache = true});
  if (!prepared.error.empty()) {
    std::cerr << "error: " << prepared.error << "\n";
    fs::remove_all(scratch);
    return 1;
  }
  const int threads =
      args.threads > 0 ? args.threads : static_cast<int>(std::thread::hardware_concurrency());
  engine::Runner runner(plan, *prepared.host);
  engine::VectorAccountSource source(*accounts);
  engine::RunOptions opts;
  opts.threads = args.threads;
  opts.max_accounts_in_flight = args.max_in_flight;
  opts.keep_outputs = false;  // count only: a benchmark must not grow with N
  opts.timeout_s = 0;

  const CpuTimes before = cpu_now();
  auto run = run_interruptible(runner, source, opts);
  const CpuTimes after = cpu_now();
  const engine::RunReport& report = run.report;
  if (!args.keep_files)
    fs::remove_all(scratch);
  else
    std::cerr << "report files and run history kept in " << scratch << "\n";
  if (!report.failure.empty()) {
    std::cerr << "error: " << report.failure << "\n";
    return 1;
  }

  json r;
  r["pipeline"] = file;
  r["store"] = store_path;
  r["accounts"] = static_cast<int>(accounts->size());
  r["distinct_companies"] = static_cast<int>(distinct);
  r["threads"] = threads;
  r["seconds"] = report.seconds;
  std::map<std::string, int> by_status;
  std::vector<double> account_ms;
  for (const auto& a : report.accounts) {
    by_status[std::string(engine::to_string(a.status))]++;
    account_ms.push_back(a.seconds * 1e3);
  }
  r["status"] = by_status;
  r["completed"] = report.accounts.size();
  const double wall = report.seconds > 0 ? report.seconds : 1e-9;
  r["accounts_per_s"] = static_cast<double>(report.accounts.size()) / wall;
  const auto profiles = profiles_seen(plan, report.stages);
  r["profiles"] = profiles;
  r["profiles_per_s"] = static_cast<double>(profiles) / wall;
  r["account_ms"] = {{"p50", quantile(account_ms, 0.5)},
                     {"p95", quantile(account_ms, 0.95)},
                     {"max", quantile(account_ms, 1.0)}};
  const double user = after.user_s - before.user_s, sys = after.sys_s - before.sys_s;
  r["cpu"] = {{"user_s", user},
              {"sys_s", sys},
              {"utilisation", (user + sys) / (wall * threads)},
              {"peak_rss_mb", static_cast<double>(after.peak_rss_kb) / 1024.0}};
  r["peak_live_items"] = report.peak_live_items;
  json stages = json::array();
  for (std::size_t i = 0; i < report.stages.size(); ++i) {
    const auto& s = report.stages[i];
    const bool gather = static_cast<int>(i) == plan.gather;
    stages.push_back(stage_json(s, gather ? s.out + s.errors : s.in, wall));
  }
  r["stages"] = stages;
  if (mock) {
    auto c = mock->stop();
    if (!c) {
      std::cerr << "error: " << c.error().message << "\n";
      return 1;
    }
    r["mock"] = {{"latency_ms", args.mock_latency_ms},
                 {"jitter_ms", args.mock_jitter_ms},
                 {"requests", c->value("requests", std::int64_t{0})},
                 {"rate_limited", c->value("rate_limited", std::int64_t{0})},
                 {"peak_concurrent", c->value("peak_concurrent", std::int64_t{0})}};
  }

  if (args.json)
    std::cout << r.dump(2) << "\n";
  else
    print_text(r);
  if (run.interrupts > 0) return 130;
  if (by_status["failed"] > 0 || report.accounts.size() != accounts->size()) {
    std::cerr << fmt::format(
        "warning: {} of {} accounts failed or did not finish\n",
        accounts->size() - static_cast<std::size_t>(by_status["ok"] + by_status["partial"]),
        accounts->size());
    return 3;
  }
  return 0;
}

}  // namespace

void add_bench_command(CLI::App& app) {
  static BenchArgs a;
  auto* bench = app.add_subcommand(
      "bench",
      "Run a pipeline over N accounts (the store's companies, cycled) and print throughput, "
      "per-stage latency, queues, CPU and Little's-law figures");
  bench->add_option("PIPELINE", a.pipeline, "Pipeline file (default: pipelines/buyer-group.yaml)")
      ->check(CLI::ExistingFile);
  bench->add_option("-n,--accounts", a.accounts, "Number of accounts (default 100)")
      ->check(CLI::PositiveNumber);
  bench->add_option("--store", a.store, "Store file (default: BUYERGRAPH_STORE, else the user's)");
  bench->add_option("--company", a.companies, "Only this company (name or id; repeatable)");
  bench
      ->add_option("--max-employees", a.max_employees,
                   "Skip companies declaring more employees than this (0 = keep all)")
      ->check(CLI::NonNegativeNumber);
  bench->add_option("-j,--threads", a.threads, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  bench
      ->add_option("--max-in-flight", a.max_in_flight,
                   "Accounts in flight at once (default: the pipeline's)")
      ->check(CLI::NonNegativeNumber);
  bench->add_option("--seller", a.seller_file, "Seller profile YAML (default: the default one)")
      ->check(CLI::ExistingFile);
  bench->add_option("--set", a.sets, "Override a stage option: STAGE_ID.OPTION=VALUE");
  bench->add_option("--plugin-path", a.plugin_paths, "Extra plugin files or folders");
  bench
      ->add_option("--mock-latency-ms", a.mock_latency_ms,
                   "Serve the provider APIs from the mock providers (buyergraph-mock, started "
                   "for the run) with this latency and point the pipeline's HTTP resources at it")
      ->check(CLI::NonNegativeNumber);
  bench->add_option("--mock-jitter-ms", a.mock_jitter_ms, "Mock: plus a uniform 0..N ms")
      ->check(CLI::NonNegativeNumber);
  bench->add_option("--mock-rate", a.mock_rate, "Mock: requests per second per key (0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  bench->add_flag("--keep-files", a.keep_files, "Keep the report files and run history written");
  bench->add_flag("--json", a.json, "Print the figures as one JSON object");
  bench->callback([] {
    if (int rc = bench_command(a); rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace buyergraph::cli
