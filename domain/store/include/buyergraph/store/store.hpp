#pragma once
// The store of companies and people (the CoreSignal multi-source shape, as SDK records), run
// history, batch progress, suppressions, the response cache and API tokens: a local SQLite file
// (the default) or a PostgreSQL database shared by a team (docs/store.md). Filled by
// `buyergraph import` and the demo generator; read by provider.local.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "buyergraph/sdk/records.hpp"
#include "buyergraph/sdk/status.hpp"
#include "buyergraph/store/schema.hpp"

namespace buyergraph::store {

namespace detail {
class Connection;
}

/// The default store: $BUYERGRAPH_STORE (a file path or a postgresql:// URL), else
/// $XDG_DATA_HOME/buyergraph/store.db, else
/// ~/.local/share/buyergraph/store.db (./buyergraph-store.db when HOME is unset too).
///
///   auto store = Store::open(default_store_path());
std::string default_store_path();

/// The store a command uses: `given` (its --store option) when set, else default_store_path().
/// Every command that reads the store picks it this way.
///
///   auto s = Store::open(store_path(args.store));
std::string store_path(std::string_view given);

/// What an upsert did; re-importing the same record gives `unchanged`.
enum class Upsert { inserted, updated, unchanged };

/// Row counts, for summaries and tests.
struct StoreStats {
  std::int64_t companies = 0;
  std::int64_t people = 0;
  std::int64_t roles = 0;
  int schema_version = 0;
};

/// A SQLite store file in WAL mode, or a PostgreSQL database (a postgresql:// URL).
///
/// Thread safety: every method may be called from any thread. Writes (upserts, begin, commit,
/// rollback) go through one writer connection under a recursive mutex; a thread that called
/// begin() holds the writer until commit()/rollback(), so other writers wait. Reads lease a
/// connection from a pool (one per concurrent reader), so reads run in parallel with each other
/// and with the writer, and see committed data only (not the caller's own open transaction).
/// Read methods never throw; on a database error they return empty results. With PostgreSQL,
/// several processes (and machines) may share one store: each write is atomic, and idempotent
/// where the method says so.
///
///   auto s = Store::open("/tmp/x.db");
///   if (!s) return fail(s.error());
///   (*s)->upsert_company(acme);
///   for (auto& p : (*s)->current_employees(acme.id, {"chief financial officer"}, 20)) ...
class Store {
 public:
  /// Opens `target`, a file path (creating directories and the file when needed) or a
  /// postgresql:// URL, and migrates it to schema_version(). Fails when the file is not a SQLite
  /// database, the server cannot be reached, or the store has a newer schema than this build.
  /// Errors never show a password.
  ///
  ///   auto s = Store::open("postgresql://bg@db.internal/buyergraph");
  static sdk::Result<std::unique_ptr<Store>> open(const std::string& target);
  /// The schema version of the store at `target` without changing it (0 for a new store).
  static sdk::Result<int> version_of(const std::string& target);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// The store as users may see it: the file path, or the URL without its password.
  const std::string& path() const { return path_; }
  Backend backend() const { return backend_; }

  /// Inserts or replaces the company with this id (keys and search entries too).
  sdk::Result<Upsert> upsert_company(const sdk::Company& company);
  /// Inserts or replaces the person with this id (roles, contacts and search entries too).
  sdk::Result<Upsert> upsert_person(const sdk::Person& person);

  /// Batch writes in one transaction (much faster for imports). Not nestable.
  sdk::Status begin();
  sdk::Status commit();
  sdk::Status rollback();

  std::optional<sdk::Company> company(std::string_view id);
  /// Companies whose domains include the registrable domain of `url_or_domain`.
  std::vector<sdk::Company> companies_by_domain(std::string_view url_or_domain);
  /// Candidates for a name: exact folded name/alias/legal-name/ticker matches first, then
  /// full-text matches on all name words, then on any word (bm25 order). A domain-shaped query
  /// also matches by domain. Candidates only: never pick one without corroboration.
  std::vector<sdk::Company> company_candidates(std::string_view name_query, int limit = 20);
  /// Companies whose names (name, legal name, aliases, former names, tickers) contain every one
  /// of `words` (full-text, case and accent insensitive), best match first.
  std::vector<sdk::Company> companies_with_words(const std::vector<std::string>& words,
                                                 int limit = 20);
  std::vector<sdk::Company> all_companies();

