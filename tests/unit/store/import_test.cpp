// Import: fixtures with good and bad lines, idempotent re-import, gzip, format detection.
#include "buyergraph/store/import.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <sstream>

#include "test_util.hpp"

namespace buyergraph::store {
namespace {

using testing::fixture;
using testing::TempDir;

struct Run {
  ImportSummary summary;
  std::vector<ImportError> errors;
};

Run run(Store& store, const std::string& path, ImportFormat format = ImportFormat::automatic) {
  Run r;
  ImportOptions opt;
  opt.format = format;
  opt.batch = 3;  // several transactions even for small fixtures
  opt.on_error = [&](const ImportError& e) { r.errors.push_back(e); };
  auto s = import_file(store, path, opt);
  EXPECT_TRUE(s) << (s ? "" : s.error().message);
  if (s) r.summary = *s;
  return r;
}

std::vector<std::uint64_t> lines(const Run& r) {
  std::vector<std::uint64_t> out;
  for (const auto& e : r.errors) out.push_back(e.line);
  return out;
}

std::vector<std::string> ids(const std::vector<sdk::Person>& people) {
  std::vector<std::string> out;
  for (const auto& p : people) out.push_back(p.id);
  return out;
}

TEST(Import, CoresignalJsonlLoadsGoodLinesAndReportsBadOnes) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto& store = **s;
  auto r = run(store, fixture("coresignal_bulk.jsonl"));
  EXPECT_EQ(r.summary.format, ImportFormat::coresignal_jsonl);
  EXPECT_EQ(r.summary.read, 11u);  // 12 lines, one blank
  EXPECT_EQ(r.summary.errors, 3u);
  EXPECT_EQ(lines(r), (std::vector<std::uint64_t>{4, 8, 11}));
  EXPECT_NE(r.errors[1].message.find("id:"), std::string::npos);
  EXPECT_EQ(r.summary.inserted, 8u);
  EXPECT_EQ(r.summary.companies, 2u);
  EXPECT_EQ(r.summary.people, 6u);

  // Jane and Sam only: not Fred (former), Dana (deleted), 1004 (duplicate), Brick CFO (namesake).
  EXPECT_EQ(ids(store.current_employees("8697858")),
            (std::vector<std::string>{"390491994", "1005"}));
  EXPECT_EQ(ids(store.current_employees("8697858", {"chief financial officer"})),
            std::vector<std::string>{"390491994"});
  // The roster is the same people with their current title there, one line each.
  auto roster = store.current_roster("8697858");
  ASSERT_EQ(roster.size(), 2u);
  EXPECT_EQ(roster[0].person_id, "390491994");
  EXPECT_EQ(roster[1].person_id, "1005");
  EXPECT_EQ(roster[1].title, "VP Sales");
  EXPECT_TRUE(store.current_roster("no-such-company").empty());
  auto sam = store.person("1005");
  ASSERT_TRUE(sam);
  EXPECT_TRUE(sam->provenance.synthetic);
  EXPECT_EQ(sam->provenance.source, "coresignal");
  EXPECT_EQ(sam->provenance.endpoint, "coresignal_bulk.jsonl");
  EXPECT_EQ(sam->title, "VP Sales");
  ASSERT_EQ(sam->contacts.size(), 1u);
  EXPECT_EQ(sam->contacts[0].kind, "phone");
  EXPECT_EQ(store.company_candidates("Acme", 5).size(), 2u);

  // Re-import: nothing new, nothing duplicated.
  auto again = run(store, fixture("coresignal_bulk.jsonl"));
  EXPECT_EQ(again.summary.inserted, 0u);
  EXPECT_EQ(again.summary.unchanged, 8u);
  EXPECT_EQ(store.stats().people, 6);
  EXPECT_EQ(store.stats().companies, 2);
}

TEST(Import, CsvCompaniesThenPeople) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto& store = **s;
  auto companies = run(store, fixture("companies.csv"));
  EXPECT_EQ(companies.summary.format, ImportFormat::companies_csv);
  EXPECT_EQ(companies.summary.read, 5u);
  EXPECT_EQ(companies.summary.inserted, 4u);
  EXPECT_EQ(lines(companies), std::vector<std::uint64_t>{5});
  auto globex = store.companies_by_domain("globex.example");
  ASSERT_EQ(globex.size(), 1u);
  EXPECT_EQ(globex[0].id, "domain:globex.example");
  EXPECT_EQ(globex[0].employees, 12000);
  EXPECT_EQ(globex[0].aliases, (std::vector<std::string>{"Globex", "Globex Corp"}));
  EXPECT_EQ(globex[0].tickers, std::vector<std::string>{"GBX"});
  auto umbrella = store.companies_by_domain("umbrella.example");
  ASSERT_EQ(umbrella.size(), 1u);
  EXPECT_EQ(umbrella[0].name, "Umbrella \"Bio\" Ltd");
  EXPECT_EQ(umbrella[0].size_range, "51-200");
  auto hooli = store.company("name:hooli");  // a LinkedIn URL is not a website
  ASSERT_TRUE(hooli);
  EXPECT_TRUE(hooli->domains.empty());

  auto people = run(store, fixture("people.csv"));
  EXPECT_EQ(people.summary.format, ImportFormat::people_csv);
  EXPECT_EQ(people.summary.read, 6u);
  EXPECT_EQ(people.summary.inserted, 4u);
  EXPECT_EQ(lines(people), (std::vector<std::uint64_t>{5, 7}));
  EXPECT_NE(people.errors[1].message.find("expected 9 fields, got 3"), std::string::npos);

