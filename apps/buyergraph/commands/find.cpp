// `buyergraph find`, `buyergraph history` and `buyergraph show`: the buyer group for one company
// through pipelines/buyer-group.yaml, and the run history the pipeline saves.
#include <unistd.h>

#include <iostream>
#include <map>

#include <fmt/format.h>

#include "account_failure.hpp"
#include "buyergraph/report/csv.hpp"
#include "buyergraph/report/files.hpp"
#include "buyergraph/report/html.hpp"
#include "buyergraph/report/json_report.hpp"
#include "buyergraph/report/markdown.hpp"
#include "buyergraph/report/terminal.hpp"
#include "buyergraph/sellers/profile.hpp"
#include "buyergraph/store/store.hpp"
#include "buyergraph/text/terminal.hpp"
#include "cli_common.hpp"
#include "commands.hpp"
#include "pipeline_runner.hpp"

namespace buyergraph::cli {
namespace {

struct FindArgs {
  std::string company;
  std::string domain;
  std::string seller_file;
  std::string pipeline;
  std::string out_dir;
  std::vector<std::string> formats;
  std::string csv_flavor;
  std::vector<std::string> sets;
  std::vector<std::string> plugin_paths;
  bool json = false;
  bool no_color = false;
  bool dry_run = false;
  bool no_cache = false;
  std::string store;
  double budget = -1;  ///< credits for this run; < 0: the pipeline's resources.budget
};

// A YAML flow list for --set: [json, md].
std::string yaml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

// "reports in DIR/ " for the stage that wrote the report files, or nothing without one.
std::string reports_note(const engine::Plan& plan, const std::string& report_stage) {
  for (const auto& st : plan.stages)
    if (st.id == report_stage && st.config.contains("dir") && st.config["dir"].is_string())
      return fmt::format("reports in {}/ ", st.config["dir"].get<std::string>());
  return {};
}

int find_command(const FindArgs& args) {
  select_store(args.store);
  // The seller profile: a bad file is an error, no file is the stated default.
  sdk::SellerProfile seller;
  if (args.seller_file.empty()) {
    seller = sellers::default_seller_profile();
    std::cerr << "note: no --seller given: using the default seller profile (roles rest on "
                 "seniority alone; see docs/sellers.md)\n";
  } else {
    auto s = sellers::load_seller_profile(args.seller_file);
    if (!s) {
      std::cerr << "error: " << text::terminal_safe_lines(s.error().message) << "\n";
      return 1;
    }
    seller = std::move(*s);
  }
  for (const auto& f : args.formats) {
    if (!report::parse_report_format(f)) {
      std::cerr << "error: unknown --format '" << f << "' (use json, md, html, csv)\n";
      return 1;
    }
  }

  std::vector<std::string> sets = args.sets, report_sets;
  if (!args.out_dir.empty()) report_sets.push_back("dir=" + args.out_dir);
  if (!args.formats.empty()) report_sets.push_back("formats=" + yaml_list(args.formats));
  if (!args.csv_flavor.empty()) report_sets.push_back("csv_flavor=" + args.csv_flavor);
  if (args.budget >= 0)
    sets.push_back(fmt::format("resources.budget.max_credits_per_run={}", args.budget));
  const std::string file = args.pipeline.empty() ? default_pipeline("buyer-group") : args.pipeline;
  engine::PluginRegistry reg;
  LoadedPipeline l = load_pipeline(file, reg, args.plugin_paths, sets, report_sets);
  if (!l.lint.ok()) {
    print_diagnostics(l.lint.diagnostics);
    std::cerr << fmt::format("{}: {} error(s); not run\n", file, l.lint.diagnostics.size());
    return 1;
  }

  sdk::Account account;
  account.key = account.name = args.company;
  account.domain = args.domain;
  stamp_account(account, new_run_id(), file, &seller);

  PreparedHost prepared =
      prepare_host(*l.lint.plan, {.dry_run = args.dry_run, .no_cache = args.no_cache});
  if (!prepared.error.empty()) {
    std::cerr << "error: " << prepared.error << "\n";
    return 1;
  }
  if (args.dry_run && !prepared.http.client) {
    std::cerr << fmt::format(
        "dry run: {} makes no provider calls (no resources.http); nothing to "
        "estimate\n",
        file);
    return 0;
  }
  engine::Runner runner(*l.lint.plan, *prepared.host);
  engine::VectorAccountSource source({account});
  auto run = run_interruptible(runner, source, {});
  const std::string cost =
      prepared.http.ledger ? describe_ledger(prepared.http.ledger->run()) : std::string();
  if (args.dry_run) {
    std::cout << "dry run: no paid call was sent; free calls and cached answers were used\n"
              << (cost.empty() ? "no provider calls\n" : cost) << dry_run_note();
    for (const auto& a : run.report.accounts)
      for (const auto& e : a.errors)
        if (e.code != "dry_run") std::cerr << fmt::format("note: {}: {}\n", e.stage, e.message);
    return run.report.failure.empty() ? 0 : 1;
  }
  if (!cost.empty()) std::cerr << "cost: " << cost;
  const engine::RunReport& report = run.report;
  if (!report.failure.empty()) {
    std::cerr << "error: " << report.failure << "\n";
    return 1;
  }
  if (run.interrupts > 0 || report.accounts.empty()) {
    std::cerr << "interrupted: no buyer group\n";
    return 130;
  }
  const engine::AccountResult& result = report.accounts.front();
  // The first few of each kind: a budget stop refuses every remaining collect alike.
  std::map<std::pair<std::string, std::string>, int> shown;
  for (const auto& e : result.errors)
    if (++shown[{e.stage, e.code}] <= 3)
      std::cerr << text::terminal_safe(
                       fmt::format("warning: {}: {}: {}", e.stage, e.code, e.message))
                << "\n";
  for (const auto& [kind, n] : shown)
    if (n > 3)
      std::cerr << fmt::format("warning: {}: {}: ... and {} more like it\n", kind.first,
                               kind.second, n - 3);
  if (result.status == engine::AccountStatus::failed) {
    // Candidate names and messages carry provider and file data: printed inert.
    const std::string company = text::terminal_safe(args.company);
    const std::string message = text::terminal_safe(result.error_message);
    std::cerr << describe_account_failure(company, text::terminal_safe(result.error_code), message)
              << "\n";
    return 3;
  }
  const sdk::BuyerGroup* group = nullptr;
  for (const auto& o : result.outputs)
    if ((group = o.as<sdk::BuyerGroup>())) break;
  if (!group) {
    std::cerr << fmt::format("\"{}\": the pipeline {} produced no buyer group\n",
                             text::terminal_safe(args.company), file);
    return 3;
  }
  if (args.json)
    std::cout << report::to_report_json(*group).dump(2) << "\n";
  else
    std::cout << report::render_terminal(*group, !args.no_color && isatty(STDOUT_FILENO) != 0);
  std::cerr << fmt::format("run {} saved; {}({:.2f}s)\n",
                           account.attributes["run_id"].get<std::string>(),
                           reports_note(*l.lint.plan, l.report_stage), report.seconds);
  return result.status == engine::AccountStatus::ok ? 0 : 3;
}

std::unique_ptr<store::Store> open_store_or_fail(const std::string& path) {
  auto s = store::Store::open(store::store_path(path));
  if (!s) {
    std::cerr << "error: " << s.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  return std::move(*s);
}

}  // namespace

void add_find_commands(CLI::App& app) {
  static FindArgs a;
  auto* find = app.add_subcommand(
      "find", "Find the buyer group at a company: print the summary and write the reports");
  find->add_option("COMPANY", a.company, "Company name (or website with --domain)")->required();
  find->add_option("--domain", a.domain, "The company's website, to tell namesakes apart");
  find->add_option("--seller", a.seller_file, "Seller profile YAML (default: a stated default)")
      ->check(CLI::ExistingFile);
  find->add_option("--pipeline", a.pipeline, "Pipeline file (default: pipelines/buyer-group.yaml)")
      ->check(CLI::ExistingFile);
  find->add_option("-o,--out", a.out_dir, "Folder for the report files (default: reports)");
  find->add_option("--format", a.formats, "Report files to write: json, md, html, csv")
      ->delimiter(',');
  find->add_option("--csv-flavor", a.csv_flavor, "CSV columns: generic, hubspot, salesforce")
      ->check(CLI::IsMember({"generic", "hubspot", "salesforce"}));
  find->add_option("--set", a.sets, "Override a stage option: STAGE_ID.OPTION=VALUE");
  find->add_option("--plugin-path", a.plugin_paths, "Extra plugin files or folders");
  find->add_flag("--json", a.json, "Print the JSON report instead of the summary");
  find->add_flag("--no-color", a.no_color, "No colours in the summary");
  find->add_flag("--dry-run", a.dry_run,
                 "Estimate paid calls and credits: send only free and cached calls, write nothing");
  find->add_flag("--no-cache", a.no_cache, "Neither read nor write the response cache");
  add_store_option(*find, a.store);
  find->add_option("--budget", a.budget, "Most credits this run may spend (stops cleanly there)")
      ->check(CLI::NonNegativeNumber);
  find->callback([] {
    if (int rc = find_command(a); rc != 0) throw CLI::RuntimeError(rc);
  });

  static std::string history_company, history_store;
  auto* history = app.add_subcommand("history", "List past buyer-group runs for a company");
  history->add_option("COMPANY", history_company, "Company name or id")->required();
  add_store_option(*history, history_store);
  history->callback([] {
    auto store = open_store_or_fail(history_store);
    auto runs = store->runs_for_company(history_company);
    if (runs.empty()) {
      std::cerr << "no runs for \"" << text::terminal_safe(history_company) << "\"\n";
      return;
    }
    std::cout << fmt::format("{:<26} {:<21} {:<28} {:>7} {:>8}  {}\n", "RUN", "WHEN", "COMPANY",
                             "MEMBERS", "COVERAGE", "SELLER");
    // Names come from providers and files: an escape sequence in one must not reach the terminal.
    for (const auto& r : runs)
      std::cout << text::terminal_safe(
                       fmt::format("{:<26} {:<21} {:<28} {:>7} {:>8}  {}", r.id, r.created_at,
                                   text::terminal_cell(r.company_name, 28), r.members,
                                   r.coverage ? std::to_string(*r.coverage) : "-",
                                   r.seller.empty() ? "default" : r.seller))
                << "\n";
  });

  static std::string show_run, show_store, show_format = "terminal", show_flavor = "generic";
  auto* show = app.add_subcommand("show", "Re-render a saved run");
  show->add_option("RUN_ID", show_run, "Run id (from `buyergraph history`)")->required();
  show->add_option("--format", show_format, "terminal, json, md, html or csv")
      ->check(CLI::IsMember({"terminal", "json", "md", "html", "csv"}));
  show->add_option("--csv-flavor", show_flavor, "CSV columns: generic, hubspot, salesforce")
      ->check(CLI::IsMember({"generic", "hubspot", "salesforce"}));
  add_store_option(*show, show_store);
  show->callback([] {
    auto store = open_store_or_fail(show_store);
    auto g = store->run_group(show_run);
    if (!g) {
      std::cerr << "error: no run \"" << show_run << "\" in " << store->path()
                << " (list runs with `buyergraph history COMPANY`)\n";
      throw CLI::RuntimeError(1);
    }
    if (show_format == "json")
      std::cout << report::to_report_json(*g).dump(2) << "\n";
    else if (show_format == "md")
      std::cout << report::render_markdown(*g);
    else if (show_format == "html")
      std::cout << report::render_html(*g);
    else if (show_format == "csv")
      std::cout << report::render_csv(*g, *report::parse_crm_flavor(show_flavor));
    else
      std::cout << report::render_terminal(*g, isatty(STDOUT_FILENO) != 0);
  });
}

}  // namespace buyergraph::cli
