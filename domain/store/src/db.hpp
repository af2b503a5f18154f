#pragma once
// The store's SQL connection interface: prepare/bind/step over one connection, with two
// implementations (sqlite.cpp, postgres.cpp). Store code writes its SQL once, in the subset both
// dialects share (`?N` placeholders, INSERT ... ON CONFLICT, RETURNING), and branches on
// dialect() only where they differ (full-text search).
// Not thread-safe by itself; Store guards each Connection (one writer under a mutex, readers
// leased from a pool).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "buyergraph/sdk/status.hpp"
#include "buyergraph/store/schema.hpp"

namespace buyergraph::store::detail {

/// step() results (the same values as SQLITE_ROW and SQLITE_DONE); anything else is an error.
inline constexpr int kRow = 100;
inline constexpr int kDone = 101;

/// A prepared statement, reset and cleared on reuse.
class Stmt {
 public:
  virtual ~Stmt() = default;
  virtual Stmt& reset() = 0;
  virtual Stmt& bind_text(int i, std::string_view v) = 0;
  virtual Stmt& bind_int(int i, std::int64_t v) = 0;
  virtual Stmt& bind_double(int i, double v) = 0;
  virtual Stmt& bind_null(int i) = 0;
  /// Bytes kept exactly (embedded NULs too): a BLOB in SQLite, a BYTEA in PostgreSQL.
  virtual Stmt& bind_blob(int i, std::string_view v) = 0;
  /// kRow, kDone or an error code (message in the connection's last_error()).
  virtual int step() = 0;
  virtual std::string_view text(int col) = 0;
  virtual std::int64_t int64(int col) = 0;
  virtual double real(int col) = 0;
  virtual bool is_null(int col) = 0;
  virtual std::string blob(int col) = 0;

  Stmt& bind(int i, std::string_view v) { return bind_text(i, v); }
  Stmt& bind(int i, const char* v) { return bind_text(i, v); }
  Stmt& bind(int i, const std::string& v) { return bind_text(i, v); }
  Stmt& bind(int i, std::int64_t v) { return bind_int(i, v); }
  Stmt& bind(int i, int v) { return bind_int(i, v); }
  Stmt& bind(int i, bool v) { return bind_int(i, v ? 1 : 0); }
  Stmt& bind(int i, double v) { return bind_double(i, v); }
  /// Binds NULL for an empty string, so partial indexes and "IS NOT NULL" work.
  Stmt& bind_or_null(int i, std::string_view v) { return v.empty() ? bind_null(i) : bind(i, v); }
  template <class T>
  Stmt& bind_or_null(int i, const std::optional<T>& v) {
    return v ? bind_int(i, static_cast<std::int64_t>(*v)) : bind_null(i);
  }
};

enum class Access { read_write, read_only };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Backend dialect() const = 0;
  /// Runs one or more statements without results.
  virtual sdk::Status exec(std::string_view sql) = 0;
  /// A cached prepared statement, reset; nullptr on a prepare error (message in last_error()).
  virtual Stmt* prepare(const std::string& sql) = 0;
  virtual std::string last_error() const = 0;
  /// A store error for the last failure, "store_busy" (retryable) when another writer held a lock.
  virtual sdk::Status error(std::string_view what) const = 0;
  /// Rows changed by the last INSERT, UPDATE or DELETE.
  virtual std::int64_t changes() const = 0;
  virtual bool in_transaction() const = 0;
  /// Starts a write transaction (SQLite takes the write lock now, not at the first write).
  virtual sdk::Status begin_write() = 0;
  /// The number of migrations applied (0 for a new store).
  virtual sdk::Result<int> schema_version() = 0;
  /// Inside a write transaction: serialises concurrent migrations and records the version.
  virtual sdk::Status lock_schema() = 0;
  virtual sdk::Status set_schema_version(int version) = 0;
};

/// Opens a connection to `target` (a file path or a postgresql:// URL; see store_url.hpp).
sdk::Result<std::unique_ptr<Connection>> open_connection(const std::string& target, Access access);

/// An Error as a Status or a Result<T>, whichever `R` is.
template <class R>
R failed(const sdk::Error& e) {
  if constexpr (std::is_same_v<R, sdk::Status>)
    return sdk::Status::from(e);
  else
    return R(e);
}

/// Runs `body` atomically: under a savepoint inside an open transaction, else in its own
/// transaction (PostgreSQL allows savepoints only inside one).
template <class F>
auto atomically(Connection& db, F&& body) -> decltype(body()) {
  using R = decltype(body());
  const bool nested = db.in_transaction();
  if (auto s = db.exec(nested ? "SAVEPOINT atomic" : "BEGIN"); !s) return failed<R>(s.error());
  auto r = body();
  if (!r) {
    (void)db.exec(nested ? "ROLLBACK TO atomic; RELEASE atomic" : "ROLLBACK");
    return r;
  }
  if (auto s = db.exec(nested ? "RELEASE atomic" : "COMMIT"); !s) {
    if (!nested) (void)db.exec("ROLLBACK");
    return failed<R>(s.error());
  }
  return r;
}

}  // namespace buyergraph::store::detail
