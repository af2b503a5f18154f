// Schema migrations. Real columns (with indexes) hold what queries filter on; `record` keeps
// the whole SDK record as JSON so reads return exactly what was written.
#include "buyergraph/store/schema.hpp"

#include <array>

namespace buyergraph::store {
namespace {

constexpr std::string_view kV1Core = R"sql(
CREATE TABLE companies (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  name_norm     TEXT NOT NULL,
  primary_domain TEXT,
  industry      TEXT,
  employees     INTEGER,
  parent_id     TEXT,
  source        TEXT,
  retrieved_at  TEXT,
  synthetic     INTEGER NOT NULL DEFAULT 0,
  record        TEXT NOT NULL
);
CREATE INDEX companies_parent ON companies(parent_id) WHERE parent_id IS NOT NULL;

-- Candidate keys of a company: folded names, aliases, legal name, tickers; registrable domains.
CREATE TABLE company_keys (
  kind       TEXT NOT NULL,   -- name | alias | legal | ticker | domain
  key        TEXT NOT NULL,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  PRIMARY KEY (kind, key, company_id)
) WITHOUT ROWID;
CREATE INDEX company_keys_company ON company_keys(company_id);

CREATE TABLE people (
  pk               INTEGER PRIMARY KEY,
  id               TEXT NOT NULL UNIQUE,
  full_name        TEXT NOT NULL,
  name_norm        TEXT NOT NULL,
  headline         TEXT,
  title            TEXT,
  department       TEXT,
  management_level TEXT,
  company_id       TEXT,
  location         TEXT,
  country_iso2     TEXT,
  profile_key      TEXT,        -- normalised LinkedIn URL
  connections      INTEGER,
  deleted          INTEGER NOT NULL DEFAULT 0,
  duplicate        INTEGER NOT NULL DEFAULT 0,   -- CoreSignal is_parent = 0
  source           TEXT,
  retrieved_at     TEXT,
  synthetic        INTEGER NOT NULL DEFAULT 0,
  record           TEXT NOT NULL
);
CREATE INDEX people_profile ON people(profile_key) WHERE profile_key IS NOT NULL;
CREATE INDEX people_name ON people(name_norm);

-- One row per experience entry. "Current employee of X" is a row with current = 1 AND
-- company_id = X: both conditions on the same entry (providers.md 1.9).
CREATE TABLE roles (
  rid              INTEGER PRIMARY KEY,
  person_pk        INTEGER NOT NULL REFERENCES people(pk) ON DELETE CASCADE,
  company_id       TEXT,
  current          INTEGER NOT NULL,
  title            TEXT,
  department       TEXT,
  management_level TEXT,
  from_year        INTEGER,
  to_year          INTEGER
);
CREATE INDEX roles_current ON roles(company_id, person_pk) WHERE current = 1;
CREATE INDEX roles_person ON roles(person_pk);

CREATE TABLE contacts (
  kind      TEXT NOT NULL,      -- email | phone
  value_key TEXT NOT NULL,      -- lower-cased email, or digits of the phone
  person_pk INTEGER NOT NULL REFERENCES people(pk) ON DELETE CASCADE,
  PRIMARY KEY (kind, value_key, person_pk)
) WITHOUT ROWID;
CREATE INDEX contacts_person ON contacts(person_pk);
)sql";

// Full-text search. roles_fts indexes current roles only, with the employer id as a column,
// so "current <title> at company X" is one FTS intersection rather than a scan of X's staff.
constexpr std::string_view kV2Search = R"sql(
CREATE VIRTUAL TABLE roles_fts USING fts5(
  company_id, title, content='roles', content_rowid='rid',
  tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER roles_fts_insert AFTER INSERT ON roles WHEN new.current = 1 BEGIN
  INSERT INTO roles_fts(rowid, company_id, title) VALUES (new.rid, new.company_id, new.title);
END;
CREATE TRIGGER roles_fts_delete AFTER DELETE ON roles WHEN old.current = 1 BEGIN
  INSERT INTO roles_fts(roles_fts, rowid, company_id, title)
    VALUES ('delete', old.rid, old.company_id, old.title);
END;
INSERT INTO roles_fts(rowid, company_id, title) SELECT rid, company_id, title FROM roles WHERE current = 1;

CREATE VIRTUAL TABLE people_fts USING fts5(
  full_name, title, headline, content='people', content_rowid='pk',
  tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
  INSERT INTO people_fts(rowid, full_name, title, headline)
    VALUES (new.pk, new.full_name, new.title, new.headline);
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
  INSERT INTO people_fts(people_fts, rowid, full_name, title, headline)
    VALUES ('delete', old.pk, old.full_name, old.title, old.headline);
END;
CREATE TRIGGER people_fts_update AFTER UPDATE ON people BEGIN
  INSERT INTO people_fts(people_fts, rowid, full_name, title, headline)
    VALUES ('delete', old.pk, old.full_name, old.title, old.headline);
  INSERT INTO people_fts(rowid, full_name, title, headline)
    VALUES (new.pk, new.full_name, new.title, new.headline);
END;
INSERT INTO people_fts(people_fts) VALUES ('rebuild');

-- Company names, aliases, legal names and tickers, one document per company (rowid = companies.rowid).
CREATE VIRTUAL TABLE companies_fts USING fts5(names, tokenize='unicode61 remove_diacritics 2');
INSERT INTO companies_fts(rowid, names)
  SELECT c.rowid, group_concat(k.key, ' | ') FROM companies c
    JOIN company_keys k ON k.company_id = c.id AND k.kind <> 'domain' GROUP BY c.rowid;
)sql";

// Buyer-group run history: one row per run with the whole group as JSON (so `show` re-renders
// exactly what was found), plus one row per member for queries across runs.
constexpr std::string_view kV3History = R"sql(
CREATE TABLE runs (
  id            TEXT PRIMARY KEY,
  company_id    TEXT NOT NULL,
  company_name  TEXT NOT NULL,
  name_norm     TEXT NOT NULL,
  account_key   TEXT,
  seller        TEXT,
  pipeline      TEXT,
  created_at    TEXT NOT NULL,
  status        TEXT NOT NULL,
  members       INTEGER NOT NULL,
  coverage      INTEGER,
  group_json    TEXT NOT NULL
);
CREATE INDEX runs_company ON runs(company_id, created_at);
CREATE INDEX runs_name ON runs(name_norm, created_at);

CREATE TABLE run_members (
  run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  person_id   TEXT NOT NULL,
  full_name   TEXT NOT NULL,
  title       TEXT,
  role        TEXT NOT NULL,
  sub_role    TEXT,
  confidence  REAL,
  source      TEXT,
  retrieved_at TEXT,
  PRIMARY KEY (run_id, person_id)
) WITHOUT ROWID;
CREATE INDEX run_members_person ON run_members(person_id);
)sql";

// Batch progress: which accounts of a `buyergraph batch` are done, so a re-run resumes.
constexpr std::string_view kV4BatchProgress = R"sql(
CREATE TABLE batch_accounts (
  batch_id     TEXT NOT NULL,
  account_key  TEXT NOT NULL,
  status       TEXT NOT NULL,
  error_code   TEXT,
  run_id       TEXT,
  finished_at  TEXT NOT NULL,
  PRIMARY KEY (batch_id, account_key)
) WITHOUT ROWID;
)sql";

