#pragma once
// The `buyergraph report` subcommand.

namespace CLI {
class App;
}

namespace buyergraph::report {

/// Adds `report FILE [--format terminal|md|html|csv|json] [--csv-flavor generic|hubspot|
/// salesforce] [--color] [--validate] [--out DIR]`. FILE is a BuyerGroup or report JSON
/// file. Without --out the chosen format goes to stdout; with --out, files
/// `<DIR>/<slug>.<ext>` are written for --format (default: json, md, html, csv) and their paths
/// printed. --validate checks the JSON report against the schema first. Bad input: message on
/// stderr, exit code 1.
///
///   CLI::App app{"buyergraph"};
///   add_reports_command(app);
void add_reports_command(CLI::App& app);

}  // namespace buyergraph::report

namespace buyergraph {
/// The project-wide area name is "reports"; both spellings reach the same functions.
namespace reports = report;
}  // namespace buyergraph
