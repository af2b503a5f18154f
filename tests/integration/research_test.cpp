// research.llm end to end: pipelines/buyer-group-research.yaml with real plugin loading, the
// engine's curl client and the in-process mock's Perplexity routes over loopback. Research
// may only add cited items; members and everything else in the group stay as they were.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "buyergraph/engine/registry.hpp"
#include "buyergraph/engine/runtime.hpp"
#include "buyergraph/mock/server.hpp"
#include "buyergraph/report/html.hpp"
#include "buyergraph/report/json_report.hpp"
#include "buyergraph/report/markdown.hpp"
#include "buyergraph/sellers/profile.hpp"
#include "pipeline_harness.hpp"
#include "providers_fixture.hpp"

using namespace buyergraph;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kKey = "pplx-test-secret-123";

using test::RunResult;

const sdk::BuyerGroup* group_of(const engine::AccountResult& a) {
  for (const auto& item : a.outputs)
    if (const auto* g = item.as<sdk::BuyerGroup>()) return g;
  return nullptr;
}

// Everything research must leave alone: the group's JSON minus intelligence.research and the
// per-run fields (run id, timestamps, ledger) that differ between any two runs.
json without_research(const sdk::BuyerGroup& g) {
  json j = g;
  if (j["intelligence"].is_object()) j["intelligence"].erase("research");
  j.erase("run");
  j.erase("ledger");
  return j;
}

class Research : public test::ProviderSuite {
 protected:
  static void SetUpTestSuite() { open_suite({"PERPLEXITY_API_KEY"}, kKey, 3); }

  static mock::MockConfig mock_config() {
    mock::MockConfig c;
    c.store_path = *dir_ + "/store.db";
    c.api_keys = {kKey};
    c.serve_coresignal = false;
    c.serve_pdl = false;
    return c;
  }

  // Smallest companies first (research costs one call per account, whatever the size).
  static std::vector<sdk::Account> accounts(std::size_t n) {
    return test::accounts_of(*companies_, n, "sales-tooling.yaml", true);
  }

  static std::string base(std::uint16_t port) { return "http://127.0.0.1:" + std::to_string(port); }

  // Runs pipelines/<file> with overrides. The history sink is always dropped; the report sink
  // too unless `report_dir` is given (then it writes there).
  static RunResult run(const std::string& file, const std::vector<std::string>& sets,
                       const std::vector<sdk::Account>& accts, const std::string& report_dir = "") {
    test::PipelineRun spec{.file = file, .sets = sets, .drop = {"history"}, .secret = kKey};
    if (report_dir.empty())
      spec.drop.insert("report");
    else
      spec.sets.push_back("report.dir=" + report_dir);
    return test::run_pipeline(spec, *registry_, accts);
  }

  static std::vector<std::string> research_sets(std::uint16_t port,
                                                std::vector<std::string> more = {}) {
    std::vector<std::string> s = {
        "resources.http.perplexity.base_url=" + base(port),
        "resources.http.perplexity.rate_per_s=1000",
        "resources.http.perplexity.retries={max: 2, backoff_ms: 5, max_backoff_ms: 20}"};
    s.insert(s.end(), more.begin(), more.end());
    return s;
  }

  // The local pipeline without research, over the first 3 accounts, computed once.
  static const RunResult& local_run() {
    static const RunResult* local = new RunResult(run("buyer-group.yaml", {}, accounts(3)));
    return *local;
  }

  // Every account completed and its group equals the local run's, research aside.
  static void expect_groups_unchanged(const RunResult& r) {
    const RunResult& local = local_run();
    for (const auto& a : r.report.accounts) {
      SCOPED_TRACE(a.account.name);
      EXPECT_EQ(a.status, engine::AccountStatus::ok) << a.error_code << ": " << a.error_message;
      const auto* l = local.account(a.account.key);
      ASSERT_NE(l, nullptr);
      const sdk::BuyerGroup* want = group_of(*l);
      const sdk::BuyerGroup* got = group_of(a);
      ASSERT_NE(want, nullptr);
      ASSERT_NE(got, nullptr);
      // Contact checks stamp the time they ran (verified_at): the only field two runs differ in.
      json diff = json::array();
      for (const auto& op : json::diff(without_research(*want), without_research(*got))) {
        const std::string path = op.value("path", "");
        if (!path.ends_with("/verified_at")) diff.push_back(op);
      }
      EXPECT_TRUE(diff.empty()) << diff.dump().substr(0, 2000);
      EXPECT_FALSE(want->intelligence.contains("research"));
    }
  }

