#pragma once
// The SQLite implementation of the store's connection interface (db.hpp).
#include <memory>
#include <string>

#include "db.hpp"

namespace buyergraph::store::detail {

/// Opens the SQLite file `path` (created when `access` is read_write) with a busy timeout and
/// foreign keys on; a read-only connection is also query_only.
sdk::Result<std::unique_ptr<Connection>> open_sqlite(const std::string& path, Access access);

}  // namespace buyergraph::store::detail