  std::optional<sdk::Person> person(std::string_view id);
  /// People whose normalised LinkedIn URL or (lower-cased) email matches; for dedupe.
  std::vector<sdk::Person> people_by_profile_url(std::string_view url);
  std::vector<sdk::Person> people_by_email(std::string_view email);

  /// Current employees of exactly `company_id`: an experience entry with current == true and
  /// company_id == id (the same entry), not deleted, not a duplicate record. With
  /// `title_terms`, only people whose current title at that company matches one of the phrases
  /// (full-text, case and accent insensitive), best match first; else in insertion order.
  /// limit <= 0 means no limit.
  std::vector<sdk::Person> current_employees(std::string_view company_id,
                                             const std::vector<std::string>& title_terms = {},
                                             int limit = 0);
  std::int64_t count_current_employees(std::string_view company_id);

  /// One current employee as a roster line: enough to classify the title and decide whether
  /// to read the full record (which costs a JSON parse; the roster line does not).
  struct RosterEntry {
    std::string person_id;
    std::string title;  ///< the current title at this company (the first such role)
  };
  /// Every current employee of exactly `company_id` (same rules as current_employees), in
  /// insertion order, one line per person.
  std::vector<RosterEntry> current_roster(std::string_view company_id);

  StoreStats stats();

  // --- Buyer-group run history (src/history.cpp, docs/history.md) ---

  /// One saved run, as `buyergraph history` lists it.
  struct RunSummary {
    std::string id, company_id, company_name, account_key, seller, pipeline, created_at, status;
    int members = 0;
    std::optional<int> coverage;  ///< coverage score 0-100, when the group has one
  };
  /// Saves a finished group under `group.run["id"]` (required), replacing a run with the same
  /// id: the group as JSON plus one row per member with role and provenance.
  sdk::Status save_run(const sdk::BuyerGroup& group);
  /// Runs for a company id, or a company name (normalised, so "Contoso Ltd." finds "Contoso
  /// Ltd"), newest first.
  std::vector<RunSummary> runs_for_company(std::string_view company, int limit = 50);
  /// The group a run saved, exactly as it was saved.
  std::optional<sdk::BuyerGroup> run_group(std::string_view run_id);
  /// The summary line of one run.
  std::optional<RunSummary> run_summary(std::string_view run_id);

  // --- Batch progress (src/batch.cpp, docs/batch.md) ---

  /// One finished account of a `buyergraph batch`, keyed by (batch id, account key).
  struct BatchAccount {
    std::string batch_id, account_key;
    std::string status;       ///< "ok" | "partial" | "failed" (a cancelled account is not saved)
    std::string error_code;   ///< "ambiguous", "not_found", ... for a failed account
    std::string run_id;       ///< the run id the account ran under (its group, when there is one)
    std::string finished_at;  ///< ISO-8601 UTC
  };
  /// Records that an account of a batch is done, replacing an earlier record of the same key.
  ///
  ///   store.save_batch_account({.batch_id = "b-1f3a", .account_key = "Acme", .status = "ok"});
  sdk::Status save_batch_account(const BatchAccount& done);
  /// The accounts of a batch already done, in key order (empty for an unknown batch).
  ///
  ///   for (auto& a : store.batch_accounts("b-1f3a")) skip.insert(a.account_key);
  std::vector<BatchAccount> batch_accounts(std::string_view batch_id);
  /// Forgets a batch's progress and run-id prefix (`batch --force`), so every account runs
  /// again as a new run.
  sdk::Status clear_batch(std::string_view batch_id);
  /// The run-id prefix of a batch: the stored one, else `fresh`, stored now. Every run of the
  /// batch's accounts is "<prefix>-<account key>", across resumes, so redoing an account after
  /// a hard stop replaces its history run instead of adding a second one.
  ///
  ///   auto prefix = store.batch_run_prefix("b-1f3a", new_run_id(), "2026-12-06T20:00:00Z");
  sdk::Result<std::string> batch_run_prefix(std::string_view batch_id, std::string_view fresh,
                                            std::string_view started_at);
  /// The stored run-id prefix of a batch, if any (never writes).
  std::optional<std::string> find_batch_run_prefix(std::string_view batch_id);

