#pragma once
// The `buyergraph roles` subcommand: score and assign roles to candidates (JSON lines).

namespace CLI {
class App;
}

namespace buyergraph::roles {

/// Adds `roles assign` (candidates or people as JSON lines on stdin or --input; --company JSON
/// file or --employees N; --seller YAML, default profile otherwise; --rules FILE; --as-of DATE;
/// writes one scored candidate per line to stdout) and `roles check [--rules FILE]` (validates a
/// rules file, prints its version). Bad input: message on stderr, exit code 1.
///
///   CLI::App app{"buyergraph"};
///   add_roles_command(app);
void add_roles_command(CLI::App& app);

}  // namespace buyergraph::roles
