#pragma once
// `buyergraph store copy FROM TO`: everything in one store copied into another, e.g. a SQLite
// file into a team's PostgreSQL database. Idempotent: re-running adds nothing.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "buyergraph/store/store.hpp"

namespace buyergraph::store {

/// What was copied from one table: rows read from the source, rows written (new or changed) in
/// the destination.
struct CopyCount {
  std::string table;
  std::int64_t read = 0, written = 0;
};

/// Progress while copying: `done` of `total` rows of `table`.
struct CopyProgress {
  std::string table;
  std::int64_t done = 0, total = 0;
};

/// Copies companies and people (through the store's upserts, so search keys are rebuilt and an
/// unchanged record is not rewritten), then run history, batch progress, suppressions, the
/// response cache and API tokens row by row (a row whose key exists already is kept as it is).
/// Writes are committed in batches; a failure stops the copy with what was committed so far
/// kept (re-run it to finish).
///
///   auto counts = copy_store(*sqlite, *postgres, [](const CopyProgress& p) { ... });
sdk::Result<std::vector<CopyCount>> copy_store(
    Store& from, Store& to, const std::function<void(const CopyProgress&)>& progress = {});

}  // namespace buyergraph::store