// Suppression list: people who must never be collected or output (docs/suppression.md).
// Values are stored normalised, so (kind, value) is the identity.
constexpr std::string_view kV5Suppressions = R"sql(
CREATE TABLE suppressions (
  kind      TEXT NOT NULL,   -- email | domain | profile_url
  value     TEXT NOT NULL,
  reason    TEXT,
  added_at  TEXT,
  PRIMARY KEY (kind, value)
) WITHOUT ROWID;
)sql";

// The host's HTTP response cache: one body per request key, with its class for per-class
// policy and expiry. Times are Unix seconds so expiry is an integer comparison.
constexpr std::string_view kV6HttpCache = R"sql(
CREATE TABLE http_cache (
  key         TEXT PRIMARY KEY,
  data_class  TEXT NOT NULL,
  value       BLOB NOT NULL,
  stored_at   INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX http_cache_expires ON http_cache(expires_at);
)sql";

// One row per batch: the run-id prefix its accounts' runs carry. A resumed batch reuses it, so
// an account redone after a hard stop replaces its run in the history instead of adding one.
constexpr std::string_view kV7BatchRuns = R"sql(
CREATE TABLE batch_runs (
  batch_id    TEXT PRIMARY KEY,
  run_prefix  TEXT NOT NULL,
  started_at  TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// API tokens of `buyergraph serve`, stored hashed (docs/serve.md). Before this migration the
// server created the table itself, so an existing store may have it already.
constexpr std::string_view kV8ApiTokens = R"sql(
CREATE TABLE IF NOT EXISTS api_tokens (name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS api_tokens_live_name ON api_tokens(name)
  WHERE revoked_at IS NULL;
)sql";

constexpr std::array<Migration, 8> kSqlite = {{
    {1, "companies, people, roles, contacts", kV1Core},
    {2, "full-text search on titles, names and company names", kV2Search},
    {3, "buyer-group run history", kV3History},
    {4, "batch progress", kV4BatchProgress},
    {5, "suppression list", kV5Suppressions},
    {6, "HTTP response cache", kV6HttpCache},
    {7, "batch run ids", kV7BatchRuns},
    {8, "API tokens", kV8ApiTokens},
}};

// PostgreSQL: the same tables and versions. Integers are BIGINT (the store binds 64-bit
// values), serial keys replace SQLite's rowids (companies keep a column named rowid, so the
// store's SQL reads the same), bytes are BYTEA.
constexpr std::string_view kPgV1Core = R"sql(
CREATE TABLE companies (
  rowid         BIGSERIAL UNIQUE,
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  name_norm     TEXT NOT NULL,
  primary_domain TEXT,
  industry      TEXT,
  employees     BIGINT,
  parent_id     TEXT,
  source        TEXT,
  retrieved_at  TEXT,
  synthetic     BIGINT NOT NULL DEFAULT 0,
  record        TEXT NOT NULL
);
CREATE INDEX companies_parent ON companies(parent_id) WHERE parent_id IS NOT NULL;
CREATE TABLE company_keys (
  kind       TEXT NOT NULL,
  key        TEXT NOT NULL,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  PRIMARY KEY (kind, key, company_id)
);
CREATE INDEX company_keys_company ON company_keys(company_id);
CREATE TABLE people (
  pk               BIGSERIAL PRIMARY KEY,
  id               TEXT NOT NULL UNIQUE,
  full_name        TEXT NOT NULL,
  name_norm        TEXT NOT NULL,
  headline         TEXT,
  title            TEXT,
  department       TEXT,
  management_level TEXT,
  company_id       TEXT,
  location         TEXT,
  country_iso2     TEXT,
  profile_key      TEXT,
  connections      BIGINT,
  deleted          BIGINT NOT NULL DEFAULT 0,
  duplicate        BIGINT NOT NULL DEFAULT 0,
  source           TEXT,
  retrieved_at     TEXT,
  synthetic        BIGINT NOT NULL DEFAULT 0,
  record           TEXT NOT NULL
);
CREATE INDEX people_profile ON people(profile_key) WHERE profile_key IS NOT NULL;
CREATE INDEX people_name ON people(name_norm);
CREATE TABLE roles (
  rid              BIGSERIAL PRIMARY KEY,
  person_pk        BIGINT NOT NULL REFERENCES people(pk) ON DELETE CASCADE,
  company_id       TEXT,
  current          BIGINT NOT NULL,
  title            TEXT,
  department       TEXT,
  management_level TEXT,
  from_year        BIGINT,
  to_year          BIGINT
);
CREATE INDEX roles_current ON roles(company_id, person_pk) WHERE current = 1;
CREATE INDEX roles_person ON roles(person_pk);
CREATE TABLE contacts (
  kind      TEXT NOT NULL,
  value_key TEXT NOT NULL,
  person_pk BIGINT NOT NULL REFERENCES people(pk) ON DELETE CASCADE,
  PRIMARY KEY (kind, value_key, person_pk)
);
CREATE INDEX contacts_person ON contacts(person_pk);
)sql";

