// `buyergraph serve` over real loopback HTTP against a real SQLite store (a private copy of the
// demo store): every route, bad input (problem JSON, nothing stored), auth on and off, limits,
// cancelling, and the API document against the server's route table.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "../../apps/buyergraph/serve/routes.hpp"
#include "build_paths.hpp"
#include "serve_support.hpp"

using namespace buyergraph;
using namespace buyergraph::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kSrc = source_dir();

// One server for most tests: its store, its seller folder (a copy of sellers/), its port.
struct Shared {
  std::string dir, store, sellers;
  std::unique_ptr<ServeProcess> server;
};
Shared& shared() {
  static Shared s = [] {
    Shared x;
    x.dir = temp_dir("shared");
    x.store = private_store(x.dir);
    x.sellers = x.dir + "/sellers";
    fs::create_directories(x.sellers);
    for (const auto& e : fs::directory_iterator(kSrc + "/sellers"))
      if (e.path().extension() == ".yaml") fs::copy_file(e.path(), x.sellers / e.path().filename());
    x.server = std::make_unique<ServeProcess>(
        x.store, std::vector<std::string>{"--seller-dir", x.sellers, "--threads", "2"}, x.dir);
    return x;
  }();
  return s;
}

httplib::Client client() { return shared().server->client(); }

json body_json(const httplib::Result& r) {
  if (!r) return json();
  return json::parse(r->body, nullptr, false);
}

// A problem: the status, the media type and the RFC 9457 members.
void expect_problem(const httplib::Result& r, int status) {
  ASSERT_TRUE(r) << "no answer";
  EXPECT_EQ(r->status, status) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json") << r->body;
  json p = body_json(r);
  ASSERT_TRUE(p.is_object()) << r->body;
  EXPECT_EQ(p["status"], status);
  EXPECT_TRUE(p["title"].is_string());
  EXPECT_FALSE(p.value("detail", "").empty()) << r->body;
}

json post_group(httplib::Client& c, const json& body) {
  auto r = c.Post("/v1/groups", body.dump(), "application/json");
  if (!r || r->status != 202) {
    ADD_FAILURE() << "POST /v1/groups: " << (r ? r->body : "no answer");
    return json();
  }
  return body_json(r);
}

// Polls a job until it ends (or 3 minutes pass).
json wait_job(httplib::Client& c, const std::string& id) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
  json j;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = c.Get("/v1/groups/" + id);
    j = body_json(r);
    const std::string s = j.value("status", "");
    if (s == "done" || s == "failed" || s == "cancelled") return j;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "job " << id << " did not finish: " << j.dump();
  return j;
}

// The group for Contoso (the demo's plain company), found once and shared by several tests.
const json& contoso() {
  static const json job = [] {
    auto c = client();
    json j = post_group(c, {{"company", "Contoso"}, {"seller", "cloud-infrastructure"}});
    return wait_job(c, j.value("id", ""));
  }();
  return job;
}

std::string run_count(httplib::Client& c, const std::string& company) {
  auto r = c.Get("/v1/history?company=" + httplib::detail::encode_query_param(company));
  return std::to_string(body_json(r)["runs"].size());
}

}  // namespace

