#include <gtest/gtest.h>

#include "buyergraph/titles/classifier.hpp"
#include "fixtures.hpp"

using namespace buyergraph;
using namespace buyergraph::intelligence;
using json = nlohmann::json;

namespace {

const json* by_id(const json& list, const std::string& id) {
  for (const auto& i : list)
    if (i.value("id", "") == id) return &i;
  return nullptr;
}

bool cites(const json& item, const std::string& field) {
  for (const auto& e : item["evidence"])
    if (e.value("field", "") == field) return true;
  return false;
}

TEST(CompanySignals, GrowthReadsTheYearlyPercentageField) {
  auto g = fixtures::group();
  json s = company_signals(g, fixtures::options(), fixtures::kAsOf);
  const json* growth = by_id(s, "sig-growth");
  ASSERT_NE(growth, nullptr);
  EXPECT_EQ((*growth)["kind"], "headcount_growth");
  std::string st = (*growth)["statement"];
  EXPECT_NE(st.find("grew 23.2% over the last year"), std::string::npos) << st;
  EXPECT_NE(st.find("3,400 employees"), std::string::npos) << st;
  EXPECT_NE(st.find("+4.1% in the last quarter"), std::string::npos) << st;
  // The monthly figure (1.2) is not the yearly growth.
  EXPECT_EQ(st.find("1.2"), std::string::npos) << st;
  EXPECT_TRUE(cites(*growth, "company.signals.employees_count_change.change_yearly_percentage"));
  EXPECT_EQ((*growth)["evidence"][0]["value"], "23.2");
  EXPECT_EQ((*growth)["evidence"][0]["source"], "fixture");
}

TEST(CompanySignals, ShrinkFlatAndMissingGrowth) {
  auto g = fixtures::group();
  g.company.signals["employees_count_change"]["change_yearly_percentage"] = -10.5;
  json s = company_signals(g, fixtures::options(), fixtures::kAsOf);
  EXPECT_NE(by_id(s, "sig-growth")->at("statement").get<std::string>().find("shrank 10.5%"),
            std::string::npos);
  g.company.signals["employees_count_change"]["change_yearly_percentage"] = 0.4;
  s = company_signals(g, fixtures::options(), fixtures::kAsOf);
  EXPECT_NE(by_id(s, "sig-growth")->at("statement").get<std::string>().find("flat (0.4%)"),
            std::string::npos);
  g.company.signals["employees_count_change"].erase("change_yearly_percentage");
  s = company_signals(g, fixtures::options(), fixtures::kAsOf);
  EXPECT_EQ(by_id(s, "sig-growth"), nullptr) << "no field, no growth claim";
}

TEST(CompanySignals, DepartmentHeadcountFollowsTheSellersTargetFunctions) {
  auto g = fixtures::group();
  json s = company_signals(g, fixtures::options(), fixtures::kAsOf);
  const json* tech = by_id(s, "sig-dept-technical");
  ASSERT_NE(tech, nullptr);
  EXPECT_EQ((*tech)["kind"], "department_headcount");
  std::string st = (*tech)["statement"];
  EXPECT_NE(st.find("1,100 people (32.4% of 3,400)"), std::string::npos) << st;
  EXPECT_TRUE(cites(*tech,
                    "company.signals.employees_count_breakdown_by_department."
                    "employees_count_technical"));
  EXPECT_EQ(by_id(s, "sig-dept-finance"), nullptr);

  g.seller.target_functions = {"finance"};
  s = company_signals(g, fixtures::options(), fixtures::kAsOf);
  const json* fin = by_id(s, "sig-dept-finance");
  ASSERT_NE(fin, nullptr);
  EXPECT_NE((*fin)["statement"].get<std::string>().find("210 people"), std::string::npos);
  EXPECT_EQ(by_id(s, "sig-dept-technical"), nullptr);
}

TEST(CompanySignals, ExecutiveChangeWindow) {
  auto g = fixtures::group();
  auto o = fixtures::options();
  json s = company_signals(g, o, fixtures::kAsOf);
  const json* arr = by_id(s, "sig-exec-arrivals");
  ASSERT_NE(arr, nullptr);
  std::string st = (*arr)["statement"];
  EXPECT_NE(st.find("1 executive arrival in the last 6 months"), std::string::npos) << st;
  EXPECT_NE(st.find("Priya Raman, VP Engineering on 2026-09-01, in this group"), std::string::npos)
      << st;
  EXPECT_EQ(st.find("Oskar"), std::string::npos) << "arrived 2025-01, outside 6 months";
  ASSERT_NE(by_id(s, "sig-exec-departures"), nullptr);

  o.executive_change_months = 24;
  s = company_signals(g, o, fixtures::kAsOf);
  st = by_id(s, "sig-exec-arrivals")->at("statement");
  EXPECT_NE(st.find("2 executive arrivals in the last 24 months"), std::string::npos) << st;
  EXPECT_NE(st.find("Oskar Lindqvist"), std::string::npos);

  o.executive_change_months = 2;  // 2026-09-01 is 2 months + 23 days before the reference date
  s = company_signals(g, o, fixtures::kAsOf);
  EXPECT_EQ(by_id(s, "sig-exec-arrivals"), nullptr);
  EXPECT_EQ(by_id(s, "sig-exec-departures"), nullptr);
}

TEST(CompanySignals, TechnologyFitUsesTheKeywordMap) {
  auto g = fixtures::group();
  auto o = fixtures::options();
  json s = company_signals(g, o, fixtures::kAsOf);
  const json* t = by_id(s, "sig-technology");
  ASSERT_NE(t, nullptr);
  std::string st = (*t)["statement"];
  EXPECT_NE(st.find("Kubernetes and Amazon Web Services from the same stack"), std::string::npos)
      << st;
  EXPECT_NE(st.find("Heroku, listed as competing"), std::string::npos) << st;
  EXPECT_EQ(st.find("Salesforce"), std::string::npos) << "not in the cloud category's map";
  EXPECT_TRUE(cites(*t, "company.technologies[0]"));
  EXPECT_TRUE(cites(*t, "seller.category"));

  // The map, not a built-in list, decides: remove Kubernetes from it and it is no longer cited.
  for (auto& c : o.rules.technology_map) std::erase(c.related, std::string("Kubernetes"));
  s = company_signals(g, o, fixtures::kAsOf);
  EXPECT_EQ(by_id(s, "sig-technology")->at("statement").get<std::string>().find("Kubernetes"),
            std::string::npos);

  g.seller.category = "pet food";  // no map entry: no technology claim at all
  s = company_signals(g, o, fixtures::kAsOf);
  EXPECT_EQ(by_id(s, "sig-technology"), nullptr);
}

TEST(CompanySignals, HiringCountsPostingsAndClassifiesThem) {
  auto g = fixtures::group();
  auto o = fixtures::options();
  json s = company_signals(g, o, fixtures::kAsOf);
  EXPECT_EQ(by_id(s, "sig-hiring")->at("statement"), "2 active job postings.");

  auto c = titles::TitleClassifier::load_default();
  ASSERT_TRUE(c) << c.error().message;
  o.titles = std::make_shared<const titles::TitleClassifier>(std::move(*c));
  s = company_signals(g, o, fixtures::kAsOf);
  std::string st = by_id(s, "sig-hiring")->at("statement");
  EXPECT_NE(st.find("1 in the seller's target functions"), std::string::npos) << st;
  EXPECT_NE(st.find("'Senior Platform Engineer'"), std::string::npos) << st;
  EXPECT_EQ(st.find("Accounts Payable"), std::string::npos) << st;

  g.company.signals["active_job_postings"] = json::array();
  s = company_signals(g, o, fixtures::kAsOf);
  EXPECT_EQ(by_id(s, "sig-hiring"), nullptr) << "an empty list is not evidence of anything";
}

TEST(CompanySignals, Funding) {
  auto g = fixtures::group();
  json s = company_signals(g, fixtures::options(), fixtures::kAsOf);
  std::string st = by_id(s, "sig-funding")->at("statement");
  EXPECT_NE(st.find("Series C, USD 40,000,000, announced 2026-02-10 (9 months before"),
            std::string::npos)
      << st;
  EXPECT_NE(st.find("recent capital"), std::string::npos);
  g.company.signals["last_funding_round"] = nullptr;
  s = company_signals(g, fixtures::options(), fixtures::kAsOf);
  EXPECT_EQ(by_id(s, "sig-funding"), nullptr);
}

TEST(CompanySignals, MalformedSignalsYieldNothingAndDoNotThrow) {
  auto g = fixtures::group();
  g.company.signals = json::parse(R"({"employees_count_change": "lots",
    "employees_count_breakdown_by_department": [1, 2],
    "key_executive_arrivals": [{"arrival_date": "soon"}, 7, null],
    "active_job_postings": {"title": "x"}, "last_funding_round": 12})");
  g.company.technologies.clear();
  json s = company_signals(g, fixtures::options(), fixtures::kAsOf);
  EXPECT_TRUE(s.empty()) << s.dump();
}

}  // namespace
