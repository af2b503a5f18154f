// The PostgreSQL connection: named prepared statements (one per distinct SQL text, cached),
// text parameters and results (bytes as binary BYTEA), whole results fetched on the first step.
#include "postgres.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <unordered_map>
#include <vector>

#include "buyergraph/store/location.hpp"

namespace buyergraph::store::detail {

std::string dollar_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int bare = 0;
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      if (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') continue;
      out += std::to_string(++bare);
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

class PgConnection;

class PgStmt final : public Stmt {
 public:
  PgStmt(PgConnection& conn, std::string name, int params)
      : conn_(conn),
        name_(std::move(name)),
        values_(static_cast<std::size_t>(params)),
        binary_(static_cast<std::size_t>(params), 0) {}
  ~PgStmt() override { PQclear(res_); }
  PgStmt(const PgStmt&) = delete;
  PgStmt& operator=(const PgStmt&) = delete;

  Stmt& reset() override {
    PQclear(res_);
    res_ = nullptr;
    row_ = -1;
    for (auto& v : values_) v.reset();
    std::fill(binary_.begin(), binary_.end(), 0);
    return *this;
  }
  Stmt& bind_text(int i, std::string_view v) override { return set(i, std::string(v), 0); }
  Stmt& bind_int(int i, std::int64_t v) override { return set(i, std::to_string(v), 0); }
  Stmt& bind_double(int i, double v) override {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return set(i, buf, 0);
  }
  Stmt& bind_null(int i) override {
    if (in_range(i)) values_[static_cast<std::size_t>(i - 1)].reset();
    return *this;
  }
  Stmt& bind_blob(int i, std::string_view v) override { return set(i, std::string(v), 1); }
  int step() override;
  std::string_view text(int col) override {
    if (!has(col)) return {};
    return {PQgetvalue(res_, row_, col), static_cast<std::size_t>(PQgetlength(res_, row_, col))};
  }
  std::int64_t int64(int col) override {
    if (!has(col)) return 0;
    std::string_view v = text(col);
    if (v == "t") return 1;  // a boolean column
    return std::strtoll(PQgetvalue(res_, row_, col), nullptr, 10);
  }
  double real(int col) override {
    return has(col) ? std::strtod(PQgetvalue(res_, row_, col), nullptr) : 0.0;
  }
  bool is_null(int col) override { return !has(col) || PQgetisnull(res_, row_, col); }
  std::string blob(int col) override {
    if (!has(col) || PQgetisnull(res_, row_, col)) return {};
    std::size_t n = 0;
    unsigned char* raw =
        PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(res_, row_, col)), &n);
    if (!raw) return {};
    std::string out(reinterpret_cast<const char*>(raw), n);
    PQfreemem(raw);
    return out;
  }

 private:
  bool in_range(int i) const { return i >= 1 && i <= static_cast<int>(values_.size()); }
  bool has(int col) const {
    return res_ && row_ >= 0 && row_ < PQntuples(res_) && col >= 0 && col < PQnfields(res_);
  }
  Stmt& set(int i, std::string v, int binary) {
    if (!in_range(i)) return *this;  // a parameter the SQL does not use
    values_[static_cast<std::size_t>(i - 1)] = std::move(v);
    binary_[static_cast<std::size_t>(i - 1)] = binary;
    return *this;
  }

  PgConnection& conn_;
  std::string name_;
  std::vector<std::optional<std::string>> values_;
  std::vector<int> binary_;
  PGresult* res_ = nullptr;
  int row_ = -1;
};

class PgConnection final : public Connection {
 public:
  PgConnection(PGconn* c, std::string shown) : c_(c), shown_(std::move(shown)) {}
  ~PgConnection() override {
    cache_.clear();
    PQfinish(c_);
  }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Backend dialect() const override { return Backend::postgresql; }

  sdk::Status exec(std::string_view sql) override {
    // PostgreSQL answers COMMIT of a transaction that already failed by rolling it back; say so
    // instead of reporting a commit.
    if (sql == "COMMIT" && PQtransactionStatus(c_) == PQTRANS_INERROR) {
      PQclear(PQexec(c_, "ROLLBACK"));
      error_ = "a statement of the transaction failed, so it was rolled back";
      state_.clear();
      return error("commit");
    }
    PGresult* r = PQexec(c_, std::string(sql).c_str());
    const bool ok = check(r);
    PQclear(r);
    return ok ? sdk::Status::ok() : error("statement");
  }

