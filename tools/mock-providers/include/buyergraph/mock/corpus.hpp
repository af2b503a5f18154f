#pragma once
// The documents the mock servers serve: store records in CoreSignal multi-source shape, with an
// in-memory index of every person id and of the companies in each person's experience, so a
// search can narrow its candidates without missing former employees, duplicates or deleted
// records (Store::current_employees hides those; a mock must serve them).
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/sdk/status.hpp"
#include "buyergraph/store/store.hpp"

namespace buyergraph::mock {

/// Read access to a store file as CoreSignal documents. Thread-safe; documents are built on
/// first use and cached.
///
///   auto corpus = Corpus::open("/tmp/demo/store.db");
///   for (const auto& id : (*corpus)->people_with_role_at("8697858")) ...
///   auto doc = (*corpus)->employee("390491994");   // collect-response shape, or null
class Corpus {
 public:
  static sdk::Result<std::unique_ptr<Corpus>> open(const std::string& store_path);

  /// Every person id in the store, deleted and duplicate records included, ascending.
  const std::vector<std::string>& person_ids() const { return person_ids_; }
  /// People with any experience entry (current or past) at the company, ascending.
  std::vector<std::string> people_with_role_at(std::string_view company_id) const;

  /// The employee record in collect shape (providers.md 1.12), null for an unknown id.
  std::shared_ptr<const nlohmann::json> employee(const std::string& id);
  /// By LinkedIn shorthand ("jane-doe-1234") or profile URL; null when unknown.
  std::shared_ptr<const nlohmann::json> employee_by_profile(std::string_view shorthand_or_url);

  /// Every company in CoreSignal company shape, ascending id.
  const std::vector<nlohmann::json>& companies() const { return companies_; }
  std::optional<nlohmann::json> company(std::string_view id) const;
  /// By LinkedIn shorthand ("acme") or company page URL.
  std::optional<nlohmann::json> company_by_profile(std::string_view shorthand_or_url) const;
  /// Companies owning the registrable domain of a website or domain.
  std::vector<nlohmann::json> companies_by_website(std::string_view website);

  store::Store& store() { return *store_; }
  /// The SDK person behind a document (for providers that reshape it).
  std::optional<sdk::Person> person(const std::string& id) { return store_->person(id); }

 private:
  explicit Corpus(std::unique_ptr<store::Store> store) : store_(std::move(store)) {}
  nlohmann::json employee_document(const sdk::Person& p) const;

  std::unique_ptr<store::Store> store_;
  std::vector<std::string> person_ids_;
  std::unordered_map<std::string, std::vector<std::string>> people_by_company_;
  std::vector<nlohmann::json> companies_;
  std::unordered_map<std::string, std::size_t> company_index_;
  std::mutex cache_mu_;
  std::unordered_map<std::string, std::shared_ptr<const nlohmann::json>> cache_;
};

/// Orders numeric ids numerically and others as text, as CoreSignal's ascending-id sort does.
///
///   std::sort(ids.begin(), ids.end(), id_less);
bool id_less(std::string_view a, std::string_view b);

}  // namespace buyergraph::mock
