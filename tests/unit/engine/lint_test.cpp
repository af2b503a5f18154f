#include <gtest/gtest.h>

#include "engine_test_util.hpp"

using namespace buyergraph;
using namespace buyergraph::test;

namespace {
const engine::Diagnostic* find(const engine::Diagnostics& d, const std::string& needle) {
  for (const auto& x : d)
    if (x.message.find(needle) != std::string::npos) return &x;
  return nullptr;
}
std::string dump(const engine::Diagnostics& d) {
  std::string s;
  for (const auto& x : d) s += x.format() + "\n";
  return s;
}
}  // namespace

TEST(Lint, ValidPipelineGivesAPlanInTopologicalOrder) {
  auto plan = plan_of(header() + R"(
stages:
  - {id: gen, use: test.generate}
  - {id: inc, use: test.arith, with: {add: 2}}
  - {id: batch, use: test.collect}
  - {id: out, use: test.count}
)");
  ASSERT_EQ(plan.stages.size(), 4u);
  EXPECT_EQ(plan.gather, 2);
  EXPECT_EQ(plan.stages[1].config["add"], 2);
  EXPECT_EQ(plan.stages[1].config["multiply"], 1);  // default filled in
  EXPECT_EQ(plan.stages[0].multiplicity, engine::Multiplicity::many);
  EXPECT_EQ(plan.stages[2].multiplicity, engine::Multiplicity::one);
  EXPECT_EQ(plan.stages[3].concurrency, 1);  // sinks are serial by default
}

TEST(Lint, ReportsEveryMistakeWithLineAndColumn) {
  const std::string yaml = header() +                   // lines 1-2
                           "metadta: {name: x}\n"       // 3: unknown top-level key
                           "stages:\n"                  // 4
                           "  - id: gen\n"              // 5
                           "    use: test.generrate\n"  // 6: unknown stage
                           "  - id: slow\n"             // 7
                           "    use: test.sleep\n"      // 8
                           "    with:\n"                // 9
                           "      latency_ms: -5\n"     // 10: below minimum
                           "      jitter: 3\n"          // 11: unknown option
                           "    concurency: 4\n"        // 12: unknown stage key
                           "  - id: slow\n"             // 13: duplicate id
                           "    use: test.count\n"      // 14
                           "    on_error: explode\n";   // 15: bad enum
  Linted l = lint_text(yaml, "bad.yaml");
  const auto& d = l.result.diagnostics;
  EXPECT_FALSE(l.result.ok());

  auto* meta = find(d, "unknown key 'metadta'");
  ASSERT_NE(meta, nullptr) << dump(d);
  EXPECT_EQ(meta->line, 3);
  EXPECT_EQ(meta->column, 1);
  EXPECT_NE(meta->message.find("did you mean 'metadata'"), std::string::npos);
  EXPECT_NE(meta->message.find("Allowed keys:"), std::string::npos);

  auto* use = find(d, "unknown stage 'test.generrate'");
  ASSERT_NE(use, nullptr) << dump(d);
  EXPECT_EQ(use->line, 6);
  EXPECT_EQ(use->column, 10);
  EXPECT_NE(use->message.find("did you mean 'test.generate'"), std::string::npos);

  auto* latency = find(d, "greater than or equal to 0");
  ASSERT_NE(latency, nullptr) << dump(d);
  EXPECT_EQ(latency->line, 10);
  EXPECT_EQ(latency->column, 19);
  EXPECT_EQ(latency->path, "stages[1].with.latency_ms");

  auto* jitter = find(d, "unknown key 'jitter'");
  ASSERT_NE(jitter, nullptr) << dump(d);
  EXPECT_EQ(jitter->line, 11);
  EXPECT_EQ(jitter->column, 7);
  EXPECT_NE(jitter->message.find("latency_ms"), std::string::npos);  // lists the allowed keys

  auto* conc = find(d, "unknown key 'concurency'");
  ASSERT_NE(conc, nullptr) << dump(d);
  EXPECT_EQ(conc->line, 12);
  EXPECT_EQ(conc->column, 5);
  EXPECT_NE(conc->message.find("did you mean 'concurrency'"), std::string::npos);

  auto* dup = find(d, "duplicate stage id 'slow'");
  ASSERT_NE(dup, nullptr) << dump(d);
  EXPECT_EQ(dup->line, 13);

  auto* on_error = find(d, "must be one of: skip fail");
  ASSERT_NE(on_error, nullptr) << dump(d);
  EXPECT_EQ(on_error->line, 15);
  EXPECT_EQ(on_error->column, 15);
  EXPECT_EQ(on_error->path, "stages[2].on_error");

  for (const auto& x : d) {
    EXPECT_EQ(x.file, "bad.yaml");
    EXPECT_GT(x.line, 0) << x.format();
  }
  // The formatted line is file:line:col path: message.
  EXPECT_EQ(jitter->format().rfind("bad.yaml:11:7 stages[1].with.jitter: unknown key 'jitter'", 0),
            0u)
      << jitter->format();
}