TEST(ServeApi, StartsOnLoopbackAndAnswersHealthReadyAndMetrics) {
  ASSERT_GT(shared().server->port(), 0) << shared().server->log();
  auto c = client();
  auto h = c.Get("/healthz");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
  EXPECT_EQ(body_json(h)["status"], "ok");
  // Ready once the graph asks for work: within a few seconds of listening.
  int ready = 0;
  for (int i = 0; i < 100 && ready != 200; ++i) {
    auto r = c.Get("/readyz");
    ready = r ? r->status : 0;
    if (ready != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(ready, 200);
  contoso();
  auto m = c.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200);
  EXPECT_NE(m->get_header_value("Content-Type").find("text/plain"), std::string::npos);
  for (const char* family :
       {"buyergraph_jobs{state=\"queued\"}", "buyergraph_jobs_total{state=\"done\"}",
        "buyergraph_stage_items_total{stage=\"company\",kind=\"in\"}",
        "buyergraph_stage_latency_seconds{stage=\"roles\",quantile=\"0.95\"}",
        "buyergraph_http_requests_total{route=\"/v1/groups\",status=\"202\"}"})
    EXPECT_NE(m->body.find(family), std::string::npos) << family << "\n" << m->body;
}

TEST(ServeApi, EveryRegisteredRouteIsInTheOpenApiDocumentAndServedFromIt) {
  std::ifstream in(kSrc + "/docs/openapi.json");
  json doc = json::parse(in, nullptr, false);
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"], "3.1.0");
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items())
      if (method != "parameters") {
        std::string m = method;
        for (auto& ch : m) ch = static_cast<char>(std::toupper(ch));
        documented.insert({m, path});
      }
  std::set<std::pair<std::string, std::string>> registered;
  for (const auto& r : serve::kRoutes)
    registered.insert({std::string(r.method), std::string(r.path)});
  for (const auto& r : registered)
    EXPECT_TRUE(documented.count(r))
        << r.first << " " << r.second << " is not in docs/openapi.json";
  for (const auto& d : documented)
    EXPECT_TRUE(registered.count(d))
        << d.first << " " << d.second << " is documented but not served";
  // The server hands out that very file.
  auto c = client();
  auto r = c.Get("/v1/openapi.json");
  ASSERT_TRUE(r);
  EXPECT_EQ(body_json(r), doc);
}

