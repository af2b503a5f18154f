#include "buyergraph/titles/classifier.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace buyergraph::titles {
namespace {

using testing::repo_classifier;

struct Expect {
  const char* title;
  const char* seniority;
  const char* function;
};

void expect_labels(const std::vector<Expect>& cases) {
  for (const auto& e : cases) {
    const TitleLabel l = repo_classifier().classify(e.title);
    EXPECT_EQ(l.seniority, e.seniority) << e.title << " (rule " << l.rule << ")";
    EXPECT_EQ(l.function, e.function) << e.title << " (rule " << l.rule << ")";
  }
}

TEST(TitleTraps, VicePresidentIsVpNotCLevel) {
  expect_labels({{"Vice President", "vp", "other"},
                 {"Vice President of Sales", "vp", "sales"},
                 {"Senior Vice-President, Marketing", "vp", "marketing"},
                 {"President", "c_level", "executive"}});
}

TEST(TitleTraps, DirectorIsNotCto) {
  expect_labels({{"Director", "director", "other"},
                 {"Director of Technology", "director", "engineering"},
                 {"CTO", "c_level", "engineering"}});
  EXPECT_EQ(repo_classifier().classify("Director").rule, "sen_director+fn_default");
}

TEST(TitleTraps, ProductOwnerIsNotOwner) {
  expect_labels({{"Product Owner", "ic", "product"},
                 {"Senior Product Owner", "senior_ic", "product"},
                 {"Owner", "c_level", "executive"},
                 {"Co-Owner", "c_level", "executive"}});
}

TEST(TitleTraps, PhysicalSecurityIsNotTheSecurityFunction) {
  expect_labels({{"Security Guard", "ic", "operations"},
                 {"Security Officer", "ic", "operations"},
                 {"Physical Security Manager", "manager", "operations"},
                 {"Information Security Officer", "ic", "security"},
                 {"Chief Information Security Officer", "c_level", "security"},
                 {"Security Engineer", "ic", "security"}});
}

TEST(TitleTraps, ItOnlyAsAWholeWord) {
  expect_labels({{"Head of IT", "director", "it"},
                 {"IT Manager", "manager", "it"},
                 {"Recruiting Coordinator", "ic", "hr"},
                 {"Security Analyst", "ic", "security"},
                 {"Quality Assurance Specialist", "ic", "operations"},
                 {"Facilities Technician", "ic", "operations"}});
}

TEST(TitleTraps, ChiefOfStaffIsADirectorLevelExecutiveOfficeRole) {
  expect_labels({{"Chief of Staff", "director", "executive"},
                 {"Chief of Staff to the CEO", "director", "executive"},
                 {"Executive Assistant to the CEO", "ic", "admin"}});
}

TEST(TitleTraps, AccountRolesAreSalesAndCustomerSuccessIsItsOwn) {
  expect_labels({{"Account Manager", "ic", "sales"},
                 {"Account Executive", "ic", "sales"},
                 {"Senior Account Executive", "senior_ic", "sales"},
                 {"Customer Success Manager", "ic", "customer_success"},
                 {"Director of Customer Success", "director", "customer_success"},
                 {"Accounts Payable Clerk", "ic", "finance"}});
}

TEST(TitleTraps, HeadOfIsDirector) {
  expect_labels({{"Head of Sales", "director", "sales"},
                 {"Head of Procurement", "director", "procurement"},
                 {"Global Head of Data", "director", "data"}});
}

TEST(TitleTraps, GermanFrenchSpanishTitles) {
  expect_labels({{"Leiter Vertrieb", "director", "sales"},
                 {"Geschäftsführer", "c_level", "executive"},
                 {"Directeur Financier", "director", "finance"},
                 {"Responsable des Achats", "manager", "procurement"},
                 {"Director de Ventas", "director", "sales"},
                 {"Jefe de Compras", "manager", "procurement"},
                 {"Vertriebsleiter", "director", "sales"},
                 {"Einkaufsleiter", "director", "procurement"}});
}

// Seniority on real-world title shapes: supervisor/lead/head/chief variants, "Assistant to the X",
// "X Specialist", gendered French/Spanish VP forms.
TEST(TitleSeniority, RealWorldShapes) {
  expect_labels({{"Shift Supervisor", "manager", "operations"},
                 {"Warehouse Supervisor", "manager", "operations"},
                 {"Lead Engineer", "senior_ic", "engineering"},
                 {"Team Lead, Customer Support", "manager", "customer_success"},
                 {"Head of Procurement", "director", "procurement"},
                 {"Head Chef", "manager", "other"},
                 {"Chief Engineer", "senior_ic", "engineering"},
                 {"Chief Financial Officer", "c_level", "finance"},
                 {"Assistant to the CFO", "ic", "admin"},
                 {"Executive Assistant to the CEO", "ic", "admin"},
                 {"Payroll Specialist", "ic", "finance"},
                 {"Procurement Specialist", "ic", "procurement"},
                 {"Senior Recruiting Specialist", "senior_ic", "hr"},
                 {"Vice-présidente Marketing", "vp", "marketing"},
                 {"Vicepresidenta de Ventas", "vp", "sales"},
                 {"Directrice de la stratégie", "director", "executive"}});
}

TEST(TitleTraps, InternMatchesWholeWordsOnly) {
  expect_labels({{"Marketing Intern", "intern", "marketing"},
                 {"Internal Auditor", "ic", "finance"},
                 {"International Sales Manager", "manager", "sales"}});
}

TEST(TitleLabel, RuleNamesBothFiredRulesAndConfidenceIsTheirProduct) {
  const TitleLabel l = repo_classifier().classify("VP, Sales");
  EXPECT_EQ(l.rule, "sen_vp+fn_sales");
  EXPECT_NEAR(l.confidence, l.seniority_confidence * l.function_confidence, 0.001);
  EXPECT_GT(l.confidence, 0.7);
}

TEST(TitleLabel, FallbacksHaveLowConfidence) {
  const TitleLabel unknown = repo_classifier().classify("Wizard of Light Bulb Moments");
  EXPECT_EQ(unknown.seniority, "ic");
  EXPECT_EQ(unknown.function, "other");
  EXPECT_EQ(unknown.rule, "sen_default+fn_default");
  EXPECT_LT(unknown.confidence, 0.2);

  const TitleLabel accountant = repo_classifier().classify("Accountant");
  EXPECT_EQ(accountant.rule, "sen_default+fn_finance");
  EXPECT_GT(accountant.confidence, unknown.confidence);
  EXPECT_LT(accountant.confidence, repo_classifier().classify("Senior Accountant").confidence);

  const TitleLabel empty = repo_classifier().classify("  -- ");
  EXPECT_EQ(empty.rule, "empty");
  EXPECT_EQ(empty.confidence, 0.0);
}

TEST(TitleLabel, EveryLabelIsAKnownValue) {
  for (const char* t : {"CEO", "Nurse", "", "Werkstudent", "Head of Growth", "\xff\xfe"}) {
    const TitleLabel l = repo_classifier().classify(t);
    EXPECT_TRUE(is_seniority(l.seniority)) << t;
    EXPECT_TRUE(is_function(l.function)) << t;
    EXPECT_GE(l.confidence, 0.0);
    EXPECT_LE(l.confidence, 1.0);
  }
}

TEST(TitleClassifier, ClassifyIsThreadSafe) {
  const std::vector<std::string> titles = {"VP Sales", "Leiter IT", "Security Guard",
                                           "Product Owner", "Chief of Staff"};
  std::vector<TitleLabel> expected;
  for (const auto& t : titles) expected.push_back(repo_classifier().classify(t));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int k = 0; k < 4; ++k)
    threads.emplace_back([&, k] {
      for (int i = 0; i < 2000; ++i) {
        const std::size_t j = static_cast<std::size_t>(i) % titles.size();
        const TitleLabel l = repo_classifier().classify(titles[j]);
        if (l.rule != expected[j].rule) ++mismatches[static_cast<std::size_t>(k)];
      }
    });
  for (auto& t : threads) t.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(TitleClassifier, LoadDefaultHonoursDataDirEnvironment) {
  ASSERT_EQ(
      setenv("BUYERGRAPH_DATA_DIR", (std::string(BUYERGRAPH_SOURCE_DIR) + "/data").c_str(), 1), 0);
  EXPECT_EQ(TitleClassifier::default_rules_path(),
            std::string(BUYERGRAPH_SOURCE_DIR) + "/data/titles/rules.yaml");
  auto ok = TitleClassifier::load_default();
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->classify("CFO").function, "finance");

  ASSERT_EQ(setenv("BUYERGRAPH_DATA_DIR", "/nonexistent-buyergraph-data", 1), 0);
  auto missing = TitleClassifier::load_default();
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "not_found");
  EXPECT_NE(missing.error().message.find("/nonexistent-buyergraph-data/titles/rules.yaml"),
            std::string::npos);
  unsetenv("BUYERGRAPH_DATA_DIR");
}

}  // namespace
}  // namespace buyergraph::titles
