// The store's contract, run against both backends: a SQLite file and a PostgreSQL database
// (a private server per test executable, a fresh database per test; tests/support).
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "buyergraph/store/copy.hpp"
#include "buyergraph/store/location.hpp"
#include "buyergraph/store/store.hpp"
#include "postgres_server.hpp"
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

sdk::Person person(std::string id, std::string name, std::string company_id, std::string title) {
  sdk::Person p;
  p.id = std::move(id);
  p.full_name = std::move(name);
  sdk::Experience e;
  e.company_id = company_id;
  e.title = title;
  e.current = true;
  p.experience = {e};
  p.company_id = std::move(company_id);
  p.title = std::move(title);
  p.provenance.source = "test";
  return p;
}

sdk::BuyerGroup group(const std::string& run_id, const std::string& when, int members) {
  sdk::BuyerGroup g;
  g.company.id = "c-contoso";
  g.company.name = "Contoso Ltd";
  for (int i = 0; i < members; ++i) {
    sdk::Candidate m;
    m.person.id = "p" + std::to_string(i);
    m.person.full_name = "Fixture Person " + std::to_string(i);
    m.role = i == 0 ? "decision" : "champion";
    m.confidence = 0.5 + 0.1 * i;
    g.members.push_back(m);
  }
  g.coverage = {{"score", 83}};
  g.run = {{"id", run_id}, {"generated_at", when}, {"account_key", "Contoso"}, {"status", "ok"}};
  return g;
}

std::vector<std::string> ids(const std::vector<sdk::Person>& people) {
  std::vector<std::string> out;
  for (const auto& p : people) out.push_back(p.id);
  return out;
}
std::vector<std::string> ids(const std::vector<sdk::Company>& companies) {
  std::vector<std::string> out;
  for (const auto& c : companies) out.push_back(c.id);
  return out;
}

// A new, empty store of the backend under test.
class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::sqlite) {
      target_ = dir_.file("store.db");
    } else {
      auto* pg = test::PostgresServer::shared();
      ASSERT_TRUE(pg) << test::PostgresServer::shared_error();
      target_ = pg->fresh_database();
      ASSERT_FALSE(target_.empty()) << pg->last_error();
    }
    auto s = Store::open(target_);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    ASSERT_EQ(store_->backend(), GetParam());
  }
  Store& store() { return *store_; }

  TempDir dir_;
  std::string target_;
  std::unique_ptr<Store> store_;
};

TEST_P(BackendTest, OpensAtTheLatestSchemaAndReopens) {
  EXPECT_EQ(store().stats().schema_version, schema_version());
  store_.reset();
  auto again = Store::open(target_);  // no migration left to run
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ((*again)->stats().schema_version, schema_version());
}

TEST_P(BackendTest, CompaniesImportAndLookup) {
  sdk::Company acme = company("c1", "Acme Corporation", {"https://www.acme.example/about"});
  acme.aliases = {"Acme Software"};
  acme.tickers = {"ACMC"};
  acme.employees = 700;
  ASSERT_EQ(*store().upsert_company(acme), Upsert::inserted);
  ASSERT_EQ(*store().upsert_company(acme), Upsert::unchanged);
  ASSERT_EQ(*store().upsert_company(company("c2", "Société Générale Équipements", {})),
            Upsert::inserted);
  ASSERT_EQ(*store().upsert_company(company("c3", "Acme Rockets", {"rockets.example"})),
            Upsert::inserted);
  acme.employees = 800;
  ASSERT_EQ(*store().upsert_company(acme), Upsert::updated);

  ASSERT_TRUE(store().company("c1"));
  EXPECT_EQ(*store().company("c1")->employees, 800);
  EXPECT_FALSE(store().company("nope"));
  EXPECT_EQ(ids(store().companies_by_domain("acme.example")), std::vector<std::string>{"c1"});
  // Exact alias first, then full-text on every word; accents and case folded.
  auto found = store().company_candidates("Acme Software");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front().id, "c1");
  EXPECT_EQ(ids(store().companies_with_words({"societe", "generale"})),
            std::vector<std::string>{"c2"});
  EXPECT_EQ(ids(store().companies_with_words({"GÉNÉRALE"})), std::vector<std::string>{"c2"});
  auto rockets = ids(store().company_candidates("rockets"));
  EXPECT_EQ(rockets, std::vector<std::string>{"c3"});
  // Any word when not all match: "acme" finds both Acme companies.
  auto any = ids(store().company_candidates("acme zeppelins"));
  std::sort(any.begin(), any.end());
  EXPECT_EQ(any, (std::vector<std::string>{"c1", "c3"}));
  // Quotes and search operators in a query are words, never syntax.
  EXPECT_TRUE(store().company_candidates("\"acme\" OR -( AND").size() <= 20);
  EXPECT_EQ(store().all_companies().size(), 3u);
  EXPECT_EQ(store().stats().companies, 3);
}

