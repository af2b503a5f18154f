// copy_store: one store's content into another (SQLite -> PostgreSQL, or any other pair).
#include "buyergraph/store/copy.hpp"

#include <nlohmann/json.hpp>

#include "db.hpp"
#include "lease.hpp"

namespace buyergraph::store {

using detail::kDone;
using detail::kRow;
using detail::Stmt;

namespace {

// Destination writes per transaction: large enough to be fast, small enough that a failure
// keeps most of the work.
constexpr std::int64_t kBatch = 500;

// The row-by-row tables, with each column's type: t(ext), i(nteger), r(eal), b(ytes).
struct Table {
  const char* name;
  std::vector<std::pair<const char*, char>> columns;
};

const std::vector<Table>& row_tables() {
  static const std::vector<Table> tables = {
      {"runs",
       {{"id", 't'},
        {"company_id", 't'},
        {"company_name", 't'},
        {"name_norm", 't'},
        {"account_key", 't'},
        {"seller", 't'},
        {"pipeline", 't'},
        {"created_at", 't'},
        {"status", 't'},
        {"members", 'i'},
        {"coverage", 'i'},
        {"group_json", 't'}}},
      {"run_members",
       {{"run_id", 't'},
        {"person_id", 't'},
        {"full_name", 't'},
        {"title", 't'},
        {"role", 't'},
        {"sub_role", 't'},
        {"confidence", 'r'},
        {"source", 't'},
        {"retrieved_at", 't'}}},
      {"batch_runs", {{"batch_id", 't'}, {"run_prefix", 't'}, {"started_at", 't'}}},
      {"batch_accounts",
       {{"batch_id", 't'},
        {"account_key", 't'},
        {"status", 't'},
        {"error_code", 't'},
        {"run_id", 't'},
        {"finished_at", 't'}}},
      {"suppressions", {{"kind", 't'}, {"value", 't'}, {"reason", 't'}, {"added_at", 't'}}},
      {"http_cache",
       {{"key", 't'},
        {"data_class", 't'},
        {"value", 'b'},
        {"stored_at", 'i'},
        {"expires_at", 'i'}}},
      {"api_tokens",
       {{"name", 't'},
        {"hash", 't'},
        {"created_at", 't'},
        {"last_used_at", 't'},
        {"revoked_at", 't'}}},
  };
  return tables;
}

}  // namespace

// A friend of Store: reads the source's tables through a reader and writes through the
// destination's writer (or its upserts).
class Copier {
 public:
  Copier(Store& from, Store& to, const std::function<void(const CopyProgress&)>& progress)
      : from_(from), to_(to), progress_(progress) {}

  sdk::Result<std::vector<CopyCount>> run() {
    std::vector<CopyCount> out;
    auto records = [&](const char* table, const char* sql, auto upsert) -> sdk::Status {
      CopyCount n{table};
      auto s = copy_records(n, sql, upsert);
      out.push_back(n);
      return s;
    };
    if (auto s = records("companies", "SELECT record FROM companies ORDER BY id",
                         [&](const std::string& text) {
                           return upsert<sdk::Company>(
                               text, [&](const auto& c) { return to_.upsert_company(c); });
                         });
        !s)
      return s.error();
    if (auto s = records("people", "SELECT record FROM people ORDER BY pk",
                         [&](const std::string& text) {
                           return upsert<sdk::Person>(
                               text, [&](const auto& p) { return to_.upsert_person(p); });
                         });
        !s)
      return s.error();
    for (const auto& t : row_tables()) {
      CopyCount n{t.name};
      auto s = copy_rows(t, n);
      out.push_back(n);
      if (!s) return s.error();
    }
    return out;
  }

 private:
  // Parses one stored record and upserts it; 1 when it was written, 0 when unchanged.
  template <class T, class F>
  static sdk::Result<int> upsert(const std::string& text, F&& write) {
    T v;
    try {
      from_json(nlohmann::json::parse(text), v);
    } catch (const std::exception& e) {
      return sdk::Error{"store_copy", std::string("a stored record cannot be read: ") + e.what()};
    }
    auto r = write(v);
    if (!r) return r.error();
    return *r == Upsert::unchanged ? 0 : 1;
  }

