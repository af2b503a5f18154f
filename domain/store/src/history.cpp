// Buyer-group run history: save a finished group, list runs per company, read one back.
#include <nlohmann/json.hpp>

#include "buyergraph/coresignal/text.hpp"
#include "buyergraph/store/store.hpp"
#include "db.hpp"
#include "lease.hpp"

namespace buyergraph::store {

using detail::kDone;
using detail::kRow;
using detail::Stmt;
using nlohmann::json;

namespace {

std::string text_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Store::RunSummary summary_row(Stmt& q) {
  Store::RunSummary r;
  r.id = q.text(0);
  r.company_id = q.text(1);
  r.company_name = q.text(2);
  r.account_key = q.text(3);
  r.seller = q.text(4);
  r.pipeline = q.text(5);
  r.created_at = q.text(6);
  r.status = q.text(7);
  r.members = static_cast<int>(q.int64(8));
  if (!q.is_null(9)) r.coverage = static_cast<int>(q.int64(9));
  return r;
}

constexpr const char* kSummaryColumns =
    "SELECT id, company_id, company_name, account_key, seller, pipeline, created_at, status,"
    " members, coverage FROM runs ";

}  // namespace

sdk::Status Store::save_run(const sdk::BuyerGroup& g) {
  const std::string id = text_of(g.run, "id");
  if (id.empty()) return sdk::Status::error("invalid_input", "the group has no run id");
  if (g.company.id.empty()) return sdk::Status::error("invalid_input", "the group has no company");
  std::optional<int> coverage;
  if (auto it = g.coverage.find("score"); it != g.coverage.end() && it->is_number())
    coverage = static_cast<int>(it->get<double>());
  const std::string record = json(g).dump(-1, ' ', false, json::error_handler_t::replace);
  std::lock_guard lock(writer_mu_);
  auto& db = *writer_;
  // The run and its members replace an earlier save of the same id, all or nothing.
  return detail::atomically(db, [&]() -> sdk::Status {
    Stmt* del = db.prepare("DELETE FROM runs WHERE id = ?1");
    if (!del || del->bind(1, id).step() != kDone) return db.error("delete run");
    del->reset();
    Stmt* ins = db.prepare(
        "INSERT INTO runs(id, company_id, company_name, name_norm, account_key, seller, pipeline,"
        " created_at, status, members, coverage, group_json)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)");
    if (!ins) return db.error("prepare run");
    ins->bind(1, id).bind(2, g.company.id).bind(3, g.company.name);
    ins->bind(4, coresignal::normalize_company_name(g.company.name));
    ins->bind_or_null(5, text_of(g.run, "account_key")).bind_or_null(6, g.seller.source_file);
    ins->bind_or_null(7, text_of(g.run, "pipeline"));
    std::string created = text_of(g.run, "generated_at");
    const std::string status = text_of(g.run, "status");
    ins->bind(8, created).bind(9, status.empty() ? std::string("ok") : status);
    ins->bind(10, static_cast<std::int64_t>(g.members.size())).bind_or_null(11, coverage);
    ins->bind(12, record);
    if (ins->step() != kDone) return db.error("insert run");
    ins->reset();
    Stmt* mem = db.prepare(
        "INSERT INTO run_members(run_id, person_id, full_name, title, role, sub_role,"
        " confidence, source, retrieved_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)"
        " ON CONFLICT(run_id, person_id) DO UPDATE SET full_name = excluded.full_name,"
        " title = excluded.title, role = excluded.role, sub_role = excluded.sub_role,"
        " confidence = excluded.confidence, source = excluded.source,"
        " retrieved_at = excluded.retrieved_at");
    if (!mem) return db.error("prepare members");
    for (const auto& m : g.members) {
      mem->bind(1, id).bind(2, m.person.id).bind(3, m.person.full_name);
      mem->bind_or_null(4, m.person.title).bind(5, m.role).bind_or_null(6, m.sub_role);
      mem->bind(7, m.confidence);
      mem->bind_or_null(8, m.person.provenance.source)
          .bind_or_null(9, m.person.provenance.retrieved_at);
      if (mem->step() != kDone) return db.error("insert member");
      mem->reset();
    }
    return sdk::Status::ok();
  });
}

std::vector<Store::RunSummary> Store::runs_for_company(std::string_view company, int limit) {
  std::vector<RunSummary> out;
  auto db = read();
  Stmt* q = db.prepare(std::string(kSummaryColumns) +
                       "WHERE company_id = ?1 OR name_norm = ?2 OR account_key = ?1"
                       " ORDER BY created_at DESC, id DESC LIMIT ?3");
  if (!q) return out;
  q->bind(1, company).bind(2, coresignal::normalize_company_name(company));
  q->bind(3, limit > 0 ? static_cast<std::int64_t>(limit) : INT64_MAX);
  while (q->step() == kRow) out.push_back(summary_row(*q));
  q->reset();
  return out;
}

std::optional<Store::RunSummary> Store::run_summary(std::string_view run_id) {
  auto db = read();
  Stmt* q = db.prepare(std::string(kSummaryColumns) + "WHERE id = ?1");
  if (!q) return std::nullopt;
  std::optional<RunSummary> r;
  if (q->bind(1, run_id).step() == kRow) r = summary_row(*q);
  q->reset();
  return r;
}

std::optional<sdk::BuyerGroup> Store::run_group(std::string_view run_id) {
  auto db = read();
  Stmt* q = db.prepare("SELECT group_json FROM runs WHERE id = ?1");
  if (!q) return std::nullopt;
  std::optional<sdk::BuyerGroup> g;
  if (q->bind(1, run_id).step() == kRow) {
    try {
      sdk::BuyerGroup v;
      from_json(json::parse(q->text(0)), v);
      g = std::move(v);
    } catch (const std::exception&) {
      // a corrupted row reads as missing, like every other store read
    }
  }
  q->reset();
  return g;
}

}  // namespace buyergraph::store
