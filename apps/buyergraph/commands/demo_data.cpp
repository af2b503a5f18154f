// `buyergraph demo-data`: the synthetic demo dataset (docs/demo-data.md).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "buyergraph/demo/demo.hpp"
#include "commands.hpp"

namespace buyergraph::cli {
namespace {

struct DemoArgs {
  std::uint64_t seed = 42;
  int companies = 0;
  std::string out = "buyergraph-demo";
  bool no_largest = false;
  std::string reference_date = "2026-11-01";
};

std::string human_bytes(std::uintmax_t bytes) {
  char buf[32];
  if (bytes >= (1u << 20))
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  else
    std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024);
  return buf;
}

void run(const DemoArgs& a) {
  if (a.companies < 0 || a.companies > 100000) {
    std::cerr << "demo-data: --companies must be between 0 and 100000 (got " << a.companies
              << ")\n";
    throw CLI::RuntimeError(1);
  }
  demo::DemoOptions o;
  o.seed = a.seed;
  o.extra_companies = a.companies;
  o.include_largest = !a.no_largest;
  o.reference_date = a.reference_date;
  auto printed = std::make_shared<bool>(false);
  const bool tty = isatty(STDERR_FILENO) == 1;
  auto last_done = std::make_shared<std::size_t>(static_cast<std::size_t>(-1));
  o.on_progress = [printed, tty, last_done](const demo::DemoProgress& p) {
    if (tty) {
      *printed = true;
      std::fprintf(stderr, "\rdemo-data: %zu/%zu companies, %zu employee records", p.companies_done,
                   p.companies_total, p.employees_written);
    } else {
      // Not a terminal (CI, logs): a plain line every few companies, no carriage returns.
      if (p.companies_done == *last_done ||
          (p.companies_done % 6 != 0 && p.companies_done != p.companies_total))
        return;
      *last_done = p.companies_done;
      std::fprintf(stderr, "demo-data: %zu/%zu companies, %zu employee records\n", p.companies_done,
                   p.companies_total, p.employees_written);
    }
    std::fflush(stderr);
  };
  const auto start = std::chrono::steady_clock::now();
  auto r = demo::write_demo_dataset(o, a.out);
  if (*printed) std::fprintf(stderr, "\n");
  if (!r) {
    std::cerr << "demo-data: " << r.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "demo-data: wrote " << r->companies << " companies, " << r->employees
            << " employee records, " << r->truth_rows << " truth rows in " << seconds << " s\n";
  for (const auto& f : r->files) {
    std::error_code ec;
    std::cout << "  " << f << "  " << human_bytes(std::filesystem::file_size(f, ec)) << "\n";
  }
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto args = std::make_shared<DemoArgs>();
  CLI::App* cmd = app.add_subcommand(
      "demo-data",
      "Generate the synthetic demo dataset (CoreSignal multi-source JSON Lines + truth)");
  cmd->add_option("--seed", args->seed, "PRNG seed; the same seed gives byte-identical files")
      ->capture_default_str();
  // Range checks happen in run(), so bad input exits with code 1 like every other command.
  cmd->add_option("--companies", args->companies,
                  "extra small/medium companies for throughput runs (0-100000)")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "output folder")->capture_default_str();
  cmd->add_flag("--no-largest", args->no_largest, "leave out the 100,000+ employee company");
  cmd->add_option("--reference-date", args->reference_date,
                  "the dataset's 'today' (YYYY-MM-DD) for tenure and recency")
      ->capture_default_str();
  cmd->callback([args] { run(*args); });
}

}  // namespace buyergraph::cli
