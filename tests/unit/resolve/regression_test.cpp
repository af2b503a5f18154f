// The labelled regression set (tests/fixtures/resolve/): namesakes, TLD twins, sub-entities,
// aliases and former names, tickers, parents and subsidiaries, denylisted hosts.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>

#include "buyergraph/resolve/candidate_source.hpp"
#include "buyergraph/resolve/companies_file.hpp"
#include "test_support.hpp"

namespace buyergraph::resolve {
namespace {

using testing::resolver;
using testing::source_path;

struct Label {
  std::string query, expect, id, note;
  std::vector<std::string> ids;
};

std::vector<Label> labels() {
  std::vector<Label> out;
  std::ifstream in(source_path("tests/fixtures/resolve/queries.jsonl"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto j = nlohmann::json::parse(line);
    Label l;
    l.query = j.at("query");
    l.expect = j.at("expect");
    l.id = j.value("id", "");
    l.note = j.value("note", "");
    if (j.contains("ids")) l.ids = j["ids"].get<std::vector<std::string>>();
    out.push_back(std::move(l));
  }
  return out;
}

struct Tally {
  int resolved = 0, resolved_correct = 0, agree = 0, total = 0;
};

Tally run_set(const std::function<Resolution(const std::string&)>& resolve_one) {
  Tally t;
  for (const auto& l : labels()) {
    auto r = resolve_one(l.query);
    ++t.total;
    bool ok = false;
    if (r.status == "resolved") {
      ++t.resolved;
      if (l.expect == "resolved" && r.company->id == l.id) ++t.resolved_correct;
    }
    if (l.expect == "resolved") {
      ok = r.status == "resolved" && r.company->id == l.id;
    } else if (l.expect == "ambiguous") {
      ok = r.status == "ambiguous";
      for (const auto& id : l.ids) {
        bool listed = false;
        for (const auto& c : r.candidates) listed |= c.company.id == id;
        ok = ok && listed;
      }
      for (const auto& c : r.candidates) ok = ok && !c.reasons.empty();
    } else if (l.expect == "not_found") {
      ok = r.status == "not_found" && !r.reason.empty();
    } else {
      ok = r.status != "resolved";
    }
    if (ok) ++t.agree;
    EXPECT_TRUE(ok) << "query '" << l.query << "' expected " << l.expect << " " << l.id << " ("
                    << l.note << ")\n  got: " << to_json(r).dump();
  }
  return t;
}

TEST(Regression, LabelledSetAgainstAllCandidates) {
  auto companies = load_companies_jsonl(source_path("tests/fixtures/resolve/companies.jsonl"));
  ASSERT_TRUE(companies) << companies.error().message;
  ASSERT_GE(labels().size(), 60u);
  auto t = run_set([&](const std::string& q) { return resolver().resolve(q, *companies); });
  double precision = t.resolved ? double(t.resolved_correct) / t.resolved : 0;
  std::cout << "[resolve] pure ranking: " << t.total << " labelled queries, " << t.resolved
            << " resolved, precision " << precision << ", label agreement " << t.agree << "/"
            << t.total << "\n";
  EXPECT_GE(precision, 0.99);
  EXPECT_GT(t.resolved, 50);
}

TEST(Regression, LabelledSetThroughVectorCandidateSource) {
  auto companies = load_companies_jsonl(source_path("tests/fixtures/resolve/companies.jsonl"));
  ASSERT_TRUE(companies) << companies.error().message;
  VectorCandidateSource src(resolver(), *companies);
  auto t = run_set([&](const std::string& q) { return resolve(resolver(), q, src, 50); });
  double precision = t.resolved ? double(t.resolved_correct) / t.resolved : 0;
  std::cout << "[resolve] via VectorCandidateSource: precision " << precision << ", agreement "
            << t.agree << "/" << t.total << "\n";
  EXPECT_GE(precision, 0.99);
}

}  // namespace
}  // namespace buyergraph::resolve
