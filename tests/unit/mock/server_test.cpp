// The mock provider servers over real loopback HTTP, backed by a small demo store: CoreSignal
// search semantics (equal to a full scan, never a former employee), paging cursors, collect,
// credits and 402, rate limits and 429, injected faults; PDL and Perplexity shapes.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <sstream>

#include "buyergraph/demo/demo.hpp"
#include "buyergraph/mock/corpus.hpp"
#include "buyergraph/mock/es_dsl.hpp"
#include "buyergraph/mock/server.hpp"
#include "buyergraph/store/import.hpp"
#include "buyergraph/store/store.hpp"

using namespace buyergraph;
using mock::FaultConfig;
using mock::FaultKind;
using mock::MockConfig;
using mock::MockServer;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kKey = "mockkey0123456789abcdef0123456789";

std::string id_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string url_encode(const std::string& s) {
  std::string out;
  const char* hex = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

/// A demo dataset of seven small companies (about 650 people), so the suite stays fast.
class MockServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // ctest runs each test in its own process, so the fixture is built once into a folder named
    // after the vocabulary's state and reused; a new folder is renamed into place atomically.
    const fs::path vocab = fs::path(BUYERGRAPH_SOURCE_DIR) / "data" / "demo";
    std::uintmax_t key = 0;
    for (const auto& f : fs::directory_iterator(vocab))
      key = key * 31 + f.file_size() +
            static_cast<std::uintmax_t>(f.last_write_time().time_since_epoch().count());
    dir_ = new std::string(
        (fs::path(::testing::TempDir()) / ("bg-mock-fixture-" + std::to_string(key))).string());
    if (!fs::exists(*dir_ + "/ready")) build_fixture(vocab);
    auto s = store::Store::open(*dir_ + "/store.db");
    ASSERT_TRUE(s) << s.error().message;
    store_ = s->release();
    truth_ = new std::vector<json>();
    std::ifstream in(*dir_ + "/truth.jsonl");
    for (std::string line; std::getline(in, line);) truth_->push_back(json::parse(line));
    ASSERT_FALSE(truth_->empty());
  }

  static void build_fixture(const fs::path& vocab) {
    const std::string tmp = *dir_ + ".tmp-" + std::to_string(getpid());
    fs::remove_all(tmp);
    fs::create_directories(tmp + "/vocab");
    for (const auto& f : fs::directory_iterator(vocab))
      if (f.path().filename() != "companies.yaml")
        fs::copy_file(f.path(), tmp + "/vocab/" + f.path().filename().string());
    write_small_company_list(vocab / "companies.yaml", tmp + "/vocab/companies.yaml");
    demo::DemoOptions opts;
    opts.include_largest = false;
    opts.data_dir = tmp + "/vocab";
    auto summary = demo::write_demo_dataset(opts, tmp);
    ASSERT_TRUE(summary) << summary.error().message;
    {
      auto s = store::Store::open(tmp + "/store.db");
      ASSERT_TRUE(s) << s.error().message;
      for (const char* f : {"companies.jsonl", "employees.jsonl"}) {
        auto r = store::import_file(**s, tmp + "/" + f);
        ASSERT_TRUE(r) << r.error().message;
        ASSERT_EQ(r->errors, 0u) << f;
      }
    }
    fs::remove(tmp + "/employees.jsonl");  // the store has it; keep /tmp small
    std::ofstream(tmp + "/ready") << "ok\n";
    std::error_code ec;
    fs::rename(tmp, *dir_, ec);
    if (ec) fs::remove_all(tmp);  // another process won the race; use its copy
  }

  static void TearDownTestSuite() {
    delete store_;
    delete dir_;
    delete truth_;
  }

  /// Keeps the `companies:` entries whose key is in the list, and every other section.
  static void write_small_company_list(const fs::path& from, const std::string& to) {
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
      if (in_companies && line.rfind("  - {key: ", 0) == 0) {
        std::string key = line.substr(10, line.find(',') - 10);
        keeping = keep.contains(key);
      }
      if (!in_companies || keeping) out << line << "\n";
    }
  }

  static MockConfig config() {
    MockConfig c;
    c.store_path = *dir_ + "/store.db";
    c.api_keys = {kKey};
    return c;
  }

  /// The primary domain of one fixture company.
  static std::string some_domain() {
    for (const auto& c : store_->all_companies())
      if (!c.domains.empty()) return c.domains.front();
    return "none.example";
  }

  static httplib::Headers cs_headers() {
    return {{"apikey", kKey}, {"accept", "application/json"}};
  }

  /// A former-employee trap: (person id, the company they left, their current company).
  static std::tuple<std::string, std::string, std::string> former_trap() {
    for (const auto& t : *truth_) {
      const auto& f = t["flags"];
      if (f["former"].empty() || f["deleted"].get<bool>() || !f["duplicate_of"].is_null()) continue;
      std::string left = id_text(f["former"][0]);
      if (!f["two_current_roles"].is_null() && id_text(f["two_current_roles"]) == left) continue;
      return {id_text(t["person_id"]), left, id_text(t["company_id"])};
    }
    return {};
  }

  static json current_query(const std::string& company) {
    json id = std::stoll(company);
    return {
        {"query",
         {{"bool",
           {{"filter",
             json::array(
                 {{{"nested",
                    {{"path", "experience"},
                     {"query",
                      {{"bool",
                        {{"must",
                          json::array({{{"term", {{"experience.company_id", id}}}},
                                       {{"term", {{"experience.active_experience", 1}}}}})}}}}}}}},
                  {{"term", {{"is_deleted", 0}}}},
                  {{"term", {{"is_parent", 1}}}}})}}}}}};
  }

  static std::string* dir_;
  static store::Store* store_;
  static std::vector<json>* truth_;
};

