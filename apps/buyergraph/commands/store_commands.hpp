#pragma once
// `buyergraph store migrate|copy|info`: the store's schema and moving a store (docs/store.md).
#include <CLI/CLI.hpp>

namespace buyergraph::cli {

/// Adds `store migrate [--store S]`, `store copy FROM TO` and `store info [--store S]`.
void add_store_command(CLI::App& app);

}  // namespace buyergraph::cli