  Stmt* prepare(const std::string& sql) override {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return &it->second->reset();
    const std::string name = "bg" + std::to_string(cache_.size() + 1);
    PGresult* r = PQprepare(c_, name.c_str(), dollar_placeholders(sql).c_str(), 0, nullptr);
    bool ok = check(r);
    PQclear(r);
    if (!ok) return nullptr;
    r = PQdescribePrepared(c_, name.c_str());
    ok = check(r);
    const int params = ok ? PQnparams(r) : 0;
    PQclear(r);
    if (!ok) return nullptr;
    auto [pos, _] = cache_.emplace(sql, std::make_unique<PgStmt>(*this, name, params));
    return pos->second.get();
  }

  std::string last_error() const override { return error_; }

  sdk::Status error(std::string_view what) const override {
    // Serialisation failures, deadlocks and lock timeouts are worth a retry; so is a lost server.
    const bool busy = state_ == "40001" || state_ == "40P01" || state_ == "55P03" ||
                      PQstatus(c_) != CONNECTION_OK;
    const char* kind = busy ? "store_busy" : state_ == "23505" ? "store_conflict" : "store_sql";
    return sdk::Status::error(kind, std::string(what) + ": " + error_ + " (" + shown_ + ")", busy);
  }

  std::int64_t changes() const override { return changes_; }
  bool in_transaction() const override { return PQtransactionStatus(c_) != PQTRANS_IDLE; }
  sdk::Status begin_write() override { return exec("BEGIN"); }

  sdk::Result<int> schema_version() override {
    Stmt* has = prepare("SELECT to_regclass('buyergraph_schema') IS NOT NULL");
    if (!has || has->step() != kRow) return error("reading schema version").error();
    const bool exists = has->int64(0) != 0;
    has->reset();
    if (!exists) return 0;
    Stmt* q = prepare("SELECT max(version) FROM buyergraph_schema");
    if (!q || q->step() != kRow) return error("reading schema version").error();
    const int v = static_cast<int>(q->int64(0));
    q->reset();
    return v;
  }
  // Several workers may open a new database at once: one migrates, the others wait for it.
  sdk::Status lock_schema() override {
    return exec(
        "SELECT pg_advisory_xact_lock(7271470201);"
        " CREATE TABLE IF NOT EXISTS buyergraph_schema (version INTEGER NOT NULL)");
  }
  sdk::Status set_schema_version(int version) override {
    return exec("DELETE FROM buyergraph_schema; INSERT INTO buyergraph_schema VALUES (" +
                std::to_string(version) + ")");
  }

  PGconn* handle() { return c_; }
  // Records the outcome of a statement; false (with the message kept) when it failed.
  bool check(PGresult* r) {
    const auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
      const char* n = PQcmdTuples(r);
      changes_ = n && *n ? std::strtoll(n, nullptr, 10) : 0;
      state_.clear();
      return true;
    }
    const char* msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const char* code = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    error_ = msg ? msg : PQerrorMessage(c_);
    while (!error_.empty() && (error_.back() == '\n' || error_.back() == ' ')) error_.pop_back();
    state_ = code ? code : "";
    return false;
  }

 private:
  PGconn* c_;
  std::string shown_;
  std::unordered_map<std::string, std::unique_ptr<PgStmt>> cache_;
  std::string error_, state_;
  std::int64_t changes_ = 0;
};

int PgStmt::step() {
  if (!res_) {
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) {
      values[i] = values_[i] ? values_[i]->data() : nullptr;
      lengths[i] = values_[i] ? static_cast<int>(values_[i]->size()) : 0;
    }
    res_ = PQexecPrepared(conn_.handle(), name_.c_str(), static_cast<int>(values.size()),
                          values.data(), lengths.data(), binary_.data(), 0);
    if (!conn_.check(res_)) {
      PQclear(res_);
      res_ = nullptr;
      return 1;
    }
  }
  ++row_;
  return row_ < PQntuples(res_) ? kRow : kDone;
}

// libpq prints server notices ("table already exists, skipping") on stderr by default.
void quiet(void*, const char*) {}

}  // namespace

sdk::Result<std::unique_ptr<Connection>> open_postgres(const std::string& url, Access access) {
  PGconn* c = PQconnectdb(url.c_str());
  const std::string shown = display_store(url);
  if (!c) return sdk::Error{"store_open", "cannot connect to " + shown + ": out of memory", true};
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return sdk::Error{"store_open", "cannot connect to the store " + shown + ": " + msg, true};
  }
  PQsetNoticeProcessor(c, &quiet, nullptr);
  auto conn = std::make_unique<PgConnection>(c, shown);
  if (auto s = conn->exec("SET client_min_messages = warning"); !s) return s.error();
  if (access == Access::read_only)
    if (auto s = conn->exec("SET default_transaction_read_only = on"); !s) return s.error();
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace buyergraph::store::detail
