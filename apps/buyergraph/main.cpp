// buyergraph: find the buyer group at a company, through a pipeline of plugin stages.
#include <curl/curl.h>

#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  curl_global_init(CURL_GLOBAL_DEFAULT);  // once, before any thread starts
  CLI::App app{"buyergraph — find the buyer group at a company, explained and grounded in data"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "buyergraph 0.1.0");
  buyergraph::cli::add_plugins_command(app);
  buyergraph::cli::add_pipeline_commands(app);
  int rc = 0;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    rc = app.exit(e);
  }
  curl_global_cleanup();
  return rc;
}
