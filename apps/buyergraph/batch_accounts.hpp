#pragma once
// The accounts file of `buyergraph batch`: a CSV with a header naming the company columns.
// Bad rows are reported with their line number and skipped; the rest of the file is read.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace buyergraph::cli {

/// One usable row of the accounts file.
struct BatchRow {
  std::uint64_t line = 0;  ///< physical line where the row starts (1-based; the header is 1)
  std::string key;         ///< the `key` column, else the name, else the domain, else the id
  std::string name, domain, provider_id;
  std::string seller_file;  ///< per-row seller profile path, resolved against the file's folder
  std::optional<double> deal_size;  ///< overrides the seller profile's deal size
};

/// A row that could not be used, and why ("line 7: empty company name ...").
struct RowError {
  std::uint64_t line = 0;
  std::string message;
};

struct AccountsFile {
  std::vector<BatchRow> rows;
  std::vector<RowError> errors;
  std::string fatal;  ///< non-empty when the file as a whole is unusable (missing, no header)
};

/// Reads an accounts CSV. Columns (header, any order, case-insensitive): `name` (or `company`),
/// `domain` (or `website`), `provider_id`: at least one of them; optional `key`, `seller`,
/// `deal_size`. Unknown columns are ignored.
///
///   AccountsFile f = read_accounts_file("accounts.csv");
///   for (auto& e : f.errors) std::cerr << f.path << ":" << e.line << ": " << e.message << "\n";
AccountsFile read_accounts_file(const std::string& path);

}  // namespace buyergraph::cli
