// The SQLite connection: a thin RAII layer over the C API with a cache of prepared statements.
#include "sqlite.hpp"

#include <sqlite3.h>

#include <unordered_map>

namespace buyergraph::store::detail {
namespace {

class SqliteStmt final : public Stmt {
 public:
  explicit SqliteStmt(sqlite3_stmt* s) : s_(s) {}
  ~SqliteStmt() override { sqlite3_finalize(s_); }
  SqliteStmt(const SqliteStmt&) = delete;
  SqliteStmt& operator=(const SqliteStmt&) = delete;

  Stmt& reset() override {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
    return *this;
  }
  Stmt& bind_text(int i, std::string_view v) override {
    sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
  }
  Stmt& bind_int(int i, std::int64_t v) override {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& bind_double(int i, double v) override {
    sqlite3_bind_double(s_, i, v);
    return *this;
  }
  Stmt& bind_null(int i) override {
    sqlite3_bind_null(s_, i);
    return *this;
  }
  Stmt& bind_blob(int i, std::string_view v) override {
    sqlite3_bind_blob64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT);
    return *this;
  }
  int step() override { return sqlite3_step(s_); }
  std::string_view text(int col) override {
    const auto* p = sqlite3_column_text(s_, col);
    return p ? std::string_view(reinterpret_cast<const char*>(p),
                                static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
             : std::string_view{};
  }
  std::int64_t int64(int col) override { return sqlite3_column_int64(s_, col); }
  double real(int col) override { return sqlite3_column_double(s_, col); }
  bool is_null(int col) override { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string blob(int col) override {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(s_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
             : std::string();
  }

 private:
  sqlite3_stmt* s_;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    cache_.clear();  // statements must be finalised before the connection closes
    sqlite3_close(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Backend dialect() const override { return Backend::sqlite; }

  sdk::Status exec(std::string_view sql) override {
    char* err = nullptr;
    std::string s(sql);
    if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      return sdk::Status::error("store_sql", msg);
    }
    return sdk::Status::ok();
  }

  Stmt* prepare(const std::string& sql) override {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return &it->second->reset();
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
      return nullptr;
    auto [pos, _] = cache_.emplace(sql, std::make_unique<SqliteStmt>(s));
    return pos->second.get();
  }

  std::string last_error() const override { return sqlite3_errmsg(db_); }

  sdk::Status error(std::string_view what) const override {
    int code = sqlite3_errcode(db_) & 0xff;
    bool busy = code == SQLITE_BUSY || code == SQLITE_LOCKED;
    const char* kind = busy                        ? "store_busy"
                       : code == SQLITE_CONSTRAINT ? "store_conflict"
                                                   : "store_sql";
    return sdk::Status::error(kind, std::string(what) + ": " + sqlite3_errmsg(db_), busy);
  }

  std::int64_t changes() const override { return sqlite3_changes64(db_); }
  bool in_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }
  sdk::Status begin_write() override { return exec("BEGIN IMMEDIATE"); }

  sdk::Result<int> schema_version() override {
    Stmt* q = prepare("PRAGMA user_version");
    if (!q || q->step() != kRow) return error("reading schema version").error();
    int v = static_cast<int>(q->int64(0));
    q->reset();
    return v;
  }
  // BEGIN IMMEDIATE has taken the file's write lock already.
  sdk::Status lock_schema() override { return sdk::Status::ok(); }
  sdk::Status set_schema_version(int version) override {
    return exec("PRAGMA user_version = " + std::to_string(version));
  }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStmt>> cache_;
};

}  // namespace

sdk::Result<std::unique_ptr<Connection>> open_sqlite(const std::string& path, Access access) {
  const int flags = access == Access::read_write
                        ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
                        : SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return sdk::Error{"store_open", "cannot open store " + path + ": " + msg, false};
  }
  auto c = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  if (auto s = c->exec("PRAGMA foreign_keys = ON"); !s) return s.error();
  if (access == Access::read_only) (void)c->exec("PRAGMA query_only = ON");
  return std::unique_ptr<Connection>(std::move(c));
}

}  // namespace buyergraph::store::detail
