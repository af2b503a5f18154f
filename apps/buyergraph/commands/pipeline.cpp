// `buyergraph lint`, `buyergraph explain` and `buyergraph run`.
#include <atomic>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>

#include <fmt/format.h>

#include "buyergraph/engine/pipeline.hpp"
#include "buyergraph/engine/runtime.hpp"
#include "buyergraph/input/bounded_read.hpp"
#include "buyergraph/sellers/profile.hpp"
#include "buyergraph/text/terminal.hpp"
#include "cli_common.hpp"
#include "commands.hpp"
#include "pipeline_runner.hpp"

namespace buyergraph::cli {
namespace {

// One account per line: a company name, or a JSON object for .jsonl files. Every bad line is
// reported as FILE:LINE: message and nothing runs, so no account is silently left out.
std::optional<std::vector<sdk::Account>> read_accounts(const std::string& file) {
  input::ReadResult contents = input::read_bounded(file, input::kMaxListBytes);
  if (!contents.ok()) {
    std::cerr << fmt::format("error: {}: {}\n", file, contents.message);
    return std::nullopt;
  }
  std::vector<sdk::Account> out;
  int errors = 0;
  const bool jsonl = file.ends_with(".jsonl");
  const std::vector<std::string> lines = input::split_lines(contents.text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    const std::size_t n = i + 1;
    if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
    sdk::Account a;
    if (jsonl) {
      try {
        from_json(nlohmann::json::parse(line), a);
      } catch (const nlohmann::json::parse_error&) {
        std::cerr << fmt::format("{}:{}: not a JSON object\n", file, n);
        ++errors;
        continue;
      } catch (const std::exception& e) {
        std::cerr << fmt::format("{}:{}: {}\n", file, n, text::terminal_safe(e.what()));
        ++errors;
        continue;
      }
    } else {
      a.name = line;
    }
    if (a.key.empty()) a.key = fmt::format("line-{}", n);
    out.push_back(std::move(a));
  }
  if (errors > 0) {
    std::cerr << fmt::format("{}: {} bad line(s); nothing was run\n", file, errors);
    return std::nullopt;
  }
  return out;
}

nlohmann::json result_json(const engine::AccountResult& r) {
  nlohmann::json j{
      {"account", r.account}, {"status", engine::to_string(r.status)}, {"seconds", r.seconds}};
  if (!r.error_code.empty()) j["error"] = {{"code", r.error_code}, {"message", r.error_message}};
  nlohmann::json outs = nlohmann::json::array();
  for (const auto& o : r.outputs) outs.push_back({{"type", o.type()}, {"record", o.to_json()}});
  j["outputs"] = outs;
  if (!r.errors.empty()) {
    nlohmann::json errs = nlohmann::json::array();
    for (const auto& e : r.errors)
      errs.push_back({{"stage", e.stage}, {"code", e.code}, {"message", e.message}});
    j["errors"] = errs;
  }
  if (r.dropped) j["dropped"] = r.dropped;
  return j;
}

struct RunArgs {
  std::string file;
  std::vector<std::string> accounts;
  std::string accounts_file;
  std::string output;
  std::vector<std::string> plugin_paths;
  std::vector<std::string> sets;
  std::string seller_file;
  std::string store;
  bool metrics = false;
  bool dry_run = false;
  bool quiet = false;
  double timeout = -1;
  int threads = 0;
  int max_accounts = 0;
};

int run_command(const RunArgs& args) {
  select_store(args.store);
  engine::PluginRegistry reg;
  LoadedPipeline l = load_pipeline(args.file, reg, args.plugin_paths, args.sets);
  if (!l.lint.ok()) {
    print_diagnostics(l.lint.diagnostics);
    std::cerr << fmt::format("{}: {} error(s); not run\n", args.file, l.lint.diagnostics.size());
    return 1;
  }
  const engine::Plan& plan = *l.lint.plan;
  std::vector<sdk::Account> accounts;
  for (const auto& name : args.accounts) {
    sdk::Account a;
    a.key = a.name = name;
    accounts.push_back(std::move(a));
  }
  if (!args.accounts_file.empty()) {
    auto more = read_accounts(args.accounts_file);
    if (!more) return 1;
    accounts.insert(accounts.end(), more->begin(), more->end());
  }
  if (accounts.empty()) accounts = plan.accounts;
  // Stages that need a seller read it from the account; a run id lets sinks save history.
  std::optional<sdk::SellerProfile> seller;
  if (!args.seller_file.empty()) {
    auto s = sellers::load_seller_profile(args.seller_file);
    if (!s) {
      std::cerr << "error: " << text::terminal_safe_lines(s.error().message) << "\n";
      return 1;
    }
    seller = std::move(*s);
  }
  const std::string run_id = new_run_id();
  for (auto& a : accounts) stamp_account(a, run_id, args.file, seller ? &*seller : nullptr, true);
  if (args.dry_run) accounts.clear();
  if (accounts.empty() && !args.dry_run) {
    std::cerr << "error: no accounts: pass --account NAME, --accounts FILE, or list them under "
                 "input.accounts\n";
    return 1;
  }

  std::ofstream file_out;
  std::ostream* out = &std::cout;
  if (!args.output.empty()) {
    file_out.open(args.output);
    if (!file_out) {
      std::cerr << "error: cannot write " << args.output << "\n";
      return 1;
    }
    out = &file_out;
  }

  PreparedHost prepared = prepare_host(plan);
  if (!prepared.error.empty()) {
    std::cerr << "error: " << prepared.error << "\n";
    return 1;
  }
  engine::Runner runner(plan, *prepared.host);
  engine::VectorAccountSource source(accounts);
  const std::size_t total = accounts.size();
  std::atomic<std::size_t> done{0};
  const bool tty = stderr_is_tty() && !args.quiet;

  engine::RunOptions opts;
  opts.timeout_s = args.timeout;
  opts.threads = args.threads;
  opts.max_accounts_in_flight = args.max_accounts;
  opts.on_account = [&](const engine::AccountResult& r) {
    *out << result_json(r).dump() << "\n";
    out->flush();  // each finished account is on disk before the next one
    done.fetch_add(1);
  };

  auto run = run_interruptible(runner, source, opts, [&] {
    if (tty) std::cerr << fmt::format("\r{} / {} accounts", done.load(), total) << std::flush;
  });
  const engine::RunReport& report = run.report;
  if (tty) std::cerr << "\r";

  if (!report.failure.empty()) {
    std::cerr << "error: " << report.failure << "\n";
    return 1;
  }
  std::map<std::string, int> by_status;
  for (const auto& a : report.accounts) by_status[std::string(engine::to_string(a.status))]++;
  if (args.dry_run) {
    if (!args.quiet)
      std::cerr << fmt::format("{}: ok, {} stages built\n", args.file, plan.stages.size());
    return 0;
  }
  if (!args.quiet) {
    std::string summary;
    for (auto& [k, v] : by_status)
      summary += fmt::format("{}{} {}", summary.empty() ? "" : ", ", v, k);
    std::cerr << fmt::format("{} of {} accounts in {:.2f}s ({}){}{}\n", report.accounts.size(),
                             total, report.seconds, summary, report.timed_out ? "; timed out" : "",
                             report.cancelled && !report.timed_out ? "; interrupted" : "");
  }
  if (!args.quiet && report.accounts.size() <= 20) {
    for (const auto& a : report.accounts) {
      std::map<std::string, int> types;
      for (const auto& o : a.outputs) types[std::string(o.type())]++;
      std::string what;
      for (auto& [t, n] : types) what += fmt::format("{}{} {}", what.empty() ? "" : ", ", n, t);
      std::cerr << text::terminal_safe(fmt::format(
                       "  {:<28} {:<9} {}", a.account.name.empty() ? a.account.key : a.account.name,
                       engine::to_string(a.status),
                       a.error_code.empty() ? (what.empty() ? "no output" : what)
                                            : a.error_code + ": " + a.error_message))
                << "\n";
    }
  }
  if (args.metrics) {
    std::cerr << engine::format_metrics_table(report.stages);
    std::cerr << fmt::format("peak items alive: {}\n", report.peak_live_items);
  }
  if (run.interrupts > 0) return 130;
  bool all_ok =
      report.accounts.size() == total && by_status["failed"] == 0 && by_status["cancelled"] == 0;
  return all_ok ? 0 : 3;
}

}  // namespace

void add_pipeline_commands(CLI::App& app) {
  static std::vector<std::string> lint_files, lint_paths;
  auto* lint = app.add_subcommand(
      "lint", "Check pipeline files; report every error as file:line:col path: message");
  lint->add_option("FILE", lint_files, "Pipeline files")->required()->check(CLI::ExistingFile);
  lint->add_option("--plugin-path", lint_paths, "Extra plugin files or folders");
  lint->callback([] {
    int errors = 0;
    for (const auto& f : lint_files) {
      engine::PluginRegistry reg;
      LoadedPipeline l = load_pipeline(f, reg, lint_paths);
      print_diagnostics(l.lint.diagnostics);
      errors += static_cast<int>(l.lint.diagnostics.size());
      if (l.lint.ok()) std::cout << f << ": ok\n";
    }
    if (errors > 0) {
      std::cerr << errors << " error(s)\n";
      throw CLI::RuntimeError(1);
    }
  });

  static std::string explain_file;
  static bool dot = false;
  static std::vector<std::string> explain_paths;
  auto* explain = app.add_subcommand("explain", "Print the plan of a pipeline (or Graphviz DOT)");
  explain->add_option("FILE", explain_file, "Pipeline file")->required()->check(CLI::ExistingFile);
  explain->add_flag("--dot", dot, "Print Graphviz DOT");
  explain->add_option("--plugin-path", explain_paths, "Extra plugin files or folders");
  explain->callback([] {
    engine::PluginRegistry reg;
    LoadedPipeline l = load_pipeline(explain_file, reg, explain_paths);
    if (!l.lint.ok()) {
      print_diagnostics(l.lint.diagnostics);
      throw CLI::RuntimeError(1);
    }
    std::cout << text::terminal_safe_lines(engine::explain(*l.lint.plan, dot));
  });

  static RunArgs run_args;
  auto* run = app.add_subcommand(
      "run", "Run a pipeline over accounts; one JSON line per account on stdout");
  run->add_option("FILE", run_args.file, "Pipeline file")->required()->check(CLI::ExistingFile);
  run->add_option("-a,--account", run_args.accounts, "Company name to run (repeatable)");
  run->add_option("--accounts", run_args.accounts_file,
                  "File with one company name per line (.jsonl: account objects)")
      ->check(CLI::ExistingFile);
  run->add_option("-o,--output", run_args.output, "Write the JSON lines here instead of stdout");
  run->add_option("--plugin-path", run_args.plugin_paths, "Extra plugin files or folders");
  run->add_option("--timeout", run_args.timeout, "Cancel the run after this many seconds")
      ->check(CLI::NonNegativeNumber);
  run->add_option("--threads", run_args.threads, "Worker threads (default: all cores)")
      ->check(CLI::PositiveNumber);
  run->add_option("--max-accounts", run_args.max_accounts,
                  "Accounts in flight at once (default: the pipeline's)")
      ->check(CLI::PositiveNumber);
  run->add_option("--seller", run_args.seller_file,
                  "Seller profile YAML attached to every account (buyer-group pipelines)")
      ->check(CLI::ExistingFile);
  run->add_option("--set", run_args.sets,
                  "Override a stage option: STAGE_ID.OPTION=VALUE (VALUE is YAML; repeatable)");
  run->add_flag("--metrics", run_args.metrics, "Print per-stage metrics to stderr");
  add_store_option(*run, run_args.store);
  run->add_flag("--dry-run", run_args.dry_run, "Lint and build every stage, run nothing");
  run->add_flag("-q,--quiet", run_args.quiet, "No progress or summary on stderr");
  run->callback([] {
    if (int rc = run_command(run_args); rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace buyergraph::cli
