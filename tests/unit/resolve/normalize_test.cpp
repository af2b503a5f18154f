#include <gtest/gtest.h>

#include "buyergraph/resolve/text.hpp"
#include "test_support.hpp"

namespace buyergraph::resolve {
namespace {

using testing::resolver;

TEST(Fold, CaseAccentsAndCompatibilityForms) {
  EXPECT_EQ(fold("Société Générale"), "societe generale");
  EXPECT_EQ(fold("NESTLÉ"), "nestle");
  EXPECT_EQ(fold("Straße"), "strasse");
  EXPECT_EQ(fold("Ørsted"), "orsted");
  EXPECT_EQ(fold("Łódź"), "lodz");
  EXPECT_EQ(fold("Æther Œuvre"), "aether oeuvre");
  EXPECT_EQ(fold("ＡＣＭＥ"), "acme");   // full-width letters (NFKC)
  EXPECT_EQ(fold("ﬁnance"), "finance");  // ligature (NFKC)
  EXPECT_EQ(fold("So\xC2\xAD"
                 "cial"),
            "social");  // soft hyphen is ignorable
}

TEST(Fold, InvalidUtf8IsDroppedNotFatal) {
  EXPECT_EQ(fold("Ac\xFF\xFE"
                 "me"),
            "acme");
  EXPECT_EQ(fold(std::string("\xC3", 1)), "");
}

TEST(Tokenize, PunctuationAmpersandAndInitials) {
  EXPECT_EQ(tokenize("AT&T Inc."), (std::vector<std::string>{"at", "and", "t", "inc"}));
  EXPECT_EQ(tokenize("McDonald’s"), (std::vector<std::string>{"mcdonalds"}));
  EXPECT_EQ(tokenize("S.A."), (std::vector<std::string>{"sa"}));
  EXPECT_EQ(tokenize("L.L.C."), (std::vector<std::string>{"llc"}));
  EXPECT_EQ(tokenize("J.P. Morgan"), (std::vector<std::string>{"jp", "morgan"}));
  EXPECT_EQ(tokenize("Coca-Cola"), (std::vector<std::string>{"coca", "cola"}));
  EXPECT_EQ(tokenize("A B Dick"),
            (std::vector<std::string>{"a", "b", "dick"}));  // no dots, no merge
}

struct KeyCase {
  const char* input;
  const char* key;
};

class NormalizeKey : public ::testing::TestWithParam<KeyCase> {};

TEST_P(NormalizeKey, MatchesExpectedComparisonForm) {
  EXPECT_EQ(resolver().normalize_name(GetParam().input), GetParam().key) << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, NormalizeKey,
    ::testing::Values(
        KeyCase{"Contoso Ltd", "contoso"}, KeyCase{"Contoso, Ltd.", "contoso"},
        KeyCase{"Contoso Limited", "contoso"}, KeyCase{"CONTOSO INC", "contoso"},
        KeyCase{"Contoso, Inc.", "contoso"}, KeyCase{"Contoso Incorporated", "contoso"},
        KeyCase{"Contoso LLC", "contoso"}, KeyCase{"Contoso L.L.C.", "contoso"},
        KeyCase{"Contoso Corp.", "contoso"}, KeyCase{"Contoso Corporation", "contoso"},
        KeyCase{"Contoso plc", "contoso"}, KeyCase{"Contoso PLC", "contoso"},
        KeyCase{"Contoso GmbH", "contoso"}, KeyCase{"Contoso GmbH & Co. KG", "contoso"},
        KeyCase{"Contoso AG", "contoso"}, KeyCase{"Contoso S.A.", "contoso"},
        KeyCase{"Contoso SA", "contoso"}, KeyCase{"Contoso S.A.S.", "contoso"},
        KeyCase{"Contoso SAS", "contoso"}, KeyCase{"Contoso SARL", "contoso"},
        KeyCase{"Contoso S.L.", "contoso"}, KeyCase{"Contoso S.p.A.", "contoso"},
        KeyCase{"Contoso SpA", "contoso"}, KeyCase{"Contoso B.V.", "contoso"},
        KeyCase{"Contoso BV", "contoso"}, KeyCase{"Contoso N.V.", "contoso"},
        KeyCase{"Contoso Pty Ltd", "contoso"}, KeyCase{"Contoso Pty. Ltd.", "contoso"},
        KeyCase{"Contoso KK", "contoso"}, KeyCase{"Contoso Oy", "contoso"},
        KeyCase{"Contoso AB", "contoso"}, KeyCase{"Contoso AS", "contoso"},
        KeyCase{"Contoso A/S", "contoso"}, KeyCase{"Contoso Co., Ltd.", "contoso"},
        KeyCase{"Contoso s.r.o.", "contoso"}, KeyCase{"Contoso Sp. z o.o.", "contoso"},
        KeyCase{"Contoso S.A. de C.V.", "contoso"}, KeyCase{"Contoso Sdn. Bhd.", "contoso"},
        KeyCase{"Contoso Ltda.", "contoso"}, KeyCase{"The Contoso Company", "contoso"},
        KeyCase{"Procter & Gamble", "procter and gamble"},
        KeyCase{"Procter and Gamble Co.", "procter and gamble"},
        KeyCase{"Société Générale S.A.", "societe generale"}, KeyCase{"Nestlé S.A.", "nestle"},
        KeyCase{"Müller GmbH", "muller"}, KeyCase{"Foo & Co.", "foo"},
        // A name made only of a legal form keeps it: never strip to nothing.
        KeyCase{"Limited", "limited"}, KeyCase{"AB", "ab"}));

TEST(Normalize, SubEntityMarkersAreKeptAndReported) {
  auto school = resolver().names().normalize("Contoso Medical School");
  EXPECT_EQ(school.key, "contoso medical school");
  EXPECT_EQ(school.markers, (std::vector<std::string>{"school"}));
  EXPECT_NE(resolver().normalize_name("Contoso Ltd"), school.key);
  auto uni = resolver().names().normalize("Technische Universität München");
  EXPECT_EQ(uni.markers, (std::vector<std::string>{"universitat"}));
  EXPECT_TRUE(resolver().names().normalize("Contoso Ltd").markers.empty());
}

TEST(Normalize, RecordsStrippedLegalFormsAndCompactForm) {
  auto n = resolver().names().normalize("Nintendo Co., Ltd.");
  EXPECT_EQ(n.key, "nintendo");
  ASSERT_FALSE(n.suffixes.empty());
  EXPECT_EQ(n.suffixes.back(), "co ltd");
  EXPECT_EQ(resolver().names().normalize("Coca-Cola").compact, "cocacola");
  EXPECT_EQ(resolver().names().normalize("The Coca-Cola Company").full, "coca cola company");
}

}  // namespace
}  // namespace buyergraph::resolve
