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

const BuyerGroup& group_of(const Item& in, std::string_view stage) {
  const BuyerGroup* g = in.as<BuyerGroup>();
  if (!g) throw std::runtime_error(std::string(stage) + " reads buyer_group records");
  return *g;
}

bool dry_run(Context& ctx) {
  const Ledger* l = ctx.host().ledger();
  return l != nullptr && l->dry_run();
}

class ReportFiles final : public SinkStage {
 public:
  explicit ReportFiles(const StageInit& init) {
    // Relative to the working directory, like the CLI's --out: a user's "reports" lands where
    // they ran the command, not next to the pipeline file.
    dir_ = init.config.value("dir", std::string("reports"));
    for (const auto& f :
         init.config.value("formats", nlohmann::json::array({"json", "md", "html", "csv"}))) {
      auto parsed = report::parse_report_format(f.is_string() ? f.get<std::string>() : "");
      if (!parsed) throw std::runtime_error("report.files: unknown format " + f.dump());
      formats_.push_back(*parsed);
    }
    auto flavor = report::parse_crm_flavor(init.config.value("csv_flavor", std::string("generic")));
    if (!flavor) throw std::runtime_error("report.files: unknown csv_flavor");
    flavor_ = *flavor;
  }

 protected:
  void write(const Item& in, Context& ctx) override {
    if (dry_run(ctx)) return;  // a dry run estimates cost; its partial groups are not reports
    auto written =
        report::write_report_files(group_of(in, "report.files"), dir_, formats_, flavor_);
    if (!written) throw std::runtime_error(written.error().message);
  }

 private:
  std::filesystem::path dir_;
  std::vector<report::ReportFormat> formats_;
  report::CrmFlavor flavor_ = report::CrmFlavor::generic;
};

class StdoutSummary final : public SinkStage {
 public:
  explicit StdoutSummary(const StageInit& init) {
    std::string color = init.config.value("color", std::string("auto"));
    color_ = color == "always" || (color == "auto" && ::isatty(STDOUT_FILENO));
  }

 protected:
  void write(const Item& in, Context&) override {
    std::string text = report::render_terminal(group_of(in, "report.stdout_summary"), color_);
    // One block per group even when the pipeline raises the sink's concurrency.
    static std::mutex m;
    std::lock_guard lock(m);
    std::cout << text << std::endl;
  }

 private:
  bool color_ = false;
};

void register_stages(Registrar& r) {
  r.add({.name = "report.files",
         .kind = StageKind::sink,
         .input_type = "buyer_group",
         .output_type = "",
         .summary = "Writes each buyer group as JSON, Markdown, HTML and CSV files",
         .docs = "Files are `<dir>/<slug>.<ext>`, slug from the company name and id (ASCII "
                 "letters, digits and '-', so no path can escape `dir`), written to a temporary "
                 "file and renamed. See docs/reports.md.",
         .config_schema = R"json({"type":"object","additionalProperties":false,"properties":{
            "dir":{"type":"string","default":"reports","description":"output folder (relative to the working directory)"},
            "formats":{"type":"array","items":{"enum":["json","md","html","csv"]},"uniqueItems":true,"default":["json","md","html","csv"],"description":"files to write per account"},
            "csv_flavor":{"enum":["generic","hubspot","salesforce"],"default":"generic","description":"CSV columns and role vocabulary"}}})json",
         .factory = make_factory<ReportFiles>()});
  r.add({.name = "report.stdout_summary",
         .kind = StageKind::sink,
         .input_type = "buyer_group",
         .output_type = "",
         .summary = "Prints a 100-column summary of each buyer group to stdout",
         .config_schema = R"json({"type":"object","additionalProperties":false,"properties":{
            "color":{"enum":["auto","always","never"],"default":"auto","description":"ANSI colours (auto: when stdout is a terminal)"}}})json",
         .factory = make_factory<StdoutSummary>()});
}

}  // namespace

BUYERGRAPH_PLUGIN("reports", "0.1.0", "Buyer-group reports: files and terminal summary",
                  register_stages)