std::string* MockServerTest::dir_ = nullptr;
store::Store* MockServerTest::store_ = nullptr;
std::vector<json>* MockServerTest::truth_ = nullptr;

/// All ids of a search, following x-next-page-after.
std::vector<std::string> all_pages(httplib::Client& cli, const std::string& path, const json& body,
                                   const httplib::Headers& headers, int per_page,
                                   int* pages = nullptr) {
  std::vector<std::string> ids;
  std::string after;
  for (int page = 0; page < 1000; ++page) {
    std::string url = path + "?items_per_page=" + std::to_string(per_page);
    if (!after.empty()) url += "&after=" + url_encode(after);
    auto res = cli.Post(url, headers, body.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) break;
    EXPECT_EQ(res->status, 200) << res->body;
    auto arr = json::parse(res->body);
    for (const auto& v : arr) ids.push_back(id_text(v));
    if (pages) *pages = page + 1;
    if (!res->has_header("x-next-page-after")) break;
    after = res->get_header_value("x-next-page-after");
  }
  return ids;
}

}  // namespace

TEST_F(MockServerTest, RejectsMissingAndWrongKeys) {
  MockServer server(config());
  auto port = server.start();
  ASSERT_NE(port, 0) << server.last_error();
  httplib::Client cli("127.0.0.1", port);
  const std::string path = "/cdapi/v2/employee_multi_source/collect/1";
  for (const httplib::Headers& h :
       {httplib::Headers{}, httplib::Headers{{"apikey", "wrong"}},
        httplib::Headers{{"Authorization", std::string("Bearer ") + kKey}}}) {
    auto res = cli.Get(path, h);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
    EXPECT_TRUE(json::parse(res->body).contains("detail"));
  }
  auto pdl = cli.Get("/v5/company/enrich?website=" + some_domain());
  ASSERT_TRUE(pdl);
  EXPECT_EQ(pdl->status, 401);
  EXPECT_EQ(json::parse(pdl->body)["error"]["type"], "authentication_error");
  auto ppx = cli.Post("/v1/agent", R"({"input":"hi"})", "application/json");
  ASSERT_TRUE(ppx);
  EXPECT_EQ(ppx->status, 401);
  EXPECT_EQ(json::parse(ppx->body)["error"]["type"], "authentication_error");
  EXPECT_EQ(server.counters().unauthorized, 5);
}

