#pragma once
// Runs a shipped pipeline (pipelines/*.yaml) in-process the way the CLI does: real plugin
// loading, the host's real HTTP side (transport, cache, budgets, ledger) and stderr captured,
// so integration suites assert on outputs, errors, logs and cost without a subprocess.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "buyergraph/engine/http_stack.hpp"
#include "buyergraph/engine/pipeline.hpp"
#include "buyergraph/engine/registry.hpp"
#include "buyergraph/engine/runtime.hpp"
#include "buyergraph/engine/yaml_json.hpp"
#include "buyergraph/store/store.hpp"
#include "providers_fixture.hpp"

namespace buyergraph::test {

/// What one run left: the engine's report, captured stderr, custom metrics and the ledger.
struct RunResult {
  engine::RunReport report;
  std::string stderr_text;
  std::map<std::string, double> metrics;
  std::vector<sdk::LedgerLine> ledger;  ///< the run's, per resource
  double seconds = 0;

  const engine::AccountResult* account(const std::string& key) const {
    for (const auto& a : report.accounts)
      if (a.account.key == key) return &a;
    return nullptr;
  }
  /// Every message a user could see: captured log lines, item errors and account failures.
  std::string all_messages() const {
    std::string s = stderr_text;
    for (const auto& a : report.accounts) {
      s += a.error_code + " " + a.error_message + "\n";
      for (const auto& e : a.errors) s += e.stage + " " + e.code + " " + e.message + "\n";
    }
    return s;
  }
  std::size_t error_count() const {
    std::size_t n = 0;
    for (const auto& a : report.accounts) n += a.errors.size() + (a.error_code.empty() ? 0 : 1);
    return n;
  }
  sdk::LedgerLine line(const std::string& resource) const {
    for (const auto& l : ledger)
      if (l.resource == resource) return l;
    return {};
  }
};

/// One in-process run of pipelines/<file>.
struct PipelineRun {
  std::string file;
  std::vector<std::string> sets;                       ///< `--set` overrides
  std::set<std::string> drop = {"report", "history"};  ///< stage ids left out (the sinks)
  std::string last_stage;                              ///< keep stages up to this id ("" = all)
  int accounts_in_flight = 0;
  sdk::Cache* cache = nullptr;  ///< replaces the in-memory response cache (a store's)
  bool dry_run = false;
  std::string secret;  ///< must appear in no message of the run (an API key)
};

/// Runs `spec` over `accounts` with the plugins of `registry`; failures to load or lint are
/// test failures. The run is bounded (120 s): a hang fails the test instead of the suite.
inline RunResult run_pipeline(const PipelineRun& spec, engine::PluginRegistry& registry,
                              const std::vector<sdk::Account>& accounts) {
  RunResult r;
  engine::Diagnostics d;
  auto doc =
      engine::load_yaml_file(std::string(BUYERGRAPH_SOURCE_DIR) + "/pipelines/" + spec.file, d);
  engine::apply_overrides(doc, spec.sets, d);
  EXPECT_TRUE(d.empty()) << (d.empty() ? "" : d[0].format());
  nlohmann::json kept = nlohmann::json::array();
  for (const auto& st : doc.value["stages"]) {
    const std::string id = st.value("id", "");
    if (spec.drop.contains(id)) continue;
    kept.push_back(st);
    if (id == spec.last_stage) break;
  }
  doc.value["stages"] = kept;
  auto l = engine::lint(doc, registry);
  EXPECT_TRUE(l.ok()) << (l.diagnostics.empty() ? "no plan" : l.diagnostics[0].format());
  if (!l.ok()) return r;
  engine::HostServices host;
  if (spec.cache != nullptr) host.set_cache(spec.cache);
  auto stack = engine::make_http_stack(l.plan->resources, host, {.dry_run = spec.dry_run});
  EXPECT_TRUE(stack) << stack.error().message;
  if (!stack) return r;
  engine::Runner runner(*l.plan, host);
  engine::VectorAccountSource src(accounts);
  engine::RunOptions opts;
  opts.timeout_s = 120;
  opts.max_accounts_in_flight = spec.accounts_in_flight;
  ::testing::internal::CaptureStderr();
  const auto t0 = std::chrono::steady_clock::now();
  r.report = runner.run(src, opts);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.stderr_text = ::testing::internal::GetCapturedStderr();
  r.metrics = host.custom_metrics();
  if (stack->ledger) r.ledger = stack->ledger->run();
  EXPECT_TRUE(r.report.failure.empty()) << r.report.failure;
  EXPECT_FALSE(r.report.timed_out);
  EXPECT_EQ(r.report.accounts.size(), accounts.size());
  if (!spec.secret.empty()) {
    EXPECT_EQ(r.all_messages().find(spec.secret), std::string::npos) << "API key leaked";
  }
  return r;
}

/// The base of the provider suites: the small demo store (tests/integration/
/// providers_fixture.hpp) as BUYERGRAPH_STORE, every plugin loaded, the store's companies.
/// A suite calls `open_suite` from its SetUpTestSuite with the key variables it sets.
class ProviderSuite : public ::testing::Test {
 protected:
  static void open_suite(const std::vector<std::string>& key_variables, const char* key,
                         std::size_t min_companies) {
    dir_ = new std::string(small_demo_fixture());
    ASSERT_FALSE(dir_->empty());
    ::setenv("BUYERGRAPH_STORE", (*dir_ + "/store.db").c_str(), 1);
    for (const auto& v : key_variables) ::setenv(v.c_str(), key, 1);
    registry_ = new engine::PluginRegistry();
    registry_->load_dir(BUYERGRAPH_PLUGIN_DIR);
    auto s = store::Store::open(*dir_ + "/store.db");
    ASSERT_TRUE(s) << s.error().message;
    companies_ = new std::vector<sdk::Company>((*s)->all_companies());
    ASSERT_GE(companies_->size(), min_companies);
  }
  static void TearDownTestSuite() {
    delete registry_;
    delete companies_;
    delete dir_;
  }

  inline static std::string* dir_ = nullptr;
  inline static engine::PluginRegistry* registry_ = nullptr;
  inline static std::vector<sdk::Company>* companies_ = nullptr;
};

}  // namespace buyergraph::test
