#pragma once
// The `buyergraph assembly` subcommand: assemble a buyer group from candidate files.

namespace CLI {
class App;
}

namespace buyergraph::assembly {

/// Adds `assembly --candidates FILE --company FILE [--seller FILE] [--generated-at TIME]
/// [--max-excluded N] [--account-key KEY] [--run-id ID]`. Candidates are JSON lines, each a
/// candidate record or a pipeline output line ({"outputs": [{"type": "candidate", "record":
/// ...}]}); the company is one company record (JSON). Prints the BuyerGroup as JSON to stdout;
/// on a missing or malformed file prints the reason to stderr and exits 1.
///
///   CLI::App app{"buyergraph"};
///   add_assembly_command(app);
///   // buyergraph assembly --candidates people.jsonl --company acme.json --seller sellers/x.yaml
void add_assembly_command(CLI::App& app);

}  // namespace buyergraph::assembly