TEST_P(BackendTest, PeopleAndCurrentEmployees) {
  ASSERT_TRUE(store().upsert_company(company("c1", "Acme", {})));
  sdk::Person cfo = person("p1", "Jane Doe", "c1", "Directrice Financière");
  cfo.profile_url = "https://www.linkedin.com/in/jane-doe/";
  cfo.contacts = {{.kind = "email", .value = "Jane.Doe@Acme.example"}};
  ASSERT_EQ(*store().upsert_person(cfo), Upsert::inserted);
  ASSERT_EQ(*store().upsert_person(cfo), Upsert::unchanged);
  ASSERT_TRUE(store().upsert_person(person("p2", "John Roe", "c1", "Chief Financial Officer")));
  ASSERT_TRUE(store().upsert_person(person("p3", "Ann Poe", "c1", "Office Manager")));
  ASSERT_TRUE(store().upsert_person(person("p4", "Max Moe", "c9", "Chief Financial Officer")));
  sdk::Person gone = person("p5", "Old Timer", "c1", "Chief Financial Officer");
  gone.deleted = true;
  ASSERT_TRUE(store().upsert_person(gone));

  EXPECT_EQ(ids(store().current_employees("c1")), (std::vector<std::string>{"p1", "p2", "p3"}));
  EXPECT_EQ(store().count_current_employees("c1"), 3);
  EXPECT_EQ(ids(store().current_employees("c1", {}, 2)), (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(ids(store().current_employees("c1", {"chief financial officer"})),
            std::vector<std::string>{"p2"});
  EXPECT_EQ(ids(store().current_employees("c1", {"financiere", "nobody here"})),
            std::vector<std::string>{"p1"});
  EXPECT_EQ(store().current_roster("c1").size(), 3u);
  EXPECT_EQ(ids(store().people_by_email("jane.doe@acme.example")), std::vector<std::string>{"p1"});
  EXPECT_EQ(ids(store().people_by_profile_url("linkedin.com/in/jane-doe")),
            std::vector<std::string>{"p1"});

  // An update replaces the roles: Jane has left.
  cfo.experience[0].current = false;
  ASSERT_EQ(*store().upsert_person(cfo), Upsert::updated);
  EXPECT_EQ(ids(store().current_employees("c1")), (std::vector<std::string>{"p2", "p3"}));
  EXPECT_EQ(store().person("p1")->experience.size(), 1u);
}

TEST_P(BackendTest, TransactionsRollBack) {
  ASSERT_TRUE(store().begin());
  ASSERT_TRUE(store().upsert_company(company("c1", "Acme", {})));
  ASSERT_TRUE(store().upsert_person(person("p1", "Jane Doe", "c1", "CFO")));
  ASSERT_TRUE(store().rollback());
  EXPECT_FALSE(store().company("c1"));
  EXPECT_FALSE(store().person("p1"));
  EXPECT_FALSE(store().commit());  // no transaction is open
  ASSERT_TRUE(store().begin());
  ASSERT_TRUE(store().upsert_company(company("c1", "Acme", {})));
  ASSERT_TRUE(store().commit());
  EXPECT_TRUE(store().company("c1"));
}

TEST_P(BackendTest, AFailedWriteInsideATransactionDoesNotCommitHalfOfIt) {
  ASSERT_TRUE(store().begin());
  ASSERT_TRUE(store().upsert_company(company("c1", "Acme", {})));
  EXPECT_FALSE(store().upsert_company(company("", "No id", {})));  // refused, nothing written
  ASSERT_TRUE(store().upsert_company(company("c2", "Beta", {})));
  ASSERT_TRUE(store().commit());
  EXPECT_TRUE(store().company("c1"));
  EXPECT_TRUE(store().company("c2"));
}

TEST_P(BackendTest, HistoryAndRunMembers) {
  ASSERT_TRUE(store().save_run(group("run-a", "2026-11-20T10:00:00Z", 2)));
  ASSERT_TRUE(store().save_run(group("run-b", "2026-11-24T10:00:00Z", 3)));
  auto runs = store().runs_for_company("Contoso Ltd.");
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].id, "run-b");
  EXPECT_EQ(runs[0].members, 3);
  EXPECT_EQ(runs[0].coverage, 83);
  EXPECT_EQ(store().runs_for_company("c-contoso", 1).size(), 1u);
  auto g = store().run_group("run-a");
  ASSERT_TRUE(g);
  ASSERT_EQ(g->members.size(), 2u);
  EXPECT_DOUBLE_EQ(g->members[1].confidence, 0.6);
  // Saving the same id again replaces the run and its members.
  ASSERT_TRUE(store().save_run(group("run-a", "2026-11-20T10:00:00Z", 1)));
  EXPECT_EQ(store().run_summary("run-a")->members, 1);
  EXPECT_EQ(store().runs_for_company("Contoso").size(), 2u);
  EXPECT_FALSE(store().run_summary("run-zzz"));
  EXPECT_FALSE(store().save_run(sdk::BuyerGroup{}));
}

