// buyergraph: find the buyer group at a company, through a pipeline of plugin stages.
#include <curl/curl.h>

#include <iostream>

#include <CLI/CLI.hpp>

#include "buyergraph/assembly/cli.hpp"
#include "buyergraph/contacts/cli.hpp"
#include "buyergraph/demo/cli.hpp"
#include "buyergraph/intelligence/cli.hpp"
#include "buyergraph/report/cli.hpp"
#include "buyergraph/resolve/cli.hpp"
#include "buyergraph/roles/cli.hpp"
#include "buyergraph/sellers/cli.hpp"
#include "buyergraph/store/candidates.hpp"
#include "buyergraph/store/cli.hpp"
#include "buyergraph/suppression/cli.hpp"
#include "buyergraph/titles/cli.hpp"
#include "commands.hpp"
#include "commands/store_commands.hpp"

int main(int argc, char** argv) {
  curl_global_init(CURL_GLOBAL_DEFAULT);  // once, before any thread starts
  CLI::App app{"buyergraph — find the buyer group at a company, explained and grounded in data"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "buyergraph 0.1.0");
  buyergraph::cli::add_find_commands(app);
  buyergraph::cli::add_batch_command(app);
  buyergraph::cli::add_plugins_command(app);
  buyergraph::cli::add_pipeline_commands(app);
  buyergraph::cli::add_bench_command(app);
  buyergraph::cli::add_diff_command(app);
  buyergraph::cli::add_serve_commands(app);
  buyergraph::titles::add_titles_command(app);
  buyergraph::contacts::add_contacts_command(app);
  buyergraph::store::register_store_candidates_for_cli();
  buyergraph::resolve::add_resolve_command(app);
  buyergraph::store::add_import_command(app);
  buyergraph::store::add_cache_command(app);
  buyergraph::cli::add_store_command(app);
  buyergraph::suppression::add_suppress_command(app);
  buyergraph::demo::add_demo_command(app);
  buyergraph::sellers::add_sellers_command(app);
  // Each buyer-group step on its own, on JSON files: for debugging rules and reports.
  buyergraph::roles::add_roles_command(app);
  buyergraph::assembly::add_assembly_command(app);
  buyergraph::intelligence::add_intelligence_command(app);
  buyergraph::report::add_reports_command(app);
  int rc = 0;
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    rc = e.get_exit_code();  // a command's own failure; it already explained itself
  } catch (const CLI::ParseError& e) {
    rc = app.exit(e);
    if (rc != 0) rc = 2;  // a usage error: bad option or value
  }
  curl_global_cleanup();
  return rc;
}
