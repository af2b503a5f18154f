#pragma once
// `buyergraph intelligence`: reads a buyer-group JSON, fills `intelligence`, prints the group.
#include <CLI/CLI.hpp>

namespace buyergraph::intelligence {

/// Adds the `intelligence` subcommand:
///   buyergraph intelligence --group group.json [--seller sellers/x.yaml] [--as-of 2026-11-24]
///                           [--rules data/intelligence/rules.yaml] [--recent-days 90]
///                           [--executive-change-months 6] [--only intelligence]
/// Bad input prints a message on stderr and exits with code 1.
///
///   CLI::App app;
///   buyergraph::intelligence::add_intelligence_command(app);
void add_intelligence_command(CLI::App& app);

}  // namespace buyergraph::intelligence