TEST_P(BackendTest, ResponseCachePutGetExpiry) {
  const std::string body("{\"a\":1}\0tail\xff", 14);  // bytes kept exactly, NUL included
  ASSERT_TRUE(store().cache_put("k1", "person", body, 1000, 2000));
  ASSERT_TRUE(store().cache_put("k2", "company", "x", 1000, 1500));
  EXPECT_EQ(store().cache_get("k1", 1999), body);
  EXPECT_FALSE(store().cache_get("k1", 2000));  // expired
  EXPECT_FALSE(store().cache_get("nope", 0));
  ASSERT_TRUE(store().cache_put("k1", "person", "newer", 1100, 3000));  // replaces
  EXPECT_EQ(store().cache_get("k1", 2500), "newer");

  auto stats = store().cache_stats(1600);
  ASSERT_TRUE(stats);
  ASSERT_EQ(stats->size(), 2u);
  EXPECT_EQ((*stats)[0].data_class, "company");
  EXPECT_EQ((*stats)[0].expired, 1);
  EXPECT_EQ((*stats)[1].bytes, 5);
  EXPECT_EQ(*store().cache_purge(1600), 1);
  EXPECT_EQ(*store().cache_clear("person"), 1);
  EXPECT_TRUE(store().cache_stats(1600)->empty());
}

TEST_P(BackendTest, Suppressions) {
  ASSERT_TRUE(store().add_suppression("email", "jane@contoso.example", "opt-out"));
  ASSERT_TRUE(store().add_suppression("domain", "contoso.example", ""));
  const std::string added = (*store().suppressions())[1].added_at;
  EXPECT_EQ(added.size(), 20u);  // 2026-12-07T01:02:03Z
  ASSERT_TRUE(store().add_suppression("email", "jane@contoso.example", "asked twice"));
  auto rows = store().suppressions();
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].kind, "domain");
  EXPECT_EQ((*rows)[1].reason, "asked twice");
  EXPECT_EQ((*rows)[1].added_at, added);
  EXPECT_TRUE(*store().remove_suppression("domain", "contoso.example"));
  EXPECT_FALSE(*store().remove_suppression("domain", "contoso.example"));
  EXPECT_FALSE(store().add_suppression("phone", "1", ""));
}

