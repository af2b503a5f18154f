#pragma once
// `buyergraph suppress add|remove|list|import`: the suppression list in the local store.
#include <CLI/CLI.hpp>

namespace buyergraph::suppression {

/// Adds the `suppress` command:
///   suppress add VALUE... [--kind email|domain|profile_url] [--reason TEXT] [--store FILE]
///   suppress remove VALUE... [--kind K] [--store FILE]
///   suppress list [--json] [--store FILE]
///   suppress import FILE [--store FILE]
/// Values are normalised before they are stored; without --kind each value's kind is guessed
/// ('@' email, '/' profile URL, else domain). Bad values are reported and exit 1 (nothing from
/// that command is stored when any value is bad).
///
///   CLI::App app{"buyergraph"};
///   buyergraph::suppression::add_suppress_command(app);
void add_suppress_command(CLI::App& app);

}  // namespace buyergraph::suppression