TEST_F(MockServerTest, CurrentEmployeeSearchEqualsTruthAndFullScan) {
  auto [former, left, now_at] = former_trap();
  ASSERT_FALSE(former.empty()) << "fixture has no former-employee trap";
  MockServer server(config());
  auto port = server.start();
  ASSERT_NE(port, 0) << server.last_error();
  httplib::Client cli("127.0.0.1", port);

  json body = current_query(left);
  auto ids =
      all_pages(cli, "/cdapi/v2/employee_multi_source/search/es_dsl", body, cs_headers(), 1000);
  std::set<std::string> got(ids.begin(), ids.end());
  EXPECT_EQ(got.size(), ids.size()) << "no id twice";
  EXPECT_FALSE(got.contains(former)) << "former employee " << former << " of " << left;

  // The store's notion of "current employee" (same entry, not deleted, not a duplicate).
  std::set<std::string> expected;
  for (const auto& p : store_->current_employees(left)) expected.insert(p.id);
  EXPECT_EQ(got, expected);

  // Narrowing by company must not change the answer: evaluate the query over every document.
  auto corpus = mock::Corpus::open(*dir_ + "/store.db");
  ASSERT_TRUE(corpus);
  auto q = mock::EsQuery::compile(body["query"], {.nested_paths = {"experience"}});
  ASSERT_TRUE(q);
  std::set<std::string> scanned;
  for (const auto& id : (*corpus)->person_ids())
    if (q->evaluate(*(*corpus)->employee(id))) scanned.insert(id);
  EXPECT_EQ(got, scanned);

  // The naive query (two nested clauses) does return the former employee.
  json naive = {
      {"query",
       {{"bool",
         {{"filter",
           json::array({{{"nested",
                          {{"path", "experience"},
                           {"query", {{"term", {{"experience.company_id", std::stoll(left)}}}}}}}},
                        {{"nested",
                          {{"path", "experience"},
                           {"query", {{"term", {{"experience.active_experience", 1}}}}}}}}})}}}}}};
  auto naive_ids =
      all_pages(cli, "/cdapi/v2/employee_multi_source/search/es_dsl", naive, cs_headers(), 1000);
  EXPECT_TRUE(std::find(naive_ids.begin(), naive_ids.end(), former) != naive_ids.end());
}

TEST_F(MockServerTest, PaginationHeadersAndCursors) {
  MockServer server(config());
  auto port = server.start();
  ASSERT_NE(port, 0) << server.last_error();
  httplib::Client cli("127.0.0.1", port);
  const std::string path = "/cdapi/v2/employee_multi_source/search/es_dsl";
  json body = {{"query", {{"bool", {{"filter", json::array({{{"term", {{"is_deleted", 0}}}}})}}}}}};
  auto one = all_pages(cli, path, body, cs_headers(), 1000);
  ASSERT_GT(one.size(), 120u);

  auto first = cli.Post(path + "?items_per_page=50", cs_headers(), body.dump(), "application/json");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->get_header_value("x-total-results"), std::to_string(one.size()));
  EXPECT_EQ(first->get_header_value("x-total-pages"), std::to_string((one.size() + 49) / 50));
  std::string cursor = first->get_header_value("x-next-page-after");
  EXPECT_NE(cursor.find("\","), std::string::npos) << "default cursor is \"date\",id: " << cursor;

  int pages = 0;
  auto paged = all_pages(cli, path, body, cs_headers(), 50, &pages);
  EXPECT_EQ(paged, one);
  EXPECT_EQ(pages, static_cast<int>((one.size() + 49) / 50));

  // Relevance order with a score cursor: same set, page by page.
  json scored = body;
  scored["query"]["bool"]["should"] =
      json::array({{{"match_phrase", {{"active_experience_title", "sales"}}}}});
  scored["sort"] = json::array({"_score"});
  auto by_score = all_pages(cli, path, scored, cs_headers(), 40);
  EXPECT_EQ(std::set<std::string>(by_score.begin(), by_score.end()),
            std::set<std::string>(one.begin(), one.end()));
  auto s1 = cli.Post(path + "?items_per_page=40", cs_headers(), scored.dump(), "application/json");
  ASSERT_TRUE(s1);
  const std::string score_cursor = s1->get_header_value("x-next-page-after");
  EXPECT_EQ(std::count(score_cursor.begin(), score_cursor.end(), ','), 2) << score_cursor;

  auto bad = cli.Post(path + "?items_per_page=5000", cs_headers(), body.dump(), "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422);
  auto bad_query =
      cli.Post(path, cs_headers(), R"({"query":{"fuzzy":{"full_name":"x"}}})", "application/json");
  ASSERT_TRUE(bad_query);
  EXPECT_EQ(bad_query->status, 422);
  EXPECT_NE(json::parse(bad_query->body)["detail"].get<std::string>().find("fuzzy"),
            std::string::npos);
  auto wrong_method = cli.Get(path, cs_headers());
  ASSERT_TRUE(wrong_method);
  EXPECT_EQ(wrong_method->status, 500);
}