// Full-text search with PostgreSQL's own text search: the 'simple' configuration (no stemming,
// like FTS5's unicode61) over lower-cased, accent-stripped text (unaccent, shipped with the
// server). bg_fold is IMMUTABLE so it can be indexed.
constexpr std::string_view kPgV2Search = R"sql(
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE FUNCTION bg_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
CREATE INDEX roles_title_search ON roles
  USING gin (to_tsvector('simple', bg_fold(coalesce(title, '')))) WHERE current = 1;
CREATE TABLE companies_fts (
  rowid BIGINT PRIMARY KEY,
  names TEXT NOT NULL
);
CREATE INDEX companies_fts_search ON companies_fts USING gin (to_tsvector('simple', bg_fold(names)));
)sql";

constexpr std::string_view kPgV3History = R"sql(
CREATE TABLE runs (
  id            TEXT PRIMARY KEY,
  company_id    TEXT NOT NULL,
  company_name  TEXT NOT NULL,
  name_norm     TEXT NOT NULL,
  account_key   TEXT,
  seller        TEXT,
  pipeline      TEXT,
  created_at    TEXT NOT NULL,
  status        TEXT NOT NULL,
  members       BIGINT NOT NULL,
  coverage      BIGINT,
  group_json    TEXT NOT NULL
);
CREATE INDEX runs_company ON runs(company_id, created_at);
CREATE INDEX runs_name ON runs(name_norm, created_at);
CREATE TABLE run_members (
  run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  person_id   TEXT NOT NULL,
  full_name   TEXT NOT NULL,
  title       TEXT,
  role        TEXT NOT NULL,
  sub_role    TEXT,
  confidence  DOUBLE PRECISION,
  source      TEXT,
  retrieved_at TEXT,
  PRIMARY KEY (run_id, person_id)
);
CREATE INDEX run_members_person ON run_members(person_id);
)sql";

