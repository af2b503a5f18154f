// CoreSignal mapping: the providers.md 1.15 examples and the type-drift variants of 1.12.
#include "buyergraph/coresignal/mapping.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace buyergraph::coresignal {
namespace {

using nlohmann::json;

json fixture(const std::string& name) {
  std::ifstream in(std::string(BUYERGRAPH_SOURCE_DIR) + "/tests/fixtures/import/" + name);
  return json::parse(in);
}

TEST(PersonFromCoresignal, MapsTheCollectExample) {
  auto p = person_from_coresignal(fixture("coresignal_employee_example.json"));
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->id, "390491994");
  EXPECT_TRUE(p->alt_ids.empty());  // historical_ids and parent_id are its own id
  EXPECT_EQ(p->full_name, "Jane Doe");
  EXPECT_EQ(p->title, "Chief Financial Officer");
  EXPECT_EQ(p->department, "C-Suite");
  EXPECT_EQ(p->management_level, "C-Level");
  EXPECT_EQ(p->company_id, "8697858");
  EXPECT_EQ(p->company_name, "Acme Corp");
  EXPECT_EQ(p->profile_url, "https://www.linkedin.com/in/jane-doe-1234");
  EXPECT_EQ(p->location, "Austin, Texas, United States");
  EXPECT_EQ(p->country_iso2, "US");
  EXPECT_EQ(p->connections, 500);
  EXPECT_EQ(p->followers, 1210);
  ASSERT_EQ(p->skills.size(), 1u);
  ASSERT_EQ(p->contacts.size(), 1u);  // primary and collection hold the same address
  EXPECT_EQ(p->contacts[0].kind, "email");
  EXPECT_EQ(p->contacts[0].value, "jane.doe@acme.com");
  EXPECT_EQ(p->contacts[0].provider_status, "verified");
  EXPECT_EQ(p->contacts[0].status, "unknown");  // the provider's label is not our verdict
  ASSERT_EQ(p->experience.size(), 1u);
  const auto& e = p->experience[0];
  EXPECT_TRUE(e.current);
  EXPECT_EQ(e.company_id, "8697858");
  EXPECT_EQ(e.from_year, 2022);
  EXPECT_EQ(e.from_month, 3);
  EXPECT_FALSE(e.to_year.has_value());
  EXPECT_FALSE(p->deleted);
  EXPECT_FALSE(p->duplicate);
  EXPECT_EQ(p->provenance.source, "coresignal");
  EXPECT_NE(p->current_role_at("8697858"), nullptr);
}

TEST(PersonFromCoresignal, ToleratesTypeDrift) {
  json j = {
      {"id", "77"},
      {"parent_id", 12},
      {"is_parent", "0"},
      {"is_deleted", true},
      {"first_name", "Ana"},
      {"last_name", "Lima"},
      {"professional_network_url", json::array({nullptr, "https://linkedin.com/in/ana-lima"})},
      {"connections_count", "500+"},
      {"followers_count", "1,234"},
      {"location_regions", json::array({{{"region", "Americas"}}})},
      {"demo_phone_numbers", json::array({"+1 512 555 0100"})},
      {"synthetic", true},
      {"experience", json::array({{{"active_experience", 0},
                                   {"company_id", "100"},
                                   {"position_title", "Analyst"},
                                   {"date_from", "Jan 2015"},
                                   {"date_to", "Nov 2018"},
                                   {"order_in_profile", 2}},
                                  {{"active_experience", "1"},
                                   {"company_id", 200.0},
                                   {"position_title", "VP Finance"},
                                   {"date_from_year", "2019"},
                                   {"order_in_profile", 1}}})}};
  auto p = person_from_coresignal(j);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->id, "77");
  EXPECT_EQ(p->alt_ids, std::vector<std::string>{"12"});
  EXPECT_TRUE(p->duplicate);
  EXPECT_TRUE(p->deleted);
  EXPECT_TRUE(p->provenance.synthetic);
  EXPECT_EQ(p->full_name, "Ana Lima");
  EXPECT_EQ(p->profile_url, "https://linkedin.com/in/ana-lima");
  EXPECT_EQ(p->connections, 500);
  EXPECT_EQ(p->followers, 1234);
  // Sorted by order_in_profile; the current role is found by its flag, not its index.
  ASSERT_EQ(p->experience.size(), 2u);
  EXPECT_EQ(p->experience[0].company_id, "200");
  EXPECT_EQ(p->company_id, "200");
  EXPECT_EQ(p->title, "VP Finance");
  EXPECT_EQ(p->experience[0].from_year, 2019);
  EXPECT_EQ(p->experience[1].from_year, 2015);
  EXPECT_EQ(p->experience[1].from_month, 1);
  EXPECT_EQ(p->experience[1].to_year, 2018);
  EXPECT_EQ(p->experience[1].to_month, 11);
  EXPECT_EQ(p->current_role_at("100"), nullptr);
  ASSERT_EQ(p->contacts.size(), 1u);
  EXPECT_EQ(p->contacts[0].kind, "phone");
}

TEST(PersonFromCoresignal, CurrentRoleIsNotIndexZero) {
  // Past role listed first without order_in_profile: index 0 must not become the current role.
  json j = {
      {"id", 5},
      {"full_name", "Bo Chen"},
      {"experience",
       json::array({{{"active_experience", 0}, {"company_id", 1}, {"position_title", "CEO"}},
                    {{"active_experience", 1}, {"company_id", 2}, {"position_title", "CTO"}}})}};
  auto p = person_from_coresignal(j);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->company_id, "2");
  EXPECT_EQ(p->title, "CTO");
}