TEST_F(MockServerTest, CollectEnrichAndPreview) {
  MockServer server(config());
  auto port = server.start();
  ASSERT_NE(port, 0) << server.last_error();
  httplib::Client cli("127.0.0.1", port);
  auto [former, left, now_at] = former_trap();
  auto res = cli.Get("/cdapi/v2/employee_multi_source/collect/" + former, cs_headers());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  auto doc = json::parse(res->body);
  EXPECT_EQ(id_text(doc["id"]), former);
  EXPECT_TRUE(doc["experience"].is_array());
  EXPECT_TRUE(res->has_header("x-credits-remaining"));

  auto fields = cli.Get(
      "/cdapi/v2/employee_multi_source/collect/" + former + "?fields=full_name&fields=headline",
      cs_headers());
  ASSERT_TRUE(fields);
  auto narrow = json::parse(fields->body);
  EXPECT_EQ(narrow.size(), 2u);
  EXPECT_EQ(narrow["full_name"], doc["full_name"]);

  auto missing = cli.Get("/cdapi/v2/employee_multi_source/collect/999999999999", cs_headers());
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_TRUE(json::parse(missing->body).contains("detail"));

  auto company = store_->company(left);
  ASSERT_TRUE(company);
  auto enrich = cli.Get("/cdapi/v2/company_multi_source/enrich?website=" +
                            url_encode("https://www." + company->domains[0]),
                        cs_headers());
  ASSERT_TRUE(enrich);
  ASSERT_EQ(enrich->status, 200) << enrich->body;
  EXPECT_EQ(id_text(json::parse(enrich->body)["id"]), left);
  auto no_company =
      cli.Get("/cdapi/v2/company_multi_source/enrich?website=nobody-here.example", cs_headers());
  ASSERT_TRUE(no_company);
  EXPECT_EQ(no_company->status, 404);

  auto preview = cli.Post("/cdapi/v2/employee_multi_source/search/es_dsl/preview", cs_headers(),
                          current_query(left).dump(), "application/json");
  ASSERT_TRUE(preview);
  ASSERT_EQ(preview->status, 200);
  auto items = json::parse(preview->body);
  ASSERT_FALSE(items.empty());
  EXPECT_LE(items.size(), 20u);
  EXPECT_TRUE(items[0].contains("_score"));
  EXPECT_FALSE(items[0]["company_name"].is_null())
      << "current employer fields: " << items[0].dump();
  EXPECT_FALSE(items[0].contains("primary_professional_email"));
}

// Documented rule (docs.coresignal.com/api-introduction/requests/search-preview): preview gives
// up to 20 results per request whatever `items_per_page` says, pages 1 to 5 through `page` (100
// results at most), each page billed, sort not supported, and of the paging headers only
// `x-total-results` (no cursor, no page count). docs/mock-providers.md, "Preview".
TEST_F(MockServerTest, PreviewPagesFollowTheDocumentedRules) {
  MockConfig c = config();
  c.credits = 1000;
  MockServer server(c);
  auto port = server.start();
  ASSERT_NE(port, 0) << server.last_error();
  httplib::Client cli("127.0.0.1", port);
  const std::string path = "/cdapi/v2/employee_multi_source/search/es_dsl/preview";
  // The company with the most current employees in the small store: more than one page.
  auto [former, left, now_at] = former_trap();
  json body = current_query(now_at);
  auto ids =
      all_pages(cli, "/cdapi/v2/employee_multi_source/search/es_dsl", body, cs_headers(), 1000);
  ASSERT_GT(ids.size(), 20u) << "need more than one preview page";

  auto first =
      cli.Post(path + "?items_per_page=100", cs_headers(), body.dump(), "application/json");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(json::parse(first->body).size(), 20u) << "items_per_page does not widen a preview page";
  EXPECT_EQ(first->get_header_value("x-total-results"), std::to_string(ids.size()));
  EXPECT_FALSE(first->has_header("x-next-page-after")) << "preview pages by number, no cursor";
  EXPECT_FALSE(first->has_header("x-total-pages"));

  std::set<std::string> seen;
  std::size_t served = 0;
  for (int page = 1; page <= 5; ++page) {
    auto r = cli.Post(path + "?page=" + std::to_string(page), cs_headers(), body.dump(),
                      "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    for (const auto& item : json::parse(r->body)) {
      seen.insert(id_text(item["id"]));
      ++served;
    }
  }
  EXPECT_EQ(served, std::min<std::size_t>(ids.size(), 100)) << "5 pages of 20 at most";
  EXPECT_EQ(seen.size(), served) << "pages do not overlap";
  auto sixth = cli.Post(path + "?page=6", cs_headers(), body.dump(), "application/json");
  ASSERT_TRUE(sixth);
  EXPECT_EQ(sixth->status, 422) << "page 6 is past the documented 5";
  EXPECT_EQ(server.counters().credits_spent, 6 * 20) << "every page answered is billed";
}

