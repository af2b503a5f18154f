#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace fixtures {

using namespace buyergraph;
using json = nlohmann::json;

sdk::SellerProfile cloud_seller() {
  sdk::SellerProfile s;
  s.name = "Example Cloud Infrastructure";
  s.product = "Managed Kubernetes and internal developer platform";
  s.category = "cloud infrastructure";
  s.value_propositions = {
      "Cut cloud compute spend 20-35% with bin-packing, autoscaling and spot capacity",
      "Give developers self-service environments without tickets to the platform team",
      "One control plane across AWS, Azure, GCP and on-prem clusters",
      "SOC 2 Type II and ISO 27001 controls built in, with audit-ready change history"};
  s.deal_size = 120000;
  s.sales_cycle_days = 120;
  s.deal_stage = "prospecting";
  s.target_functions = {"engineering", "it"};
  s.secondary_functions = {"security", "finance", "procurement"};
  s.security_review = true;
  s.source_file = "fixture";
  return s;
}

sdk::Company fabrikam() {
  sdk::Company c;
  c.id = "fx-7001";
  c.name = "Fabrikam Freight";
  c.employees = 3400;
  c.provenance.source = "fixture";
  c.technologies = {"Kubernetes", "Amazon Web Services", "Salesforce", "Heroku"};
  c.signals = json::parse(R"({
    "employees_count_change": {"current": 3400, "change_monthly": 40,
      "change_monthly_percentage": 1.2, "change_quarterly": 130,
      "change_quarterly_percentage": 4.1, "change_yearly": 640,
      "change_yearly_percentage": 23.2},
    "employees_count_breakdown_by_department": {"employees_count_technical": 1100,
      "employees_count_finance": 210, "employees_count_sales": 420},
    "key_executive_arrivals": [
      {"member_id": 300000001, "member_full_name": "Priya Raman",
       "member_position_title": "VP Engineering", "arrival_date": "2026-09-01"},
      {"member_id": 300000099, "member_full_name": "Oskar Lindqvist",
       "member_position_title": "Chief Financial Officer", "arrival_date": "2025-01-15"}],
    "key_executive_departures": [
      {"member_id": 300000098, "member_full_name": "Helen Achebe",
       "member_position_title": "VP Infrastructure", "departure_date": "2026-08-10"}],
    "active_job_postings": [{"title": "Senior Platform Engineer"},
                            {"title": "Accounts Payable Specialist"}],
    "last_funding_round": {"name": "Series C", "announced_date": "2026-02-10",
      "amount_raised": 40000000, "amount_raised_currency": "USD"}
  })");
  return c;
}

sdk::Candidate member(const std::string& id, const std::string& name, const std::string& title,
                      const std::string& seniority, const std::string& function,
                      const std::string& role, const std::string& sub_role, int from_year,
                      int from_month, double overall) {
  sdk::Candidate c;
  c.person.id = id;
  c.person.full_name = name;
  c.person.title = title;
  c.person.company_id = "fx-7001";
  c.person.provenance.source = "fixture";
  sdk::Experience old;
  old.company_id = "fx-0001";
  old.title = "Engineer";
  old.from_year = from_year - 4;
  old.to_year = from_year;
  c.person.experience.push_back(old);
  sdk::Experience e;
  e.company_id = "fx-7001";
  e.company_name = "Fabrikam Freight";
  e.title = title;
  e.from_year = from_year;
  e.from_month = from_month;
  e.current = true;
  c.person.experience.push_back(e);
  c.seniority = seniority;
  c.function = function;
  c.role = role;
  c.sub_role = sub_role;
  c.employment_status = "current";
  c.scores.push_back({.name = "overall", .value = overall, .inputs = {}});
  return c;
}

sdk::BuyerGroup group() {
  sdk::BuyerGroup g;
  g.company = fabrikam();
  g.seller = cloud_seller();
  g.members.push_back(member("300000001", "Priya Raman", "VP Engineering", "vp", "engineering",
                             "decision", "economic_buyer", 2026, 9, 84));
  auto tomas = member("300000002", "Tomas Herrera", "Director of Platform Engineering", "director",
                      "engineering", "champion", "", 2021, 3, 78);
  tomas.person.manager_id = "300000001";
  g.members.push_back(tomas);
  g.members.push_back(member("300000003", "Aisha Bello", "SRE Manager", "manager", "engineering",
                             "stakeholder", "technical_evaluator", 2023, 6, 70));
  g.members.push_back(member("300000004", "Daniel Kowalski", "Head of Procurement", "director",
                             "procurement", "blocker", "procurement", 2015, 1, 61));
  g.members.push_back(member("300000005", "Mei Lin", "Chief Information Security Officer",
                             "c_level", "security", "blocker", "security", 2024, 2, 66));
  auto excluded = member("300000006", "Grace Obi", "Former Head of DevOps", "director",
                         "engineering", "", "", 2019, 1, 72);
  excluded.excluded_reason = "departed";
  g.excluded.push_back(excluded);
  return g;
}

intelligence::IntelOptions options() {
  intelligence::IntelOptions o;
  auto r = intelligence::load_default_rules();
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  if (r) o.rules = *r;
  o.as_of = kAsOf.to_string();
  return o;
}

std::vector<json> all_items(const json& intel) {
  std::vector<json> out;
  for (const char* k : {"company_signals", "member_signals", "pain_points", "recommendations"})
    for (const auto& i : intel.value(k, json::array())) out.push_back(i);
  if (intel.contains("decision_flow"))
    for (const auto& e : intel["decision_flow"].value("edges", json::array())) out.push_back(e);
  if (intel.contains("narrative")) out.push_back(intel["narrative"]);
  return out;
}

}  // namespace fixtures
