#pragma once
// The combined outputs of `buyergraph batch`: the journal (batch.jsonl, one line per finished
// account, appended as accounts finish), the member CSV derived from it, and the tally.
#include <cstdint>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "batch_accounts.hpp"
#include "buyergraph/engine/runtime.hpp"

namespace buyergraph::cli {

/// The journal line of one finished account: key, line, status, error, run id, company,
/// member count, coverage, credits, the per-account report path, and `group`: the members
/// (id, name, title, role, sub-role, confidence).
///
///   journal.append(journal_entry(result, row, "out/accounts/acme-1.json"));
nlohmann::json journal_entry(const engine::AccountResult& result, const BatchRow& row,
                             const std::string& report_path);

/// Appends journal lines, flushed one by one, so a Ctrl-C or a crash loses at most the line
/// being written. Thread-safe.
///
///   BatchJournal j("out/batch.jsonl", false);
///   if (!j.ok()) fail();
///   j.append(entry);
class BatchJournal {
 public:
  BatchJournal(const std::string& path, bool truncate);
  bool ok() const { return static_cast<bool>(out_); }
  void append(const nlohmann::json& entry);

 private:
  std::mutex mu_;
  std::ofstream out_;
};

/// Reads the journal's entries (unreadable or cut-off lines are skipped).
///
///   for (const auto& e : read_journal("out/batch.jsonl")) keys.insert(e["key"]);
std::vector<nlohmann::json> read_journal(const std::string& path);

/// Rewrites the journal keeping only the first entry of each key in `done` (the store's record
/// of finished accounts): drops lines of accounts that were interrupted before being recorded
/// and repeats. Returns the keys kept.
///
///   auto present = compact_journal("out/batch.jsonl", done_keys);
std::set<std::string> compact_journal(const std::string& path, const std::set<std::string>& done);

/// Whether a finished account is done for good: a group (ok, partial) or a definite answer
/// about the company (not found, ambiguous, suppressed). Any other failure (a provider error,
/// a timeout, a refused key) is not: the next run of the batch retries the account.
///
///   is_settled("failed", "not_found") == true; is_settled("failed", "unavailable") == false
bool is_settled(std::string_view status, std::string_view error_code);

/// Counts of a batch's finished accounts, from its journal.
struct BatchTally {
  std::size_t resolved = 0, partial = 0, ambiguous = 0, not_found = 0, failed = 0;
  std::size_t to_retry = 0;  ///< failed but not settled (is_settled): the next run retries them
  double credits = 0;
  std::size_t total() const { return resolved + partial + ambiguous + not_found + failed; }
};
BatchTally tally(const std::vector<nlohmann::json>& entries);

/// The combined CSV: one row per buyer-group member across accounts, plus one row for each
/// account without a group (its status and error), in journal order. Cells go through
/// report::csv_cell, as in the per-account CSVs: a leading = + - @ cannot run as a formula.
///
///   write_file_atomically("out/batch.csv", render_batch_csv(read_journal("out/batch.jsonl")));
std::string render_batch_csv(const std::vector<nlohmann::json>& entries);

}  // namespace buyergraph::cli
