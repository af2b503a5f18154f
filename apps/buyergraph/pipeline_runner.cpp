#include "pipeline_runner.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "buyergraph/store/response_cache.hpp"
#include "buyergraph/text/terminal.hpp"
#include "cli_common.hpp"

namespace buyergraph::cli {
namespace {

std::atomic<int> g_interrupts{0};
extern "C" void on_sigint(int) { g_interrupts.fetch_add(1); }

}  // namespace

std::string new_run_id() {
  std::random_device rd;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%06x", rd() & 0xffffffu);
  return utc_text(std::chrono::system_clock::now(), "%Y%m%dT%H%M%SZ-") + suffix;
}

void stamp_account(sdk::Account& account, const std::string& run_id,
                   const std::string& pipeline_file, const sdk::SellerProfile* seller,
                   bool per_account) {
  const std::string now = utc_text();
  auto& a = account.attributes;
  if (!a.contains("run_id")) a["run_id"] = per_account ? run_id + "-" + account.key : run_id;
  if (!a.contains("generated_at")) a["generated_at"] = now;
  if (!a.contains("as_of")) a["as_of"] = now;
  a["pipeline_file"] = pipeline_file;
  if (seller) account.attachments.push_back(sdk::Item::make<sdk::SellerProfile>(*seller));
}

bool writes_report_files(const engine::StageDef& def) {
  return def.spec.kind == sdk::StageKind::sink && def.spec.input_type == "buyer_group" &&
         def.schema.contains("properties") && def.schema["properties"].contains("dir");
}

namespace {

// The id of the first stage of `doc` whose plugin stage writes report files, or "".
std::string find_report_stage(const engine::YamlDocument& doc,
                              const engine::PluginRegistry& registry) {
  if (!doc.value.is_object() || !doc.value.contains("stages") || !doc.value["stages"].is_array())
    return {};
  for (const auto& s : doc.value["stages"]) {
    if (!s.is_object() || !s.contains("id") || !s["id"].is_string() || !s.contains("use") ||
        !s["use"].is_string())
      continue;
    const engine::StageDef* def = registry.find(s["use"].get<std::string>());
    if (def != nullptr && writes_report_files(*def)) return s["id"].get<std::string>();
  }
  return {};
}

}  // namespace

LoadedPipeline load_pipeline(const std::string& file, engine::PluginRegistry& registry,
                             const std::vector<std::string>& extra_plugins,
                             const std::vector<std::string>& sets,
                             const std::vector<std::string>& report_sets) {
  LoadedPipeline l;
  engine::Diagnostics parse_diags;
  l.doc = engine::load_yaml_file(file, parse_diags);
  std::vector<std::string> paths = extra_plugins;
  for (auto& p : engine::pipeline_plugin_paths(l.doc)) paths.push_back(p);
  load_plugins(registry, paths, false);
  // Overrides after loading: the report-file stage is found through its plugin's stage.
  if (parse_diags.empty()) {
    l.report_stage = find_report_stage(l.doc, registry);
    std::vector<std::string> all = sets;
    if (!report_sets.empty() && l.report_stage.empty())
      parse_diags.push_back({file, 0, 0, "stages",
                             "this pipeline writes no report files (no sink stage that takes a "
                             "buyer group and has a `dir` option), which --out, --format and "
                             "--csv-flavor need"});
    for (const auto& r : report_sets) all.push_back(l.report_stage + "." + r);
    if (parse_diags.empty() && !all.empty()) engine::apply_overrides(l.doc, all, parse_diags);
  }
  // A file that could not be read or parsed has no document to lint ("empty pipeline file").
  if (parse_diags.empty() || !l.doc.value.is_null()) l.lint = engine::lint(l.doc, registry);
  l.lint.diagnostics.insert(l.lint.diagnostics.begin(), parse_diags.begin(), parse_diags.end());
  if (!parse_diags.empty()) l.lint.plan.reset();
  // A plugin named by the pipeline that failed to load is an error of this pipeline.
  for (const auto& f : registry.failures())
    for (const auto& p : paths)
      if (f.path.rfind(p, 0) == 0)
        l.lint.diagnostics.push_back({file, 0, 0, "plugins", f.path + ": " + f.reason});
  return l;
}

void print_diagnostics(const engine::Diagnostics& diags) {
  for (const auto& d : diags) std::cerr << text::terminal_safe(d.format()) << "\n";
}

std::string default_pipeline(const std::string& name) {
  const char* env = std::getenv("BUYERGRAPH_PIPELINES_DIR");
  std::string dir = (env != nullptr && *env != '\0') ? env : BUYERGRAPH_DEFAULT_PIPELINES_DIR;
  return dir + "/" + name + ".yaml";
}

PreparedHost prepare_host(const engine::Plan& plan, const engine::HttpStackOptions& options) {
  PreparedHost p;
  p.host = std::make_unique<engine::HostServices>();
  auto section = [&](const char* name) {
    auto it = plan.resources.find(name);
    return it == plan.resources.end() ? nlohmann::json() : *it;
  };
  const nlohmann::json http = section("http"), cache = section("cache"), store = section("store");
  if (!http.is_object() || http.empty()) {
    // No provider calls to count, but sinks still learn from the ledger that nothing may be
    // written (reports, history).
    if (options.dry_run) {
      p.http.ledger = std::make_unique<engine::CostLedger>(engine::Budget{}, true);
      p.host->set_ledger(p.http.ledger.get());
    }
    return p;
  }
  // The response cache lives in the store unless the run or the pipeline turns it off.
  if (!options.no_cache && !(cache.is_object() && cache.value("enabled", true) == false)) {
    auto c =
        store::open_response_cache(store.is_object() ? store.value("path", std::string()) : "");
    if (!c) {
      p.error = c.error().message;
      return p;
    }
    p.cache = std::move(*c);
    p.host->set_cache(p.cache.get());
  }
  auto stack = engine::make_http_stack(plan.resources, *p.host, options);
  if (!stack) {
    p.error = stack.error().message;
    return p;
  }
  p.http = std::move(*stack);
  return p;
}

std::string dry_run_note() {
  return "Paid calls after a free or cached answer are counted exactly; an account whose company "
         "record is not cached is estimated from its query plan's limits (an upper bound).\n";
}

std::string describe_ledger(const std::vector<sdk::LedgerLine>& lines) {
  std::string out;
  for (const auto& l : lines) {
    out += fmt::format("{}: {} calls ({} from the cache), {} paid, {:g} credits, ${:.4f}",
                       l.resource, l.calls, l.cache_hits, l.paid_calls, l.credits, l.usd);
    if (l.denied > 0) out += fmt::format(", {} refused by the budget", l.denied);
    if (l.estimated_calls > 0)
      out += fmt::format("; dry run: {} paid calls not sent, {:g} credits", l.estimated_calls,
                         l.estimated_credits);
    out += "\n";
  }
  return out;
}

InterruptibleRun run_interruptible(engine::Runner& runner, engine::AccountSource& source,
                                   const engine::RunOptions& options,
                                   const std::function<void()>& on_tick) {
  g_interrupts = 0;
  auto previous = std::signal(SIGINT, on_sigint);
  std::atomic<bool> finished{false};
  std::thread monitor([&] {
    int handled = 0;
    auto last_tick = std::chrono::steady_clock::now();
    while (!finished.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      int n = g_interrupts.load();
      if (n > handled) {
        handled = n;
        if (n == 1) {
          std::cerr
              << "\ninterrupted: finishing the accounts in flight (Ctrl-C again to stop now)\n";
          runner.cancel(false);
        } else {
          std::cerr << "\nstopping now\n";
          runner.cancel(true);
        }
      }
      if (on_tick &&
          std::chrono::steady_clock::now() - last_tick > std::chrono::milliseconds(200)) {
        last_tick = std::chrono::steady_clock::now();
        on_tick();
      }
    }
  });
  InterruptibleRun r;
  r.report = runner.run(source, options);
  finished = true;
  monitor.join();
  std::signal(SIGINT, previous);
  r.interrupts = g_interrupts.load();
  return r;
}

}  // namespace buyergraph::cli