// Documented rule: a search without `sort` is ordered as Elasticsearch orders it by default, by
// relevance (`_score` descending; elastic.co "Sorting and relevance"); the preview always is
// ("up to 20 top matching results"). A client that forgets a sort must not look right by luck.
TEST_F(MockServerTest, AnUnsortedSearchIsOrderedByRelevance) {
  MockServer server(config());
  auto port = server.start();
  ASSERT_NE(port, 0) << server.last_error();
  httplib::Client cli("127.0.0.1", port);
  auto [former, left, now_at] = former_trap();
  json body = current_query(now_at);
  body["query"]["bool"]["should"] = json::array(
      {{{"nested",
         {{"path", "experience"},
          {"query", {{"match_phrase", {{"experience.position_title", "manager"}}}}}}}}});
  const std::string path = "/cdapi/v2/employee_multi_source/search/es_dsl";
  auto unsorted = all_pages(cli, path, body, cs_headers(), 1000);
  json by_id = body;
  by_id["sort"] = json::array({"id"});
  auto ascending = all_pages(cli, path, by_id, cs_headers(), 1000);
  json by_score = body;
  by_score["sort"] = json::array({"_score"});
  auto relevance = all_pages(cli, path, by_score, cs_headers(), 1000);
  ASSERT_FALSE(unsorted.empty());
  EXPECT_EQ(unsorted, relevance);
  EXPECT_NE(unsorted, ascending) << "managers first, not the lowest ids";

  auto preview = cli.Post(path + "/preview", cs_headers(), by_id.dump(), "application/json");
  ASSERT_TRUE(preview);
  ASSERT_EQ(preview->status, 200);
  auto items = json::parse(preview->body);
  ASSERT_FALSE(items.empty());
  for (std::size_t i = 0; i + 1 < items.size(); ++i)
    EXPECT_GE(items[i]["_score"].get<double>(), items[i + 1]["_score"].get<double>())
        << "preview ignores sort: best matches first";
  EXPECT_EQ(id_text(items[0]["id"]), relevance[0]);
}

TEST_F(MockServerTest, CreditsAreChargedOn200AndRunOut) {
  MockConfig c = config();
  c.credits = 50;
  MockServer server(c);
  auto port = server.start();
  ASSERT_NE(port, 0) << server.last_error();
  httplib::Client cli("127.0.0.1", port);
  auto [former, left, now_at] = former_trap();
  const std::string path = "/cdapi/v2/employee_multi_source/collect/" + former;
  auto a = cli.Get(path, cs_headers());
  auto b = cli.Get(path, cs_headers());
  auto miss = cli.Get("/cdapi/v2/employee_multi_source/collect/999999999999", cs_headers());
  auto c3 = cli.Get(path, cs_headers());
  ASSERT_TRUE(a && b && miss && c3);
  EXPECT_EQ(a->get_header_value("x-credits-remaining"), "30");
  EXPECT_EQ(b->get_header_value("x-credits-remaining"), "10");
  EXPECT_EQ(miss->status, 404);
  EXPECT_EQ(miss->get_header_value("x-credits-remaining"), "10") << "a 404 is not billed";
  EXPECT_EQ(c3->status, 402);
  EXPECT_EQ(json::parse(c3->body)["detail"], "Insufficient credits");
  // Search is free under the 2026 prices, so it still works.
  auto search = cli.Post("/cdapi/v2/employee_multi_source/search/es_dsl", cs_headers(),
                         current_query(left).dump(), "application/json");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 200);
  auto counts = server.counters();
  EXPECT_EQ(counts.credits_spent, 40);
  EXPECT_EQ(counts.credits_remaining, 10);
  EXPECT_EQ(counts.payment_required, 1);
  EXPECT_EQ(counts.calls["coresignal.employee.collect"], 4);
}

