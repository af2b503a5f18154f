// API tokens of `buyergraph serve` (docs/serve.md): names and SHA-256 hashes, never secrets.
#include "buyergraph/store/store.hpp"
#include "db.hpp"
#include "lease.hpp"

namespace buyergraph::store {

using detail::kDone;
using detail::kRow;
using detail::Stmt;

sdk::Status Store::add_api_token(std::string_view name, std::string_view hash,
                                 std::string_view created_at) {
  if (name.empty() || hash.empty())
    return sdk::Status::error("invalid_input", "a token needs a name and a hash");
  std::lock_guard lock(writer_mu_);
  Stmt* q = writer_->prepare("INSERT INTO api_tokens(name, hash, created_at) VALUES (?1, ?2, ?3)");
  if (!q) return writer_->error("prepare token");
  const int rc = q->bind(1, name).bind(2, hash).bind(3, created_at).step();
  q->reset();
  if (rc != kDone) return writer_->error("save token");
  return sdk::Status::ok();
}

std::vector<Store::ApiToken> Store::api_tokens() {
  std::vector<ApiToken> out;
  auto db = read();
  Stmt* q = db.prepare(
      "SELECT name, created_at, last_used_at, revoked_at FROM api_tokens"
      " ORDER BY name, created_at");
  if (!q) return out;
  while (q->step() == kRow)
    out.push_back({std::string(q->text(0)), std::string(q->text(1)), std::string(q->text(2)),
                   std::string(q->text(3))});
  q->reset();
  return out;
}

sdk::Result<bool> Store::revoke_api_token(std::string_view name, std::string_view revoked_at) {
  std::lock_guard lock(writer_mu_);
  Stmt* q = writer_->prepare(
      "UPDATE api_tokens SET revoked_at = ?1 WHERE name = ?2 AND revoked_at IS NULL");
  if (!q) return writer_->error("prepare revoke").error();
  const int rc = q->bind(1, revoked_at).bind(2, name).step();
  q->reset();
  if (rc != kDone) return writer_->error("revoke token").error();
  return writer_->changes() > 0;
}

std::optional<std::string> Store::use_api_token(std::string_view hash, std::string_view used_at) {
  std::optional<std::string> name;
  {
    auto db = read();
    Stmt* q = db.prepare("SELECT name FROM api_tokens WHERE hash = ?1 AND revoked_at IS NULL");
    if (!q) return std::nullopt;
    if (q->bind(1, hash).step() == kRow) name = std::string(q->text(0));
    q->reset();
  }
  if (!name) return std::nullopt;
  std::lock_guard lock(writer_mu_);
  if (Stmt* used = writer_->prepare("UPDATE api_tokens SET last_used_at = ?1 WHERE hash = ?2")) {
    (void)used->bind(1, used_at).bind(2, hash).step();  // a missed timestamp refuses nobody
    used->reset();
  }
  return name;
}

bool Store::any_live_api_token() {
  auto db = read();
  Stmt* q = db.prepare("SELECT 1 FROM api_tokens WHERE revoked_at IS NULL LIMIT 1");
  if (!q) return false;
  const bool any = q->step() == kRow;
  q->reset();
  return any;
}

}  // namespace buyergraph::store
