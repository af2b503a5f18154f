#pragma once
// Bulk import into the store: CoreSignal JSONL (plain or .gz), companies CSV, people CSV.
// Streaming, batched in transactions, idempotent (upsert by id), per-line errors with line
// numbers while good lines still load. Columns and rules: docs/data.md.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "buyergraph/sdk/status.hpp"
#include "buyergraph/store/store.hpp"

namespace buyergraph::store {

enum class ImportFormat { automatic, coresignal_jsonl, companies_csv, people_csv };

/// "coresignal-jsonl", "companies-csv", "people-csv", "auto".
std::string_view format_name(ImportFormat f);
/// The inverse of format_name; nullopt for an unknown name.
std::optional<ImportFormat> parse_format(std::string_view name);
/// Guesses the format from the extension (.jsonl/.ndjson/.json[.gz] -> JSONL) and, for CSV,
/// from the header (person columns such as First Name/Title/Email -> people-csv).
///
///   detect_format("leads.csv")  // people-csv when the header has "First Name"
sdk::Result<ImportFormat> detect_format(const std::string& path);

/// A rejected line.
struct ImportError {
  std::string file;
  std::uint64_t line = 0;
  std::string message;
};

/// Progress, reported every few thousand records.
struct ImportProgress {
  std::uint64_t records = 0;
  std::uint64_t bytes = 0;
  std::uint64_t total_bytes = 0;
  double seconds = 0;
};

struct ImportOptions {
  ImportFormat format = ImportFormat::automatic;
  std::size_t batch = 5000;  ///< records per transaction
  std::function<void(const ImportError&)> on_error;
  /// Problems that reject nothing (a manager reference that matches nobody).
  std::function<void(const ImportError&)> on_warning;
  std::function<void(const ImportProgress&)> on_progress;
};

struct ImportSummary {
  std::string file;
  ImportFormat format = ImportFormat::automatic;
  std::uint64_t read = 0;       ///< records read (non-blank lines / CSV data rows)
  std::uint64_t inserted = 0;   ///< new records
  std::uint64_t updated = 0;    ///< existing ids whose record changed
  std::uint64_t unchanged = 0;  ///< existing ids, identical record
  std::uint64_t errors = 0;     ///< rejected lines
  std::uint64_t companies = 0;  ///< companies written (including stubs for people's employers)
  std::uint64_t people = 0;     ///< people written
  std::uint64_t managers_linked = 0;      ///< people CSV: reporting lines set from a manager column
  std::uint64_t managers_unresolved = 0;  ///< manager references that matched nobody
  double seconds = 0;
  double rate() const { return seconds > 0 ? static_cast<double>(read) / seconds : 0; }
};

/// Imports one file. Fails only when the file cannot be opened, its format is unknown, or the
/// store fails; bad lines are counted in `errors` and passed to `on_error`.
///
///   ImportOptions opt;
///   opt.on_error = [](const ImportError& e) { std::cerr << e.file << ":" << e.line << ": " <<
///   e.message << "\n"; }; auto summary = import_file(*store, "bulk.jsonl.gz", opt);
sdk::Result<ImportSummary> import_file(Store& store, const std::string& path,
                                       const ImportOptions& options = {});

}  // namespace buyergraph::store
