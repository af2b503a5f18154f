#include "tokens.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sqlite3.h>

#include <ctime>

#include <fmt/format.h>

#include "../cli_common.hpp"

namespace buyergraph::serve {
namespace {

// One prepared statement, finalised on every path.
struct Stmt {
  sqlite3_stmt* s = nullptr;
  Stmt(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s, nullptr); }
  ~Stmt() { sqlite3_finalize(s); }
  Stmt& bind(int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(s, col);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
};

}  // namespace

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr);
  std::string out;
  for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

sdk::Result<std::unique_ptr<TokenStore>> TokenStore::open(const std::string& store_path) {
  std::unique_ptr<TokenStore> t(new TokenStore());
  if (sqlite3_open_v2(store_path.c_str(), &t->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK)
    return sdk::Error{"io_error", fmt::format("cannot open the store {} for API tokens: {}",
                                              store_path, sqlite3_errmsg(t->db_))};
  sqlite3_busy_timeout(t->db_, 5000);
  char* err = nullptr;
  const char* schema =
      "CREATE TABLE IF NOT EXISTS api_tokens (name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, "
      "created_at TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT);"
      "CREATE UNIQUE INDEX IF NOT EXISTS api_tokens_live_name ON api_tokens(name) "
      "WHERE revoked_at IS NULL;";
  if (sqlite3_exec(t->db_, schema, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "unknown error";
    sqlite3_free(err);
    return sdk::Error{"io_error", "cannot create the API token table: " + m};
  }
  return t;
}

TokenStore::~TokenStore() { sqlite3_close(db_); }

sdk::Result<std::string> TokenStore::create(const std::string& name) {
  unsigned char raw[32];
  if (RAND_bytes(raw, sizeof raw) != 1)
    return sdk::Error{"internal", "no random bytes for a token"};
  std::string secret = "bgt_";
  for (unsigned char c : raw) secret += fmt::format("{:02x}", c);
  std::lock_guard lk(mu_);
  Stmt st(db_, "INSERT INTO api_tokens(name, hash, created_at) VALUES (?, ?, ?)");
  st.bind(1, name).bind(2, sha256_hex(secret)).bind(3, cli::utc_text());
  const int rc = sqlite3_step(st.s);
  if (rc == SQLITE_CONSTRAINT)
    return sdk::Error{"invalid_input",
                      fmt::format("a token named \"{}\" exists already (revoke it first)", name)};
  if (rc != SQLITE_DONE)
    return sdk::Error{"io_error", std::string("cannot save the token: ") + sqlite3_errmsg(db_)};
  return secret;
}

std::vector<TokenInfo> TokenStore::list() {
  std::lock_guard lk(mu_);
  Stmt st(db_,
          "SELECT name, created_at, ifnull(last_used_at, ''), ifnull(revoked_at, '') FROM "
          "api_tokens ORDER BY name, created_at");
  std::vector<TokenInfo> out;
  while (sqlite3_step(st.s) == SQLITE_ROW)
    out.push_back({st.text(0), st.text(1), st.text(2), st.text(3)});
  return out;
}

sdk::Result<bool> TokenStore::revoke(const std::string& name) {
  std::lock_guard lk(mu_);
  Stmt st(db_, "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL");
  st.bind(1, cli::utc_text()).bind(2, name);
  if (sqlite3_step(st.s) != SQLITE_DONE)
    return sdk::Error{"io_error", std::string("cannot revoke the token: ") + sqlite3_errmsg(db_)};
  return sqlite3_changes(db_) > 0;
}

std::optional<std::string> TokenStore::check(const std::string& secret) {
  if (secret.rfind("bgt_", 0) != 0 || secret.size() > 200) return std::nullopt;
  const std::string hash = sha256_hex(secret);
  std::lock_guard lk(mu_);
  std::string name;
  {
    Stmt st(db_, "SELECT name FROM api_tokens WHERE hash = ? AND revoked_at IS NULL");
    st.bind(1, hash);
    if (sqlite3_step(st.s) != SQLITE_ROW) return std::nullopt;
    name = st.text(0);
  }
  Stmt used(db_, "UPDATE api_tokens SET last_used_at = ? WHERE hash = ?");
  used.bind(1, cli::utc_text()).bind(2, hash);
  sqlite3_step(used.s);  // a missed timestamp does not refuse the caller
  return name;
}

bool TokenStore::any_live() {
  std::lock_guard lk(mu_);
  Stmt st(db_, "SELECT 1 FROM api_tokens WHERE revoked_at IS NULL LIMIT 1");
  return sqlite3_step(st.s) == SQLITE_ROW;
}

}  // namespace buyergraph::serve
