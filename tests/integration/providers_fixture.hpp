#pragma once
// The small demo store the provider integration tests serve through the mock: seven small
// companies (about 650 people) from the demo generator, built once and cached in the temp
// folder under the same name as tests/unit/mock/server_test.cpp uses, so both suites share it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "buyergraph/demo/demo.hpp"
#include "buyergraph/sellers/profile.hpp"
#include "buyergraph/store/import.hpp"
#include "buyergraph/store/store.hpp"

namespace buyergraph::test {

namespace detail {
// Keeps the `companies:` entries whose key is listed, and every other section.
inline void write_small_company_list(const std::filesystem::path& from, const std::string& to) {
  const std::set<std::string> keep = {
      "tailspin-aviation", "blue-yonder", "coho", "southridge", "nod", "wingtip", "olympia"};
  std::ifstream in(from);
  std::ofstream out(to);
  bool in_companies = false, keeping = true;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("companies:", 0) == 0)
      in_companies = true;
    else if (!line.empty() && line[0] != ' ' && line[0] != '#')
      in_companies = false;
    if (in_companies && line.rfind("  - {key: ", 0) == 0)
      keeping = keep.contains(line.substr(10, line.find(',') - 10));
    if (!in_companies || keeping) out << line << "\n";
  }
}
}  // namespace detail

/// The fixture folder (store.db, truth.jsonl), building it on first use. Fails the calling
/// test (ADD_FAILURE) and returns "" when the generator or the import fails.
inline std::string small_demo_fixture() {
  namespace fs = std::filesystem;
  const fs::path vocab = fs::path(BUYERGRAPH_SOURCE_DIR) / "data" / "demo";
  std::uintmax_t key = 0;
  for (const auto& f : fs::directory_iterator(vocab))
    key = key * 31 + f.file_size() +
          static_cast<std::uintmax_t>(f.last_write_time().time_since_epoch().count());
  const std::string dir =
      (fs::path(::testing::TempDir()) / ("bg-mock-fixture-" + std::to_string(key))).string();
  if (fs::exists(dir + "/ready")) return dir;
  const std::string tmp = dir + ".tmp-" + std::to_string(getpid());
  fs::remove_all(tmp);
  fs::create_directories(tmp + "/vocab");
  for (const auto& f : fs::directory_iterator(vocab))
    if (f.path().filename() != "companies.yaml")
      fs::copy_file(f.path(), tmp + "/vocab/" + f.path().filename().string());
  detail::write_small_company_list(vocab / "companies.yaml", tmp + "/vocab/companies.yaml");
  demo::DemoOptions opts;
  opts.include_largest = false;
  opts.data_dir = tmp + "/vocab";
  auto summary = demo::write_demo_dataset(opts, tmp);
  if (!summary) {
    ADD_FAILURE() << summary.error().message;
    return "";
  }
  {
    auto s = store::Store::open(tmp + "/store.db");
    if (!s) {
      ADD_FAILURE() << s.error().message;
      return "";
    }
    for (const char* f : {"companies.jsonl", "employees.jsonl"}) {
      auto r = store::import_file(**s, tmp + "/" + f);
      if (!r || r->errors != 0) {
        ADD_FAILURE() << "import of " << f << " failed";
        return "";
      }
    }
  }
  fs::remove(tmp + "/employees.jsonl");  // the store has it; keep the temp folder small
  std::ofstream(tmp + "/ready") << "ok\n";
  std::error_code ec;
  fs::rename(tmp, dir, ec);
  if (ec) fs::remove_all(tmp);  // another process won the race; use its copy
  return dir;
}

/// Accounts as a user types them, one per company: a name and a website, no provider id, with
/// the seller profile of sellers/<seller_file> attached; the smallest companies first when
/// asked (tests that need requests, not volume).
inline std::vector<sdk::Account> accounts_of(std::vector<sdk::Company> companies, std::size_t n,
                                             const std::string& seller_file, bool smallest_first) {
  auto seller =
      sellers::load_seller_profile(std::string(BUYERGRAPH_SOURCE_DIR) + "/sellers/" + seller_file);
  EXPECT_TRUE(seller) << seller.error().message;
  if (smallest_first)
    std::stable_sort(companies.begin(), companies.end(), [](const auto& a, const auto& b) {
      return a.employees.value_or(0) < b.employees.value_or(0);
    });
  std::vector<sdk::Account> out;
  for (const auto& c : companies) {
    if (out.size() == n) break;
    sdk::Account a;
    a.key = c.id;
    a.name = c.name;
    if (!c.domains.empty()) a.domain = c.domains.front();
    a.attachments.push_back(
        sdk::Item::make<sdk::SellerProfile>(seller ? *seller : sellers::default_seller_profile()));
    out.push_back(a);
  }
  return out;
}

}  // namespace buyergraph::test
