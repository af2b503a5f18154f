// report.files: writes <dir>/<slug>.{json,md,html,csv} per buyer group (atomically, safe names);
// report.stdout_summary: prints the terminal summary of each group.
#include <cstdio>
#include <iostream>
#include <mutex>
#include <stdexcept>

#include <unistd.h>

#include <buyergraph/sdk.hpp>

#include "buyergraph/report/files.hpp"
#include "buyergraph/report/terminal.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;

namespace {

bool dry_run(Context& ctx) {
  const Ledger* l = ctx.host().ledger();
  return l != nullptr && l->dry_run();
}

class ReportFiles final : public SinkOf<BuyerGroup> {
 public:
  struct Options {
    std::string dir = "reports";
    std::vector<report::ReportFormat> formats{report::ReportFormat::json, report::ReportFormat::md,
                                              report::ReportFormat::html,
                                              report::ReportFormat::csv};
    report::CrmFlavor csv_flavor = report::CrmFlavor::generic;
  };
  static OptionsSpec<Options> options() {
    using report::CrmFlavor;
    using report::ReportFormat;
    return OptionsSpec<Options>()
        .option("dir", &Options::dir, "output folder (relative to the working directory)")
        .choice("formats", &Options::formats,
                {{"json", ReportFormat::json},
                 {"md", ReportFormat::md},
                 {"html", ReportFormat::html},
                 {"csv", ReportFormat::csv}},
                "files to write per account")
        .choice("csv_flavor", &Options::csv_flavor,
                {{"generic", CrmFlavor::generic},
                 {"hubspot", CrmFlavor::hubspot},
                 {"salesforce", CrmFlavor::salesforce}},
                "CSV columns and role vocabulary");
  }
  // The folder is relative to the working directory, like the CLI's --out: a user's "reports"
  // lands where they ran the command, not next to the pipeline file.
  ReportFiles(const StageInit&, Options options) : options_(std::move(options)) {}

 protected:
  void write(const BuyerGroup& group, Context& ctx) override {
    if (dry_run(ctx)) return;  // a dry run estimates cost; its partial groups are not reports
    auto written =
        report::write_report_files(group, options_.dir, options_.formats, options_.csv_flavor);
    if (!written) throw std::runtime_error(written.error().message);
  }

 private:
  Options options_;
};

class StdoutSummary final : public SinkOf<BuyerGroup> {
 public:
  struct Options {
    std::string color = "auto";
  };
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>()
        .option("color", &Options::color, "ANSI colours (auto: when stdout is a terminal)")
        .one_of({"auto", "always", "never"});
  }
  StdoutSummary(const StageInit&, const Options& options)
      : color_(options.color == "always" || (options.color == "auto" && ::isatty(STDOUT_FILENO))) {}

 protected:
  void write(const BuyerGroup& group, Context&) override {
    std::string text = report::render_terminal(group, color_);
    // One block per group even when the pipeline raises the sink's concurrency.
    static std::mutex m;
    std::lock_guard lock(m);
    std::cout << text << std::endl;
  }

 private:
  bool color_ = false;
};

void register_stages(Registrar& r) {
  r.add(make_stage<ReportFiles>(
      {.name = "report.files",
       .kind = StageKind::sink,
       .summary = "Writes each buyer group as JSON, Markdown, HTML and CSV files",
       .docs = "Files are `<dir>/<slug>.<ext>`, slug from the company name and id (ASCII "
               "letters, digits and '-', so no path can escape `dir`), written to a temporary "
               "file and renamed. See docs/reports.md."}));
  r.add(make_stage<StdoutSummary>(
      {.name = "report.stdout_summary",
       .kind = StageKind::sink,
       .summary = "Prints a 100-column summary of each buyer group to stdout"}));
}

}  // namespace

BUYERGRAPH_PLUGIN("reports", "0.1.0", "Buyer-group reports: files and terminal summary",
                  register_stages)