  auto staff = store.current_employees("domain:globex.example");
  ASSERT_EQ(staff.size(), 3u);
  const auto& maria = staff[0];
  EXPECT_EQ(maria.id, "li:in/maria-garcia-globex");
  EXPECT_EQ(maria.title, "VP, Procurement");
  EXPECT_EQ(maria.location, "San Francisco, CA");
  ASSERT_EQ(maria.contacts.size(), 2u);
  EXPECT_EQ(staff[1].id, "name:tom lee@globex.example");
  EXPECT_EQ(staff[1].title, "Head of IT\n(Interim)");
  EXPECT_EQ(ids(store.current_employees("domain:globex.example", {"chief financial officer"})),
            std::vector<std::string>{"li:in/eve-adams"});
  // Initech was imported with its domain; Lars links to it. The email id is lower-cased.
  EXPECT_EQ(ids(store.current_employees("domain:initech.example")),
            std::vector<std::string>{"email:lars.berg@initech.example"});

  auto again = run(store, fixture("people.csv"));
  EXPECT_EQ(again.summary.inserted, 0u);
  EXPECT_EQ(again.summary.unchanged, 4u);
  EXPECT_EQ(store.stats().people, 4);
}

TEST(Import, PeopleWithoutKnownCompanyGetAStubEmployer) {
  TempDir dir;
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto r = run(**s, fixture("people.csv"), ImportFormat::people_csv);
  EXPECT_EQ(r.summary.people, 4u);
  auto stub = (*s)->company("domain:globex.example");
  ASSERT_TRUE(stub);
  EXPECT_EQ(stub->name, "Globex");
  EXPECT_EQ((*s)->count_current_employees("domain:globex.example"), 3);
}

// Manager columns: an id of the file (earlier or later row), an email, a name; a name two
// people share and a reference to nobody are left empty and reported, never guessed.
TEST(Import, PeopleCsvManagerColumnsBecomeReportingLines) {
  TempDir dir;
  std::ofstream(dir.file("chart.csv"))
      << "Id,Full Name,Title,Email,Company Domain,Reports To,Manager Email,Manager Name\n"
         "2,Ann Lee,Controller,ann@acme.example,acme.example,1,,\n"  // later row, by id
         "1,Bob Ode,CFO,bob@acme.example,acme.example,,,\n"          // the top: no manager
         "3,Cy Roe,AP Clerk,cy@acme.example,acme.example,,ann@acme.example,\n"  // by email
         "4,Di Fox,AP Clerk,di@acme.example,acme.example,,,Ann Lee\n"           // by name
         "5,Ed Wu,Buyer,ed@acme.example,acme.example,,,Sam Poe\n"               // nobody
         "6,Sam Poe,Clerk,sam1@acme.example,acme.example,,,\n"
         "7,Sam Poe,Clerk,sam2@acme.example,acme.example,,,\n"     // Ed's manager: ambiguous
         "8,Flo Ray,Analyst,flo@acme.example,acme.example,9,,\n";  // id nobody has
  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  std::vector<ImportError> warnings;
  ImportOptions opt;
  opt.batch = 2;
  opt.on_warning = [&](const ImportError& e) { warnings.push_back(e); };
  auto r = import_file(**s, dir.file("chart.csv"), opt);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->errors, 0u);
  EXPECT_EQ(r->managers_linked, 3u);
  EXPECT_EQ(r->managers_unresolved, 2u);
  auto manager = [&](const char* id) { return (*s)->person(id)->manager_id; };
  EXPECT_EQ(manager("2"), "1");
  EXPECT_EQ(manager("1"), "");
  EXPECT_EQ(manager("3"), "2");
  EXPECT_EQ(manager("4"), "2");
  EXPECT_EQ(manager("5"), "");
  EXPECT_EQ(manager("8"), "");
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].line, 6u);
  EXPECT_NE(warnings[0].message.find("several people have this name"), std::string::npos);
  EXPECT_EQ(warnings[1].line, 9u);
  EXPECT_NE(warnings[1].message.find("matches nobody"), std::string::npos);
}

TEST(Import, GzipAndFormatDetection) {
  TempDir dir;
  std::ifstream in(fixture("coresignal_bulk.jsonl"), std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string gz = dir.file("bulk.jsonl.gz");
  gzFile f = gzopen(gz.c_str(), "wb");
  gzwrite(f, text.str().data(), static_cast<unsigned>(text.str().size()));
  gzclose(f);
  EXPECT_EQ(*detect_format(gz), ImportFormat::coresignal_jsonl);
  EXPECT_EQ(*detect_format(fixture("people.csv")), ImportFormat::people_csv);
  EXPECT_EQ(*detect_format(fixture("companies.csv")), ImportFormat::companies_csv);
  std::ofstream(dir.file("odd.txt")) << "foo,bar\n1,2\n";
  EXPECT_FALSE(detect_format(dir.file("odd.txt")));
  EXPECT_FALSE(detect_format(dir.file("missing.csv")));

  auto s = Store::open(dir.file("store.db"));
  ASSERT_TRUE(s);
  auto r = run(**s, gz);
  EXPECT_EQ(r.summary.inserted, 8u);
  EXPECT_EQ(r.summary.errors, 3u);
}

}  // namespace
}  // namespace buyergraph::store
