#pragma once
// Each command adds itself to the CLI.
#include <CLI/CLI.hpp>

namespace buyergraph::cli {
void add_plugins_command(CLI::App& app);
void add_pipeline_commands(CLI::App& app);  // lint, explain, run
void add_find_commands(CLI::App& app);      // find, history, show
void add_batch_command(CLI::App& app);      // batch
void add_bench_command(CLI::App& app);      // bench
void add_diff_command(CLI::App& app);       // diff
void add_serve_commands(CLI::App& app);     // serve, tokens (serve/)
}  // namespace buyergraph::cli
