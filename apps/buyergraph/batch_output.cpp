#include "batch_output.hpp"

#include <map>
#include <sstream>

#include <fmt/format.h>

#include "buyergraph/report/csv.hpp"
#include "buyergraph/report/files.hpp"

namespace buyergraph::cli {

using nlohmann::json;

namespace {

std::string text(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// Company names, titles and errors are untrusted: one cell function for every CSV we write.
std::string csv_line(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i)
    out += (i ? "," : "") + report::csv_cell(fields[i]);
  return out + "\r\n";
}

}  // namespace

json journal_entry(const engine::AccountResult& result, const BatchRow& row,
                   const std::string& report_path) {
  json e = {{"key", row.key},
            {"line", row.line},
            {"name", row.name},
            {"domain", row.domain},
            {"provider_id", row.provider_id},
            {"status", std::string(engine::to_string(result.status))},
            {"error_code", result.error_code},
            {"error_message", result.error_message},
            {"seconds", result.seconds}};
  const auto& attrs = result.account.attributes;
  e["run_id"] = attrs.contains("run_id") ? attrs["run_id"] : json(nullptr);
  json errors = json::array();
  for (const auto& err : result.errors)
    errors.push_back({{"stage", err.stage}, {"code", err.code}, {"message", err.message}});
  e["errors"] = std::move(errors);
  // Every line has every field (null when there is no group), so readers need no guessing.
  for (const char* field : {"company", "members", "coverage", "credits", "report", "group"})
    e[field] = nullptr;
  for (const auto& o : result.outputs) {
    const auto* g = o.as<sdk::BuyerGroup>();
    if (!g) continue;
    e["company"] = {{"id", g->company.id}, {"name", g->company.name}};
    e["members"] = g->members.size();
    auto cov = g->coverage.find("score");
    e["coverage"] = cov != g->coverage.end() ? *cov : json(nullptr);
    e["credits"] = g->ledger.value("total_credits", 0.0);
    e["report"] = report_path.empty() ? json(nullptr) : json(report_path);
    // Members only: the whole report (excluded people, evidence) is ~50x larger and is in the
    // per-account JSON file already; thousands of accounts must not make a multi-GB journal.
    json members = json::array();
    for (const auto& m : g->members)
      members.push_back({{"person_id", m.person.id},
                         {"full_name", m.person.full_name},
                         {"title", m.person.title},
                         {"role", m.role},
                         {"sub_role", m.sub_role},
                         {"confidence", m.confidence}});
    e["group"] = {{"members", std::move(members)}};
    break;
  }
  return e;
}

BatchJournal::BatchJournal(const std::string& path, bool truncate)
    : out_(path, truncate ? std::ios::trunc : std::ios::app) {}

void BatchJournal::append(const json& entry) {
  std::string line = entry.dump(-1, ' ', false, json::error_handler_t::replace);
  std::lock_guard lock(mu_);
  out_ << line << '\n';
  out_.flush();
}

std::vector<json> read_journal(const std::string& path) {
  std::vector<json> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    json j = json::parse(line, nullptr, false);
    // A line cut off by a hard stop is not an entry; its account is not recorded as done.
    if (j.is_object() && j.contains("key") && j["key"].is_string()) out.push_back(std::move(j));
  }
  return out;
}

std::set<std::string> compact_journal(const std::string& path, const std::set<std::string>& done) {
  std::set<std::string> kept;
  std::ifstream in(path);
  if (!in) return kept;
  std::string line, text_out;
  bool dropped = false;
  while (std::getline(in, line)) {
    json j = json::parse(line, nullptr, false);
    std::string key = j.is_object() ? text(j, "key") : "";
    if (key.empty() || !done.count(key) || !kept.insert(key).second) {
      dropped = true;
      continue;
    }
    text_out += line + '\n';
  }
  in.close();
  if (dropped) (void)report::write_file_atomically(path, text_out);
  return kept;
}

bool is_settled(std::string_view status, std::string_view error_code) {
  if (status == "ok" || status == "partial") return true;
  return status == "failed" &&
         (error_code == "not_found" || error_code == "ambiguous" || error_code == "suppressed");
}

BatchTally tally(const std::vector<json>& entries) {
  BatchTally t;
  for (const auto& e : entries) {
    const std::string status = text(e, "status"), code = text(e, "error_code");
    if (status == "ok")
      ++t.resolved;
    else if (status == "partial")
      ++t.partial;
    else if (code == "ambiguous")
      ++t.ambiguous;
    else if (code == "not_found")
      ++t.not_found;
    else
      ++t.failed;
    if (!is_settled(status, code)) ++t.to_retry;
    if (auto c = e.find("credits"); c != e.end() && c->is_number()) t.credits += c->get<double>();
  }
  return t;
}

std::string render_batch_csv(const std::vector<json>& entries) {
  std::string out =
      csv_line({"account_key", "line", "status", "error_code", "company_id", "company_name", "role",
                "sub_role", "confidence", "person_id", "full_name", "title", "run_id", "report"});
  for (const auto& e : entries) {
    const json company = e.value("company", json::object());
    std::vector<std::string> account = {text(e, "key"),      text(e, "line"),
                                        text(e, "status"),   text(e, "error_code"),
                                        text(company, "id"), text(company, "name")};
    auto tail = [&](std::vector<std::string> f) {
      f.push_back(text(e, "run_id"));
      f.push_back(text(e, "report"));
      return f;
    };
    const json& g = e.contains("group") ? e["group"] : json(nullptr);
    if (!g.is_object() || !g.contains("members") || g["members"].empty()) {
      auto f = account;
      f.insert(f.end(), {"", "", "", "", "", ""});
      out += csv_line(tail(f));
      continue;
    }
    for (const auto& m : g["members"]) {
      auto f = account;
      f.insert(f.end(), {text(m, "role"), text(m, "sub_role"), text(m, "confidence"),
                         text(m, "person_id"), text(m, "full_name"), text(m, "title")});
      out += csv_line(tail(f));
    }
  }
  return out;
}

}  // namespace buyergraph::cli
