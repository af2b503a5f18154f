#include "sqlite.hpp"

namespace buyergraph::store::detail {

sdk::Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return sdk::Error{"store_open", "cannot open store " + path + ": " + msg, false};
  }
  std::unique_ptr<Connection> c(new Connection(db));
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  if (auto s = c->exec("PRAGMA foreign_keys = ON"); !s) return s.error();
  return c;
}

Connection::~Connection() {
  cache_.clear();  // statements must be finalised before the connection closes
  sqlite3_close(db_);
}

sdk::Status Connection::exec(std::string_view sql) {
  char* err = nullptr;
  std::string s(sql);
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    return sdk::Status::error("store_sql", msg);
  }
  return sdk::Status::ok();
}

Stmt* Connection::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return &it->second->reset();
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &s, nullptr) != SQLITE_OK)
    return nullptr;
  auto [pos, _] = cache_.emplace(sql, std::make_unique<Stmt>(s));
  return pos->second.get();
}

sdk::Status Connection::error(std::string_view what) const {
  int code = sqlite3_errcode(db_);
  bool busy = (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED;
  return sdk::Status::error(busy ? "store_busy" : "store_sql",
                            std::string(what) + ": " + sqlite3_errmsg(db_), busy);
}

}  // namespace buyergraph::store::detail
