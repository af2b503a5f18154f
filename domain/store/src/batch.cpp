// Batch progress: which accounts of a `buyergraph batch` are done (docs/batch.md).
#include "buyergraph/store/store.hpp"
#include "lease.hpp"
#include "sqlite.hpp"

namespace buyergraph::store {

using detail::Stmt;

sdk::Status Store::save_batch_account(const BatchAccount& done) {
  if (done.batch_id.empty() || done.account_key.empty())
    return sdk::Status::error("invalid_input", "a batch account needs a batch id and a key");
  if (done.status.empty())
    return sdk::Status::error("invalid_input", "a batch account needs a status");
  std::lock_guard lock(writer_mu_);
  Stmt* q = writer_->prepare(
      "INSERT OR REPLACE INTO batch_accounts(batch_id, account_key, status, error_code, run_id,"
      " finished_at) VALUES (?1,?2,?3,?4,?5,?6)");
  if (!q) return writer_->error("prepare batch account");
  q->bind(1, done.batch_id).bind(2, done.account_key).bind(3, done.status);
  q->bind_or_null(4, done.error_code).bind_or_null(5, done.run_id).bind(6, done.finished_at);
  const int rc = q->step();
  q->reset();
  if (rc != SQLITE_DONE) return writer_->error("save batch account");
  return sdk::Status::ok();
}

std::vector<Store::BatchAccount> Store::batch_accounts(std::string_view batch_id) {
  std::vector<BatchAccount> out;
  auto db = read();
  Stmt* q = db.prepare(
      "SELECT account_key, status, error_code, run_id, finished_at FROM batch_accounts"
      " WHERE batch_id = ?1 ORDER BY account_key");
  if (!q) return out;
  q->bind(1, batch_id);
  while (q->step() == SQLITE_ROW) {
    BatchAccount a;
    a.batch_id = std::string(batch_id);
    a.account_key = q->text(0);
    a.status = q->text(1);
    a.error_code = q->text(2);
    a.run_id = q->text(3);
    a.finished_at = q->text(4);
    out.push_back(std::move(a));
  }
  q->reset();
  return out;
}

sdk::Status Store::clear_batch(std::string_view batch_id) {
  std::lock_guard lock(writer_mu_);
  Stmt* q = writer_->prepare("DELETE FROM batch_accounts WHERE batch_id = ?1");
  if (!q) return writer_->error("prepare clear batch");
  const int rc = q->bind(1, batch_id).step();
  q->reset();
  if (rc != SQLITE_DONE) return writer_->error("clear batch");
  return sdk::Status::ok();
}

}  // namespace buyergraph::store