TEST(PersonFromCoresignal, ErrorsNameTheField) {
  auto no_id = person_from_coresignal(json{{"full_name", "X Y"}});
  ASSERT_FALSE(no_id);
  EXPECT_EQ(no_id.error().message.rfind("id:", 0), 0u) << no_id.error().message;
  auto no_name = person_from_coresignal(json{{"id", 1}});
  ASSERT_FALSE(no_name);
  EXPECT_EQ(no_name.error().message.rfind("full_name:", 0), 0u);
  auto bad_exp = person_from_coresignal(json{{"id", 1}, {"full_name", "A"}, {"experience", "x"}});
  ASSERT_FALSE(bad_exp);
  EXPECT_EQ(bad_exp.error().message.rfind("experience:", 0), 0u);
  auto bad_entry =
      person_from_coresignal(json{{"id", 1}, {"full_name", "A"}, {"experience", json::array({1})}});
  ASSERT_FALSE(bad_entry);
  EXPECT_EQ(bad_entry.error().message.rfind("experience[0]:", 0), 0u);
  EXPECT_FALSE(person_from_coresignal(json::array()));
  EXPECT_FALSE(person_from_coresignal(json{{"id", -3}, {"full_name", "A"}}));
}

TEST(PersonFromCoresignal, ReverseMappingRoundTrips) {
  auto p = person_from_coresignal(fixture("coresignal_employee_example.json"));
  ASSERT_TRUE(p);
  p->alt_ids = {"11", "12"};
  p->duplicate = true;
  p->provenance.synthetic = true;
  sdk::ContactPoint phone;
  phone.kind = "phone";
  phone.value = "+15125550100";
  phone.source = "coresignal";
  p->contacts.push_back(phone);
  sdk::Experience past;
  past.company_id = "42";
  past.company_name = "Old Co";
  past.title = "Controller";
  past.from_year = 2015;
  past.to_year = 2022;
  past.to_month = 2;
  p->experience.push_back(past);
  json cs = to_coresignal(*p);
  EXPECT_EQ(cs["id"], 390491994);
  EXPECT_EQ(cs["is_parent"], 0);
  EXPECT_EQ(cs["parent_id"], 11);
  EXPECT_EQ(cs["experience"][1]["date_to"], "February 2022");
  auto back = person_from_coresignal(cs);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(sdk::Person(*back).to_json(), sdk::Person(*p).to_json());
}

TEST(CompanyFromCoresignal, MapsTheEnrichExample) {
  auto c = company_from_coresignal(fixture("coresignal_company_example.json"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->id, "8697858");
  EXPECT_EQ(c->name, "Acme Corp");
  EXPECT_EQ(c->legal_name, "Acme Corporation Inc.");
  EXPECT_EQ(c->domains, std::vector<std::string>{"acme.com"});
  EXPECT_EQ(c->linkedin_url, "https://www.linkedin.com/company/acme");
  EXPECT_EQ(c->employees, 742);
  EXPECT_EQ(c->size_range, "501-1000 employees");
  EXPECT_EQ(c->hq_country, "United States");
  EXPECT_EQ(c->hq_city, "Austin");
  EXPECT_EQ(c->signals["founded_year"], "2009");
  EXPECT_EQ(c->signals["employees_count_change"]["change_yearly_percentage"], 12.4);
}

TEST(CompanyFromCoresignal, NeverTakesAPlatformUrlAsTheDomain) {
  json j = {
      {"id", "9"},
      {"company_name", "Verticurl"},
      {"website", json::array({"https://www.linkedin.com/company/verticurl", "verticurl.co.uk"})},
      {"employees_count", "1,200"},
      {"company_name_alias", "VC Digital"},
      {"stock_ticker", json::array({{{"exchange", "NYSE"}, {"ticker", "VCL"}}})}};
  auto c = company_from_coresignal(j);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->domains, std::vector<std::string>{"verticurl.co.uk"});
  EXPECT_EQ(c->employees, 1200);
  EXPECT_EQ(c->aliases, std::vector<std::string>{"VC Digital"});
  EXPECT_EQ(c->tickers, std::vector<std::string>{"VCL"});
  auto linkedin = company_from_coresignal(
      json{{"id", 1}, {"company_name", "LinkedIn"}, {"website", "https://linkedin.com"}});
  ASSERT_TRUE(linkedin);
  EXPECT_EQ(linkedin->domains, std::vector<std::string>{"linkedin.com"});
}

TEST(CompanyFromCoresignal, ErrorsAndRoundTrip) {
  auto bad = company_from_coresignal(json{{"id", 3}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.rfind("company_name:", 0), 0u);
  auto c = company_from_coresignal(fixture("coresignal_company_example.json"));
  ASSERT_TRUE(c);
  c->aliases = {"Acme"};
  c->domains.push_back("acme.io");
  c->tickers = {"ACME"};
  c->parent_id = "1";
  c->technologies = {"Salesforce"};
  c->provenance.synthetic = true;
  auto back = company_from_coresignal(to_coresignal(*c));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(sdk::Company(*back).to_json(), sdk::Company(*c).to_json());
}

TEST(Classify, TellsEmployeesFromCompanies) {
  EXPECT_EQ(classify(fixture("coresignal_employee_example.json")), RecordKind::employee);
  EXPECT_EQ(classify(fixture("coresignal_company_example.json")), RecordKind::company);
  EXPECT_EQ(classify(json{{"id", 1}}), RecordKind::unknown);
  EXPECT_EQ(classify(json(3)), RecordKind::unknown);
}

}  // namespace
}  // namespace buyergraph::coresignal
