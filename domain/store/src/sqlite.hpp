#pragma once
// A thin RAII layer over the SQLite C API: one connection with a cache of prepared statements.
// Not thread-safe by itself; Store guards each Connection (one writer under a mutex, readers
// leased from a pool).
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "buyergraph/sdk/status.hpp"

namespace buyergraph::store::detail {

/// A prepared statement, reset and cleared on every `bind_all`-style reuse.
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
    return *this;
  }
  Stmt& bind(int i, std::string_view v) {
    sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
  }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt& bind(int i, bool v) { return bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
  Stmt& bind(int i, double v) {
    sqlite3_bind_double(s_, i, v);
    return *this;
  }
  /// Binds NULL for an empty string, so partial indexes and "IS NOT NULL" work.
  Stmt& bind_or_null(int i, std::string_view v) {
    if (v.empty())
      sqlite3_bind_null(s_, i);
    else
      bind(i, v);
    return *this;
  }
  template <class T>
  Stmt& bind_or_null(int i, const std::optional<T>& v) {
    if (!v)
      sqlite3_bind_null(s_, i);
    else
      bind(i, static_cast<std::int64_t>(*v));
    return *this;
  }
  /// SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(s_); }
  std::string_view text(int col) {
    const auto* p = sqlite3_column_text(s_, col);
    return p ? std::string_view(reinterpret_cast<const char*>(p),
                                static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
             : std::string_view{};
  }
  std::int64_t int64(int col) { return sqlite3_column_int64(s_, col); }
  bool is_null(int col) { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* s_;
};

class Connection {
 public:
  /// Opens `path` with `flags` (SQLITE_OPEN_*), sets a busy timeout and foreign keys.
  static sdk::Result<std::unique_ptr<Connection>> open(const std::string& path, int flags);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs one or more statements without results.
  sdk::Status exec(std::string_view sql);
  /// A cached prepared statement, reset; throws nothing, returns nullptr on a prepare error
  /// (message in last_error()).
  Stmt* prepare(const std::string& sql);
  std::string last_error() const { return sqlite3_errmsg(db_); }
  sdk::Status error(std::string_view what) const;
  std::int64_t last_rowid() const { return sqlite3_last_insert_rowid(db_); }
  sqlite3* handle() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<Stmt>> cache_;
};

}  // namespace buyergraph::store::detail
