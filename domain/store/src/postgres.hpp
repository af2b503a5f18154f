#pragma once
// The PostgreSQL implementation of the store's connection interface (db.hpp), over libpq.
#include <memory>
#include <string>

#include "db.hpp"

namespace buyergraph::store::detail {

/// Connects to the PostgreSQL URL `url`; a read-only connection refuses writes. Errors name the
/// store without its password.
sdk::Result<std::unique_ptr<Connection>> open_postgres(const std::string& url, Access access);

/// `sql` with SQLite-style placeholders (?1, ?2 or bare ?) turned into $1, $2 (string literals
/// and quoted names left alone).
std::string dollar_placeholders(std::string_view sql);

}  // namespace buyergraph::store::detail
