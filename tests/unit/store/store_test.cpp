// Store: round trips, the current-employee rule, candidates, concurrency.
#include "buyergraph/store/store.hpp"
#include "buyergraph/store/schema.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

#include "test_util.hpp"

namespace buyergraph::store {
namespace {

using testing::TempDir;

sdk::Company company(std::string id, std::string name, std::vector<std::string> domains) {
  sdk::Company c;
  c.id = std::move(id);
  c.name = std::move(name);
  c.domains = std::move(domains);
  c.provenance.source = "test";
  return c;
}

sdk::Experience role(std::string company_id, std::string title, bool current) {
  sdk::Experience e;
  e.company_id = std::move(company_id);
  e.title = std::move(title);
  e.current = current;
  return e;
}

sdk::Person person(std::string id, std::string name, std::vector<sdk::Experience> exp) {
  sdk::Person p;
  p.id = std::move(id);
  p.full_name = std::move(name);
  p.experience = std::move(exp);
  for (const auto& e : p.experience)
    if (e.current && p.company_id.empty()) {
      p.company_id = e.company_id;
      p.title = e.title;
    }
  p.provenance.source = "test";
  return p;
}

std::vector<std::string> ids(const std::vector<sdk::Person>& people) {
  std::vector<std::string> out;
  for (const auto& p : people) out.push_back(p.id);
  return out;
}

TEST(Store, RoundTripsEveryField) {
  TempDir dir;
  auto s = Store::open(dir.file("a/b/store.db"));  // creates the directories
  ASSERT_TRUE(s) << s.error().message;
  auto& store = **s;

  sdk::Company c = company("8697858", "Acme Corp", {"acme.com", "acme.io"});
  c.legal_name = "Acme Corporation Inc.";
  c.aliases = {"Acme", "Acme Software"};
  c.tickers = {"ACMC"};
  c.industry = "Software";
  c.employees = 742;
  c.parent_id = "1";
  c.signals = {{"founded_year", "2009"}};
  c.provenance.retrieved_at = "2026-11-01T00:00:00Z";
  c.provenance.synthetic = true;
  ASSERT_EQ(*store.upsert_company(c), Upsert::inserted);

  sdk::Person p =
      person("42", "Jane Doe", {role("8697858", "CFO", true), role("9", "Controller", false)});
  p.alt_ids = {"41"};
  p.first_name = "Jane";
  p.department = "C-Suite";
  p.management_level = "C-Level";
  p.experience[1].from_year = 2015;
  p.experience[1].to_year = 2021;
  p.profile_url = "https://www.linkedin.com/in/jane-doe-1234";
  sdk::ContactPoint email;
  email.kind = "email";
  email.value = "Jane.Doe@acme.com";
  email.status = "valid";
  email.reasons = {"provider_valid"};
  p.contacts = {email};
  p.skills = {"fp&a"};
  p.connections = 500;
  ASSERT_EQ(*store.upsert_person(p), Upsert::inserted);

  auto c2 = store.company("8697858");
  ASSERT_TRUE(c2);
  EXPECT_EQ(c2->to_json(), c.to_json());
  auto p2 = store.person("42");
  ASSERT_TRUE(p2);
  EXPECT_EQ(p2->to_json(), p.to_json());
  EXPECT_FALSE(store.person("43"));
  EXPECT_FALSE(store.company("x"));

  EXPECT_EQ(store.companies_by_domain("https://www.acme.io/about").size(), 1u);
  EXPECT_TRUE(store.companies_by_domain("acme.co.uk").empty());
  EXPECT_EQ(ids(store.people_by_email("jane.doe@ACME.com")), std::vector<std::string>{"42"});
  EXPECT_EQ(ids(store.people_by_profile_url("linkedin.com/in/Jane-Doe-1234/")),
            std::vector<std::string>{"42"});

  // Upsert semantics: same record unchanged, changed record updated, never duplicated.
  EXPECT_EQ(*store.upsert_person(p), Upsert::unchanged);
  p.title = "Chief Financial Officer";
  EXPECT_EQ(*store.upsert_person(p), Upsert::updated);
  EXPECT_EQ(store.person("42")->title, "Chief Financial Officer");
  auto st = store.stats();
  EXPECT_EQ(st.people, 1);
  EXPECT_EQ(st.roles, 2);
  EXPECT_EQ(st.companies, 1);
  EXPECT_EQ(st.schema_version, schema_version());
}

TEST(Store, CurrentEmployeesFollowsTheSameEntryRule) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto& store = **s;
  ASSERT_TRUE(store.upsert_company(company("100", "Acme Corp", {"acme.com"})));
  ASSERT_TRUE(store.upsert_company(company("200", "Acme Corp", {"acmecorp.co.uk"})));  // namesake

  ASSERT_TRUE(store.upsert_person(person("1", "Current Cora", {role("100", "VP Finance", true)})));
  // Former employee: past role at 100, current elsewhere.
  ASSERT_TRUE(store.upsert_person(
      person("2", "Former Fred", {role("100", "CFO", false), role("300", "CFO", true)})));
  auto deleted = person("3", "Deleted Dana", {role("100", "Finance Manager", true)});
  deleted.deleted = true;
  ASSERT_TRUE(store.upsert_person(deleted));
  auto dup = person("4", "Current Cora", {role("100", "VP Finance", true)});
  dup.duplicate = true;
  ASSERT_TRUE(store.upsert_person(dup));
  // Namesake employer with the same name, different id.
  ASSERT_TRUE(store.upsert_person(person("5", "Namesake Nat", {role("200", "CFO", true)})));
  // Two current roles: a board seat at 100 next to a job at 300 counts for both.
  ASSERT_TRUE(store.upsert_person(
      person("6", "Board Bea", {role("300", "COO", true), role("100", "Board Member", true)})));
  // Root company says 100 but the entry at 100 is not current: not an employee of 100.
  auto stale = person("7", "Stale Stan", {role("100", "Analyst", false)});
  stale.company_id = "100";
  ASSERT_TRUE(store.upsert_person(stale));