TEST_P(BackendTest, BatchProgress) {
  ASSERT_TRUE(store().save_batch_account(
      {.batch_id = "b1", .account_key = "Zeta", .status = "failed", .error_code = "not_found"}));
  ASSERT_TRUE(
      store().save_batch_account({.batch_id = "b1", .account_key = "Acme", .status = "ok"}));
  ASSERT_TRUE(store().save_batch_account(
      {.batch_id = "b1", .account_key = "Zeta", .status = "ok", .run_id = "r-zeta"}));
  ASSERT_TRUE(
      store().save_batch_account({.batch_id = "b2", .account_key = "Acme", .status = "ok"}));
  auto done = store().batch_accounts("b1");
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0].account_key, "Acme");
  EXPECT_EQ(done[1].status, "ok");
  EXPECT_EQ(done[1].run_id, "r-zeta");
  EXPECT_EQ(done[1].error_code, "");

  EXPECT_EQ(*store().batch_run_prefix("b1", "first", "2026-12-07T00:00:00Z"), "first");
  EXPECT_EQ(*store().batch_run_prefix("b1", "second", "2026-12-07T00:00:00Z"), "first");
  EXPECT_EQ(store().find_batch_run_prefix("b1"), "first");
  ASSERT_TRUE(store().clear_batch("b1"));
  EXPECT_TRUE(store().batch_accounts("b1").empty());
  EXPECT_FALSE(store().find_batch_run_prefix("b1"));
  EXPECT_EQ(store().batch_accounts("b2").size(), 1u);
}

TEST_P(BackendTest, ApiTokens) {
  EXPECT_FALSE(store().any_live_api_token());
  ASSERT_TRUE(store().add_api_token("crm", "hash1", "2026-12-07T00:00:00Z"));
  auto dup = store().add_api_token("crm", "hash2", "2026-12-07T00:00:01Z");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, "store_conflict");
  EXPECT_TRUE(store().any_live_api_token());
  EXPECT_EQ(store().use_api_token("hash1", "2026-12-07T01:00:00Z"), "crm");
  EXPECT_FALSE(store().use_api_token("hash2", "2026-12-07T01:00:00Z"));
  EXPECT_EQ(store().api_tokens().at(0).last_used_at, "2026-12-07T01:00:00Z");
  EXPECT_TRUE(*store().revoke_api_token("crm", "2026-12-07T02:00:00Z"));
  EXPECT_FALSE(*store().revoke_api_token("crm", "2026-12-07T02:00:00Z"));
  EXPECT_FALSE(store().use_api_token("hash1", "2026-12-07T03:00:00Z"));
  EXPECT_FALSE(store().any_live_api_token());
  // A revoked name can be used again.
  ASSERT_TRUE(store().add_api_token("crm", "hash3", "2026-12-07T04:00:00Z"));
  EXPECT_EQ(store().api_tokens().size(), 2u);
}

TEST_P(BackendTest, ConcurrentWritersAndReaders) {
  ASSERT_TRUE(store().upsert_company(company("c1", "Acme", {})));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const std::string id = "p" + std::to_string(t) + "-" + std::to_string(i);
        EXPECT_TRUE(store().upsert_person(person(id, "Person " + id, "c1", "Engineer")));
        EXPECT_TRUE(store().person(id));
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(store().count_current_employees("c1"), 100);
}