constexpr std::string_view kPgV4BatchProgress = R"sql(
CREATE TABLE batch_accounts (
  batch_id     TEXT NOT NULL,
  account_key  TEXT NOT NULL,
  status       TEXT NOT NULL,
  error_code   TEXT,
  run_id       TEXT,
  finished_at  TEXT NOT NULL,
  PRIMARY KEY (batch_id, account_key)
);
)sql";

constexpr std::string_view kPgV5Suppressions = R"sql(
CREATE TABLE suppressions (
  kind      TEXT NOT NULL,
  value     TEXT NOT NULL,
  reason    TEXT,
  added_at  TEXT,
  PRIMARY KEY (kind, value)
);
)sql";

constexpr std::string_view kPgV6HttpCache = R"sql(
CREATE TABLE http_cache (
  key         TEXT PRIMARY KEY,
  data_class  TEXT NOT NULL,
  value       BYTEA NOT NULL,
  stored_at   BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL
);
CREATE INDEX http_cache_expires ON http_cache(expires_at);
)sql";

constexpr std::string_view kPgV7BatchRuns = R"sql(
CREATE TABLE batch_runs (
  batch_id    TEXT PRIMARY KEY,
  run_prefix  TEXT NOT NULL,
  started_at  TEXT NOT NULL
);
)sql";

constexpr std::array<Migration, 8> kPostgres = {{
    {1, "companies, people, roles, contacts", kPgV1Core},
    {2, "full-text search on titles and company names", kPgV2Search},
    {3, "buyer-group run history", kPgV3History},
    {4, "batch progress", kPgV4BatchProgress},
    {5, "suppression list", kPgV5Suppressions},
    {6, "HTTP response cache", kPgV6HttpCache},
    {7, "batch run ids", kPgV7BatchRuns},
    {8, "API tokens", kV8ApiTokens},
}};
static_assert(kSqlite.size() == kPostgres.size(), "both backends have the same versions");

}  // namespace

std::span<const Migration> migrations(Backend backend) {
  if (backend == Backend::postgresql) return kPostgres;
  return kSqlite;
}
int schema_version() { return static_cast<int>(kSqlite.size()); }

}  // namespace buyergraph::store
