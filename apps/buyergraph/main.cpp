// buyergraph: find the buyer group at a company, through a pipeline of plugin stages.
#include <curl/curl.h>

#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  curl_global_init(CURL_GLOBAL_DEFAULT);  // once, before any thread starts
  CLI::App app{"buyergraph — find the buyer group at a company, explained and grounded in data"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "buyergraph 0.1.0");
  using namespace buyergraph::cli;
  add_find_commands(app);
  add_batch_command(app);
  add_plugins_command(app);
  add_pipeline_commands(app);
  add_bench_command(app);
  add_diff_command(app);
  add_serve_commands(app);
  add_titles_command(app);
  add_contacts_command(app);
  add_resolve_command(app);
  add_import_command(app);
  add_cache_command(app);
  add_store_command(app);
  add_suppress_command(app);
  add_demo_command(app);
  add_sellers_command(app);
  // Each buyer-group step on its own, on JSON files: for debugging rules and reports.
  add_roles_command(app);
  add_assembly_command(app);
  add_intelligence_command(app);
  add_reports_command(app);
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
