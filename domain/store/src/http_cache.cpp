// The HTTP response cache table: get/put/purge/clear/stats. Reads use the reader pool (WAL
// readers never wait for the writer); writes take the writer lock with a bounded wait so the
// HTTP I/O thread is never parked behind a long import transaction.
#include <algorithm>
#include <chrono>
#include <thread>

#include "buyergraph/store/store.hpp"
#include "db.hpp"
#include "lease.hpp"

namespace buyergraph::store {

using detail::kDone;
using detail::kRow;
using detail::Stmt;

namespace {

// Matches the connections' SQLite busy timeout order of magnitude, but shorter: a cache write
// that cannot get the writer soon is skipped by the caller, not worth stalling a request.
constexpr auto kWriterWait = std::chrono::milliseconds(2000);

std::unique_lock<std::recursive_mutex> lock_writer(std::recursive_mutex& mu) {
  std::unique_lock lock(mu, std::defer_lock);
  const auto deadline = std::chrono::steady_clock::now() + kWriterWait;
  auto pause = std::chrono::microseconds(100);
  while (!lock.try_lock()) {
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(20000));
  }
  return lock;
}

sdk::Error busy() {
  return sdk::Error{"store_busy", "the store's writer is busy (a long transaction is open)", true};
}

}  // namespace

std::optional<std::string> Store::cache_get(std::string_view key, std::int64_t now_unix) {
  auto db = read();
  Stmt* q = db.prepare("SELECT value FROM http_cache WHERE key = ?1 AND expires_at > ?2");
  if (!q) return std::nullopt;
  std::optional<std::string> out;
  if (q->bind(1, key).bind(2, now_unix).step() == kRow) out = q->blob(0);
  q->reset();
  return out;
}

sdk::Status Store::cache_put(std::string_view key, std::string_view data_class,
                             std::string_view value, std::int64_t now_unix,
                             std::int64_t expires_unix) {
  if (key.empty()) return sdk::Status::error("invalid_input", "empty cache key");
  auto lock = lock_writer(writer_mu_);
  if (!lock.owns_lock()) return sdk::Status::from(busy());
  // The body is stored as bytes: kept exactly, embedded NULs too.
  Stmt* q = writer_->prepare(
      "INSERT INTO http_cache(key, data_class, value, stored_at, expires_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(key) DO UPDATE SET"
      " data_class = excluded.data_class, value = excluded.value,"
      " stored_at = excluded.stored_at, expires_at = excluded.expires_at");
  if (!q) return writer_->error("prepare cache put");
  q->bind(1, key).bind(2, data_class).bind_blob(3, value).bind(4, now_unix);
  q->bind(5, expires_unix);
  const int rc = q->step();
  q->reset();
  if (rc != kDone) return writer_->error("cache put");
  return sdk::Status::ok();
}

sdk::Result<std::int64_t> Store::cache_purge(std::int64_t now_unix) {
  auto lock = lock_writer(writer_mu_);
  if (!lock.owns_lock()) return busy();
  Stmt* q = writer_->prepare("DELETE FROM http_cache WHERE expires_at <= ?1");
  if (!q) return writer_->error("prepare cache purge").error();
  const int rc = q->bind(1, now_unix).step();
  q->reset();
  if (rc != kDone) return writer_->error("cache purge").error();
  return writer_->changes();
}

sdk::Result<std::int64_t> Store::cache_clear(std::string_view data_class) {
  auto lock = lock_writer(writer_mu_);
  if (!lock.owns_lock()) return busy();
  Stmt* q = data_class.empty() ? writer_->prepare("DELETE FROM http_cache")
                               : writer_->prepare("DELETE FROM http_cache WHERE data_class = ?1");
  if (!q) return writer_->error("prepare cache clear").error();
  if (!data_class.empty()) q->bind(1, data_class);
  const int rc = q->step();
  q->reset();
  if (rc != kDone) return writer_->error("cache clear").error();
  return writer_->changes();
}

sdk::Result<std::vector<Store::CacheClassStats>> Store::cache_stats(std::int64_t now_unix) {
  auto db = read();
  if (!db) return sdk::Error{"store_open", "cannot open a reader on " + path_, true};
  Stmt* q = db.prepare(
      "SELECT data_class, count(*), coalesce(sum(length(value)), 0),"
      " coalesce(sum(CASE WHEN expires_at <= ?1 THEN 1 ELSE 0 END), 0) FROM http_cache"
      " GROUP BY data_class"
      " ORDER BY data_class");
  if (!q) return db->error("prepare cache stats").error();
  std::vector<CacheClassStats> out;
  q->bind(1, now_unix);
  int rc;
  while ((rc = q->step()) == kRow)
    out.push_back({std::string(q->text(0)), q->int64(1), q->int64(2), q->int64(3)});
  q->reset();
  if (rc != kDone) return db->error("read cache stats").error();
  return out;
}

}  // namespace buyergraph::store
