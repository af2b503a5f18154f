#include "buyergraph/engine/yaml_json.hpp"

#include <gtest/gtest.h>

using namespace buyergraph::engine;

TEST(YamlJson, ScalarsGetTypesAndQuotedStaysString) {
  Diagnostics d;
  auto doc = parse_yaml("a: 12\nb: 1.5\nc: true\nd: '12'\ne: ~\nf: hello\ng: -3\n", "x.yaml", d);
  ASSERT_TRUE(d.empty());
  EXPECT_EQ(doc.value["a"], 12);
  EXPECT_DOUBLE_EQ(doc.value["b"].get<double>(), 1.5);
  EXPECT_EQ(doc.value["c"], true);
  EXPECT_EQ(doc.value["d"], "12");
  EXPECT_TRUE(doc.value["e"].is_null());
  EXPECT_EQ(doc.value["f"], "hello");
  EXPECT_EQ(doc.value["g"], -3);
}

TEST(YamlJson, MarksAreOneBasedLineAndColumn) {
  Diagnostics d;
  auto doc = parse_yaml("top:\n  list:\n    - x: 1\n      y: 2\n", "x.yaml", d);
  ASSERT_TRUE(d.empty());
  Mark m = doc.mark_of("/top/list/0/y", true);
  EXPECT_EQ(m.line, 4);
  EXPECT_EQ(m.column, 7);
  Mark v = doc.mark_of("/top/list/0/y");
  EXPECT_EQ(v.line, 4);
  EXPECT_EQ(v.column, 10);
  EXPECT_EQ(readable_path("/top/list/0/y"), "top.list[0].y");
}

TEST(YamlJson, SyntaxErrorAndDuplicateKeysAreDiagnostics) {
  Diagnostics d;
  parse_yaml("a: [1, 2\n", "bad.yaml", d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].file, "bad.yaml");
  EXPECT_GT(d[0].line, 0);
  Diagnostics d2;
  parse_yaml("a: 1\nb: 2\na: 3\n", "dup.yaml", d2);
  ASSERT_EQ(d2.size(), 1u);
  EXPECT_EQ(d2[0].line, 3);
  EXPECT_NE(d2[0].message.find("duplicate key 'a'"), std::string::npos);
}

TEST(YamlJson, MissingFileIsADiagnostic) {
  Diagnostics d;
  load_yaml_file("/nonexistent/pipeline.yaml", d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].message, "no such file");
}

TEST(YamlJson, AliasesAreExpandedWithinLimits) {
  Diagnostics d;
  auto doc = parse_yaml("base: &b {x: 1, y: [a, b]}\ncopy: *b\n", "x.yaml", d);
  ASSERT_TRUE(d.empty()) << d[0].message;
  EXPECT_EQ(doc.value["copy"], doc.value["base"]);
}

TEST(YamlJson, BillionLaughsIsAnErrorNotAnAllocation) {
  std::string yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string p(1, static_cast<char>(c - 1));
    yaml += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) yaml += (i ? ", *" : "*") + p;
    yaml += "]\n";
  }
  Diagnostics d;
  auto doc = parse_yaml(yaml, "laughs.yaml", d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("expands to more than"), std::string::npos) << d[0].message;
  EXPECT_TRUE(doc.value.is_null());
}

TEST(YamlJson, AnAliasInsideItsOwnAnchorIsAnErrorAtItsLine) {
  Diagnostics d;
  parse_yaml("apiVersion: x\nmetadata: &m {labels: *m}\n", "cycle.yaml", d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].line, 2);
  EXPECT_NE(d[0].message.find("contains it"), std::string::npos) << d[0].message;
  Diagnostics deep;
  parse_yaml(std::string(100, '[') + std::string(100, ']'), "deep.yaml", deep);
  ASSERT_EQ(deep.size(), 1u);
  EXPECT_NE(deep[0].message.find("nested deeper than"), std::string::npos) << deep[0].message;
}

TEST(YamlJson, ASecondDocumentIsReportedNotIgnored) {
  Diagnostics d;
  parse_yaml("a: 1\n---\nb: 2\n", "two.yaml", d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("expected one YAML document"), std::string::npos);
}

// yaml-cpp 0.7 alone loops forever on these, filling memory (a fuzzing finding).
TEST(YamlJson, TextsThatStallTheYamlParserAreSyntaxErrorsNotHangs) {
  for (const std::string text : {",", ",\n", "\n,\n", "- !+(.,.)", "a: 1\n,\n", "[:", "{:"}) {
    Diagnostics d;
    auto doc = parse_yaml(text, "stall.yaml", d);
    ASSERT_EQ(d.size(), 1u) << text;
    EXPECT_NE(d[0].message.find("YAML syntax error"), std::string::npos) << d[0].message;
    EXPECT_GE(d[0].line, 1) << text;
    EXPECT_TRUE(doc.value.is_null()) << text;
  }
}
