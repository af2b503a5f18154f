// Store: a writer connection + pooled readers, over a SQLite file in WAL mode or a PostgreSQL
// database (db.hpp). The SQL is shared; full-text search differs per backend.
#include "buyergraph/store/store.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <thread>

#include "buyergraph/coresignal/text.hpp"
#include "buyergraph/coresignal/web.hpp"
#include "buyergraph/store/location.hpp"
#include "buyergraph/store/schema.hpp"
#include "db.hpp"
#include "lease.hpp"

namespace buyergraph::store {

using detail::Access;
using detail::Connection;
using detail::kDone;
using detail::kRow;
using detail::Stmt;
using nlohmann::json;
namespace cs = buyergraph::coresignal;

std::string store_path(std::string_view given) {
  return given.empty() ? default_store_path() : std::string(given);
}

std::string default_store_path() {
  if (const char* env = std::getenv("BUYERGRAPH_STORE"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::string(xdg) + "/buyergraph/store.db";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.local/share/buyergraph/store.db";
  return "buyergraph-store.db";
}

namespace {

// "No limit" for a LIMIT parameter, in a form both backends accept.
constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();

sdk::Status migrate(Connection& db) {
  auto current = db.schema_version();
  if (!current) return sdk::Status::from(current.error());
  const int latest = schema_version();
  auto too_new = [&](int version) {
    return sdk::Status::error("store_version", "store schema version " + std::to_string(version) +
                                                   " is newer than this build supports (" +
                                                   std::to_string(latest) +
                                                   "); upgrade buyergraph");
  };
  if (*current > latest) return too_new(*current);
  if (*current == latest) return sdk::Status::ok();
  if (auto s = db.begin_write(); !s) return s;
  auto fail = [&](sdk::Status s) {
    (void)db.exec("ROLLBACK");
    return s;
  };
  if (auto s = db.lock_schema(); !s) return fail(s);
  // Another process may have migrated while this one waited for the lock.
  current = db.schema_version();
  if (!current) return fail(sdk::Status::from(current.error()));
  if (*current > latest) return fail(too_new(*current));
  for (const auto& m : migrations(db.dialect())) {
    if (m.version <= *current) continue;
    auto s = db.exec(m.sql);
    if (s) s = db.set_schema_version(m.version);
    if (!s)
      return fail(sdk::Status::error("store_migration", "migration " + std::to_string(m.version) +
                                                            " (" + std::string(m.description) +
                                                            ") failed: " + s.error().message));
  }
  if (auto s = db.exec("COMMIT"); !s) return fail(s);
  return sdk::Status::ok();
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

template <class T>
std::optional<T> parse_record(std::string_view text) {
  try {
    T v;
    from_json(json::parse(text), v);
    return v;
  } catch (const std::exception&) {
    return std::nullopt;  // a corrupted row is skipped, never thrown to callers
  }
}

template <class T>
std::vector<T> collect(Stmt* q, int col = 0) {
  std::vector<T> out;
  if (!q) return out;
  while (q->step() == kRow)
    if (auto v = parse_record<T>(q->text(col))) out.push_back(std::move(*v));
  q->reset();
  return out;
}

// Full-text search is where the backends differ: SQLite's FTS5 tables and MATCH syntax, or
// PostgreSQL's text search (websearch_to_tsquery) over indexed expressions (schema.cpp). Both
// take double-quoted phrases joined by OR; "all of" is AND in FTS5 and plain juxtaposition in
// websearch syntax.
struct TextSearch {
  Backend backend;

  // FTS5 doubles an inner quote; websearch syntax cannot escape one, so it becomes a space.
  std::string phrase(std::string_view term) const {
    std::string out = "\"";
    for (char c : term) {
      if (c != '"')
        out += c;
      else
        out += backend == Backend::sqlite ? "\"\"" : " ";
    }
    return out + "\"";
  }
  std::string join(const std::vector<std::string>& phrases, bool all) const {
    const char* op = !all ? " OR " : backend == Backend::sqlite ? " AND " : " ";
    std::string m;
    for (const auto& p : phrases) m += (m.empty() ? "" : op) + p;
    return m;
  }
  // ?1 = query, ?2 = limit; best match first.
  const char* companies_sql() const {
    if (backend == Backend::sqlite)
      return "SELECT c.record FROM companies_fts f JOIN companies c ON c.rowid = f.rowid"
             " WHERE companies_fts MATCH ?1 ORDER BY f.rank LIMIT ?2";
    return "WITH q AS (SELECT websearch_to_tsquery('simple', bg_fold(?1)) AS q)"
           " SELECT c.record FROM q, companies_fts f JOIN companies c ON c.rowid = f.rowid"
           " WHERE to_tsvector('simple', bg_fold(f.names)) @@ q.q"
           " ORDER BY ts_rank(to_tsvector('simple', bg_fold(f.names)), q.q) DESC, c.rowid"
           " LIMIT ?2";
  }
  // ?1 = company id, ?2 = titles_query(), ?3 = limit; best match first.
  const char* titles_sql() const {
    // SQLite: the employer id is an FTS column, so the title match is intersected with this
    // company's current roles inside the index; the SQL join re-checks the exact id and flags.
    if (backend == Backend::sqlite)
      return "WITH hits AS (SELECT rowid AS rid, rank FROM roles_fts WHERE roles_fts MATCH ?2)"
             " SELECT p.record, min(h.rank) AS best FROM hits h JOIN roles r ON r.rid = h.rid"
             " JOIN people p ON p.pk = r.person_pk"
             " WHERE r.company_id = ?1 AND r.current = 1 AND p.deleted = 0 AND p.duplicate = 0"
             " GROUP BY p.pk ORDER BY best, p.pk LIMIT ?3";
    // PostgreSQL: this company's current roles (an index), each title matched (the expression
    // the partial GIN index holds).
    return "WITH q AS (SELECT websearch_to_tsquery('simple', bg_fold(?2)) AS q)"
           " SELECT p.record FROM q, roles r JOIN people p ON p.pk = r.person_pk"
           " WHERE r.company_id = ?1 AND r.current = 1 AND p.deleted = 0 AND p.duplicate = 0"
           " AND to_tsvector('simple', bg_fold(coalesce(r.title, ''))) @@ q.q"
           " GROUP BY p.pk"
           " ORDER BY max(ts_rank(to_tsvector('simple', bg_fold(coalesce(r.title, ''))), q.q))"
           " DESC, p.pk LIMIT ?3";
  }
  std::string titles_query(std::string_view company_id, const std::string& any_title) const {
    if (backend == Backend::sqlite)
      return "company_id : " + phrase(company_id) + " AND title : (" + any_title + ")";
    return any_title;
  }
};

std::int64_t limit_or_all(int limit) { return limit > 0 ? limit : kNoLimit; }

std::string phone_key(std::string_view phone) {
  std::string digits;
  for (char c : phone)
    if (c >= '0' && c <= '9') digits += c;
  return digits;
}

std::string email_key(std::string_view email) {
  std::string s(email);
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(0, 1);
  return s;
}

}  // namespace

Store::Lease Store::read() {
  {
    std::lock_guard lock(pool_mu_);
    if (!pool_.empty()) {
      auto c = std::move(pool_.back());
      pool_.pop_back();
      return Lease(*this, std::move(c));
    }
  }
  auto c = detail::open_connection(target_, Access::read_only);
  if (!c) return Lease(*this, nullptr);
  return Lease(*this, std::move(*c));
}

Store::Store(std::string target)
    : target_(std::move(target)), path_(display_store(target_)), backend_(backend_of(target_)) {}
Store::~Store() = default;

sdk::Result<std::unique_ptr<Store>> Store::open(const std::string& target) {
  if (target.empty()) return sdk::Error{"invalid_input", "empty store path", false};
  const bool file = backend_of(target) == Backend::sqlite;
  if (file) {
    std::error_code ec;
    auto parent = std::filesystem::path(target).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec)
      return sdk::Error{"store_open", "cannot create " + parent.string() + ": " + ec.message(),
                        false};
  }
  auto conn = detail::open_connection(target, Access::read_write);
  if (!conn) return conn.error();
  auto& db = **conn;
  if (file) {
    // journal_mode reads the header, so it is the first place a non-database file fails.
    if (auto s = db.exec("PRAGMA journal_mode = WAL"); !s)
      return sdk::Error{"store_open", target + " is not a buyergraph store: " + s.error().message,
                        false};
    // NORMAL is durable across application crashes in WAL mode; a bigger page cache keeps the
    // index pages of bulk imports in memory (64 MiB, writer only).
    if (auto s = db.exec("PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;"
                         " PRAGMA temp_store = MEMORY");
        !s)
      return s.error();
  }
  if (auto s = migrate(db); !s) return s.error();
  std::unique_ptr<Store> store(new Store(target));
  store->writer_ = std::move(*conn);
  return store;
}

sdk::Result<int> Store::version_of(const std::string& target) {
  if (backend_of(target) == Backend::sqlite && !std::filesystem::exists(target)) return 0;
  auto conn = detail::open_connection(target, Access::read_only);
  if (!conn) return conn.error();
  return (*conn)->schema_version();
}

sdk::Status Store::begin() {
  writer_mu_.lock();
  auto s = writer_->begin_write();
  if (!s) writer_mu_.unlock();
  return s;
}

// commit/rollback first take the writer lock themselves: a thread that does not own the
// open transaction waits for it to end and then finds no transaction, instead of ending
// someone else's.
sdk::Status Store::commit() {
  std::unique_lock lock(writer_mu_);
  if (!writer_->in_transaction()) return sdk::Status::error("store_tx", "commit without begin");
  auto s = writer_->exec("COMMIT");
  if (s) writer_mu_.unlock();  // the lock taken by begin()
  return s;
}

sdk::Status Store::rollback() {
  std::unique_lock lock(writer_mu_);
  if (!writer_->in_transaction()) return sdk::Status::error("store_tx", "rollback without begin");
  auto s = writer_->exec("ROLLBACK");
  writer_mu_.unlock();  // the lock taken by begin()
  return s;
}

sdk::Status Store::write_keys(const sdk::Company& c, std::int64_t rowid) {
  auto& db = *writer_;
  Stmt* del = db.prepare("DELETE FROM company_keys WHERE company_id = ?1");
  if (!del) return db.error("prepare");
  if (del->bind(1, c.id).step() != kDone) return db.error("deleting company keys");
  Stmt* ins = db.prepare(
      "INSERT INTO company_keys(kind, key, company_id) VALUES (?1, ?2, ?3)"
      " ON CONFLICT DO NOTHING");
  if (!ins) return db.error("prepare");
  auto add = [&](const char* kind, const std::string& key) -> bool {
    if (key.empty()) return true;
    ins->reset();
    return ins->bind(1, kind).bind(2, key).bind(3, c.id).step() == kDone;
  };
  std::string names = c.name;
  bool ok = add("name", cs::normalize_company_name(c.name));
  ok = ok && add("legal", cs::normalize_company_name(c.legal_name));
  if (!c.legal_name.empty()) names += " | " + c.legal_name;
  for (const auto& list : {&c.aliases, &c.former_names}) {
    for (const auto& a : *list) {
      ok = ok && add("alias", cs::normalize_company_name(a));
      names += " | " + a;
    }
  }
  for (const auto& t : c.tickers) {
    ok = ok && add("ticker", cs::fold(t));
    names += " | " + t;
  }
  for (const auto& d : c.domains)
    ok = ok && add("domain", cs::registrable_domain(d).empty() ? d : cs::registrable_domain(d));
  if (!ok) return db.error("writing company keys");
  Stmt* fdel = db.prepare("DELETE FROM companies_fts WHERE rowid = ?1");
  Stmt* fins = db.prepare("INSERT INTO companies_fts(rowid, names) VALUES (?1, ?2)");
  if (!fdel || !fins) return db.error("prepare");
  if (fdel->bind(1, rowid).step() != kDone || fins->bind(1, rowid).bind(2, names).step() != kDone)
    return db.error("indexing company names");
  return sdk::Status::ok();
}

sdk::Result<Upsert> Store::upsert_company(const sdk::Company& c) {
  if (c.id.empty()) return sdk::Error{"invalid_input", "company id is empty", false};
  if (c.name.empty()) return sdk::Error{"invalid_input", "company " + c.id + " has no name", false};
  std::lock_guard lock(writer_mu_);
  auto& db = *writer_;
  std::string record = dump(json(c));
  return detail::atomically(db, [&]() -> sdk::Result<Upsert> {
    Stmt* find = db.prepare("SELECT rowid, record FROM companies WHERE id = ?1");
    if (!find) return db.error("prepare").error();
    std::optional<std::int64_t> rowid;
    bool same = false;
    if (find->bind(1, c.id).step() == kRow) {
      rowid = find->int64(0);
      same = find->text(1) == record;
    }
    find->reset();
    if (same) return Upsert::unchanged;
    Stmt* up = db.prepare(
        "INSERT INTO companies(id, name, name_norm, primary_domain, industry, employees, parent_id,"
        " source, retrieved_at, synthetic, record) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"
        " ON CONFLICT(id) DO UPDATE SET name=excluded.name, name_norm=excluded.name_norm,"
        " primary_domain=excluded.primary_domain, industry=excluded.industry,"
        " employees=excluded.employees, parent_id=excluded.parent_id, source=excluded.source,"
        " retrieved_at=excluded.retrieved_at, synthetic=excluded.synthetic,"
        " record=excluded.record RETURNING rowid");
    if (!up) return db.error("prepare").error();
    up->bind(1, c.id).bind(2, c.name).bind(3, cs::normalize_company_name(c.name));
    up->bind_or_null(4,
                     c.domains.empty() ? std::string_view{} : std::string_view(c.domains.front()));
    up->bind_or_null(5, c.industry).bind_or_null(6, c.employees).bind_or_null(7, c.parent_id);
    up->bind_or_null(8, c.provenance.source).bind_or_null(9, c.provenance.retrieved_at);
    up->bind(10, c.provenance.synthetic).bind(11, record);
    if (up->step() != kRow) return db.error("writing company " + c.id).error();
    const std::int64_t id = up->int64(0);
    up->reset();
    if (auto s = write_keys(c, id); !s) return s.error();
    return rowid ? Upsert::updated : Upsert::inserted;
  });
}

sdk::Result<Upsert> Store::upsert_person(const sdk::Person& p) {
  if (p.id.empty()) return sdk::Error{"invalid_input", "person id is empty", false};
  std::lock_guard lock(writer_mu_);
  auto& db = *writer_;
  std::string record = dump(json(p));
  return detail::atomically(db, [&]() -> sdk::Result<Upsert> {
    Stmt* find = db.prepare("SELECT pk, record FROM people WHERE id = ?1");
    if (!find) return db.error("prepare").error();
    std::optional<std::int64_t> pk;
    bool same = false;
    if (find->bind(1, p.id).step() == kRow) {
      pk = find->int64(0);
      same = find->text(1) == record;
    }
    find->reset();
    if (same) return Upsert::unchanged;

    std::string profile_key = cs::normalize_linkedin_url(p.profile_url);
    Stmt* w = pk ? db.prepare(
                       "UPDATE people SET full_name=?2, name_norm=?3, headline=?4, title=?5,"
                       " department=?6, management_level=?7, company_id=?8, location=?9,"
                       " country_iso2=?10, profile_key=?11, connections=?12, deleted=?13,"
                       " duplicate=?14, source=?15, retrieved_at=?16, synthetic=?17, record=?18"
                       " WHERE pk=?1")
                 : db.prepare(
                       "INSERT INTO people(id, full_name, name_norm, headline, title, department,"
                       " management_level, company_id, location, country_iso2, profile_key,"
                       " connections, deleted, duplicate, source, retrieved_at, synthetic, record)"
                       " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)"
                       " RETURNING pk");
    if (!w) return db.error("prepare").error();
    if (pk)
      w->bind(1, *pk);
    else
      w->bind(1, p.id);
    w->bind(2, p.full_name).bind(3, cs::fold(p.full_name)).bind_or_null(4, p.headline);
    w->bind_or_null(5, p.title).bind_or_null(6, p.department).bind_or_null(7, p.management_level);
    w->bind_or_null(8, p.company_id).bind_or_null(9, p.location).bind_or_null(10, p.country_iso2);
    w->bind_or_null(11, profile_key).bind_or_null(12, p.connections);
    w->bind(13, p.deleted).bind(14, p.duplicate).bind_or_null(15, p.provenance.source);
    w->bind_or_null(16, p.provenance.retrieved_at)
        .bind(17, p.provenance.synthetic)
        .bind(18, record);
    const int rc = w->step();
    if (rc != (pk ? kDone : kRow)) return db.error("writing person " + p.id).error();
    const std::int64_t id = pk ? *pk : w->int64(0);
    w->reset();

    if (pk) {
      Stmt* dr = db.prepare("DELETE FROM roles WHERE person_pk = ?1");
      Stmt* dc = db.prepare("DELETE FROM contacts WHERE person_pk = ?1");
      if (!dr || !dc || dr->bind(1, id).step() != kDone || dc->bind(1, id).step() != kDone)
        return db.error("replacing roles of " + p.id).error();
    }
    Stmt* role = db.prepare(
        "INSERT INTO roles(person_pk, company_id, current, title, department, management_level,"
        " from_year, to_year) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)");
    if (!role) return db.error("prepare").error();
    for (const auto& e : p.experience) {
      role->reset();
      role->bind(1, id).bind_or_null(2, e.company_id).bind(3, e.current).bind_or_null(4, e.title);
      role->bind_or_null(5, e.department).bind_or_null(6, e.management_level);
      role->bind_or_null(7, e.from_year).bind_or_null(8, e.to_year);
      if (role->step() != kDone) return db.error("writing roles of " + p.id).error();
    }
    Stmt* contact = db.prepare(
        "INSERT INTO contacts(kind, value_key, person_pk) VALUES (?1, ?2, ?3)"
        " ON CONFLICT DO NOTHING");
    if (!contact) return db.error("prepare").error();
    for (const auto& c : p.contacts) {
      std::string key = c.kind == "email" ? email_key(c.value) : phone_key(c.value);
      if (key.empty()) continue;
      contact->reset();
      if (contact->bind(1, c.kind).bind(2, key).bind(3, id).step() != kDone)
        return db.error("writing contacts of " + p.id).error();
    }
    return pk ? Upsert::updated : Upsert::inserted;
  });
}

std::optional<sdk::Company> Store::company(std::string_view id) {
  auto db = read();
  Stmt* q = db.prepare("SELECT record FROM companies WHERE id = ?1");
  if (!q) return std::nullopt;
  auto v = collect<sdk::Company>(&q->bind(1, id));
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

std::vector<sdk::Company> Store::companies_by_domain(std::string_view url_or_domain) {
  std::string domain = cs::registrable_domain(url_or_domain);
  if (domain.empty()) return {};
  auto db = read();
  Stmt* q = db.prepare(
      "SELECT c.record FROM company_keys k JOIN companies c ON c.id = k.company_id"
      " WHERE k.kind = 'domain' AND k.key = ?1 ORDER BY c.id");
  if (!q) return {};
  return collect<sdk::Company>(&q->bind(1, domain));
}

std::vector<sdk::Company> Store::company_candidates(std::string_view query, int limit) {
  if (limit <= 0) limit = 20;
  std::vector<sdk::Company> out;
  std::vector<std::string> seen;
  auto add_all = [&](std::vector<sdk::Company> found) {
    for (auto& c : found) {
      if (static_cast<int>(out.size()) >= limit) return;
      if (std::find(seen.begin(), seen.end(), c.id) != seen.end()) continue;
      seen.push_back(c.id);
      out.push_back(std::move(c));
    }
  };
  std::string q(query);
  if (q.find('.') != std::string::npos && q.find(' ') == std::string::npos)
    add_all(companies_by_domain(q));

  auto db = read();
  std::string key = cs::normalize_company_name(q);
  if (!key.empty()) {
    Stmt* exact = db.prepare(
        "SELECT c.record FROM companies c WHERE c.id IN (SELECT company_id FROM company_keys"
        " WHERE kind IN ('name','alias','legal','ticker') AND key IN (?1, ?2))"
        " ORDER BY coalesce(c.employees, 0) DESC, c.id LIMIT ?3");
    if (exact)
      add_all(collect<sdk::Company>(&exact->bind(1, key).bind(2, cs::fold(q)).bind(3, limit)));
  }
  // Full-text: all words, then any word.
  const TextSearch search{backend_};
  std::vector<std::string> words;
  std::string folded = cs::fold(q);
  for (std::size_t pos = 0; pos < folded.size();) {
    auto end = folded.find(' ', pos);
    if (end == std::string::npos) end = folded.size();
    if (end > pos) words.push_back(search.phrase(folded.substr(pos, end - pos)));
    pos = end + 1;
  }
  if (words.empty()) return out;
  Stmt* fts = db.prepare(search.companies_sql());
  if (!fts) return out;
  add_all(collect<sdk::Company>(&fts->bind(1, search.join(words, true)).bind(2, limit)));
  if (words.size() > 1 && static_cast<int>(out.size()) < limit) {
    fts->reset();
    add_all(collect<sdk::Company>(&fts->bind(1, search.join(words, false)).bind(2, limit)));
  }
  return out;
}

std::vector<sdk::Company> Store::companies_with_words(const std::vector<std::string>& words,
                                                      int limit) {
  const TextSearch search{backend_};
  std::vector<std::string> phrases;
  for (const auto& w : words) phrases.push_back(search.phrase(w));
  std::string match = search.join(phrases, true);
  if (match.empty() || limit <= 0) return {};
  auto db = read();
  Stmt* fts = db.prepare(search.companies_sql());
  return fts ? collect<sdk::Company>(&fts->bind(1, match).bind(2, limit))
             : std::vector<sdk::Company>{};
}

std::vector<sdk::Company> Store::all_companies() {
  auto db = read();
  return collect<sdk::Company>(db.prepare("SELECT record FROM companies ORDER BY id"));
}

std::optional<sdk::Person> Store::person(std::string_view id) {
  auto db = read();
  Stmt* q = db.prepare("SELECT record FROM people WHERE id = ?1");
  if (!q) return std::nullopt;
  auto v = collect<sdk::Person>(&q->bind(1, id));
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

std::vector<sdk::Person> Store::people_by_profile_url(std::string_view url) {
  std::string key = cs::normalize_linkedin_url(url);
  if (key.empty()) return {};
  auto db = read();
  Stmt* q = db.prepare("SELECT record FROM people WHERE profile_key = ?1 ORDER BY pk");
  return q ? collect<sdk::Person>(&q->bind(1, key)) : std::vector<sdk::Person>{};
}

std::vector<sdk::Person> Store::people_by_email(std::string_view email) {
  std::string key = email_key(email);
  if (key.empty()) return {};
  auto db = read();
  Stmt* q = db.prepare(
      "SELECT p.record FROM contacts c JOIN people p ON p.pk = c.person_pk"
      " WHERE c.kind = 'email' AND c.value_key = ?1 ORDER BY p.pk");
  return q ? collect<sdk::Person>(&q->bind(1, key)) : std::vector<sdk::Person>{};
}

std::vector<sdk::Person> Store::current_employees(std::string_view company_id,
                                                  const std::vector<std::string>& title_terms,
                                                  int limit) {
  if (company_id.empty()) return {};
  const TextSearch search{backend_};
  std::vector<std::string> phrases;
  for (const auto& t : title_terms)
    if (std::string folded = cs::fold(t); !folded.empty()) phrases.push_back(search.phrase(folded));
  const std::string terms = search.join(phrases, false);
  auto db = read();
  if (terms.empty()) {
    Stmt* q = db.prepare(
        "SELECT p.record FROM people p WHERE p.pk IN (SELECT r.person_pk FROM roles r"
        " WHERE r.company_id = ?1 AND r.current = 1) AND p.deleted = 0 AND p.duplicate = 0"
        " ORDER BY p.pk LIMIT ?2");
    return q ? collect<sdk::Person>(&q->bind(1, company_id).bind(2, limit_or_all(limit)))
             : std::vector<sdk::Person>{};
  }
  Stmt* q = db.prepare(search.titles_sql());
  if (!q) return {};
  q->bind(1, company_id).bind(2, search.titles_query(company_id, terms));
  return collect<sdk::Person>(&q->bind(3, limit_or_all(limit)));
}

std::int64_t Store::count_current_employees(std::string_view company_id) {
  auto db = read();
  Stmt* q = db.prepare(
      "SELECT count(*) FROM people p WHERE p.pk IN (SELECT r.person_pk FROM roles r"
      " WHERE r.company_id = ?1 AND r.current = 1) AND p.deleted = 0 AND p.duplicate = 0");
  if (!q) return 0;
  std::int64_t n = q->bind(1, company_id).step() == kRow ? q->int64(0) : 0;
  q->reset();
  return n;
}

std::vector<Store::RosterEntry> Store::current_roster(std::string_view company_id) {
  std::vector<RosterEntry> out;
  if (company_id.empty()) return out;
  auto db = read();
  // One pass over this company's current roles (the partial index), joined to the person for
  // the flags; a person with two current roles here appears once, with the first role's title.
  Stmt* q = db.prepare(
      "SELECT p.id, r.title, p.pk FROM roles r JOIN people p ON p.pk = r.person_pk"
      " WHERE r.company_id = ?1 AND r.current = 1 AND p.deleted = 0 AND p.duplicate = 0"
      " ORDER BY p.pk, r.rid");
  if (!q) return out;
  q->bind(1, company_id);
  std::int64_t last = -1;
  while (q->step() == kRow) {
    std::int64_t pk = q->int64(2);
    if (pk == last) continue;
    last = pk;
    out.push_back({std::string(q->text(0)), std::string(q->text(1))});
  }
  q->reset();
  return out;
}

StoreStats Store::stats() {
  StoreStats s;
  auto db = read();
  auto count = [&](const char* sql) -> std::int64_t {
    Stmt* q = db.prepare(sql);
    if (!q || q->step() != kRow) return 0;
    auto n = q->int64(0);
    q->reset();
    return n;
  };
  s.companies = count("SELECT count(*) FROM companies");
  s.people = count("SELECT count(*) FROM people");
  s.roles = count("SELECT count(*) FROM roles");
  auto version = db ? db->schema_version() : sdk::Result<int>(0);
  s.schema_version = version ? *version : 0;
  return s;
}

}  // namespace buyergraph::store
