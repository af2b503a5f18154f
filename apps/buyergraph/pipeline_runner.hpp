#pragma once
// Loading a pipeline file and running it with Ctrl-C handling: shared by run, find and batch.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "buyergraph/engine/host_services.hpp"
#include "buyergraph/engine/http_stack.hpp"
#include "buyergraph/engine/pipeline.hpp"
#include "buyergraph/engine/registry.hpp"
#include "buyergraph/engine/runtime.hpp"
#include "buyergraph/sdk/records.hpp"

namespace buyergraph::cli {

struct LoadedPipeline {
  engine::YamlDocument doc;
  engine::LintResult lint;
  std::string report_stage;  ///< id of the stage that writes the report files; empty: none
};

/// Parses `file`, loads the plugins it names plus `extra_plugins`, applies `--set
/// STAGE.OPTION=VALUE` overrides and `report_sets` (`OPTION=VALUE`) to the stage that writes the
/// report files, and lints it. Problems are in `lint.diagnostics` (`lint.plan` empty); a
/// pipeline without a report-file stage is one when `report_sets` is not empty.
///
///   auto l = load_pipeline(file, reg, {}, {}, {"dir=out", "formats=[json]"});
LoadedPipeline load_pipeline(const std::string& file, engine::PluginRegistry& registry,
                             const std::vector<std::string>& extra_plugins,
                             const std::vector<std::string>& sets = {},
                             const std::vector<std::string>& report_sets = {});

/// True for a stage that writes report files, known by what it is rather than by its id: a sink
/// that takes a buyer group and has a `dir` option (`report.files` in the shipped pipelines).
bool writes_report_files(const engine::StageDef& def);

void print_diagnostics(const engine::Diagnostics& diags);

/// The pipeline shipped for a job ("buyer-group"): $BUYERGRAPH_PIPELINES_DIR/<name>.yaml, else
/// the source tree's pipelines/ folder.
std::string default_pipeline(const std::string& name);

/// A new run id: UTC time plus 24 random bits ("20261124T201502Z-3fa2c1"), sortable.
std::string new_run_id();

/// Gives an account what the buyer-group stages expect: attributes `run_id` (this run's id,
/// suffixed with the account key when `per_account`), `generated_at` and `as_of` (now, UTC),
/// `pipeline_file`, and the seller profile as an attachment when one is given.
void stamp_account(sdk::Account& account, const std::string& run_id,
                   const std::string& pipeline_file, const sdk::SellerProfile* seller,
                   bool per_account = false);

/// The host services for running `plan`: the HTTP client its `resources.http` asks for (none
/// when it has none), behind the cost layer (cache, budgets, ledger; docs/cost-control.md).
/// A dry run always gets a dry-run ledger, so sinks know to write nothing.
/// Construction errors (a missing API key variable, a bad resource, budget or cache setting)
/// are in `error`, naming the resource and the variable, never a key.
struct PreparedHost {
  std::unique_ptr<engine::HostServices> host;
  std::unique_ptr<sdk::Cache> cache;  ///< the store's response cache
  engine::HttpStack http;
  std::string error;
};
PreparedHost prepare_host(const engine::Plan& plan, const engine::HttpStackOptions& options = {});

/// One line per resource for a run's ledger: "coresignal: 12 calls (3 from the cache), 9 paid,
/// 180 credits, $0.00". Empty when nothing was called.
std::string describe_ledger(const std::vector<sdk::LedgerLine>& lines);

/// How to read a dry run's figures (printed under them).
std::string dry_run_note();

struct InterruptibleRun {
  engine::RunReport report;
  int interrupts = 0;  ///< Ctrl-C presses seen during the run
};

/// Runs with SIGINT handled: the first Ctrl-C finishes the accounts in flight and stops taking
/// new ones, a second stops now. `on_tick` (optional) is called about every 200 ms from a
/// monitor thread, for progress output.
InterruptibleRun run_interruptible(engine::Runner& runner, engine::AccountSource& source,
                                   const engine::RunOptions& options,
                                   const std::function<void()>& on_tick = {});

}  // namespace buyergraph::cli