TEST_F(MockServerTest, RateLimitAnswers429PerProviderStyle) {
  MockConfig c = config();
  c.rate_per_second = 2;
  c.perplexity_retry_after_s = 3;
  MockServer server(c);
  auto port = server.start();
  ASSERT_NE(port, 0) << server.last_error();
  httplib::Client cli("127.0.0.1", port);
  int ok = 0, limited = 0;
  for (int i = 0; i < 6; ++i) {
    auto r =
        cli.Get("/cdapi/v2/company_multi_source/enrich?website=" + some_domain(), cs_headers());
    ASSERT_TRUE(r);
    if (r->status == 429) {
      ++limited;
      EXPECT_FALSE(r->has_header("Retry-After"));
      EXPECT_TRUE(json::parse(r->body).contains("detail"));
    } else {
      EXPECT_EQ(r->status, 200) << r->body;
      ++ok;
    }
  }
  EXPECT_GE(limited, 3);
  EXPECT_GE(ok, 2);
  // Keys have separate buckets, and PDL reports its window in headers.
  httplib::Headers pdl = {{"X-Api-Key", kKey}};
  std::shared_ptr<httplib::Response> last;
  for (int i = 0; i < 4; ++i) {
    auto r = cli.Get("/v5/company/enrich?website=" + some_domain(), pdl);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->has_header("x-ratelimit-limit"));
    if (r->status == 429) last = std::make_shared<httplib::Response>(*r);
  }
  ASSERT_TRUE(last);
  EXPECT_EQ(last->get_header_value("x-ratelimit-remaining"), "0");
  EXPECT_TRUE(last->has_header("x-ratelimit-reset"));
  EXPECT_EQ(json::parse(last->body)["error"]["type"], "rate_limit_error");
  httplib::Headers ppx = {{"Authorization", std::string("Bearer ") + kKey}};
  bool saw_retry_after = false;
  for (int i = 0; i < 4; ++i) {
    auto r = cli.Post("/v1/agent", ppx, R"({"input":"Who runs Coho Winery?"})", "application/json");
    ASSERT_TRUE(r);
    if (r->status == 429) saw_retry_after = r->get_header_value("Retry-After") == "3";
  }
  EXPECT_TRUE(saw_retry_after);
  EXPECT_GE(server.counters().rate_limited, 5);
}

TEST_F(MockServerTest, InjectedFaults) {
  MockServer server(config());
  auto port = server.start();
  ASSERT_NE(port, 0) << server.last_error();
  httplib::Client cli("127.0.0.1", port);
  auto [former, left, now_at] = former_trap();
  const std::string path = "/cdapi/v2/employee_multi_source/collect/" + former;
  auto good = cli.Get(path, cs_headers());
  ASSERT_TRUE(good);

  server.set_faults({.kind = FaultKind::truncated_body, .every_nth = 1});
  auto cut = cli.Get(path, cs_headers());
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->status, 200);
  EXPECT_LT(cut->body.size(), good->body.size());
  EXPECT_EQ(good->body.substr(0, cut->body.size()), cut->body);
  EXPECT_TRUE(json::parse(cut->body, nullptr, false).is_discarded());

  server.set_faults({.kind = FaultKind::malformed_json, .every_nth = 1});
  auto bad = cli.Get(path, cs_headers());
  ASSERT_TRUE(bad);
  EXPECT_TRUE(json::parse(bad->body, nullptr, false).is_discarded());

  server.set_faults({.kind = FaultKind::status_503, .every_nth = 2});
  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) statuses.push_back(cli.Get(path, cs_headers())->status);
  EXPECT_EQ(statuses, (std::vector<int>{200, 503, 200, 503}));

  // Probability faults are reproducible with a seed.
  auto run = [&](std::uint64_t seed) {
    server.set_faults({.kind = FaultKind::status_502, .probability = 0.5, .seed = seed});
    std::vector<int> s;
    for (int i = 0; i < 12; ++i) s.push_back(cli.Get(path, cs_headers())->status);
    return s;
  };
  auto r1 = run(7), r2 = run(7);
  EXPECT_EQ(r1, r2);
  EXPECT_TRUE(std::count(r1.begin(), r1.end(), 502) > 0 &&
              std::count(r1.begin(), r1.end(), 200) > 0);

  server.set_faults({.kind = FaultKind::timeout, .every_nth = 1, .delay_ms = 1500});
  httplib::Client impatient("127.0.0.1", port);
  impatient.set_read_timeout(0, 300000);
  auto slow = impatient.Get(path, cs_headers());
  EXPECT_FALSE(slow) << "the client timed out";
  server.set_faults({});
  EXPECT_GE(server.counters().faults, 8);
}

