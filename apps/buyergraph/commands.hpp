#pragma once
// Each command family adds itself to the CLI; one file per family in commands/.
#include <CLI/CLI.hpp>

namespace buyergraph::cli {
// The buyer group, pipelines and the server.
void add_find_commands(CLI::App& app);      // find, history, show
void add_batch_command(CLI::App& app);      // batch
void add_pipeline_commands(CLI::App& app);  // lint, explain, run
void add_plugins_command(CLI::App& app);    // plugins, plugins inspect
void add_bench_command(CLI::App& app);      // bench
void add_diff_command(CLI::App& app);       // diff
void add_serve_commands(CLI::App& app);     // serve, tokens (serve/)

// Data in the local store.
void add_import_command(CLI::App& app);    // import
void add_cache_command(CLI::App& app);     // cache stats|purge|clear
void add_store_command(CLI::App& app);     // store migrate|copy|info (store_commands.cpp)
void add_suppress_command(CLI::App& app);  // suppress add|remove|list|import
void add_demo_command(CLI::App& app);      // demo-data

// One buyer-group step on its own, on files: for trying rules and reports by hand.
void add_titles_command(CLI::App& app);        // titles
void add_contacts_command(CLI::App& app);      // contacts
void add_resolve_command(CLI::App& app);       // resolve
void add_sellers_command(CLI::App& app);       // sellers validate|show
void add_roles_command(CLI::App& app);         // roles assign|check
void add_assembly_command(CLI::App& app);      // assembly
void add_intelligence_command(CLI::App& app);  // intelligence
void add_reports_command(CLI::App& app);       // report
}  // namespace buyergraph::cli