  EXPECT_EQ(ids(store.current_employees("100")), (std::vector<std::string>{"1", "6"}));
  EXPECT_EQ(store.count_current_employees("100"), 2);
  EXPECT_EQ(ids(store.current_employees("200")), std::vector<std::string>{"5"});
  EXPECT_EQ(ids(store.current_employees("300")), (std::vector<std::string>{"2", "6"}));
  EXPECT_TRUE(store.current_employees("").empty());

  // Title terms match the title of the role at this company, not another current role.
  EXPECT_EQ(ids(store.current_employees("100", {"vp finance"})), std::vector<std::string>{"1"});
  EXPECT_EQ(ids(store.current_employees("100", {"cfo"})), std::vector<std::string>{});
  auto both = ids(store.current_employees("300", {"coo", "cfo"}));  // bm25 order
  std::sort(both.begin(), both.end());
  EXPECT_EQ(both, (std::vector<std::string>{"2", "6"}));
  EXPECT_EQ(ids(store.current_employees("100", {"board", "finance"}, 1)).size(), 1u);
  EXPECT_EQ(ids(store.current_employees("100", {"\"quoted\" OR *"})), std::vector<std::string>{});

  // Leaving the company (update) removes the person from the list.
  ASSERT_TRUE(store.upsert_person(
      person("1", "Current Cora", {role("100", "VP Finance", false), role("300", "CFO", true)})));
  EXPECT_EQ(ids(store.current_employees("100")), std::vector<std::string>{"6"});
  EXPECT_EQ(ids(store.current_employees("100", {"vp finance"})), std::vector<std::string>{});
}

TEST(Store, CompanyCandidates) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto& store = **s;
  auto acme = company("1", "Acme Corporation", {"acme.com"});
  acme.aliases = {"Roadrunner Traps"};
  acme.tickers = {"ACMC"};
  acme.employees = 5000;
  ASSERT_TRUE(store.upsert_company(acme));
  ASSERT_TRUE(store.upsert_company(company("2", "Acme Brick", {"acmebrick.com"})));
  ASSERT_TRUE(store.upsert_company(company("3", "Société Générale", {"societegenerale.fr"})));
  ASSERT_TRUE(store.upsert_company(company("4", "Globex", {"globex.example"})));

  auto first = [&](std::string_view q) {
    auto v = store.company_candidates(q, 5);
    return v.empty() ? std::string() : v.front().id;
  };
  EXPECT_EQ(first("ACME Corp."), "1");  // legal forms folded away: exact name key
  EXPECT_EQ(first("roadrunner traps"), "1");
  EXPECT_EQ(first("acmc"), "1");
  EXPECT_EQ(first("societe generale"), "3");
  EXPECT_EQ(first("https://www.acmebrick.com"), "2");
  auto acmes = store.company_candidates("Acme", 5);
  ASSERT_EQ(acmes.size(), 2u);  // both namesakes are candidates; the caller decides
  EXPECT_TRUE(store.company_candidates("Initech", 5).empty());
  EXPECT_EQ(store.all_companies().size(), 4u);
}

TEST(Store, DefaultPathHonoursEnvironment) {
  setenv("BUYERGRAPH_STORE", "/tmp/explicit.db", 1);
  EXPECT_EQ(default_store_path(), "/tmp/explicit.db");
  unsetenv("BUYERGRAPH_STORE");
  setenv("XDG_DATA_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(default_store_path(), "/tmp/xdg/buyergraph/store.db");
  unsetenv("XDG_DATA_HOME");
  setenv("HOME", "/home/u", 1);
  EXPECT_EQ(default_store_path(), "/home/u/.local/share/buyergraph/store.db");
}

TEST(Store, RejectsWhatIsNotAStore) {
  TempDir dir;
  {
    std::FILE* f = std::fopen(dir.file("junk.db").c_str(), "w");
    std::fputs("this is not a database, just some text that is long enough to be a header....", f);
    std::fclose(f);
  }
  auto s = Store::open(dir.file("junk.db"));
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("junk.db"), std::string::npos);
  EXPECT_FALSE(Store::open(""));
  auto ok = Store::open(dir.file("ok.db"));
  ASSERT_TRUE(ok);
  EXPECT_FALSE((*ok)->commit());  // no transaction open
  EXPECT_FALSE((*ok)->upsert_person(sdk::Person{}));
}

TEST(Store, ParallelReadersAndAWriter) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto& store = **s;
  ASSERT_TRUE(store.begin());
  for (int i = 0; i < 500; ++i)
    ASSERT_TRUE(store.upsert_person(person(std::to_string(i), "P " + std::to_string(i),
                                           {role(i % 2 ? "A" : "B", "Engineer", true)})));
  ASSERT_TRUE(store.commit());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int k = 0; k < 50; ++k)
        if (store.count_current_employees("A") < 250 ||
            store.current_employees("B", {"engineer"}, 10).size() != 10)
          ++wrong;
    });
  threads.emplace_back([&] {
    for (int i = 500; i < 700; ++i)
      if (!store.upsert_person(person(std::to_string(i), "Q", {role("A", "Engineer", true)})))
        ++wrong;
  });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(store.count_current_employees("A"), 450);
}

}  // namespace
}  // namespace buyergraph::store
