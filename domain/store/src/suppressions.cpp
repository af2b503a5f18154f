// The suppression list table (docs/suppression.md). Values arrive normalised by
// buyergraph::suppression; the store only keeps them.
#include <ctime>

#include "buyergraph/store/store.hpp"
#include "db.hpp"
#include "lease.hpp"

namespace buyergraph::store {

using detail::kDone;
using detail::kRow;
using detail::Stmt;

namespace {

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool known_kind(std::string_view kind) {
  return kind == "email" || kind == "domain" || kind == "profile_url";
}

sdk::Status check(std::string_view kind, std::string_view value) {
  if (!known_kind(kind))
    return sdk::Status::error("invalid_input", "unknown suppression kind '" + std::string(kind) +
                                                   "' (email, domain, profile_url)");
  if (value.empty()) return sdk::Status::error("invalid_input", "empty suppression value");
  return sdk::Status::ok();
}

}  // namespace

sdk::Status Store::add_suppression(std::string_view kind, std::string_view value,
                                   std::string_view reason) {
  if (auto s = check(kind, value); !s) return s;
  std::lock_guard lock(writer_mu_);
  // An existing entry keeps its added_at: re-adding only updates the reason.
  Stmt* q = writer_->prepare(
      "INSERT INTO suppressions(kind, value, reason, added_at) VALUES (?1, ?2, ?3, ?4)"
      " ON CONFLICT(kind, value) DO UPDATE SET reason = excluded.reason");
  if (!q) return writer_->error("prepare add suppression");
  q->bind(1, kind).bind(2, value).bind_or_null(3, reason).bind(4, utc_now());
  const int rc = q->step();
  q->reset();
  if (rc != kDone) return writer_->error("add suppression");
  return sdk::Status::ok();
}

sdk::Result<bool> Store::remove_suppression(std::string_view kind, std::string_view value) {
  if (auto s = check(kind, value); !s) return s.error();
  std::lock_guard lock(writer_mu_);
  Stmt* q = writer_->prepare("DELETE FROM suppressions WHERE kind = ?1 AND value = ?2");
  if (!q) return writer_->error("prepare remove suppression").error();
  const int rc = q->bind(1, kind).bind(2, value).step();
  q->reset();
  if (rc != kDone) return writer_->error("remove suppression").error();
  return writer_->changes() > 0;
}

sdk::Result<std::vector<Store::SuppressionRow>> Store::suppressions() {
  auto db = read();
  if (!db) return sdk::Error{"store_open", "cannot open a reader on " + path_, true};
  Stmt* q =
      db.prepare("SELECT kind, value, reason, added_at FROM suppressions ORDER BY kind, value");
  if (!q) return db->error("prepare suppressions").error();
  std::vector<SuppressionRow> out;
  int rc;
  while ((rc = q->step()) == kRow)
    out.push_back({std::string(q->text(0)), std::string(q->text(1)), std::string(q->text(2)),
                   std::string(q->text(3))});
  q->reset();
  if (rc != kDone) return db->error("read suppressions").error();
  return out;
}

}  // namespace buyergraph::store