  std::int64_t count(Store::Lease& db, const std::string& table) {
    Stmt* q = db.prepare("SELECT count(*) FROM " + table);
    if (!q || q->step() != kRow) return 0;
    const auto n = q->int64(0);
    q->reset();
    return n;
  }

  void report(const CopyCount& n, std::int64_t total) {
    if (progress_) progress_({n.table, n.read, total});
  }

  // Runs `body` over batches of rows in destination transactions.
  template <class Body>
  sdk::Status batched(CopyCount& n, std::int64_t total, Stmt* q, Body&& body) {
    bool open = false;
    int rc;
    while ((rc = q->step()) == kRow) {
      if (!open) {
        if (auto s = to_.begin(); !s) return s;
        open = true;
      }
      if (auto s = body(*q); !s) {
        q->reset();
        (void)to_.rollback();
        return s;
      }
      if (++n.read % kBatch == 0) {
        if (auto s = to_.commit(); !s) return s;
        open = false;
        report(n, total);
      }
    }
    q->reset();
    if (open)
      if (auto s = to_.commit(); !s) return s;
    report(n, total);
    if (rc != kDone) return sdk::Status::error("store_copy", "reading " + n.table + " failed");
    return sdk::Status::ok();
  }

  template <class F>
  sdk::Status copy_records(CopyCount& n, const char* sql, F&& upsert_one) {
    auto src = from_.read();
    if (!src) return sdk::Status::error("store_open", "cannot read " + from_.path());
    const std::int64_t total = count(src, n.table);
    Stmt* q = src.prepare(sql);
    if (!q) return src->error("reading " + n.table);
    return batched(n, total, q, [&](Stmt& row) -> sdk::Status {
      auto w = upsert_one(std::string(row.text(0)));
      if (!w) return sdk::Status::from(w.error());
      n.written += *w;
      return sdk::Status::ok();
    });
  }

  sdk::Status copy_rows(const Table& t, CopyCount& n) {
    std::string cols, params;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      cols += (i ? ", " : "") + std::string(t.columns[i].first);
      params += (i ? ", ?" : "?") + std::to_string(i + 1);
    }
    auto src = from_.read();
    if (!src) return sdk::Status::error("store_open", "cannot read " + from_.path());
    const std::int64_t total = count(src, t.name);
    Stmt* q = src.prepare("SELECT " + cols + " FROM " + t.name);
    if (!q) return src->error(std::string("reading ") + t.name);
    const std::string insert = std::string("INSERT INTO ") + t.name + "(" + cols + ") VALUES (" +
                               params + ") ON CONFLICT DO NOTHING";
    return batched(n, total, q, [&](Stmt& row) -> sdk::Status {
      std::lock_guard lock(to_.writer_mu_);
      auto& db = *to_.writer_;
      Stmt* ins = db.prepare(insert);
      if (!ins) return db.error(std::string("preparing ") + t.name);
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const int c = static_cast<int>(i);
        if (row.is_null(c)) {
          ins->bind_null(c + 1);
          continue;
        }
        switch (t.columns[i].second) {
          case 'i':
            ins->bind_int(c + 1, row.int64(c));
            break;
          case 'r':
            ins->bind_double(c + 1, row.real(c));
            break;
          case 'b':
            ins->bind_blob(c + 1, row.blob(c));
            break;
          default:
            ins->bind_text(c + 1, row.text(c));
            break;
        }
      }
      const int rc = ins->step();
      ins->reset();
      if (rc != kDone) return db.error(std::string("writing ") + t.name);
      n.written += db.changes();
      return sdk::Status::ok();
    });
  }

  Store& from_;
  Store& to_;
  const std::function<void(const CopyProgress&)>& progress_;
};

sdk::Result<std::vector<CopyCount>> copy_store(
    Store& from, Store& to, const std::function<void(const CopyProgress&)>& progress) {
  if (&from == &to) return sdk::Error{"invalid_input", "a store cannot be copied into itself"};
  return Copier(from, to, progress).run();
}

}  // namespace buyergraph::store
