#pragma once
// `buyergraph import FILE... [--store PATH] [--format coresignal-jsonl|companies-csv|people-csv]`
#include <CLI/CLI.hpp>

namespace buyergraph::store {

/// Adds the `import` subcommand to the CLI. Prints line errors to stderr as FILE:LINE: message,
/// a progress bar on stderr (plain lines when stderr is not a terminal), and one summary line
/// per file on stdout. Exits 1 when a file cannot be read or any line was rejected (good lines
/// are still stored).
///
///   CLI::App app{"buyergraph"};
///   buyergraph::store::add_import_command(app);
void add_import_command(CLI::App& app);

}  // namespace buyergraph::store

namespace buyergraph::store {

/// Adds `cache stats|purge|clear [--class C] [--store FILE]`: the HTTP response cache in the
/// store. `stats` prints one line per data class (entries, bytes, expired); `purge` deletes
/// expired entries; `clear` deletes every entry, or one class with --class. Exits 1 when the
/// store cannot be opened or written.
///
///   buyergraph::store::add_cache_command(app);   // buyergraph cache stats
void add_cache_command(CLI::App& app);

}  // namespace buyergraph::store
