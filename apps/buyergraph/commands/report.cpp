// `buyergraph report FILE`: render a buyer group (JSON) in any report format.
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "buyergraph/report/csv.hpp"
#include "buyergraph/report/files.hpp"
#include "buyergraph/report/html.hpp"
#include "buyergraph/report/json_report.hpp"
#include "buyergraph/report/markdown.hpp"
#include "buyergraph/report/terminal.hpp"
#include "commands.hpp"

namespace buyergraph::cli {
namespace {

using namespace buyergraph::report;  // the renderers this command chooses between

struct Options {
  std::string file;
  std::string format;
  std::string flavor = "generic";
  std::string out_dir;
  bool color = false;
  bool validate = false;
};

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "report: " << message << "\n";
  throw CLI::RuntimeError(1);
}

void run(const Options& o) {
  std::ifstream in(o.file);
  if (!in) fail("cannot read " + o.file);
  std::stringstream buf;
  buf << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(buf.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) fail(o.file + " is not a JSON object");
  auto flavor = parse_crm_flavor(o.flavor);
  if (!flavor) fail("unknown --csv-flavor '" + o.flavor + "' (generic, hubspot, salesforce)");
  sdk::BuyerGroup group;
  try {
    group = j.get<sdk::BuyerGroup>();
  } catch (const std::exception& e) {
    fail(o.file + " is not a buyer group: " + e.what());
  }
  if (o.validate) {
    if (auto s = validate_report(to_report_json(group)); !s)
      fail(o.file + " does not match the report schema:\n" + s.error().message);
    std::cerr << "report: " << o.file << " matches the report schema " << kReportSchemaVersion
              << "\n";
  }
  try {
    if (!o.out_dir.empty()) {
      std::vector<ReportFormat> formats;
      if (o.format.empty()) {
        formats = {ReportFormat::json, ReportFormat::md, ReportFormat::html, ReportFormat::csv};
      } else if (auto f = parse_report_format(o.format)) {
        formats = {*f};
      } else {
        fail("--out writes json, md, html or csv, not '" + o.format + "'");
      }
      auto paths = write_report_files(group, o.out_dir, formats, *flavor);
      if (!paths) fail(paths.error().message);
      for (const auto& p : *paths) std::cout << p.string() << "\n";
      return;
    }
    std::string f = o.format.empty() ? "terminal" : o.format;
    if (f == "terminal")
      std::cout << render_terminal(group, o.color);
    else if (f == "md")
      std::cout << render_markdown(group);
    else if (f == "html")
      std::cout << render_html(group);
    else if (f == "csv")
      std::cout << render_csv(group, *flavor);
    else if (f == "json")
      std::cout << to_report_json(group).dump(2) << "\n";
    else
      fail("unknown --format '" + f + "' (terminal, md, html, csv, json)");
  } catch (const CLI::RuntimeError&) {
    throw;
  } catch (const std::exception& e) {
    // A field of the wrong JSON type deep inside coverage or intelligence, for example.
    fail("cannot render " + o.file + ": " + e.what());
  }
}

}  // namespace

void add_reports_command(CLI::App& app) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Render a buyer group (JSON) as terminal text, Markdown, HTML, CSV or JSON");
  cmd->add_option("file", opts->file, "buyer group or report JSON file")->required();
  cmd->add_option("--format,-f", opts->format,
                  "terminal | md | html | csv | json (default: terminal; with --out: all files)");
  cmd->add_option("--csv-flavor", opts->flavor, "generic | hubspot | salesforce");
  cmd->add_option("--out,-o", opts->out_dir, "write <dir>/<slug>.<ext> files instead of stdout");
  cmd->add_flag("--color", opts->color, "ANSI colours in the terminal format");
  cmd->add_flag("--validate", opts->validate, "check the JSON report against the schema first");
  cmd->callback([opts] { run(*opts); });
}

}  // namespace buyergraph::cli
