#pragma once
// The synthetic demo dataset: fictional companies and people written as CoreSignal multi-source
// JSON Lines, plus a ground-truth sidecar. See docs/demo-data.md for the format and the traps.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "buyergraph/sdk/status.hpp"

namespace buyergraph::demo {

/// Progress report, sent after each company and about every 20,000 employee records.
struct DemoProgress {
  std::size_t companies_done = 0;
  std::size_t companies_total = 0;
  std::size_t employees_written = 0;
};

/// What to generate. The same options (and data files) always give byte-identical files.
///
///   DemoOptions o;            // default dataset: 36 companies, one with >100,000 employees
///   o.seed = 7;
///   o.extra_companies = 2000; // throughput runs: 2,000 more small/medium companies
///   o.include_largest = false;// fast path for tests
struct DemoOptions {
  std::uint64_t seed = 42;
  int extra_companies = 0;  ///< throughput knob: extra generated companies (10-2,000 employees)
  std::string reference_date = "2026-11-01";  ///< "today" for tenure and recency; never the clock
  bool include_largest = true;                ///< include the >=100,000-employee company
  std::string data_dir;  ///< vocabulary folder; empty = $BUYERGRAPH_DATA_DIR/demo or the built-in
  std::function<void(const DemoProgress&)> on_progress;  ///< optional
};

/// What was written.
struct DemoSummary {
  std::size_t companies = 0;       ///< lines in companies.jsonl
  std::size_t employees = 0;       ///< lines in employees.jsonl (duplicates and deleted included)
  std::size_t truth_rows = 0;      ///< lines in truth.jsonl (one per employee record)
  std::vector<std::string> files;  ///< full paths, in write order
};

/// Writes companies.jsonl, employees.jsonl, truth.jsonl and manifest.json into out_dir (created
/// if missing). Streams records; memory stays proportional to the largest company.
///
///   auto r = write_demo_dataset(DemoOptions{}, "/tmp/demo");
///   if (!r) std::cerr << r.error().message;
///   else std::cout << r->employees << " employees\n";
sdk::Result<DemoSummary> write_demo_dataset(const DemoOptions& options, const std::string& out_dir);

/// The folder holding the demo vocabulary: $BUYERGRAPH_DATA_DIR/demo if set, else the built-in
/// BUYERGRAPH_DEFAULT_DATA_DIR/demo.
///
///   std::string dir = default_demo_data_dir();
std::string default_demo_data_dir();

}  // namespace buyergraph::demo
