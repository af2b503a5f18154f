#include <gtest/gtest.h>

#include "buyergraph/resolve/similarity.hpp"

namespace buyergraph::resolve {
namespace {

TEST(JaroWinkler, KnownValues) {
  EXPECT_NEAR(jaro_winkler("martha", "marhta"), 0.9611, 1e-3);
  EXPECT_NEAR(jaro_winkler("dwayne", "duane"), 0.84, 1e-3);
  EXPECT_NEAR(jaro_winkler("dixon", "dicksonx"), 0.8133, 1e-3);
  EXPECT_DOUBLE_EQ(jaro_winkler("acme", "acme"), 1.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("abc", "xyz"), 0.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("", ""), 1.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("a", ""), 0.0);
}

TEST(Levenshtein, Ratio) {
  EXPECT_NEAR(levenshtein_ratio("kitten", "sitting"), 1.0 - 3.0 / 7.0, 1e-9);
  EXPECT_DOUBLE_EQ(levenshtein_ratio("same", "same"), 1.0);
  EXPECT_DOUBLE_EQ(levenshtein_ratio("", ""), 1.0);
}

TEST(TokenSetRatio, OrderSubsetAndDifference) {
  EXPECT_DOUBLE_EQ(token_set_ratio({"cisco", "systems"}, {"systems", "cisco"}), 1.0);
  EXPECT_DOUBLE_EQ(token_set_ratio({"cisco"}, {"moto", "cisco", "systems"}), 1.0);
  EXPECT_LT(token_set_ratio({"acme", "mining"}, {"acme", "foods"}), 0.9);
  EXPECT_LT(token_set_ratio({"alpha"}, {"omega"}), 0.5);
}

TEST(NameSimilarity, SubsetStaysBelowOne) {
  double subset =
      name_similarity({"cisco"}, "cisco", {"moto", "cisco", "systems"}, "motociscosystems");
  EXPECT_LT(subset, 0.85);
  double typo = name_similarity({"microsft"}, "microsft", {"microsoft"}, "microsoft");
  EXPECT_GT(typo, 0.9);
}

}  // namespace
}  // namespace buyergraph::resolve
