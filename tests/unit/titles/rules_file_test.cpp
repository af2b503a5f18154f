#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "buyergraph/titles/classifier.hpp"

namespace buyergraph::titles {
namespace {

std::string write_rules(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/titles_" + name + ".yaml";
  std::ofstream(path) << text;
  return path;
}

// Loads `text` and returns the error message, failing the test if loading succeeded.
std::string load_error(const std::string& name, const std::string& text) {
  const std::string path = write_rules(name, text);
  auto r = TitleClassifier::load(path);
  if (r) {
    ADD_FAILURE() << name << ": expected an error";
    return {};
  }
  EXPECT_EQ(r.error().code, "invalid_input") << name;
  EXPECT_EQ(r.error().message.rfind(path + ":", 0), 0u) << r.error().message;
  return r.error().message;
}

const std::string kHeader =
    "version: 1\n"                      // line 1
    "seniority:\n"                      // line 2
    "  - id: s_vp\n"                    // line 3
    "    level: vp\n"                   // line 4
    "    pattern: 'vice president'\n";  // line 5

TEST(RulesFile, SmallCustomFileDrivesTheClassifier) {
  const std::string path = write_rules("custom", kHeader +
                                                     "function:\n"
                                                     "  - id: f_bakery\n"
                                                     "    function: operations\n"
                                                     "    pattern: 'bak(er|ery)'\n"
                                                     "    confidence: 0.5\n");
  auto c = TitleClassifier::load(path);
  ASSERT_TRUE(c) << c.error().message;
  const TitleLabel l = c->classify("Vice President, Bakery");
  EXPECT_EQ(l.seniority, "vp");
  EXPECT_EQ(l.function, "operations");
  EXPECT_EQ(l.rule, "s_vp+f_bakery");
  EXPECT_NEAR(l.function_confidence, 0.5, 1e-9);
  // No abbreviations section, so "VP" stays "vp" and does not match.
  EXPECT_EQ(c->classify("VP Bakery").rule, "sen_default+f_bakery");
}

TEST(RulesFile, InvalidRegexNamesItsLine) {
  const std::string msg = load_error("bad_regex", kHeader +
                                                      "function:\n"               // 6
                                                      "  - id: f_sales\n"         // 7
                                                      "    function: sales\n"     // 8
                                                      "    pattern: 'sales(\n");  // 9
  EXPECT_NE(msg.find(":9:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("f_sales"), std::string::npos) << msg;
  EXPECT_NE(msg.find("invalid RE2"), std::string::npos) << msg;
}

TEST(RulesFile, UnknownLabelNamesItsLine) {
  const std::string msg = load_error("bad_label", kHeader +
                                                      "function:\n"               // 6
                                                      "  - id: f_x\n"             // 7
                                                      "    function: wizardry\n"  // 8
                                                      "    pattern: 'x'\n");
  EXPECT_NE(msg.find(":7:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("wizardry"), std::string::npos) << msg;
}

TEST(RulesFile, YamlSyntaxErrorNamesItsLine) {
  const std::string msg = load_error("bad_yaml", kHeader +
                                                     "function:\n"           // 6
                                                     "  - id: [oops\n"       // 7
                                                     "    function: it\n");  // 8
  EXPECT_NE(msg.find("YAML error"), std::string::npos) << msg;
  EXPECT_NE(msg.find(":8:"), std::string::npos) << msg;
}

TEST(RulesFile, StructuralMistakesAreReported) {
  EXPECT_NE(load_error("dup", kHeader + "function:\n"
                                        "  - id: s_vp\n"
                                        "    function: it\n"
                                        "    pattern: 'it'\n")
                .find("duplicate rule id 's_vp'"),
            std::string::npos);
  EXPECT_NE(load_error("upper", kHeader + "function:\n"
                                          "  - id: f_it\n"
                                          "    function: it\n"
                                          "    pattern: 'IT'\n")
                .find("upper-case"),
            std::string::npos);
  EXPECT_NE(load_error("key", kHeader + "function:\n"
                                        "  - id: f_it\n"
                                        "    function: it\n"
                                        "    patern: 'it'\n")  // line 9
                .find(":9: function rule has unknown key 'patern'"),
            std::string::npos);
  EXPECT_NE(load_error("conf", kHeader + "function:\n"
                                         "  - id: f_it\n"
                                         "    function: it\n"
                                         "    pattern: 'it'\n"
                                         "    confidence: 1.5\n")
                .find(":10: confidence must be between 0 and 1"),
            std::string::npos);
  EXPECT_NE(load_error("nofn", kHeader).find("no 'function' rules"), std::string::npos);
}

TEST(RulesFile, BlankDepartmentsMustBeAListOfWords) {
  const std::string fn = "function:\n  - id: f_it\n    function: it\n    pattern: 'it'\n";
  EXPECT_NE(load_error("blank_map", kHeader + fn + "blank_departments: {a: b}\n")
                .find(":10: 'blank_departments' must be a list"),
            std::string::npos);
  EXPECT_NE(load_error("blank_punct", kHeader + fn + "blank_departments: [other, '-']\n")
                .find("blank department '-' has no letters or digits"),
            std::string::npos);
}

TEST(RulesFile, MissingFileIsNotFound) {
  auto r = TitleClassifier::load("/nonexistent/rules.yaml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "not_found");
  EXPECT_NE(r.error().message.find("/nonexistent/rules.yaml"), std::string::npos);
}

}  // namespace
}  // namespace buyergraph::titles