  static json research_of(const engine::AccountResult& a) {
    const sdk::BuyerGroup* g = group_of(a);
    if (!g || !g->intelligence.is_object()) return json();
    return g->intelligence.value("research", json());
  }
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_F(Research, AddsOnlyCitedItemsAndLeavesTheGroupAlone) {
  mock::MockServer server(mock_config());
  const auto port = server.start();
  ASSERT_NE(port, 0) << server.last_error();
  const fs::path out = fs::path(::testing::TempDir()) / ("bg-research-" + std::to_string(getpid()));
  fs::remove_all(out);
  RunResult r = run("buyer-group-research.yaml", research_sets(port), accounts(3), out.string());
  expect_groups_unchanged(r);
  int items = 0;
  for (const auto& a : r.report.accounts) {
    SCOPED_TRACE(a.account.name);
    const json res = research_of(a);
    ASSERT_TRUE(res.is_object());
    EXPECT_EQ(res["status"], "ok") << res.value("error", "");
    EXPECT_EQ(res["provider"], "perplexity");
    EXPECT_EQ(res["model"], "perplexity/sonar");
    EXPECT_DOUBLE_EQ(res.value("cost_usd", 0.0), 0.0012);
    // The mock's rumour item cites a page it never retrieved: dropped and counted. Its
    // unretrieved blog link on a kept item is removed from that item.
    EXPECT_EQ(res["dropped_uncited"], 1);
    EXPECT_EQ(res["dropped_urls"], 1);
    ASSERT_GE(res["items"].size(), 2u);
    const std::string slug_host = ".example/";
    for (const auto& it : res["items"]) {
      ASSERT_FALSE(it["evidence"].empty());
      for (const auto& e : it["evidence"]) {
        const std::string url = e["url"];
        EXPECT_EQ(url.rfind("https://", 0), 0u) << url;
        EXPECT_EQ(url.find("rumours.example"), std::string::npos) << url;
        EXPECT_EQ(url.find("blog.example"), std::string::npos) << url;
      }
      EXPECT_NE(it["statement"].get<std::string>().find(a.account.name), std::string::npos)
          << it.dump();
      ++items;
    }
    // The report JSON still validates; Markdown and HTML show each item with its URL.
    const sdk::BuyerGroup* g = group_of(a);
    ASSERT_NE(g, nullptr);
    auto valid = report::validate_report(report::to_report_json(*g));
    EXPECT_TRUE(valid) << valid.error().message;
    const std::string md = report::render_markdown(*g), html = report::render_html(*g);
    EXPECT_NE(md.find("## Research (cited)"), std::string::npos);
    EXPECT_NE(html.find("Research (cited)"), std::string::npos);
    for (const auto& it : res["items"]) {
      const std::string url = it["evidence"][0]["url"];
      EXPECT_NE(md.find(url), std::string::npos) << url;
      EXPECT_NE(html.find(url), std::string::npos) << url;
    }
  }
  EXPECT_GE(items, 6);
  EXPECT_EQ(server.counters().calls["perplexity.agent"], 3);
  EXPECT_DOUBLE_EQ(r.metrics["research.dropped_uncited"], 3);
  // The files the report sink wrote: research present, key absent.
  std::size_t files = 0, with_research = 0;
  for (const auto& f : fs::recursive_directory_iterator(out)) {
    if (!f.is_regular_file()) continue;
    const std::string text = read_file(f.path());
    ++files;
    EXPECT_EQ(text.find(kKey), std::string::npos) << "key in " << f.path();
    with_research += text.find("news.example") != std::string::npos ? 1 : 0;
  }
  EXPECT_GE(files, 3u);
  EXPECT_GE(with_research, 3u);  // at least the JSON report of every account
  fs::remove_all(out);
}

TEST_F(Research, FaultsLeaveTheGroupUnchangedWithAClearError) {
  using mock::FaultKind;
  struct Case {
    const char* name;
    FaultKind kind;
    const char* words;  // in research.error
  };
  const std::vector<Case> cases = {
      {"failed", FaultKind::perplexity_failed, "failed at the provider"},
      {"no-usage", FaultKind::perplexity_no_usage, "no usage"},
      {"no-message", FaultKind::perplexity_no_message, "no message item"},
      {"bad-json", FaultKind::perplexity_bad_json, "not JSON"},
      {"503", FaultKind::status_503, "HTTP 503"},
      {"truncated", FaultKind::truncated_body, "not JSON"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto cfg = mock_config();
    cfg.faults = {.kind = c.kind, .every_nth = 1};
    mock::MockServer server(cfg);
    const auto port = server.start();
    ASSERT_NE(port, 0);
    RunResult r = run("buyer-group-research.yaml", research_sets(port), accounts(3));
    expect_groups_unchanged(r);
    for (const auto& a : r.report.accounts) {
      const json res = research_of(a);
      ASSERT_TRUE(res.is_object());
      EXPECT_EQ(res["status"], "failed");
      EXPECT_TRUE(res["items"].empty());
      const std::string error = res.value("error", "");
      EXPECT_NE(error.find(c.words), std::string::npos) << error;
      EXPECT_EQ(error.find(kKey), std::string::npos);
      EXPECT_EQ(error.find("{"), std::string::npos) << "raw body in the error: " << error;
      auto valid = report::validate_report(report::to_report_json(*group_of(a)));
      EXPECT_TRUE(valid) << valid.error().message;
    }
    EXPECT_GT(server.counters().faults, 0);
  }
}

TEST_F(Research, RejectedKeyIsNamedAndStopsFurtherCalls) {
  auto cfg = mock_config();
  cfg.api_keys = {"pplx-some-other-key"};
  mock::MockServer server(cfg);
  const auto port = server.start();
  ASSERT_NE(port, 0);
  // One account at a time, so the second and third find the provider already stopped.
  RunResult r =
      run("buyer-group-research.yaml",
          research_sets(port, {"resources.http.perplexity.max_in_flight=1"}), accounts(3));
  expect_groups_unchanged(r);
  for (const auto& a : r.report.accounts) {
    const json res = research_of(a);
    EXPECT_EQ(res["status"], "failed");
    const std::string error = res.value("error", "");
    EXPECT_NE(error.find("API key was rejected (HTTP 401)"), std::string::npos) << error;
    // The host names the variable the pipeline reads the key from.
    EXPECT_NE(error.find("check PERPLEXITY_API_KEY"), std::string::npos) << error;
    EXPECT_EQ(error.find(kKey), std::string::npos);
  }
  EXPECT_GE(server.counters().unauthorized, 1);
  EXPECT_LE(server.counters().calls["perplexity.agent"], 3);
}

TEST_F(Research, SelfHostedChatModelWithoutCitationsAddsNothing) {
  mock::MockServer server(mock_config());
  const auto port = server.start();
  ASSERT_NE(port, 0);
  RunResult r = run("buyer-group-research.yaml",
                    research_sets(port, {"resources.http.perplexity.base_url=" + base(port) + "/v1",
                                         "research.api=chat", "research.model=local-model",
                                         "research.recency=\"\""}),
                    accounts(2));
  expect_groups_unchanged(r);
  for (const auto& a : r.report.accounts) {
    const json res = research_of(a);
    EXPECT_EQ(res["status"], "ok") << res.value("error", "");
    EXPECT_EQ(res["api"], "chat");
    EXPECT_TRUE(res["items"].empty());
    EXPECT_GE(res["dropped_uncited"].get<int>(), 3);  // every item: nothing was retrieved
    EXPECT_FALSE(res.contains("cost_usd"));
  }
  EXPECT_EQ(server.counters().calls["perplexity.chat"], 2);
}

TEST_F(Research, LegacySonarChatIsGroundedByItsCitations) {
  auto cfg = mock_config();
  cfg.perplexity_legacy_status = 0;  // answer instead of "retired"
  mock::MockServer server(cfg);
  const auto port = server.start();
  ASSERT_NE(port, 0);
  RunResult r =
      run("buyer-group-research.yaml",
          research_sets(port, {"research.api=chat", "research.model=sonar"}), accounts(2));
  for (const auto& a : r.report.accounts) {
    const json res = research_of(a);
    EXPECT_EQ(res["status"], "ok") << res.value("error", "");
    EXPECT_GE(res["items"].size(), 2u);
    EXPECT_EQ(res["dropped_uncited"], 1);
    EXPECT_DOUBLE_EQ(res.value("cost_usd", 0.0), 0.0052);
  }
  // Retired (the mock's default 410): a clear failure, the account still completes.
  mock::MockServer retired(mock_config());
  const auto p2 = retired.start();
  ASSERT_NE(p2, 0);
  RunResult gone =
      run("buyer-group-research.yaml", research_sets(p2, {"research.api=chat"}), accounts(1));
  ASSERT_EQ(gone.report.accounts.size(), 1u);
  EXPECT_EQ(gone.report.accounts[0].status, engine::AccountStatus::ok);
  const json res = research_of(gone.report.accounts[0]);
  EXPECT_EQ(res["status"], "failed");
  EXPECT_NE(res.value("error", "").find("HTTP 410"), std::string::npos) << res.dump();
}

TEST_F(Research, RequestsNameTheCompanyAndSellerButNoMember) {
  // A front server records what the plugin really sends, then passes it to the mock.
  mock::MockServer server(mock_config());
  const auto port = server.start();
  ASSERT_NE(port, 0);
  std::mutex mu;
  std::vector<std::string> bodies;
  httplib::Server front;
  httplib::Client back("127.0.0.1", port);
  front.Post(".*", [&](const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard lk(mu);
      bodies.push_back(req.body);
    }
    httplib::Headers h = {{"Authorization", req.get_header_value("Authorization")}};
    auto out = back.Post(req.path, h, req.body, "application/json");
    if (!out) {
      res.status = 502;
      return;
    }
    res.status = out->status;
    res.set_content(out->body, "application/json");
  });
  const int front_port = front.bind_to_any_port("127.0.0.1");
  std::thread t([&] { front.listen_after_bind(); });
  RunResult r = run("buyer-group-research.yaml",
                    research_sets(static_cast<std::uint16_t>(front_port)), accounts(3));
  front.stop();
  t.join();
  ASSERT_EQ(bodies.size(), 3u);
  std::string sent;
  for (const auto& b : bodies) sent += b + "\n";
  std::size_t people = 0;
  for (const auto& a : r.report.accounts) {
    const sdk::BuyerGroup* g = group_of(a);
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(research_of(a)["status"], "ok");
    EXPECT_NE(sent.find(g->company.name), std::string::npos) << g->company.name;
    EXPECT_NE(sent.find(g->seller.product), std::string::npos);
    for (const auto* list : {&g->members, &g->excluded})
      for (const auto& m : *list) {
        ++people;
        if (!m.person.full_name.empty()) {
          EXPECT_EQ(sent.find(m.person.full_name), std::string::npos) << m.person.full_name;
        }
        if (!m.person.last_name.empty()) {
          EXPECT_EQ(sent.find("\"" + m.person.last_name), std::string::npos);
        }
        for (const auto& c : m.person.contacts)
          EXPECT_EQ(sent.find(c.value), std::string::npos) << c.value;
      }
  }
  EXPECT_GT(people, 5u) << "too few people for the check to mean anything";
}

TEST_F(Research, PipelineFileLintsWithItsSinks) {
  // The whole file as shipped, report and history included (history reads the research output).
  engine::Diagnostics d;
  auto doc = engine::load_yaml_file(
      std::string(BUYERGRAPH_SOURCE_DIR) + "/pipelines/buyer-group-research.yaml", d);
  ASSERT_TRUE(d.empty()) << d[0].format();
  std::vector<std::string> ids;
  for (const auto& st : doc.value["stages"]) ids.push_back(st.value("id", ""));
  auto at = [&](const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) - ids.begin();
  };
  EXPECT_LT(at("intelligence"), at("research"));
  EXPECT_LT(at("research"), at("report"));
  EXPECT_LT(at("research"), at("history"));
  auto l = engine::lint(doc, *registry_);
  EXPECT_TRUE(l.ok()) << (l.diagnostics.empty() ? "no plan" : l.diagnostics[0].format());
  // A bad option is caught by lint, through the plugin's schema.
  engine::apply_overrides(doc, {"research.api=completions"}, d);
  EXPECT_FALSE(engine::lint(doc, *registry_).ok());
}