TEST_F(MockServerTest, PeakConcurrencyIsCounted) {
  MockConfig c = config();
  c.latency_ms = 200;
  MockServer server(c);
  auto port = server.start();
  ASSERT_NE(port, 0) << server.last_error();
  std::vector<std::future<int>> calls;
  for (int i = 0; i < 4; ++i)
    calls.push_back(std::async(std::launch::async, [port, domain = some_domain()] {
      httplib::Client cli("127.0.0.1", port);
      auto r = cli.Get("/cdapi/v2/company_multi_source/enrich?website=" + domain, cs_headers());
      return r ? r->status : -1;
    }));
  for (auto& f : calls) EXPECT_EQ(f.get(), 200);
  EXPECT_GE(server.counters().peak_concurrent, 3);
}

TEST_F(MockServerTest, PeopleDataLabsShapes) {
  MockServer server(config());
  auto port = server.start();
  ASSERT_NE(port, 0) << server.last_error();
  httplib::Client cli("127.0.0.1", port);
  httplib::Headers h = {{"X-Api-Key", kKey}};
  auto [former, left, now_at] = former_trap();
  json q = {
      {"query", {{"bool", {{"must", json::array({{{"term", {{"job_company_id", left}}}}})}}}}}};
  // Pages of `size` until the scroll token runs out; returns ids, checks every page's shape.
  std::size_t records = 0;
  auto search_all = [&](int size) {
    json body = q;
    body["size"] = size;
    std::set<std::string> ids;
    for (int i = 0; i < 100; ++i) {
      auto r = cli.Post("/v5/person/search", h, body.dump(), "application/json");
      EXPECT_TRUE(r);
      if (!r) break;
      EXPECT_EQ(r->status, 200) << r->body;
      auto b = json::parse(r->body);
      EXPECT_EQ(b["status"], 200);
      EXPECT_LE(b["data"].size(), static_cast<std::size_t>(size));
      records += b["data"].size();
      for (const auto& p : b["data"]) {
        ids.insert(p["id"].get<std::string>());
        EXPECT_EQ(p["job_company_id"], left);
        if (p["full_name"].is_string()) {
          std::string n = p["full_name"].get<std::string>();
          EXPECT_TRUE(std::none_of(n.begin(), n.end(), [](unsigned char ch) {
            return std::isupper(ch);
          })) << n;
        }
      }
      if (ids.size() == b["total"].get<std::size_t>()) {
        EXPECT_TRUE(b["scroll_token"].is_null());
      }
      if (b["scroll_token"].is_null()) break;
      body["scroll_token"] = b["scroll_token"];
    }
    return ids;
  };
  auto got = search_all(100);
  std::set<std::string> current;
  for (const auto& p : store_->current_employees(left))
    if (p.company_id == left) current.insert(p.id);
  EXPECT_EQ(got, current) << "job_company_id is the root current employer";
  EXPECT_FALSE(got.contains(former));
  EXPECT_EQ(search_all(37), got);
  EXPECT_EQ(server.counters().credits_spent, static_cast<std::int64_t>(records))
      << "1 credit per record";

  auto sql =
      cli.Post("/v5/person/search", h, R"({"sql":"SELECT * FROM person"})", "application/json");
  ASSERT_TRUE(sql);
  EXPECT_EQ(sql->status, 400);
  EXPECT_EQ(json::parse(sql->body)["error"]["type"], "invalid_request_error");

  auto none = cli.Post("/v5/person/search", h, R"({"query":{"term":{"job_company_id":"0"}}})",
                       "application/json");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 404);
  EXPECT_EQ(json::parse(none->body)["error"]["type"], "not_found");

  ASSERT_FALSE(got.empty());
  auto person = store_->person(*got.begin());
  ASSERT_TRUE(person);
  auto enrich = cli.Get("/v5/person/enrich?pdl_id=" + person->id + "&api_key=" + kKey);
  ASSERT_TRUE(enrich);
  ASSERT_EQ(enrich->status, 200) << enrich->body;
  auto e = json::parse(enrich->body);
  EXPECT_EQ(e["status"], 200);
  EXPECT_EQ(e["data"]["id"], person->id);
  EXPECT_GE(e["likelihood"].get<int>(), 1);

  auto company = store_->company(left);
  auto ce = cli.Get("/v5/company/enrich?website=" + company->domains[0], h);
  ASSERT_TRUE(ce);
  ASSERT_EQ(ce->status, 200);
  auto cb = json::parse(ce->body);
  EXPECT_FALSE(cb.contains("data")) << "company enrich is flat";
  EXPECT_EQ(cb["id"], left);
}

