#pragma once
// Where a store lives, as users name it: a SQLite file path, or a PostgreSQL URL
// (postgresql://user:password@host:port/database, or postgres://...).
#include <string>
#include <string_view>

#include "buyergraph/store/schema.hpp"

namespace buyergraph::store {

/// PostgreSQL for a "postgresql://" or "postgres://" URL, else SQLite (a file path).
///
///   backend_of("postgresql://bg@db.internal/buyergraph") == Backend::postgresql
Backend backend_of(std::string_view target);

/// The store as users may see it in messages and reports: a file path unchanged; a URL without
/// its password (in the user part or as a password= parameter).
///
///   display_store("postgresql://bg:s3cret@db/x") == "postgresql://bg@db/x"
std::string display_store(std::string_view target);

}  // namespace buyergraph::store