TEST_P(BackendTest, CopyIntoTheOtherBackendAndBack) {
  ASSERT_TRUE(store().upsert_company(company("c1", "Société Générale", {"sg.example"})));
  ASSERT_TRUE(store().upsert_person(person("p1", "Jane Doe", "c1", "Chief Financial Officer")));
  ASSERT_TRUE(store().upsert_person(person("p2", "John Roe", "c1", "Head of IT")));
  ASSERT_TRUE(store().save_run(group("run-a", "2026-11-20T10:00:00Z", 2)));
  ASSERT_TRUE(
      store().save_batch_account({.batch_id = "b1", .account_key = "Acme", .status = "ok"}));
  ASSERT_TRUE(store().batch_run_prefix("b1", "pfx", "2026-12-07T00:00:00Z"));
  ASSERT_TRUE(store().add_suppression("email", "jane@sg.example", "opt-out"));
  const std::string body("bin\0ary", 7);
  ASSERT_TRUE(store().cache_put("k1", "person", body, 1000, 2000));
  ASSERT_TRUE(store().add_api_token("crm", "hash1", "2026-12-07T00:00:00Z"));

  // Into the other backend.
  std::string other;
  if (GetParam() == Backend::sqlite) {
    auto* pg = test::PostgresServer::shared();
    ASSERT_TRUE(pg) << test::PostgresServer::shared_error();
    other = pg->fresh_database();
  } else {
    other = dir_.file("copy.db");
  }
  auto dest = Store::open(other);
  ASSERT_TRUE(dest) << dest.error().message;
  std::vector<CopyProgress> seen;
  auto counts = copy_store(store(), **dest, [&](const CopyProgress& p) { seen.push_back(p); });
  ASSERT_TRUE(counts) << counts.error().message;
  auto written = [](const std::vector<CopyCount>& cs, const std::string& table) {
    for (const auto& c : cs)
      if (c.table == table) return c.written;
    return std::int64_t{-1};
  };
  EXPECT_EQ(written(*counts, "companies"), 1);
  EXPECT_EQ(written(*counts, "people"), 2);
  EXPECT_EQ(written(*counts, "runs"), 1);
  EXPECT_EQ(written(*counts, "run_members"), 2);
  EXPECT_EQ(written(*counts, "batch_accounts"), 1);
  EXPECT_EQ(written(*counts, "http_cache"), 1);
  EXPECT_EQ(written(*counts, "api_tokens"), 1);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().done, seen.back().total);

  Store& d = **dest;
  EXPECT_EQ(ids(d.current_employees("c1", {"chief financial officer"})),
            std::vector<std::string>{"p1"});
  EXPECT_EQ(ids(d.companies_with_words({"generale"})), std::vector<std::string>{"c1"});
  EXPECT_EQ(ids(d.companies_by_domain("sg.example")), std::vector<std::string>{"c1"});
  EXPECT_EQ(d.run_group("run-a")->members.size(), 2u);
  EXPECT_EQ(d.batch_accounts("b1").size(), 1u);
  EXPECT_EQ(d.find_batch_run_prefix("b1"), "pfx");
  EXPECT_EQ(d.suppressions()->size(), 1u);
  EXPECT_EQ(d.cache_get("k1", 1500), body);
  EXPECT_EQ(d.use_api_token("hash1", "2026-12-07T01:00:00Z"), "crm");

  // Idempotent: a second copy reads everything and writes nothing.
  auto again = copy_store(store(), d);
  ASSERT_TRUE(again) << again.error().message;
  for (const auto& c : *again) EXPECT_EQ(c.written, 0) << c.table;
  EXPECT_EQ(d.stats().people, 2);

  // And back: a store copied from the copy has the same content.
  TempDir back_dir;
  auto back = Store::open(back_dir.file("back.db"));
  ASSERT_TRUE(back);
  ASSERT_TRUE(copy_store(d, **back));
  EXPECT_EQ((*back)->person("p2")->title, "Head of IT");
  EXPECT_EQ((*back)->cache_get("k1", 1500), body);
}

INSTANTIATE_TEST_SUITE_P(Backends, BackendTest,
                         ::testing::Values(Backend::sqlite, Backend::postgresql),
                         [](const auto& info) {
                           return info.param == Backend::sqlite ? "SQLite" : "PostgreSQL";
                         });

TEST(StoreLocation, TellsBackendsApart) {
  EXPECT_EQ(backend_of("postgresql://bg@db/x"), Backend::postgresql);
  EXPECT_EQ(backend_of("postgres://db/x"), Backend::postgresql);
  EXPECT_EQ(backend_of("/data/postgresql/store.db"), Backend::sqlite);
  EXPECT_EQ(backend_of("store.db"), Backend::sqlite);
}

TEST(StoreLocation, NeverShowsAPassword) {
  EXPECT_EQ(display_store("postgresql://bg:s3cret@db.internal:5432/buyergraph"),
            "postgresql://bg@db.internal:5432/buyergraph");
  EXPECT_EQ(display_store("postgresql://bg:p@ss@word@db/x"), "postgresql://bg@db/x");
  EXPECT_EQ(display_store("postgresql://db/x?sslmode=require&password=s3cret"),
            "postgresql://db/x?sslmode=require");
  EXPECT_EQ(display_store("/home/me/store.db"), "/home/me/store.db");
}

TEST(StoreLocation, AnUnreachableServerIsAClearErrorWithoutThePassword) {
  // Port 1 on loopback: nothing listens there.
  auto s = Store::open("postgresql://bg:s3cret@127.0.0.1:1/buyergraph?connect_timeout=5");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "store_open");
  EXPECT_NE(s.error().message.find("postgresql://bg@127.0.0.1:1/buyergraph"), std::string::npos)
      << s.error().message;
  EXPECT_EQ(s.error().message.find("s3cret"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace buyergraph::store