TEST(ServeApi, AGroupRunsThroughTheSharedGraphAndEveryReportFormatRenders) {
  const json& job = contoso();
  ASSERT_EQ(job["status"], "done") << job.dump();
  EXPECT_GT(job["members"].get<int>(), 0);
  const json& report = job["report"];
  EXPECT_EQ(report["schema_version"], "1.0");
  EXPECT_EQ(report["company"]["name"], "Contoso Ltd");
  EXPECT_FALSE(report["members"].empty());
  const std::string id = job["id"];
  auto c = client();
  auto html = c.Get("/v1/groups/" + id + "/report.html");
  ASSERT_TRUE(html);
  EXPECT_EQ(html->status, 200);
  EXPECT_NE(html->body.find("Contoso Ltd"), std::string::npos);
  EXPECT_NE(html->get_header_value("Content-Security-Policy").find("default-src 'none'"),
            std::string::npos);
  auto md = c.Get("/v1/groups/" + id + "/report.md");
  ASSERT_TRUE(md);
  EXPECT_EQ(md->status, 200);
  EXPECT_NE(md->body.find("Contoso Ltd"), std::string::npos);
  auto csv = c.Get("/v1/groups/" + id + "/report.csv?flavor=hubspot&download=1");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_NE(csv->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  const auto csv_lines = std::count(csv->body.begin(), csv->body.end(), '\n');
  EXPECT_EQ(csv_lines, static_cast<long>(report["members"].size()) + 1) << csv->body;
  auto js = c.Get("/v1/groups/" + id + "/report.json");
  ASSERT_TRUE(js);
  EXPECT_EQ(body_json(js)["members"].size(), report["members"].size());
  // The server's folders (seller profiles, store) are nobody's business: the seller is named.
  for (const std::string& text : {report.dump(), html->body, md->body})
    EXPECT_EQ(text.find(shared().dir), std::string::npos) << text.substr(0, 2000);
  EXPECT_NE(report.dump().find("cloud-infrastructure.yaml"), std::string::npos);
  expect_problem(c.Get("/v1/groups/" + id + "/report.pdf"), 404);
  expect_problem(c.Get("/v1/groups/" + id + "/report.csv?flavor=excel"), 400);
  expect_problem(c.Get("/v1/groups/no-such-job"), 404);
  // The run is in the history under the job's id.
  const json history = body_json(c.Get("/v1/history?company=Contoso%20Ltd"));
  bool found = false;
  for (const auto& r : history["runs"]) found |= r["run_id"] == id;
  EXPECT_TRUE(found) << history.dump();
}

TEST(ServeApi, EventsStreamStatusChangesUntilTheJobEnds) {
  auto c = client();
  json job = post_group(c, {{"company", "Contoso"}});
  std::string stream;
  auto r = c.Get("/v1/groups/" + job.value("id", "") + "/events", [&](const char* data, size_t n) {
    stream.append(data, n);
    return true;
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/event-stream");
  // Each event is "id: N / event: status / data: {job}"; the last one is the end.
  std::vector<json> events;
  std::size_t at = 0;
  while ((at = stream.find("data: ", at)) != std::string::npos) {
    const auto end = stream.find('\n', at);
    events.push_back(json::parse(stream.substr(at + 6, end - at - 6)));
    at = end;
  }
  ASSERT_FALSE(events.empty()) << stream;
  EXPECT_EQ(events.back()["status"], "done") << stream;
  EXPECT_FALSE(events.back().contains("report"));  // events are small; the report is a GET away
  // While it runs, the events follow it through the pipeline's steps (a demo group takes about
  // a second here; the stream looks ten times a second), never backwards.
  int steps_seen = 0, last_step = 0;
  for (const auto& e : events) {
    if (!e.contains("progress")) continue;
    EXPECT_EQ(e["status"], "running") << e.dump();
    const int step = e["progress"]["step"], of = e["progress"]["of"];
    EXPECT_GE(step, last_step) << stream;
    EXPECT_LE(step, of) << e.dump();
    if (step > 0) {
      ++steps_seen;
      EXPECT_FALSE(e["progress"]["stage"].get<std::string>().empty()) << e.dump();
      EXPECT_FALSE(e["progress"]["summary"].get<std::string>().empty()) << e.dump();
    }
    last_step = step;
  }
  EXPECT_GE(steps_seen, 1) << stream;
  expect_problem(c.Get("/v1/groups/nope/events"), 404);
}

TEST(ServeApi, BadGroupRequestsAreProblemsAndNothingIsQueuedOrStored) {
  auto c = client();
  contoso();
  const auto before_metrics = c.Get("/metrics")->body;
  const std::string runs_before = run_count(c, "Contoso Ltd");
  expect_problem(c.Post("/v1/groups", "not json", "application/json"), 400);
  expect_problem(c.Post("/v1/groups", "[1,2]", "application/json"), 400);
  expect_problem(c.Post("/v1/groups", R"({"company": ""})", "application/json"), 422);
  expect_problem(c.Post("/v1/groups", R"({"company": 42})", "application/json"), 422);
  expect_problem(
      c.Post("/v1/groups", R"({"company": "Contoso", "deal_size": -5})", "application/json"), 422);
  expect_problem(c.Post("/v1/groups", R"({"company": "Contoso", "seller": "no-such-seller"})",
                        "application/json"),
                 422);
  expect_problem(c.Post("/v1/groups", R"({"company": "Contoso", "seller": "../../etc/passwd"})",
                        "application/json"),
                 422);
  expect_problem(
      c.Post("/v1/groups", R"({"company": "Contoso", "pipeline": "other"})", "application/json"),
      422);
  auto r =
      c.Post("/v1/groups", R"({"company": "Contoso", "deal_size": "big"})", "application/json");
  expect_problem(r, 422);
  EXPECT_EQ(body_json(r)["errors"][0]["field"], "deal_size");
  // Nothing was queued and no run was saved.
  auto submitted = [](const std::string& metrics) {
    const std::string key = "buyergraph_jobs_total{state=\"submitted\"} ";
    auto at = metrics.find(key);
    return at == std::string::npos ? -1 : std::stoi(metrics.substr(at + key.size()));
  };
  EXPECT_EQ(submitted(c.Get("/metrics")->body), submitted(before_metrics));
  EXPECT_EQ(run_count(c, "Contoso Ltd"), runs_before);
  expect_problem(c.Get("/v1/no-such-route"), 404);
}

TEST(ServeApi, AnAmbiguousNameGivesCandidatesAndACandidateIdPicksOne) {
  auto c = client();
  auto r = c.Get("/v1/companies?q=Tailspin");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json res = body_json(r);
  EXPECT_EQ(res["status"], "ambiguous") << r->body;
  ASSERT_GE(res["candidates"].size(), 2u) << r->body;
  for (const auto& cand : res["candidates"]) EXPECT_TRUE(cand.contains("industry")) << cand.dump();
  // The name alone fails with the CLI's words; the id picks the namesake.
  json failed = wait_job(c, post_group(c, {{"company", "Tailspin"}}).value("id", ""));
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_EQ(failed["error"]["code"], "ambiguous");
  EXPECT_NE(failed["error"]["detail"].get<std::string>().find("\"Tailspin\" is ambiguous"),
            std::string::npos)
      << failed.dump();
  expect_problem(c.Get("/v1/groups/" + failed["id"].get<std::string>() + "/report.csv"), 422);
  const json pick = res["candidates"][1];
  json done = wait_job(
      c, post_group(c, {{"company", pick["name"]}, {"company_id", pick["id"]}}).value("id", ""));
  ASSERT_EQ(done["status"], "done") << done.dump();
  EXPECT_EQ(done["report"]["company"]["id"], pick["id"]);
  expect_problem(c.Get("/v1/companies?q="), 400);
}

TEST(ServeApi, SellerProfilesAreListedReadAndSavedOnlyWhenValid) {
  auto c = client();
  auto list = body_json(c.Get("/v1/sellers"));
  std::set<std::string> names;
  for (const auto& s : list["sellers"]) names.insert(s["name"]);
  EXPECT_TRUE(names.count("cloud-infrastructure")) << list.dump();
  auto one = c.Get("/v1/sellers/cloud-infrastructure");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200);
  EXPECT_TRUE(body_json(one)["valid"]);
  EXPECT_FALSE(body_json(one)["profile"].contains("source_file"));  // no server paths
  expect_problem(c.Get("/v1/sellers/missing"), 404);

  // An invalid profile: every problem with its line, and no file written.
  const std::string bad =
      "apiVersion: buyergraph/v1\nkind: SellerProfile\nname: X\ndeal_size: -5\n";
  auto r = c.Put("/v1/sellers/broken", bad, "application/yaml");
  expect_problem(r, 422);
  EXPECT_FALSE(body_json(r)["errors"].empty());
  EXPECT_GT(body_json(r)["errors"][0]["line"].get<int>(), 0) << r->body;
  EXPECT_FALSE(fs::exists(shared().sellers + "/broken.yaml"));
  expect_problem(c.Put("/v1/sellers/Bad%20Name", bad, "application/yaml"), 422);

  // A valid one (a copy of a shipped profile) is saved, listed and usable.
  // Its name is markup: the HTML report must print it as text.
  std::ifstream in(kSrc + "/sellers/security.yaml");
  std::stringstream yaml;
  for (std::string line; std::getline(in, line);)
    yaml << (line.rfind("name:", 0) == 0 ? "name: '<script>alert(1)</script> Sec & Co'" : line)
         << "\n";
  auto put =
      c.Put("/v1/sellers/copy-of-security", json{{"yaml", yaml.str()}}.dump(), "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 201) << put->body;
  EXPECT_TRUE(fs::exists(shared().sellers + "/copy-of-security.yaml"));
  auto again = c.Put("/v1/sellers/copy-of-security", yaml.str(), "application/yaml");
  EXPECT_EQ(again->status, 200);
  json job = wait_job(
      c,
      post_group(c, {{"company", "Contoso"}, {"seller", "copy-of-security"}, {"deal_size", 50000}})
          .value("id", ""));
  EXPECT_EQ(job["status"], "done");
  EXPECT_EQ(job["report"]["seller"]["deal_size"], 50000);
  auto html = c.Get("/v1/groups/" + job.value("id", "") + "/report.html");
  ASSERT_TRUE(html);
  EXPECT_NE(html->body.find("&lt;script&gt;alert(1)&lt;/script&gt; Sec &amp; Co"),
            std::string::npos)
      << html->body.substr(0, 2000);
  EXPECT_EQ(html->body.find("<script>alert"), std::string::npos);
}

TEST(ServeApi, HistoryAndTheDiffBetweenTwoRunsAgreeWithTheCli) {
  auto c = client();
  const std::string a = contoso()["id"];
  json second =
      wait_job(c, post_group(c, {{"company", "Contoso"}, {"seller", "security"}}).value("id", ""));
  ASSERT_EQ(second["status"], "done");
  const std::string b = second["id"];
  auto h = body_json(c.Get("/v1/history?company=Contoso%20Ltd"));
  ASSERT_GE(h["runs"].size(), 2u);
  expect_problem(c.Get("/v1/history"), 400);

  auto d = c.Get(fmt::format("/v1/runs/{}/diff/{}", a, b));
  ASSERT_TRUE(d);
  ASSERT_EQ(d->status, 200) << d->body;
  json diff = body_json(d);
  EXPECT_EQ(diff["from"]["run_id"], a);
  EXPECT_EQ(diff["to"]["run_id"], b);
  // Two seller profiles target different functions: the group changes.
  const auto changes = diff["joined"].size() + diff["left"].size() + diff["role_changed"].size();
  EXPECT_GT(changes, 0u) << d->body;
  // Everyone in the later run is joined, changed or unchanged, once.
  std::size_t later = second["report"]["members"].size();
  std::set<std::string> changed;
  for (const char* k : {"role_changed", "title_changed", "contact_changed"})
    for (const auto& p : diff[k]) changed.insert(p["person_id"]);
  EXPECT_EQ(diff["joined"].size() + changed.size() + diff["unchanged"].get<std::size_t>(), later);
  expect_problem(c.Get(fmt::format("/v1/runs/{}/diff/nope", a)), 404);

  auto cli = run_cli({"diff", a, b, "--json"}, shared().store);
  ASSERT_EQ(cli.code, 0) << cli.err;
  json cli_diff = json::parse(cli.out);
  for (const char* k :
       {"joined", "left", "role_changed", "title_changed", "contact_changed", "unchanged"})
    EXPECT_EQ(cli_diff[k], diff[k]) << k;
  auto text = run_cli({"diff", a, b}, shared().store);
  EXPECT_EQ(text.code, 0);
  EXPECT_NE(text.out.find("unchanged"), std::string::npos) << text.out;
  EXPECT_EQ(run_cli({"diff", a, "no-such-run"}, shared().store).code, 1);
}

TEST(ServeApi, ABatchUploadRunsEveryGoodRowAndReportsTheBadOnes) {
  auto c = client();
  const std::string csv =
      "name,domain\nContoso,\nFabrikam Group,\n,\nUnlisted Prospect Holdings,\n";
  auto r = c.Post("/v1/batches?seller=security", csv, "text/csv");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  json accepted = body_json(r);
  EXPECT_EQ(accepted["accounts"], 3);
  EXPECT_EQ(accepted["bad_rows"].size(), 1u) << r->body;
  const std::string id = accepted["id"];
  json batch;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
  while (std::chrono::steady_clock::now() < deadline) {
    batch = body_json(c.Get("/v1/batches/" + id));
    if (batch["finished"] == batch["total"]) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_EQ(batch["finished"], 3) << batch.dump();
  EXPECT_EQ(batch["counts"]["done"], 2) << batch.dump();
  EXPECT_EQ(batch["counts"]["failed"], 1) << batch.dump();
  auto results = c.Get("/v1/batches/" + id + "/results.csv");
  ASSERT_TRUE(results);
  EXPECT_EQ(std::count(results->body.begin(), results->body.end(), '\n'), 4) << results->body;
  EXPECT_NE(results->body.find("was not found"), std::string::npos) << results->body;
  expect_problem(c.Post("/v1/batches", "just,words\n", "text/csv"), 422);
  expect_problem(c.Post("/v1/batches?seller=nope", csv, "text/csv"), 422);
  expect_problem(c.Get("/v1/batches/nope"), 404);
}

TEST(ServeApi, TheWebAppIsServedWithAStrictContentPolicy) {
  auto c = client();
  auto page = c.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<script type=\"module\" src=\"/web/app.js\">"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("script-src 'self'"),
            std::string::npos);
  for (const char* f :
       {"/web/app.js", "/web/api.js", "/web/map.js", "/web/dom.js", "/web/style.css"}) {
    auto r = c.Get(f);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << f;
  }
  expect_problem(c.Get("/web/../CMakeLists.txt"), 404);
  expect_problem(c.Get("/web/missing.js"), 404);
  // CORS is off unless configured: no header for a foreign origin.
  auto cors = c.Get("/healthz", {{"Origin", "https://evil.example"}});
  EXPECT_FALSE(cors->has_header("Access-Control-Allow-Origin"));
}

TEST(ServeApi, CancellingAQueuedJobDropsItAndARunningOneWithholdsItsResult) {
  const std::string dir = temp_dir("cancel");
  const std::string store = private_store(dir);
  // One group at a time, so the later ones wait in the queue.
  ServeProcess server(store, {"--max-in-flight", "1", "--threads", "1", "--rate-limit", "0"}, dir);
  ASSERT_GT(server.port(), 0) << server.log();
  auto c = server.client();
  std::vector<std::string> ids;
  for (const char* company : {"Contoso", "Fabrikam Group", "Northwind Traders",
                              "Adventure Works Cycles", "Wide World Importers", "Litware"})
    ids.push_back(post_group(c, {{"company", company}}).value("id", ""));
  // The last one is still queued: cancelled at once, and never runs.
  auto last = c.Delete("/v1/groups/" + ids.back());
  ASSERT_TRUE(last);
  EXPECT_EQ(last->status, 202) << last->body;
  EXPECT_EQ(body_json(last)["status"], "cancelled") << last->body;
  // A running one: caught while it runs (a group takes about a second here; one that finishes
  // between the look and the cancel answers 409 and the next one is tried).
  std::string withheld;
  for (std::size_t i = 0; i + 1 < ids.size() && withheld.empty(); ++i) {
    json j;
    while ((j = body_json(c.Get("/v1/groups/" + ids[i]))).value("status", "") == "queued")
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (j["status"] != "running") continue;
    auto r = c.Delete("/v1/groups/" + ids[i]);
    ASSERT_TRUE(r);
    if (r->status == 202) {
      EXPECT_EQ(body_json(r)["status"], "cancelling") << r->body;
      withheld = ids[i];
    } else {
      expect_problem(r, 409);
    }
  }
  ASSERT_FALSE(withheld.empty()) << "no group was caught running";
  json cancelled = wait_job(c, withheld);
  EXPECT_EQ(cancelled["status"], "cancelled") << cancelled.dump();
  EXPECT_FALSE(cancelled.contains("report"));
  expect_problem(c.Get("/v1/groups/" + withheld + "/report.json"), 409);
  // The others are unaffected.
  for (std::size_t i = 0; i + 1 < ids.size(); ++i)
    if (ids[i] != withheld) {
      EXPECT_NE(wait_job(c, ids[i])["status"], "cancelled") << i;
    }
  json dropped = body_json(c.Get("/v1/groups/" + ids.back()));
  EXPECT_EQ(dropped["status"], "cancelled");
  expect_problem(c.Delete("/v1/groups/" + (ids[0] == withheld ? ids[1] : ids[0])),
                 409);  // finished: nothing to cancel
  expect_problem(c.Delete("/v1/groups/nope"), 404);
  // Nothing of the dropped job reached the history.
  auto h = body_json(c.Get("/v1/history?company=Litware"));
  for (const auto& r : h["runs"]) EXPECT_NE(r["run_id"], ids.back());
}

TEST(ServeApi, TokensAreRequiredOffLoopbackOrOnRequestAndChecked) {
  const std::string dir = temp_dir("auth");
  const std::string store = private_store(dir);
  // No token in the store: a public address is refused.
  auto refused = run_cli({"serve", "--listen", "0.0.0.0:0", "--store", store}, store);
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.err.find("needs API tokens"), std::string::npos) << refused.err;

  auto created = run_cli({"tokens", "create", "crm-sync", "--store", store}, store);
  ASSERT_EQ(created.code, 0) << created.err;
  std::string token = created.out.substr(0, created.out.find('\n'));
  ASSERT_EQ(token.rfind("bgt_", 0), 0u) << created.out;
  EXPECT_EQ(run_cli({"tokens", "create", "crm-sync", "--store", store}, store).code, 1);
  auto listed = run_cli({"tokens", "list", "--store", store}, store);
  EXPECT_NE(listed.out.find("crm-sync"), std::string::npos);
  EXPECT_EQ(listed.out.find(token), std::string::npos) << "the secret must not be listed";

  ServeProcess server(store, {"--require-tokens"}, dir);
  ASSERT_GT(server.port(), 0) << server.log();
  auto c = server.client();
  expect_problem(c.Get("/v1/sellers"), 401);
  EXPECT_EQ(c.Get("/v1/sellers")->get_header_value("WWW-Authenticate"), "Bearer");
  expect_problem(c.Get("/metrics"), 401);
  expect_problem(c.Post("/v1/groups", R"({"company":"Contoso"})", "application/json"), 401);
  EXPECT_EQ(c.Get("/healthz")->status, 200);  // health and the app's files need no token
  EXPECT_EQ(c.Get("/")->status, 200);
  expect_problem(c.Get("/v1/sellers", {{"Authorization", "Bearer bgt_wrong"}}), 401);
  auto ok = c.Get("/v1/sellers", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_NE(run_cli({"tokens", "list", "--store", store}, store).out.find("T"), std::string::npos);
  ASSERT_EQ(run_cli({"tokens", "revoke", "crm-sync", "--store", store}, store).code, 0);
  expect_problem(c.Get("/v1/sellers", {{"Authorization", "Bearer " + token}}), 401);
  EXPECT_EQ(run_cli({"tokens", "revoke", "crm-sync", "--store", store}, store).code, 1);
  // The store keeps the hash, never the token.
  std::ifstream db(store, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(db)), {});
  EXPECT_EQ(bytes.find(token), std::string::npos);
}

TEST(ServeApi, RequestRateBodySizeAndCorsAreLimitedAsConfigured) {
  const std::string dir = temp_dir("limits");
  const std::string store = private_store(dir);
  ServeProcess server(store,
                      {"--rate-limit", "0.5", "--rate-burst", "3", "--max-body", "2000",
                       "--cors-origin", "https://crm.example"},
                      dir);
  ASSERT_GT(server.port(), 0) << server.log();
  auto c = server.client();
  expect_problem(c.Post("/v1/batches", std::string(5000, 'x'), "text/csv"), 413);
  int limited = 0;
  for (int i = 0; i < 6; ++i) {
    auto r = c.Get("/v1/sellers");
    if (r && r->status == 429) {
      ++limited;
      expect_problem(r, 429);
      EXPECT_FALSE(r->get_header_value("Retry-After").empty());
    }
  }
  EXPECT_GE(limited, 2);
  EXPECT_EQ(c.Get("/healthz")->status, 200);  // health checks are not rate limited
  auto allowed = c.Get("/healthz", {{"Origin", "https://crm.example"}});
  EXPECT_EQ(allowed->get_header_value("Access-Control-Allow-Origin"), "https://crm.example");
  auto other = c.Get("/healthz", {{"Origin", "https://evil.example"}});
  EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(server.stop(), 0) << server.log();
}
