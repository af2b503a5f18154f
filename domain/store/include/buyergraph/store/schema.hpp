#pragma once
// The store's schema as an ordered list of migrations per backend. The store records the number
// of migrations applied (SQLite: `PRAGMA user_version`; PostgreSQL: table buyergraph_schema);
// Store::open applies the missing ones, in order, in one transaction. Both backends have the
// same versions, so a version number means the same tables everywhere.
// Adding a table later (runs, groups, cache, suppression) is one more entry at the end; never
// edit an entry that has shipped.
#include <span>
#include <string_view>

namespace buyergraph::store {

/// Where a store lives: a SQLite file (the default) or a PostgreSQL database.
enum class Backend { sqlite, postgresql };

/// One schema step: the SQL that takes the schema from version `version - 1` to `version`.
struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

/// Every migration, oldest first; migrations()[i].version == i + 1.
///
///   int latest = static_cast<int>(migrations().size());
std::span<const Migration> migrations(Backend backend = Backend::sqlite);

/// The schema version this build writes (the last migration's version, the same for both).
int schema_version();

}  // namespace buyergraph::store
