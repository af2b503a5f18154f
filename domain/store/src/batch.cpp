// Batch progress: which accounts of a `buyergraph batch` are done (docs/batch.md).
#include "buyergraph/store/store.hpp"
#include "db.hpp"
#include "lease.hpp"

namespace buyergraph::store {

using detail::kDone;
using detail::kRow;
using detail::Stmt;

sdk::Status Store::save_batch_account(const BatchAccount& done) {
  if (done.batch_id.empty() || done.account_key.empty())
    return sdk::Status::error("invalid_input", "a batch account needs a batch id and a key");
  if (done.status.empty())
    return sdk::Status::error("invalid_input", "a batch account needs a status");
  std::lock_guard lock(writer_mu_);
  Stmt* q = writer_->prepare(
      "INSERT INTO batch_accounts(batch_id, account_key, status, error_code, run_id,"
      " finished_at) VALUES (?1,?2,?3,?4,?5,?6)"
      " ON CONFLICT(batch_id, account_key) DO UPDATE SET status = excluded.status,"
      " error_code = excluded.error_code, run_id = excluded.run_id,"
      " finished_at = excluded.finished_at");
  if (!q) return writer_->error("prepare batch account");
  q->bind(1, done.batch_id).bind(2, done.account_key).bind(3, done.status);
  q->bind_or_null(4, done.error_code).bind_or_null(5, done.run_id).bind(6, done.finished_at);
  const int rc = q->step();
  q->reset();
  if (rc != kDone) return writer_->error("save batch account");
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
  while (q->step() == kRow) {
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
  for (const char* sql : {"DELETE FROM batch_accounts WHERE batch_id = ?1",
                          "DELETE FROM batch_runs WHERE batch_id = ?1"}) {
    Stmt* q = writer_->prepare(sql);
    if (!q) return writer_->error("prepare clear batch");
    const int rc = q->bind(1, batch_id).step();
    q->reset();
    if (rc != kDone) return writer_->error("clear batch");
  }
  return sdk::Status::ok();
}

std::optional<std::string> Store::find_batch_run_prefix(std::string_view batch_id) {
  auto db = read();
  Stmt* q = db.prepare("SELECT run_prefix FROM batch_runs WHERE batch_id = ?1");
  if (!q) return std::nullopt;
  std::optional<std::string> out;
  if (q->bind(1, batch_id).step() == kRow) out = std::string(q->text(0));
  q->reset();
  return out;
}

sdk::Result<std::string> Store::batch_run_prefix(std::string_view batch_id, std::string_view fresh,
                                                 std::string_view started_at) {
  if (batch_id.empty() || fresh.empty())
    return sdk::Error{"invalid_input", "a batch run needs a batch id and a prefix"};
  std::lock_guard lock(writer_mu_);
  // Insert-if-absent, then read back: the first run of a batch decides its prefix.
  Stmt* ins = writer_->prepare(
      "INSERT INTO batch_runs(batch_id, run_prefix, started_at) VALUES (?1,?2,?3)"
      " ON CONFLICT DO NOTHING");
  if (!ins) return writer_->error("prepare batch run").error();
  const int rc = ins->bind(1, batch_id).bind(2, fresh).bind(3, started_at).step();
  ins->reset();
  if (rc != kDone) return writer_->error("save batch run").error();
  Stmt* q = writer_->prepare("SELECT run_prefix FROM batch_runs WHERE batch_id = ?1");
  if (!q) return writer_->error("prepare batch run").error();
  std::string prefix;
  if (q->bind(1, batch_id).step() == kRow) prefix = std::string(q->text(0));
  q->reset();
  if (prefix.empty()) return writer_->error("read batch run").error();
  return prefix;
}

}  // namespace buyergraph::store
