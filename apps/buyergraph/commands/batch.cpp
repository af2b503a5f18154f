// `buyergraph batch`: every account of a CSV through one pipeline graph, concurrently, with
// per-account reports, a combined JSONL/CSV, progress, a summary, and resume (docs/batch.md).
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "batch_accounts.hpp"
#include "batch_lock.hpp"
#include "batch_output.hpp"
#include "buyergraph/report/files.hpp"
#include "buyergraph/sellers/profile.hpp"
#include "buyergraph/store/location.hpp"
#include "buyergraph/store/store.hpp"
#include "buyergraph/text/terminal.hpp"
#include "cli_common.hpp"
#include "commands.hpp"
#include "pipeline_runner.hpp"

namespace buyergraph::cli {
namespace {

namespace fs = std::filesystem;

struct BatchArgs {
  std::string accounts_file;
  std::string seller_file;
  std::string pipeline;
  std::string out_dir;
  std::string batch_id;
  std::string store;
  std::vector<std::string> formats;
  std::string csv_flavor;
  std::vector<std::string> sets;
  std::vector<std::string> plugin_paths;
  bool force = false;
  bool no_cache = false;
  bool dry_run = false;
  double budget = -1;  ///< credits for this run; < 0: the pipeline's resources.budget
  int max_in_flight = 0;
  int threads = 0;
  double progress_every = 10;
};

std::string absolute(const std::string& path) {
  if (path.empty()) return "";
  std::error_code ec;
  auto p = fs::weakly_canonical(fs::absolute(path), ec);
  return ec ? path : p.string();
}

// FNV-1a, 64 bits: stable across builds and platforms, unlike std::hash.
std::string fnv1a_hex(const std::string& text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

// The same file, seller, pipeline and output folder are the same batch, wherever it is run from.
std::string derived_batch_id(const BatchArgs& a, const std::string& pipeline) {
  return "batch-" + fnv1a_hex(absolute(a.accounts_file) + '\n' + absolute(a.seller_file) + '\n' +
                              absolute(pipeline) + '\n' + absolute(a.out_dir));
}

std::string yaml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

// Every line of `text` shifted right by `n` spaces.
std::string indent(const std::string& text, int n) {
  std::string out, pad(static_cast<std::size_t>(n), ' ');
  std::size_t from = 0;
  while (from < text.size()) {
    std::size_t end = text.find('\n', from);
    if (end == std::string::npos) end = text.size();
    out += pad + text.substr(from, end - from) + "\n";
    from = end + 1;
  }
  return out;
}

std::string clock_text(double seconds) {
  if (!(seconds >= 0) || seconds > 359999) return "--:--";
  auto s = std::lround(seconds);
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                   : fmt::format("{}:{:02}", s / 60, s % 60);
}

// Rate and ETA over this run's finished accounts (earlier runs' accounts are not timed here).
struct Progress {
  std::size_t total = 0;
  std::atomic<std::size_t> finished{0};
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();

  std::string line(bool bar) const {
    const std::size_t n = finished.load();
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double rate = elapsed > 0 ? static_cast<double>(n) / elapsed : 0;
    const double eta = rate > 0 ? static_cast<double>(total - n) / rate : -1;
    const int pct =
        total ? static_cast<int>(100.0 * static_cast<double>(n) / static_cast<double>(total)) : 100;
    if (!bar)
      return fmt::format("progress: {}/{} accounts ({}%), {:.1f}/s, elapsed {}, ETA {}", n, total,
                         pct, rate, clock_text(elapsed), clock_text(eta));
    const int width = 30, filled = total ? static_cast<int>(width * n / total) : width;
    return fmt::format("\r[{}{}] {}/{} {:3}%  {:.1f}/s  ETA {}  ", std::string(filled, '#'),
                       std::string(width - filled, '.'), n, total, pct, rate, clock_text(eta));
  }
};

int batch_command(const BatchArgs& args) {
  // 1. The accounts: bad rows are reported and skipped, the rest goes on.
  AccountsFile file = read_accounts_file(args.accounts_file);
  if (!file.fatal.empty()) {
    std::cerr << fmt::format("error: {}: {}\n", args.accounts_file, file.fatal);
    return 1;
  }
  std::vector<RowError> bad = file.errors;

  // 2. Seller profiles: the --seller one, and each distinct per-row file loaded once.
  sdk::SellerProfile seller;
  if (args.seller_file.empty()) {
    seller = sellers::default_seller_profile();
    std::cerr
        << "note: no --seller given: using the default seller profile (see docs/sellers.md)\n";
  } else {
    auto s = sellers::load_seller_profile(args.seller_file);
    if (!s) {
      std::cerr << "error: " << text::terminal_safe_lines(s.error().message) << "\n";
      return 1;
    }
    seller = std::move(*s);
  }
  for (const auto& f : args.formats)
    if (!report::parse_report_format(f)) {
      std::cerr << "error: unknown --format '" << f << "' (use json, md, html, csv)\n";
      return 1;
    }
  std::map<std::string, sdk::Result<sdk::SellerProfile>> row_sellers;
  std::vector<BatchRow> rows;
  for (auto& row : file.rows) {
    if (!row.seller_file.empty()) {
      auto it = row_sellers.find(row.seller_file);
      if (it == row_sellers.end())
        it = row_sellers.emplace(row.seller_file, sellers::load_seller_profile(row.seller_file))
                 .first;
      if (!it->second) {
        bad.push_back({row.line, "seller profile: " + it->second.error().message});
        continue;
      }
    }
    rows.push_back(std::move(row));
  }
  std::sort(bad.begin(), bad.end(), [](auto& a, auto& b) { return a.line < b.line; });
  for (const auto& e : bad)
    std::cerr << fmt::format("{}:{}: {}\n", args.accounts_file, e.line,
                             text::terminal_safe_lines(e.message));

  // 3. The store (run history and batch progress), the output folder and the locks. A dry run
  // writes nothing, ever: no folder, no lock file, no journal, no progress, no new store.
  select_store(args.store);
  const std::string store_path = store::store_path(args.store);
  const fs::path out_dir = args.out_dir, reports_dir = out_dir / "accounts";
  const std::string journal_path = (out_dir / "batch.jsonl").string();
  const std::string pipeline_file =
      args.pipeline.empty() ? default_pipeline("buyer-group") : args.pipeline;
  const std::string batch_id =
      args.batch_id.empty() ? derived_batch_id(args, pipeline_file) : args.batch_id;

  std::unique_ptr<store::Store> db;
  if (!args.dry_run || fs::exists(store_path)) {
    auto opened = store::Store::open(store_path);
    if (!opened) {
      std::cerr << "error: " << opened.error().message << "\n";
      return 1;
    }
    db = std::move(*opened);
  }
  std::vector<BatchLock> locks;  // held until the batch ends; the kernel frees them on any exit
  if (!args.dry_run) {
    std::error_code ec;
    // A store file keeps its batch locks beside it; a PostgreSQL store has no local file, so
    // they live in the output folder (they guard this machine only).
    const fs::path lock_dir = store::backend_of(store_path) == store::Backend::sqlite
                                  ? fs::path(store_path + ".locks")
                                  : out_dir / ".store-locks";
    for (const fs::path& dir : {reports_dir, lock_dir}) {
      fs::create_directories(dir, ec);
      if (ec) {
        std::cerr << fmt::format("error: cannot create {}: {}\n", dir.string(), ec.message());
        return 1;
      }
    }
    // One batch per output folder (the journal and reports) and per batch id (its progress in
    // the store): a second one would redo, and pay for, the same accounts.
    for (auto [path, what] :
         {std::pair{(out_dir / ".batch.lock").string(), "the output folder " + out_dir.string()},
          std::pair{(lock_dir / ("batch-" + fnv1a_hex(batch_id) + ".lock")).string(),
                    "batch " + batch_id + " of the store " + store::display_store(store_path)}}) {
      auto lock = BatchLock::acquire(path, what);
      if (!lock) {
        std::cerr << "error: " << lock.error().message << "\n";
        return 1;
      }
      locks.push_back(std::move(*lock));
    }
  }

  // 4. Resume: the store says which accounts are done; the journal keeps exactly those. An
  // account failed by a provider error is not done: this run retries it.
  std::set<std::string> done, failed_before;
  if (args.force && !args.dry_run) {
    if (auto s = db->clear_batch(batch_id); !s) {
      std::cerr << "error: " << s.error().message << "\n";
      return 1;
    }
  } else if (db && !args.force) {
    for (const auto& a : db->batch_accounts(batch_id))
      (is_settled(a.status, a.error_code) ? done : failed_before).insert(a.account_key);
  }
  // Every run of an account of this batch is "<prefix>-<key>", the prefix kept in the store
  // across resumes: an account redone after a hard stop replaces its history run.
  std::string run_prefix = new_run_id();
  if (!args.dry_run) {
    auto p = db->batch_run_prefix(batch_id, run_prefix, utc_text());
    if (!p) {
      std::cerr << "error: " << p.error().message << "\n";
      return 1;
    }
    run_prefix = *p;
  }
  std::set<std::string> in_journal;
  std::unique_ptr<BatchJournal> journal;
  if (!args.dry_run) {
    if (!args.force) in_journal = compact_journal(journal_path, done);
    journal = std::make_unique<BatchJournal>(journal_path, args.force);
    if (!journal->ok()) {
      std::cerr << "error: cannot write " << journal_path << "\n";
      return 1;
    }
  }

  // 5. The accounts still to do, each stamped with its run id and seller.
  std::vector<sdk::Account> accounts;
  std::map<std::string, const BatchRow*> row_of;
  std::size_t skipped = 0, missing_output = 0, retried = 0;
  for (const auto& row : rows) {
    if (done.count(row.key)) {
      ++skipped;
      missing_output += in_journal.count(row.key) ? 0 : 1;
      continue;
    }
    retried += failed_before.count(row.key);
    sdk::SellerProfile profile =
        row.seller_file.empty() ? seller : *row_sellers.at(row.seller_file);
    if (row.deal_size) profile.deal_size = *row.deal_size;
    sdk::Account a;
    a.key = row.key;
    a.name = row.name;
    a.domain = row.domain;
    a.provider_id = row.provider_id;
    stamp_account(a, run_prefix, pipeline_file, &profile, true);
    accounts.push_back(std::move(a));
    row_of[row.key] = &row;
  }
  if (missing_output)
    std::cerr << fmt::format(
        "note: {} account(s) done earlier are missing from {} (run with --force to redo them)\n",
        missing_output, journal_path);
  std::cerr << fmt::format("batch {}: {} account(s) in {}, {} done earlier, {} to run{}\n",
                           batch_id, rows.size(), args.accounts_file, skipped, accounts.size(),
                           retried ? fmt::format(" ({} failed earlier: retried)", retried) : "");

  if (args.dry_run && accounts.empty()) {
    std::cout << "dry run: every account is done already; nothing to estimate, nothing was "
                 "written\n";
    return 0;
  }

  // 6. One graph for all of them.
  std::size_t cancelled = 0;
  double seconds = 0;
  std::string ledger_text;
  if (!accounts.empty()) {
    std::vector<std::string> sets = args.sets;
    std::vector<std::string> report_sets = {"dir=" + reports_dir.string()};
    if (!args.formats.empty()) report_sets.push_back("formats=" + yaml_list(args.formats));
    if (!args.csv_flavor.empty()) report_sets.push_back("csv_flavor=" + args.csv_flavor);
    if (args.budget >= 0)
      sets.push_back(fmt::format("resources.budget.max_credits_per_run={}", args.budget));
    engine::PluginRegistry reg;
    LoadedPipeline l = load_pipeline(pipeline_file, reg, args.plugin_paths, sets, report_sets);
    if (!l.lint.ok()) {
      print_diagnostics(l.lint.diagnostics);
      std::cerr << fmt::format("{}: {} error(s); not run\n", pipeline_file,
                               l.lint.diagnostics.size());
      return 1;
    }
    PreparedHost prepared =
        prepare_host(*l.lint.plan, {.dry_run = args.dry_run, .no_cache = args.no_cache});
    if (!prepared.error.empty()) {
      std::cerr << "error: " << prepared.error << "\n";
      return 1;
    }
    engine::Runner runner(*l.lint.plan, *prepared.host);
    engine::VectorAccountSource source(std::move(accounts));
    Progress progress;
    progress.total = row_of.size();
    std::string store_error;
    const char* hook = std::getenv("BUYERGRAPH_TEST_KILL_BEFORE_JOURNAL");
    const long kill_before_journal = hook != nullptr ? std::atol(hook) : 0;
    std::atomic<long> journalling{0};

    engine::RunOptions opts;
    opts.max_accounts_in_flight = args.max_in_flight;
    opts.threads = args.threads;
    opts.keep_results_outputs = false;  // each group is written as it finishes: memory stays flat
    opts.on_account = [&](const engine::AccountResult& r) {
      if (r.status == engine::AccountStatus::cancelled) return;  // not done: the next run redoes it
      if (args.dry_run) {  // an estimate: nothing is journalled, every account stays to do
        progress.finished.fetch_add(1);
        return;
      }
      // Test-only (docs/batch.md): a hard stop after the account's history run is saved and
      // before it is journalled, the worst moment for a duplicate.
      if (kill_before_journal > 0 && ++journalling == kill_before_journal) ::raise(SIGKILL);
      auto it = row_of.find(r.account.key);
      if (it == row_of.end()) return;
      std::string report_path;
      for (const auto& o : r.outputs)
        if (const auto* g = o.as<sdk::BuyerGroup>()) {
          fs::path p = reports_dir / (report::safe_slug(g->company.name, g->company.id) + ".json");
          if (fs::exists(p)) report_path = p.string();
        }
      // Journal first, then the store: a stop in between redoes the account, never loses it.
      journal->append(journal_entry(r, *it->second, report_path));
      const auto& attrs = r.account.attributes;
      auto saved = db->save_batch_account(
          {.batch_id = batch_id,
           .account_key = r.account.key,
           .status = std::string(engine::to_string(r.status)),
           .error_code = r.error_code,
           .run_id = attrs.contains("run_id") ? attrs["run_id"].get<std::string>() : "",
           .finished_at = utc_text()});
      if (!saved && store_error.empty()) store_error = saved.error().message;
      progress.finished.fetch_add(1);
    };

    const bool tty = stderr_is_tty();
    auto last_line = std::chrono::steady_clock::now();
    auto run = run_interruptible(runner, source, opts, [&] {
      if (tty) {
        std::cerr << progress.line(true) << std::flush;
      } else if (std::chrono::steady_clock::now() - last_line >
                 std::chrono::duration<double>(args.progress_every)) {
        last_line = std::chrono::steady_clock::now();
        std::cerr << progress.line(false) << std::endl;
      }
    });
    if (tty) std::cerr << progress.line(true) << "\n";
    if (!run.report.failure.empty()) {
      std::cerr << "error: " << run.report.failure << "\n";
      return 1;
    }
    if (args.dry_run) {
      const std::string cost =
          prepared.http.ledger ? describe_ledger(prepared.http.ledger->run()) : std::string();
      std::cout << fmt::format(
                       "dry run over {} account(s): no paid call was sent, nothing was written\n",
                       row_of.size())
                << (cost.empty() ? "the pipeline makes no provider calls\n" : cost)
                << dry_run_note();
      return 0;
    }
    if (!store_error.empty())
      std::cerr << "warning: batch progress not saved: " << store_error
                << " (those accounts will run again)\n";
    // Cancelled accounts and those never admitted alike: the next run does them.
    cancelled = progress.total - progress.finished.load();
    seconds = run.report.seconds;
    if (prepared.http.ledger) ledger_text = describe_ledger(prepared.http.ledger->run());
  }

  // 7. The combined CSV from the journal, and the summary of the whole batch.
  auto entries = read_journal(journal_path);
  const std::string csv_path = (out_dir / "batch.csv").string();
  if (auto s = report::write_file_atomically(csv_path, render_batch_csv(entries)); !s)
    std::cerr << "error: cannot write " << csv_path << ": " << s.error().message << "\n";
  const BatchTally t = tally(entries);
  std::cout << fmt::format("batch {}: {} account(s), {} bad row(s)\n", batch_id, rows.size(),
                           bad.size());
  std::cout << fmt::format("  this run   {} run, {} done earlier, {} not finished ({:.1f}s)\n",
                           row_of.size() - cancelled, skipped, cancelled, seconds);
  std::cout << fmt::format(
      "  resolved   {}\n  partial    {}\n  ambiguous  {}\n  not found  {}\n"
      "  failed     {}{}\n  cost       {:.2f} credits\n",
      t.resolved, t.partial, t.ambiguous, t.not_found, t.failed,
      t.to_retry ? fmt::format(" ({} to retry)", t.to_retry) : "", t.credits);
  std::cout << fmt::format("  outputs    {}, {}, {}/\n", journal_path, csv_path,
                           reports_dir.string());
  if (!ledger_text.empty()) std::cout << "  provider calls this run:\n" << indent(ledger_text, 4);
  if (cancelled > 0) {  // a Ctrl-C after the last account finished leaves nothing to do
    std::cerr << fmt::format(
        "interrupted: {} account(s) left; run the same command again to "
        "continue\n",
        cancelled);
    return 130;
  }
  if (t.to_retry > 0) {
    // The first few reasons, so a bad key or a provider outage is named here, not only in files.
    auto str = [](const nlohmann::json& j, const char* field) {
      auto it = j.find(field);
      return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    std::set<std::string> shown;
    for (const auto& e : entries) {
      if (is_settled(str(e, "status"), str(e, "error_code")) || shown.size() >= 3) continue;
      const std::string message = str(e, "error_message");
      if (shown.insert(message).second)
        std::cerr << fmt::format("failed: {}: {}\n", str(e, "key"), message);
    }
    std::cerr << fmt::format(
        "{} account(s) failed (provider errors or timeouts) and are not done; run the same "
        "command again to retry them\n",
        t.to_retry);
  }
  // Bad rows need the file fixed (1); failed accounts need another run (3).
  if (!bad.empty()) return 1;
  return t.to_retry > 0 ? 3 : 0;
}

}  // namespace

void add_batch_command(CLI::App& app) {
  static BatchArgs a;
  auto* cmd = app.add_subcommand(
      "batch", "Find the buyer groups of many accounts (a CSV) in one run; resumable");
  cmd->add_option("ACCOUNTS", a.accounts_file,
                  "CSV with a header: name and/or domain or provider_id; optional key, seller, "
                  "deal_size")
      ->required();
  cmd->add_option("--seller", a.seller_file, "Seller profile YAML (default: a stated default)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--pipeline", a.pipeline, "Pipeline file (default: pipelines/buyer-group.yaml)")
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--out", a.out_dir,
                  "Output folder: accounts/ (per-account reports), batch.jsonl, batch.csv")
      ->required();
  cmd->add_option("--batch-id", a.batch_id,
                  "Name of the batch for resuming (default: from the file, seller, pipeline and "
                  "output paths)");
  add_store_option(*cmd, a.store);
  cmd->add_flag("--force", a.force, "Run every account again, even those already done");
  cmd->add_flag("--no-cache", a.no_cache, "Neither read nor write the response cache");
  cmd->add_flag("--dry-run", a.dry_run,
                "Estimate paid calls and credits: send only free and cached calls, write nothing");
  cmd->add_option("--budget", a.budget,
                  "Most credits this run may spend; accounts past it finish partial")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--format", a.formats, "Per-account report files: json, md, html, csv")
      ->delimiter(',');
  cmd->add_option("--csv-flavor", a.csv_flavor, "CSV columns: generic, hubspot, salesforce")
      ->check(CLI::IsMember({"generic", "hubspot", "salesforce"}));
  cmd->add_option("--max-in-flight", a.max_in_flight,
                  "Accounts in the graph at once (default: the pipeline's)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--threads", a.threads, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--progress-every", a.progress_every,
                  "Seconds between progress lines when stderr is not a terminal")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--set", a.sets, "Override a stage option: STAGE_ID.OPTION=VALUE");
  cmd->add_option("--plugin-path", a.plugin_paths, "Extra plugin files or folders");
  cmd->callback([] {
    if (int rc = batch_command(a); rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace buyergraph::cli
