// Validation: each rule reports the right field at the right 1-based line and column, and all
// problems in a file are reported together.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "buyergraph/sellers/profile.hpp"

namespace buyergraph::sellers {
namespace {

// Lines 1-7; tests append or replace lines to break one thing at a time.
const std::string kHead =
    "apiVersion: buyergraph/v1\n"     // 1
    "kind: SellerProfile\n"           // 2
    "name: Acme\n"                    // 3
    "product: Widgets\n"              // 4
    "deal_size: 1000\n"               // 5
    "target_functions: [sales]\n"     // 6
    "introducer_definition: none\n";  // 7

std::string replace_line(const std::string& text, int line, const std::string& with) {
  std::string out;
  int n = 1;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::string l = text.substr(start, end - start);
    out += (n == line ? with : l) + "\n";
    start = end + 1;
    ++n;
  }
  return out;
}

ProfileParse parse(const std::string& text) { return parse_seller_profile(text, "t.yaml"); }

// The only issue for `field`; fails the test when there is not exactly one.
ProfileIssue only_issue(const ProfileParse& p, const std::string& field) {
  std::vector<ProfileIssue> hits;
  for (const auto& i : p.issues)
    if (i.field == field) hits.push_back(i);
  std::string all;
  for (const auto& i : p.issues) all += i.to_string() + "\n";
  EXPECT_EQ(hits.size(), 1u) << "issues:\n" << all;
  return hits.empty() ? ProfileIssue{} : hits[0];
}

bool has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(SellerValidation, MinimalProfileLoadsWithDefaults) {
  auto p = parse(kHead);
  ASSERT_TRUE(p.ok()) << p.issues[0].to_string();
  EXPECT_EQ(p.profile.name, "Acme");
  EXPECT_EQ(p.profile.deal_size, 1000);
  EXPECT_EQ(p.profile.currency, "USD");
  EXPECT_EQ(p.profile.deal_stage, "prospecting");
  EXPECT_EQ(p.profile.integration_depth, "none");
  EXPECT_EQ(p.profile.source_file, "t.yaml");
  EXPECT_TRUE(p.profile.role_rules.is_object());
  EXPECT_TRUE(p.profile.role_rules.empty());
}

TEST(SellerValidation, UnknownKeyListsAllowedKeysAndSuggests) {
  auto p = parse(kHead + "dealsize: 5\n");
  auto i = only_issue(p, "dealsize");
  EXPECT_EQ(i.line, 8);
  EXPECT_EQ(i.column, 1);
  EXPECT_TRUE(has(i.message, "did you mean 'deal_size'")) << i.message;
  EXPECT_TRUE(has(i.message, "allowed keys: apiVersion, kind, name, product")) << i.message;
  EXPECT_EQ(i.to_string().rfind("t.yaml:8:1: dealsize: unknown key 'dealsize'", 0), 0u)
      << i.to_string();
}

TEST(SellerValidation, TruncatedKeySuggestsTheFullKey) {
  auto p = parse(replace_line(kHead, 7, "introducer: none"));
  auto i = only_issue(p, "introducer");
  EXPECT_EQ(i.line, 7);
  EXPECT_TRUE(has(i.message, "did you mean 'introducer_definition'")) << i.message;
  EXPECT_TRUE(has(only_issue(p, "introducer_definition").message, "missing required key"));
}

TEST(SellerValidation, UnknownFunctionCodeListsValidCodes) {
  auto p = parse(replace_line(kHead, 6, "target_functions: [sales, revops]"));
  auto i = only_issue(p, "target_functions");
  EXPECT_EQ(i.line, 6);
  EXPECT_EQ(i.column, 27);
  EXPECT_TRUE(has(i.message, "unknown function code 'revops'"));
  EXPECT_TRUE(has(i.message, "valid codes: executive, engineering, it, security")) << i.message;
}

TEST(SellerValidation, FunctionCodeInBlockListPointsAtTheItem) {
  auto p = parse(replace_line(kHead, 6, "target_functions:\n  - sales\n  - Finance"));
  auto i = only_issue(p, "target_functions");
  EXPECT_EQ(i.line, 8);
  EXPECT_EQ(i.column, 5);
  EXPECT_TRUE(has(i.message, "did you mean 'finance'")) << i.message;
}

TEST(SellerValidation, DealSizeMustBePositive) {
  for (const std::string v : {"0", "-5"}) {
    auto p = parse(replace_line(kHead, 5, "deal_size: " + v));
    auto i = only_issue(p, "deal_size");
    EXPECT_EQ(i.line, 5);
    EXPECT_EQ(i.column, 12);
    EXPECT_TRUE(has(i.message, "must be > 0")) << i.message;
  }
}

TEST(SellerValidation, DealSizeMustBeAPlainNumber) {
  for (const std::string v : {"120k", "$120,000", ".inf", "[1]"}) {
    auto p = parse(replace_line(kHead, 5, "deal_size: " + v));
    auto i = only_issue(p, "deal_size");
    EXPECT_EQ(i.line, 5) << v;
    EXPECT_TRUE(has(i.message, "plain number")) << v << ": " << i.message;
  }
}

TEST(SellerValidation, MissingRequiredKeysAreAllReported) {
  std::string text = replace_line(kHead, 3, "# no name");
  text = replace_line(text, 6, "# no functions");
  auto p = parse(text);
  auto a = only_issue(p, "name");
  auto b = only_issue(p, "target_functions");
  EXPECT_TRUE(has(a.message, "missing required key 'name'"));
  EXPECT_TRUE(has(b.message, "missing required key 'target_functions'"));
  EXPECT_EQ(a.line, 1);
  EXPECT_EQ(a.column, 1);
  EXPECT_EQ(p.issues.size(), 2u);
}

TEST(SellerValidation, ReportsEveryErrorAtOnce) {
  std::string text = kHead +
                     "deal_stage: closing\n"       // 8
                     "currency: XYZ\n"             // 9
                     "geography: [US, UK, usa]\n"  // 10
                     "sales_cycle_days: 0\n"       // 11
                     "colour: blue\n";             // 12
  text = replace_line(text, 5, "deal_size: -1");
  auto p = parse(text);
  EXPECT_EQ(p.issues.size(), 7u);
  EXPECT_EQ(only_issue(p, "deal_size").line, 5);
  auto stage = only_issue(p, "deal_stage");
  EXPECT_EQ(stage.line, 8);
  EXPECT_EQ(stage.column, 13);
  EXPECT_TRUE(has(stage.message, "valid values: prospecting, active, renewal"));
  EXPECT_EQ(only_issue(p, "currency").line, 9);
  EXPECT_EQ(only_issue(p, "sales_cycle_days").line, 11);
  EXPECT_EQ(only_issue(p, "colour").line, 12);
  int geo = 0;
  for (const auto& i : p.issues)
    if (i.field == "geography") {
      ++geo;
      EXPECT_EQ(i.line, 10);
      if (i.column == 17)
        EXPECT_TRUE(has(i.message, "use 'GB'"));
      else
        EXPECT_EQ(i.column, 21);
    }
  EXPECT_EQ(geo, 2);
}

TEST(SellerValidation, NormalisesCaseOfCountryAndCurrency) {
  auto p = parse(kHead + "geography: [de, Gb]\ncurrency: eur\n");
  ASSERT_TRUE(p.ok()) << p.issues[0].to_string();
  EXPECT_EQ(p.profile.geography, (std::vector<std::string>{"DE", "GB"}));
  EXPECT_EQ(p.profile.currency, "EUR");
}

// buyergraph/v2: the buying process replaces target/secondary functions and reaches the role
// engine through role_rules; the buyers are the target functions.
TEST(SellerValidation, V2BuyingProcess) {
  std::string text = replace_line(kHead, 1, "apiVersion: buyergraph/v2");
  text = replace_line(text, 6,
                      "buying_process:\n  buyers: [finance]\n  users: [finance]\n"
                      "  evaluators: [it]\n  gatekeepers: [procurement, legal]\n"
                      "  adjacent: [operations]");
  auto p = parse(text);
  ASSERT_TRUE(p.issues.empty()) << p.issues.front().to_string();
  EXPECT_EQ(p.profile.target_functions, std::vector<std::string>{"finance"});
  EXPECT_EQ(p.profile.secondary_functions,
            (std::vector<std::string>{"it", "procurement", "legal", "operations"}));
  EXPECT_EQ(p.profile.role_rules["user_functions"], nlohmann::json({"finance"}));
  EXPECT_EQ(p.profile.role_rules["technical_evaluator_functions"], nlohmann::json({"it"}));
  EXPECT_EQ(p.profile.role_rules["gatekeeper_functions"], nlohmann::json({"procurement", "legal"}));
}

// The profile says up to which company size the chief executive signs; the role engine reads it
// as the threshold top_executive_below_employees, a hand-set role_rules key wins.
TEST(SellerValidation, V2ChiefExecutiveSignsBelow) {
  std::string text = replace_line(kHead, 1, "apiVersion: buyergraph/v2");
  const std::string process =
      "buying_process:\n  buyers: [finance]\n  chief_executive_signs_below: ";
  auto p = parse(replace_line(text, 6, process + "250"));
  ASSERT_TRUE(p.issues.empty()) << p.issues.front().to_string();
  EXPECT_EQ(p.profile.role_rules["top_executive_below_employees"], 250);

  auto none = parse(replace_line(text, 6, "buying_process:\n  buyers: [finance]"));
  ASSERT_TRUE(none.issues.empty()) << none.issues.front().to_string();
  EXPECT_FALSE(none.profile.role_rules.contains("top_executive_below_employees"));

  for (const char* bad : {"0", "-5", "lots", "1.5", "[100]"}) {
    auto q = parse(replace_line(text, 6, process + bad));
    EXPECT_TRUE(has(only_issue(q, "buying_process.chief_executive_signs_below").message,
                    "whole number of employees"))
        << bad;
  }

  auto hand = parse(replace_line(text, 6, process + "250") +
                    "role_rules:\n  top_executive_below_employees: 30\n");
  ASSERT_TRUE(hand.issues.empty()) << hand.issues.front().to_string();
  EXPECT_EQ(hand.profile.role_rules["top_executive_below_employees"], 30);
}

TEST(SellerValidation, V2RejectsV1FunctionKeysAndNeedsBuyers) {
  std::string text = replace_line(kHead, 1, "apiVersion: buyergraph/v2");
  auto p = parse(text);  // still has target_functions, no buying_process
  EXPECT_TRUE(has(only_issue(p, "target_functions").message, "buying_process"));
  EXPECT_TRUE(has(only_issue(p, "buying_process").message, "missing required key"));

  text = replace_line(text, 6, "buying_process:\n  users: [finance]\n  adjacent: [procurment]");
  auto q = parse(text);
  EXPECT_TRUE(has(only_issue(q, "buying_process.buyers").message, "missing required key"));
  EXPECT_TRUE(has(only_issue(q, "buying_process.adjacent").message, "procurement"));

  auto v1 = parse(kHead + "buying_process:\n  buyers: [sales]\n");
  EXPECT_TRUE(has(only_issue(v1, "buying_process").message, "buyergraph/v2"));
}

TEST(SellerValidation, WrongApiVersionAndKind) {
  std::string text = replace_line(kHead, 1, "apiVersion: buyergraph/v3");
  text = replace_line(text, 2, "kind: Seller");
  auto p = parse(text);
  auto v = only_issue(p, "apiVersion");
  EXPECT_EQ(v.line, 1);
  EXPECT_EQ(v.column, 13);
  EXPECT_TRUE(has(v.message, "supported: buyergraph/v2, buyergraph/v1"));
  auto k = only_issue(p, "kind");
  EXPECT_EQ(k.line, 2);
  EXPECT_EQ(k.column, 7);
}

TEST(SellerValidation, DataSensitivityNestedKeys) {
  auto p = parse(kHead +
                 "data_sensitivity:\n"                 // 8
                 "  processes_personal_data: maybe\n"  // 9
                 "  integration_dept: deep\n"          // 10
                 "  security_review: yes\n");          // 11
  auto pd = only_issue(p, "data_sensitivity.processes_personal_data");
  EXPECT_EQ(pd.line, 9);
  EXPECT_EQ(pd.column, 28);
  EXPECT_TRUE(has(pd.message, "true or false"));
  auto unk = only_issue(p, "data_sensitivity.integration_dept");
  EXPECT_EQ(unk.line, 10);
  EXPECT_EQ(unk.column, 3);
  EXPECT_TRUE(has(unk.message, "did you mean 'integration_depth'"));
  EXPECT_TRUE(has(unk.message, "allowed keys: processes_personal_data, integration_depth"));
  EXPECT_EQ(p.issues.size(), 2u);  // "yes" is a valid YAML boolean
}

TEST(SellerValidation, IntegrationDepthAndIntroducerAreEnums) {
  std::string text = replace_line(kHead, 7, "introducer_definition: board");
  auto p = parse(text + "data_sensitivity: {integration_depth: heavy}\n");
  auto intro = only_issue(p, "introducer_definition");
  EXPECT_EQ(intro.line, 7);
  EXPECT_TRUE(has(intro.message, "valid values: sales_hunters, advisors_board, none"));
  auto depth = only_issue(p, "data_sensitivity.integration_depth");
  EXPECT_EQ(depth.line, 8);
  EXPECT_EQ(depth.column, 39);
  EXPECT_TRUE(has(depth.message, "valid values: none, light, deep"));
}

TEST(SellerValidation, DuplicateKeyPointsAtTheSecond) {
  auto p = parse(kHead + "name: Other\n");
  auto i = only_issue(p, "name");
  EXPECT_EQ(i.line, 8);
  EXPECT_TRUE(has(i.message, "duplicate key 'name' (first at line 3)")) << i.message;
}

TEST(SellerValidation, CrossFieldRules) {
  auto p = parse(kHead +
                 "secondary_functions: [finance, sales]\n"    // 8
                 "personas: [VP Sales, CRO]\n"                // 9
                 "anti_personas: [Account Manager, cro]\n");  // 10
  auto sec = only_issue(p, "secondary_functions");
  EXPECT_EQ(sec.line, 8);
  EXPECT_EQ(sec.column, 32);
  EXPECT_TRUE(has(sec.message, "already in target_functions"));
  auto anti = only_issue(p, "anti_personas");
  EXPECT_EQ(anti.line, 10);
  EXPECT_EQ(anti.column, 34);
  EXPECT_TRUE(has(anti.message, "both a persona and an anti-persona"));
}

TEST(SellerValidation, SellsToSalesTeamsNeedsTheSalesFunction) {
  auto p =
      parse(replace_line(kHead, 6, "target_functions: [finance]") + "sells_to_sales_teams: true\n");
  auto i = only_issue(p, "sells_to_sales_teams");
  EXPECT_EQ(i.line, 8);
  EXPECT_EQ(i.column, 23);
  auto ok = parse(kHead + "sells_to_sales_teams: true\n");
  EXPECT_TRUE(ok.ok());
  EXPECT_TRUE(ok.profile.sells_to_sales_teams);
}

TEST(SellerValidation, ListItemsMustBeUniqueNonEmptyText) {
  auto p = parse(kHead + "personas:\n  - CFO\n  - cfo\n  - [x]\nvalue_propositions: nope\n");
  int personas = 0;
  for (const auto& i : p.issues)
    if (i.field.rfind("personas[", 0) == 0) ++personas;
  EXPECT_EQ(personas, 2);
  auto dup = only_issue(p, "personas[1]");
  EXPECT_EQ(dup.line, 10);
  EXPECT_TRUE(has(dup.message, "appears twice"));
  auto vp = only_issue(p, "value_propositions");
  EXPECT_EQ(vp.line, 12);
  EXPECT_TRUE(has(vp.message, "must be a list"));
}

TEST(SellerValidation, RoleRulesBecomeTypedJson) {
  auto p = parse(kHead +
                 "role_rules:\n"
                 "  c_level_threshold: 150000\n"
                 "  ratio: 0.5\n"
                 "  strict: true\n"
                 "  quoted: 'true'\n"
                 "  nothing: ~\n"
                 "  segments: {hunter: [smb, commercial]}\n");
  ASSERT_TRUE(p.ok()) << p.issues[0].to_string();
  const auto& r = p.profile.role_rules;
  EXPECT_EQ(r["c_level_threshold"], 150000);
  EXPECT_TRUE(r["c_level_threshold"].is_number_integer());
  EXPECT_EQ(r["ratio"], 0.5);
  EXPECT_EQ(r["strict"], true);
  EXPECT_EQ(r["quoted"], "true");
  EXPECT_TRUE(r["nothing"].is_null());
  EXPECT_EQ(r["segments"]["hunter"][1], "commercial");

  auto bad = parse(kHead + "role_rules: [a]\n");
  EXPECT_EQ(only_issue(bad, "role_rules").line, 8);
}

TEST(SellerValidation, YamlSyntaxErrorHasPosition) {
  auto p = parse(kHead + "personas: [VP Sales\n");
  ASSERT_EQ(p.issues.size(), 1u);
  EXPECT_TRUE(has(p.issues[0].message, "YAML syntax error")) << p.issues[0].message;
  EXPECT_GE(p.issues[0].line, 8);
  EXPECT_GE(p.issues[0].column, 1);
}

TEST(SellerValidation, EmptyFileListAndMultipleDocuments) {
  auto empty = parse("# nothing here\n");
  ASSERT_EQ(empty.issues.size(), 1u);
  EXPECT_TRUE(has(empty.issues[0].message, "empty"));
  EXPECT_EQ(empty.issues[0].line, 1);

  auto list = parse("- a\n- b\n");
  ASSERT_EQ(list.issues.size(), 1u);
  EXPECT_TRUE(has(list.issues[0].message, "must be a mapping"));

  auto two = parse(kHead + "---\n" + kHead);
  ASSERT_EQ(two.issues.size(), 1u);
  EXPECT_TRUE(has(two.issues[0].message, "found 2"));
}

TEST(SellerValidation, EmptyValuesAreReportedAtTheKey) {
  // yaml-cpp places an empty value at the next token (line 4); the issue must point at line 3.
  auto p = parse(replace_line(kHead, 3, "name:") + "deal_stage:\ngeography:\n");
  auto i = only_issue(p, "name");
  EXPECT_EQ(i.line, 3);
  EXPECT_EQ(i.column, 1);
  EXPECT_TRUE(has(i.message, "name has no value")) << i.message;
  EXPECT_EQ(only_issue(p, "deal_stage").line, 8);
  EXPECT_EQ(p.issues.size(), 2u);  // an optional list with no value is just empty

  auto fns = parse(replace_line(kHead, 6, "target_functions:"));
  auto f = only_issue(fns, "target_functions");
  EXPECT_EQ(f.line, 6);
  EXPECT_TRUE(has(f.message, "has no value")) << f.message;
}

class TempFile {
 public:
  explicit TempFile(const std::string& text)
      : path_(std::filesystem::temp_directory_path() /
              ("sellers_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
               "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".yaml")) {
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST(LoadSellerProfile, ErrorMessageNamesFileLineAndColumn) {
  TempFile f(replace_line(kHead, 5, "deal_size: 0") + "dealstage: active\n");
  auto r = load_seller_profile(f.path());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "invalid_input");
  const auto& m = r.error().message;
  EXPECT_TRUE(has(m, "(2 errors)")) << m;
  EXPECT_TRUE(has(m, f.path() + ":5:12: deal_size: deal_size must be > 0")) << m;
  EXPECT_TRUE(has(m, f.path() + ":8:1: dealstage: unknown key")) << m;
}

TEST(LoadSellerProfile, MissingFileAndDirectory) {
  auto r = load_seller_profile("/nonexistent/dir/profile.yaml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "not_found");
  EXPECT_TRUE(has(r.error().message, "/nonexistent/dir/profile.yaml"));
  auto d = load_seller_profile(std::filesystem::temp_directory_path().string());
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, "io_error");
  auto issues = load_seller_profile_issues("/nonexistent/x.yaml");
  ASSERT_EQ(issues.issues.size(), 1u);
  EXPECT_EQ(issues.issues[0].line, 0);
  EXPECT_EQ(issues.issues[0].to_string(), "/nonexistent/x.yaml: no such file");
}

TEST(SellerValidation, AliasesWorkButCannotLoopOrExplode) {
  auto shared = parse(replace_line(replace_line(kHead, 3, "name: &n Acme"), 4, "product: *n"));
  ASSERT_TRUE(shared.ok()) << shared.issues[0].to_string();
  EXPECT_EQ(shared.profile.product, "Acme");

  auto cycle = parse(kHead + "role_rules: &r {weights: *r}\n");
  ASSERT_EQ(cycle.issues.size(), 1u);
  EXPECT_EQ(cycle.issues[0].line, 8);
  EXPECT_TRUE(has(cycle.issues[0].message, "contains it")) << cycle.issues[0].message;

  std::string laughs = kHead + "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    laughs += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) laughs += (k ? ", *l" : "*l") + std::to_string(i - 1);
    laughs += "]\n";
  }
  auto big = parse(laughs);
  ASSERT_EQ(big.issues.size(), 1u);
  EXPECT_TRUE(has(big.issues[0].message, "expands to more than")) << big.issues[0].message;
}

TEST(LoadSellerProfile, SizeCapHoldsForFilesWithoutASize) {
  // /dev/zero reports size 0 to stat and never ends: the cap must count what is read.
  auto r = load_seller_profile("/dev/zero");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "invalid_input");
  EXPECT_TRUE(has(r.error().message, "is larger than 1 MiB")) << r.error().message;
}

TEST(LoadSellerProfile, ValidFileSetsSourceFile) {
  TempFile f(kHead);
  auto r = load_seller_profile(f.path());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->source_file, f.path());
}

}  // namespace
}  // namespace buyergraph::sellers