TEST(Lint, TypeMismatchBetweenNeighbours) {
  Linted l = lint_text(header() + R"(stages:
  - {id: gen, use: test.generate}
  - {id: spread, use: test.spread}
)");
  auto* m = find(l.result.diagnostics,
                 "expects 'test.company' but 'gen' (test.generate) produces 'test.number'");
  ASSERT_NE(m, nullptr) << dump(l.result.diagnostics);
  EXPECT_EQ(m->line, 5);  // the spread stage's line (header: 2 lines, then stages:, gen)
}

TEST(Lint, CardinalityResolveAfterExpandNeedsAGather) {
  Linted l = lint_text(header() + R"(stages:
  - {id: gen, use: test.generate}
  - {id: two, use: test.collect}
  - {id: three, use: test.count}
  - {id: four, use: test.generate, inputs: [three]}
)");
  EXPECT_NE(find(l.result.diagnostics, "reads from sink 'three'"), nullptr)
      << dump(l.result.diagnostics);
}

TEST(Lint, FirstStageMustReadAccounts) {
  Linted l = lint_text(header() + "stages:\n  - {id: a, use: test.arith}\n");
  EXPECT_NE(find(l.result.diagnostics, "the first stage reads accounts"), nullptr)
      << dump(l.result.diagnostics);
}

TEST(Lint, UnknownInputsAndCycles) {
  Linted l = lint_text(header() + R"(stages:
  - {id: gen, use: test.generate}
  - {id: a, use: test.arith, inputs: [gen, b]}
  - {id: b, use: test.arith, inputs: [a]}
  - {id: c, use: test.arith, inputs: [gne]}
)");
  EXPECT_NE(find(l.result.diagnostics, "unknown input stage 'gne'; did you mean 'gen'?"), nullptr)
      << dump(l.result.diagnostics);
  Linted cyc = lint_text(header() + R"(stages:
  - {id: gen, use: test.generate}
  - {id: a, use: test.arith, inputs: [gen, b]}
  - {id: b, use: test.arith, inputs: [a]}
)");
  EXPECT_NE(find(cyc.result.diagnostics, "cycle"), nullptr) << dump(cyc.result.diagnostics);
}

TEST(Lint, WrongApiVersionAndMissingStages) {
  Linted l = lint_text("apiVersion: buyergraph/v9\nkind: Pipeline\nstages: []\n");
  EXPECT_NE(find(l.result.diagnostics, "unsupported apiVersion 'buyergraph/v9'"), nullptr)
      << dump(l.result.diagnostics);
  Linted e = lint_text("", "empty.yaml");
  ASSERT_FALSE(e.result.diagnostics.empty());
  EXPECT_FALSE(e.result.ok());
}

TEST(Lint, ExplainShowsStagesAndDot) {
  auto plan = plan_of(header() + R"(stages:
  - {id: gen, use: test.generate}
  - {id: wait, use: test.sleep, concurrency: 8}
  - {id: out, use: test.count}
)");
  std::string text = engine::explain(plan, false);
  EXPECT_NE(text.find("wait"), std::string::npos);
  EXPECT_NE(text.find("in flight 8"), std::string::npos);
  std::string dot = engine::explain(plan, true);
  EXPECT_NE(dot.find("\"gen\" -> \"wait\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("accounts -> \"gen\""), std::string::npos) << dot;
}

TEST(Lint, OverridesSetFieldsOfDeclaredHttpResources) {
  engine::Diagnostics d;
  auto doc = engine::parse_yaml(header() + R"(resources:
  http:
    coresignal: {base_url: "https://api.coresignal.com/cdapi/v2", api_key_env: CORESIGNAL_API_KEY}
stages:
  - {id: gen, use: test.generate}
)",
                                "o.yaml", d);
  ASSERT_TRUE(d.empty()) << dump(d);
  engine::apply_overrides(doc,
                          {"resources.http.coresignal.base_url=http://127.0.0.1:9/cdapi/v2",
                           "resources.http.coresignal.rate_per_s=5", "gen.count=3"},
                          d);
  EXPECT_TRUE(d.empty()) << dump(d);
  const auto& cs = doc.value["resources"]["http"]["coresignal"];
  EXPECT_EQ(cs["base_url"], "http://127.0.0.1:9/cdapi/v2");
  EXPECT_EQ(cs["rate_per_s"], 5);
  EXPECT_EQ(cs["api_key_env"], "CORESIGNAL_API_KEY");  // untouched
  EXPECT_EQ(doc.value["stages"][0]["with"]["count"], 3);

  // An undeclared resource or a malformed path is an error, never a new resource.
  engine::Diagnostics bad;
  engine::apply_overrides(
      doc, {"resources.http.pdl.base_url=http://x", "resources.http.coresignal=1"}, bad);
  ASSERT_EQ(bad.size(), 2u) << dump(bad);
  EXPECT_NE(find(bad, "naming a resource the pipeline declares"), nullptr) << dump(bad);
  EXPECT_FALSE(doc.value["resources"]["http"].contains("pdl"));
}
