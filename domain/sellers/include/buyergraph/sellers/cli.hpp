#pragma once
// The `buyergraph sellers` subcommand: validate profile files and print them as JSON.

namespace CLI {
class App;
}

namespace buyergraph::sellers {

/// Adds `sellers validate FILE...` (prints "ok FILE" per valid file to stdout, every issue as
/// "file:line:column: field: message" to stderr, exit 1 if any file is invalid) and
/// `sellers show [FILE]` (the profile as JSON; the default profile when FILE is omitted).
///
///   CLI::App app{"buyergraph"};
///   add_sellers_command(app);
void add_sellers_command(CLI::App& app);

}  // namespace buyergraph::sellers