  // --- Suppression list (src/suppressions.cpp, docs/suppression.md) ---

  /// One suppressed value: kind is "email" | "domain" | "profile_url", value is normalised
  /// by the caller (buyergraph::suppression::normalize), added_at is ISO-8601 UTC.
  struct SuppressionRow {
    std::string kind, value, reason, added_at;
  };
  /// Adds (or replaces the reason of) a suppressed value.
  ///
  ///   store.add_suppression("email", "jane@contoso.example", "opt-out 2026-11-02");
  sdk::Status add_suppression(std::string_view kind, std::string_view value,
                              std::string_view reason);
  /// Removes a suppressed value; true when it was there.
  sdk::Result<bool> remove_suppression(std::string_view kind, std::string_view value);
  /// Every suppressed value, ordered by kind then value.
  sdk::Result<std::vector<SuppressionRow>> suppressions();

  // --- HTTP response cache (src/http_cache.cpp); the host owns the caching policy ---

  /// A cached HTTP answer body, or nullopt when absent or expired at `now_unix`.
  ///
  ///   if (auto body = store.cache_get(key, now)) return *body;
  std::optional<std::string> cache_get(std::string_view key, std::int64_t now_unix);
  /// Inserts or replaces.
  ///
  ///   store.cache_put(key, "person", body, now, now + 30 * 86400);
  sdk::Status cache_put(std::string_view key, std::string_view data_class, std::string_view value,
                        std::int64_t now_unix, std::int64_t expires_unix);
  /// Deletes expired entries; returns how many.
  sdk::Result<std::int64_t> cache_purge(std::int64_t now_unix);
  /// Deletes entries of one class ("" = all); returns how many.
  sdk::Result<std::int64_t> cache_clear(std::string_view data_class);
  /// Entries and bytes per data class (for `buyergraph cache stats`).
  struct CacheClassStats {
    std::string data_class;
    std::int64_t entries = 0, bytes = 0, expired = 0;
  };
  /// One line per data class, ordered by class.
  sdk::Result<std::vector<CacheClassStats>> cache_stats(std::int64_t now_unix);

  // --- API tokens of `buyergraph serve` (docs/serve.md); only hashes are stored ---

  struct ApiToken {
    std::string name, created_at, last_used_at, revoked_at;  ///< empty when never used/revoked
  };
  /// Stores a new token's hash; error "store_conflict" when a live token has this name.
  sdk::Status add_api_token(std::string_view name, std::string_view hash,
                            std::string_view created_at);
  /// Live and revoked tokens, by name then creation time.
  std::vector<ApiToken> api_tokens();
  /// Revokes the live token `name`; false when there is none.
  sdk::Result<bool> revoke_api_token(std::string_view name, std::string_view revoked_at);
  /// The name of the live token with this hash, recording `used_at` as its last use.
  std::optional<std::string> use_api_token(std::string_view hash, std::string_view used_at);
  bool any_live_api_token();

 private:
  explicit Store(std::string target);
  class Lease;
  Lease read();
  sdk::Status write_keys(const sdk::Company& c, std::int64_t rowid);
  friend class Copier;  // `store copy` reads and writes tables row by row (src/copy.cpp)

  std::string target_;  // what open() was given; may hold a password
  std::string path_;    // target_ as users may see it
  Backend backend_;
  std::recursive_mutex writer_mu_;
  std::unique_ptr<detail::Connection> writer_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<detail::Connection>> pool_;
};

}  // namespace buyergraph::store
