// Queries per second over 10,000 generated companies through VectorCandidateSource.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <random>

#include "buyergraph/resolve/candidate_source.hpp"
#include "test_support.hpp"

namespace buyergraph::resolve {
namespace {

using testing::resolver;

std::vector<sdk::Company> generate(std::size_t n) {
  const char* syll[] = {"ka",  "lo", "mi", "ne", "tor", "vex", "qua", "ri",  "zen", "bel",
                        "dra", "fo", "gi", "hu", "jas", "mor", "pel", "sti", "ur",  "wyn"};
  const char* words[] = {"Systems", "Labs",   "Foods",    "Logistics", "Capital",
                         "Health",  "Energy", "Software", "Media",     "Partners"};
  const char* forms[] = {"Inc.", "Ltd", "GmbH", "S.A.", "LLC", "B.V.", "AB", "Pty Ltd"};
  const char* tlds[] = {"com", "co.uk", "de", "fr", "io", "com.au", "se", "nl"};
  std::mt19937 rng(42);
  std::vector<sdk::Company> out;
  for (std::size_t i = 0; i < n; ++i) {
    std::string stem;
    for (int k = 0; k < 3; ++k) stem += syll[rng() % 20];
    stem[0] = static_cast<char>(std::toupper(stem[0]));
    stem += std::to_string(i);  // unique stem, so every name is unique by construction
    sdk::Company c;
    c.id = "g-" + std::to_string(i);
    c.name = stem + " " + words[rng() % 10] + " " + forms[i % 8];
    std::string lower = stem;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(ch));
    c.domains = {lower + "." + tlds[i % 8]};
    c.linkedin_url = "https://www.linkedin.com/company/" + lower;
    c.industry = "Software";
    c.employees = static_cast<std::int64_t>(10 + rng() % 5000);
    out.push_back(std::move(c));
  }
  return out;
}

TEST(Throughput, TenThousandCompanies) {
  auto companies = generate(10000);
  auto t0 = std::chrono::steady_clock::now();
  VectorCandidateSource src(resolver(), companies);
  auto t1 = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, std::string>> queries;  // (query, expected id)
  for (std::size_t i = 0; i < companies.size(); i += 10) {
    const auto& c = companies[i];
    queries.emplace_back(c.name, c.id);
    queries.emplace_back("https://www." + c.domains[0] + "/about", c.id);
    queries.emplace_back(c.linkedin_url, c.id);
  }
  int resolved_right = 0, resolved_wrong = 0;
  auto t2 = std::chrono::steady_clock::now();
  for (const auto& [q, id] : queries) {
    auto r = resolve(resolver(), q, src, 50);
    if (r.status == "resolved") (r.company->id == id ? resolved_right : resolved_wrong)++;
  }
  auto t3 = std::chrono::steady_clock::now();
  double index_s = std::chrono::duration<double>(t1 - t0).count();
  double query_s = std::chrono::duration<double>(t3 - t2).count();
  double qps = static_cast<double>(queries.size()) / query_s;
  std::cout << "[resolve] 10,000 companies: index built in " << index_s << " s; " << queries.size()
            << " queries (name, URL, LinkedIn) in " << query_s << " s = " << qps << " queries/s\n";
  RecordProperty("queries_per_second", std::to_string(qps));
  EXPECT_EQ(resolved_wrong, 0);
  EXPECT_EQ(resolved_right, static_cast<int>(queries.size()));
}

}  // namespace
}  // namespace buyergraph::resolve
