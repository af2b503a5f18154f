#include <gtest/gtest.h>

#include <set>

#include "fixtures.hpp"

using namespace buyergraph::intelligence;
using json = nlohmann::json;

namespace {

TEST(Analyze, EveryItemHasEvidenceWithAFieldAndSource) {
  auto g = fixtures::group();
  analyze(g, fixtures::options());
  auto items = fixtures::all_items(g.intelligence);
  ASSERT_GT(items.size(), 20u);
  for (const auto& item : items) {
    ASSERT_TRUE(item.contains("evidence")) << item.dump();
    ASSERT_FALSE(item["evidence"].empty()) << item.dump();
    for (const auto& e : item["evidence"]) {
      EXPECT_FALSE(e.value("field", "").empty() && e.value("url", "").empty()) << item.dump();
      EXPECT_FALSE(e.value("source", "").empty()) << e.dump();
    }
  }
}

TEST(Analyze, ContractShape) {
  auto g = fixtures::group();
  analyze(g, fixtures::options());
  const json& i = g.intelligence;
  for (const char* k : {"company_signals", "member_signals", "pain_points", "recommendations"})
    EXPECT_TRUE(i[k].is_array()) << k;
  EXPECT_TRUE(i["decision_flow"]["nodes"].is_array());
  EXPECT_TRUE(i["decision_flow"]["edges"].is_array());
  EXPECT_TRUE(i["narrative"]["statement"].is_string());
  EXPECT_EQ(i["as_of"], "2026-11-24");
  const std::set<std::string> company_kinds = {"headcount_growth", "department_headcount",
                                               "hiring",           "executive_change",
                                               "technology_fit",   "funding"};
  for (const auto& s : i["company_signals"]) EXPECT_TRUE(company_kinds.count(s["kind"])) << s;
  const std::set<std::string> rec_kinds = {"entry_point", "sequence", "message", "timing", "gap"};
  for (const auto& r : i["recommendations"]) EXPECT_TRUE(rec_kinds.count(r["kind"])) << r;
  // The whole group still round-trips through the SDK's JSON.
  json j;
  buyergraph::sdk::to_json(j, g);
  buyergraph::sdk::BuyerGroup back;
  buyergraph::sdk::from_json(j, back);
  EXPECT_EQ(back.intelligence, g.intelligence);
}

TEST(Analyze, ItemsWithoutEvidenceAreDropped) {
  json intel = json::parse(R"({
    "company_signals": [
      {"id": "a", "statement": "kept", "evidence": [{"field": "company.employees", "value": "5"}]},
      {"id": "b", "statement": "no evidence key"},
      {"id": "c", "statement": "empty evidence", "evidence": []},
      {"id": "d", "statement": "evidence with nothing in it", "evidence": [{"note": "trust me"}]},
      {"id": "e", "statement": "url is enough", "evidence": [{"url": "https://example.com/x"}]}],
    "recommendations": [{"id": "r", "statement": "unsupported", "evidence": []}],
    "decision_flow": {"nodes": [], "edges": [{"from": "1", "to": "2", "inferred": true}]},
    "narrative": {"statement": "unsupported"}})");
  EXPECT_EQ(drop_unsupported(intel), 6);
  ASSERT_EQ(intel["company_signals"].size(), 2u);
  EXPECT_EQ(intel["company_signals"][0]["id"], "a");
  EXPECT_EQ(intel["company_signals"][1]["id"], "e");
  EXPECT_TRUE(intel["recommendations"].empty());
  EXPECT_TRUE(intel["decision_flow"]["edges"].empty());
  EXPECT_FALSE(intel.contains("narrative"));
}

TEST(Analyze, CompanyWithoutSignalsGetsNoCompanyClaims) {
  auto g = fixtures::group();
  g.company.signals = json::object();
  g.company.technologies.clear();
  analyze(g, fixtures::options());
  EXPECT_TRUE(g.intelligence["company_signals"].empty());
  EXPECT_EQ(g.intelligence["narrative"]["statement"].get<std::string>().find("Leading signal"),
            std::string::npos);
}

TEST(Analyze, ReferenceDateFallsBackToTheRunDate) {
  auto g = fixtures::group();
  g.run = json{{"generated_at", "2027-06-01T10:00:00Z"}};
  auto o = fixtures::options();
  o.as_of.clear();
  analyze(g, o);
  EXPECT_EQ(g.intelligence["as_of"], "2027-06-01");
  // Nine months later Priya is no longer recently appointed.
  for (const auto& s : g.intelligence["member_signals"])
    EXPECT_NE(s["kind"], "recently_appointed") << s;
}

TEST(Rules, DefaultFileLoadsAndBadFilesAreRejected) {
  auto r = load_default_rules();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->version, "intelligence/default@1");
  ASSERT_NE(r->category_for("Cloud Infrastructure"), nullptr);
  EXPECT_EQ(r->category_for("cybersecurity")->category, "cybersecurity");
  EXPECT_EQ(r->category_for("security")->category, "cybersecurity");  // alias
  EXPECT_EQ(r->category_for("pet food"), nullptr);
  EXPECT_EQ(load_rules("/nonexistent/rules.yaml").error().code, "not_found");
  auto bad = load_rules(std::string(BUYERGRAPH_SOURCE_DIR) + "/README.md");
  EXPECT_FALSE(bad);
}

}  // namespace
