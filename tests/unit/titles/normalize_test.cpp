#include "buyergraph/titles/normalize.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace buyergraph::titles {
namespace {

TEST(FoldTitle, LowerCasesAndSplitsPunctuation) {
  EXPECT_EQ(fold_title("Director, Sales"), "director sales");
  EXPECT_EQ(fold_title("  Head   of\tIT  "), "head of it");
  EXPECT_EQ(fold_title("Co-Founder/CEO"), "co founder ceo");
  EXPECT_EQ(fold_title("Sales Director - North America"), "sales director north america");
  EXPECT_EQ(fold_title("(Interim) CFO"), "interim cfo");
}

TEST(FoldTitle, StripsAccentsAndFoldsSharpS) {
  EXPECT_EQ(fold_title("Geschäftsführer"), "geschaftsfuhrer");
  EXPECT_EQ(fold_title("Directeur Général"), "directeur general");
  EXPECT_EQ(fold_title("Außendienst"), "aussendienst");
  EXPECT_EQ(fold_title("DIRECTORA DE TECNOLOGÍA"), "directora de tecnologia");
}

TEST(FoldTitle, JoinsInitialismsButNotAbbreviationDots) {
  EXPECT_EQ(fold_title("V.P. of Sales"), "vp of sales");
  EXPECT_EQ(fold_title("Head of I.T."), "head of it");
  EXPECT_EQ(fold_title("Sr. Mgr."), "sr mgr");
  EXPECT_EQ(fold_title("Sr.Manager"), "sr manager");
}

TEST(FoldTitle, AmpersandJoinsShortTokensOtherwiseMeansAnd) {
  EXPECT_EQ(fold_title("Head of R&D"), "head of rd");
  EXPECT_EQ(fold_title("FP&A Manager"), "fpa manager");
  EXPECT_EQ(fold_title("Sales & Marketing"), "sales and marketing");
  EXPECT_EQ(fold_title("Sales&Marketing"), "sales and marketing");
}

TEST(FoldTitle, ApostrophesSeparateFrenchElision) {
  EXPECT_EQ(fold_title("Directeur des Systèmes d'Information"),
            "directeur des systemes d information");
  EXPECT_EQ(fold_title("Directeur des Systèmes d’Information"),
            "directeur des systemes d information");
}

TEST(FoldTitle, NeverFailsOnInvalidUtf8) {
  EXPECT_EQ(fold_title(std::string("Sales\xff\xfe Manager")), "sales manager");
  EXPECT_EQ(fold_title(std::string("Caf\xc3")), "caf");
  EXPECT_EQ(fold_title(""), "");
  EXPECT_EQ(fold_title("---"), "");
}

TEST(NormalizeTitle, ExpandsAbbreviationsAndDropsRegions) {
  NormalizeRules rules;
  rules.abbreviations["sr"] = "senior";
  rules.abbreviations["vp"] = "vice president";
  rules.drop_phrases = {{"north", "america"}, {"emea"}};
  EXPECT_EQ(normalize_title("Sr. VP, Sales - North America", rules), "senior vice president sales");
  EXPECT_EQ(normalize_title("Director EMEA", rules), "director");
  // Only whole tokens are rewritten: "srs" is not "sr".
  EXPECT_EQ(normalize_title("SRS Engineer", rules), "srs engineer");
  // Regions inside other words survive.
  EXPECT_EQ(normalize_title("Americana Buyer", rules), "americana buyer");
}

TEST(NormalizeTitle, RepositoryRulesExpandCommonAbbreviations) {
  const auto& c = testing::repo_classifier();
  EXPECT_EQ(c.normalize("Sr. Dir., Mktg & Comms - EMEA"), "senior director marketing and comms");
  EXPECT_EQ(c.normalize("SVP Eng"), "senior vice president engineering");
  EXPECT_EQ(c.normalize("Mgr, IT Ops"), "manager it operations");
  EXPECT_EQ(c.normalize("CSM"), "customer success manager");
}

}  // namespace
}  // namespace buyergraph::titles
