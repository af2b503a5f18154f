// Store records as CoreSignal documents, plus the id indexes searches narrow with.
#include "buyergraph/mock/corpus.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "buyergraph/coresignal/mapping.hpp"
#include "buyergraph/coresignal/web.hpp"

namespace buyergraph::mock {

using nlohmann::json;

bool id_less(std::string_view a, std::string_view b) {
  auto numeric = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c));
    });
  };
  bool na = numeric(a), nb = numeric(b);
  if (na && nb) {
    if (a.size() != b.size()) return a.size() < b.size();
    return a < b;
  }
  if (na != nb) return na;  // numeric ids first
  return a < b;
}

namespace {

std::string id_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  return v.dump();
}

/// The last path segment of a LinkedIn URL, or the input when it is already a shorthand.
std::string shorthand(std::string_view s) {
  std::string t(s);
  while (!t.empty() && t.back() == '/') t.pop_back();
  auto slash = t.rfind('/');
  if (slash != std::string::npos) t = t.substr(slash + 1);
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  return t;
}

/// Reads the id indexes (every experience employer and the root current employer) straight
/// from the store file: the Store API has no "all people" or
/// "anyone who ever worked at X" query, and the mock must see former employees too.
sdk::Status read_indexes(const std::string& path, std::vector<std::string>& ids,
                         std::unordered_map<std::string, std::vector<std::string>>& by_company) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return sdk::Status::error("store", "cannot read " + path + ": " + msg);
  }
  const char* sql =
      "SELECT p.id, r.company_id FROM people p LEFT JOIN roles r ON r.person_pk = p.pk "
      "UNION ALL SELECT id, company_id FROM people";
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
    std::string msg = sqlite3_errmsg(db);
    sqlite3_close(db);
    return sdk::Status::error("store", "cannot index " + path + ": " + msg);
  }
  std::unordered_map<std::string, bool> seen;
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::string id = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    if (seen.emplace(id, true).second) ids.push_back(id);
    if (auto* c = sqlite3_column_text(st, 1)) {
      auto& v = by_company[reinterpret_cast<const char*>(c)];
      if (v.empty() || v.back() != id) v.push_back(id);
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  std::sort(ids.begin(), ids.end(), id_less);
  for (auto& [company, people] : by_company) {
    std::sort(people.begin(), people.end(), id_less);
    people.erase(std::unique(people.begin(), people.end()), people.end());
  }
  return {};
}

}  // namespace

sdk::Result<std::unique_ptr<Corpus>> Corpus::open(const std::string& store_path) {
  if (store_path.empty()) return sdk::Error{"invalid_input", "no store path given", false};
  // Store::open creates missing files; a mock must serve an existing store, not an empty one.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(store_path, ec))
    return sdk::Error{"not_found", "no store file at " + store_path, false};
  auto s = store::Store::open(store_path);
  if (!s) return s.error();
  std::unique_ptr<Corpus> c(new Corpus(std::move(*s)));
  if (auto st = read_indexes(store_path, c->person_ids_, c->people_by_company_); !st)
    return st.error();
  auto companies = c->store_->all_companies();
  std::sort(companies.begin(), companies.end(),
            [](const auto& a, const auto& b) { return id_less(a.id, b.id); });
  for (const auto& company : companies) {
    c->company_index_[company.id] = c->companies_.size();
    c->companies_.push_back(coresignal::to_coresignal(company));
  }
  return c;
}

std::vector<std::string> Corpus::people_with_role_at(std::string_view company_id) const {
  auto it = people_by_company_.find(std::string(company_id));
  return it == people_by_company_.end() ? std::vector<std::string>{} : it->second;
}

json Corpus::employee_document(const sdk::Person& p) const {
  json doc = coresignal::to_coresignal(p);
  // Fields the store does not keep but clients read: the update date (default sort and cursors)
  // and the employer's web and firmographic fields on each experience entry.
  std::string updated = p.provenance.retrieved_at.substr(0, 10);
  doc["updated_at"] = updated.empty() ? "2026-11-01" : updated;
  for (auto& e : doc["experience"]) {
    auto it = company_index_.find(id_text(e["company_id"]));
    if (it == company_index_.end()) continue;
    const json& c = companies_[it->second];
    e["company_website"] = c.value("website", json());
    e["company_linkedin_url"] = c.value("linkedin_url", json());
    e["company_industry"] = c.value("industry", json());
    e["company_size_range"] = c.value("size_range", json());
    e["company_hq_country"] = c.value("hq_country", json());
  }
  return doc;
}

std::shared_ptr<const json> Corpus::employee(const std::string& id) {
  {
    std::lock_guard lock(cache_mu_);
    if (auto it = cache_.find(id); it != cache_.end()) return it->second;
  }
  auto p = store_->person(id);
  if (!p) return nullptr;
  auto doc = std::make_shared<const json>(employee_document(*p));
  std::lock_guard lock(cache_mu_);
  cache_.emplace(id, doc);
  return doc;
}

std::shared_ptr<const json> Corpus::employee_by_profile(std::string_view shorthand_or_url) {
  std::string slug = shorthand(shorthand_or_url);
  if (slug.empty()) return nullptr;
  auto people = store_->people_by_profile_url("https://www.linkedin.com/in/" + slug);
  if (people.empty()) return nullptr;
  return employee(people.front().id);
}

std::optional<json> Corpus::company(std::string_view id) const {
  auto it = company_index_.find(std::string(id));
  if (it == company_index_.end()) return std::nullopt;
  return companies_[it->second];
}

std::optional<json> Corpus::company_by_profile(std::string_view shorthand_or_url) const {
  std::string slug = shorthand(shorthand_or_url);
  if (slug.empty()) return std::nullopt;
  for (const auto& c : companies_)
    if (c["linkedin_url"].is_string() && shorthand(c["linkedin_url"].get<std::string>()) == slug)
      return c;
  return std::nullopt;
}

std::vector<json> Corpus::companies_by_website(std::string_view website) {
  std::vector<json> out;
  for (const auto& c : store_->companies_by_domain(website))
    if (auto doc = company(c.id)) out.push_back(*doc);
  return out;
}

}  // namespace buyergraph::mock
