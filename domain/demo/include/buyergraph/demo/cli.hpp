#pragma once
// The `buyergraph demo-data` subcommand.
#include <CLI/CLI.hpp>

namespace buyergraph::demo {

/// Adds `demo-data [--seed N] [--companies N] [--out DIR] [--no-largest] [--reference-date D]`.
/// Progress goes to stderr, the summary to stdout; bad input exits with code 1.
///
///   CLI::App app{"buyergraph"};
///   buyergraph::demo::add_demo_command(app);
///   CLI11_PARSE(app, argc, argv);
void add_demo_command(CLI::App& app);

}  // namespace buyergraph::demo