// PDL Person Search input parameters
// (docs.peopledatalabs.com/docs/input-parameters-person-search-api): `data_include` is a
// comma-separated list of the fields to return, or to leave out when it begins with '-'; billing is
// per record either way.
TEST_F(MockServerTest, PdlSearchReturnsOnlyTheFieldsAskedFor) {
  MockServer server(config());
  auto port = server.start();
  ASSERT_NE(port, 0) << server.last_error();
  httplib::Client cli("127.0.0.1", port);
  httplib::Headers h = {{"X-Api-Key", kKey}};
  auto [former, left, now_at] = former_trap();
  json body = {
      {"query", {{"bool", {{"must", json::array({{{"term", {{"job_company_id", left}}}}})}}}}},
      {"size", 5},
      {"titlecase", true}};
  auto search = [&](const json& b) {
    auto r = cli.Post("/v5/person/search", h, b.dump(), "application/json");
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    return r && r->status == 200 ? json::parse(r->body)["data"] : json::array();
  };
  const json whole = search(body);
  ASSERT_FALSE(whole.empty());
  ASSERT_TRUE(whole[0].contains("experience") && whole[0].contains("job_title"));

  body["data_include"] = "id,full_name,experience.title";
  const json some = search(body);
  ASSERT_EQ(some.size(), whole.size()) << "the same records";
  for (const auto& p : some) {
    std::set<std::string> keys;
    for (const auto& [k, v] : p.items()) keys.insert(k);
    EXPECT_EQ(keys, (std::set<std::string>{"id", "full_name", "experience"}));
    for (const auto& e : p["experience"]) {
      EXPECT_TRUE(e.contains("title"));
      EXPECT_FALSE(e.contains("company")) << "only the dotted field of each entry";
    }
  }
  body["data_include"] = "-experience,skills";
  for (const auto& p : search(body)) {
    EXPECT_FALSE(p.contains("experience"));
    EXPECT_FALSE(p.contains("skills"));
    EXPECT_TRUE(p.contains("job_title"));
  }
  EXPECT_EQ(server.counters().credits_spent, static_cast<std::int64_t>(3 * whole.size()))
      << "one credit per record, whatever the fields";
}

TEST_F(MockServerTest, PerplexityAgentAnswersFromTheStore) {
  MockServer server(config());
  auto port = server.start();
  ASSERT_NE(port, 0) << server.last_error();
  httplib::Client cli("127.0.0.1", port);
  httplib::Headers h = {{"Authorization", std::string("Bearer ") + kKey}};
  auto [former, left, now_at] = former_trap();
  auto company = store_->company(left);
  ASSERT_TRUE(company);
  json req = {{"model", "perplexity/sonar"},
              {"input", "Who leads " + company->name + " (" + company->domains[0] + ")?"},
              {"tools", json::array({{{"type", "web_search"}}})}};
  auto res = cli.Post("/v1/agent", h, req.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto b = json::parse(res->body);
  EXPECT_EQ(b["object"], "response");
  EXPECT_EQ(b["status"], "completed");
  ASSERT_EQ(b["output"].size(), 2u);
  EXPECT_EQ(b["output"][0]["type"], "search_results");
  std::string url = b["output"][0]["results"][0]["url"];
  EXPECT_NE(url.find(".example/"), std::string::npos);
  std::string text = b["output"][1]["content"][0]["text"];
  EXPECT_NE(text.find(company->name), std::string::npos) << text;
  EXPECT_TRUE(b["usage"]["cost"]["total_cost"].is_number());

  auto missing = cli.Post("/v1/agent", h, R"({"model":"perplexity/sonar"})", "application/json");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 422);
  EXPECT_EQ(json::parse(missing->body)["detail"][0]["loc"][1], "input");

  server.set_faults({.kind = FaultKind::perplexity_failed, .every_nth = 1});
  auto failed = json::parse(cli.Post("/v1/agent", h, req.dump(), "application/json")->body);
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_TRUE(failed["error"].is_object());
  server.set_faults({.kind = FaultKind::perplexity_no_message, .every_nth = 1});
  auto no_message = json::parse(cli.Post("/v1/agent", h, req.dump(), "application/json")->body);
  EXPECT_EQ(no_message["output"].size(), 1u);

  auto legacy =
      cli.Post("/chat/completions", h, R"({"model":"sonar","messages":[]})", "application/json");
  ASSERT_TRUE(legacy);
  EXPECT_EQ(legacy->status, 410);
}
