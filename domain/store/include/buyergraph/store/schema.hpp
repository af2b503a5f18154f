#pragma once
// The store's schema as an ordered list of migrations. `PRAGMA user_version` holds the number
// of migrations applied; Store::open applies the missing ones, in order, in one transaction.
// Adding a table later (runs, groups, cache, suppression) is one more entry at the end; never
// edit an entry that has shipped.
#include <span>
#include <string_view>

namespace buyergraph::store {

/// One schema step: the SQL that takes the schema from version `version - 1` to `version`.
struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

/// Every migration, oldest first; migrations()[i].version == i + 1.
///
///   int latest = static_cast<int>(migrations().size());
std::span<const Migration> migrations();

/// The schema version this build writes (the last migration's version).
int schema_version();

}  // namespace buyergraph::store
