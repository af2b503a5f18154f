// Registry conventions (data/resolve/articles.txt, weak-words.txt, abbreviations.txt,
// jurisdiction-markers.txt) and the evidence-based decision built on them.
#include <gtest/gtest.h>

#include <chrono>

#include "buyergraph/resolve/candidate_source.hpp"
#include "test_support.hpp"

namespace buyergraph::resolve {
namespace {

using testing::resolver;

const NormalizedName norm(std::string_view name) { return resolver().names().normalize(name); }

sdk::Company company(std::string id, std::string name, std::vector<std::string> tickers = {}) {
  sdk::Company c;
  c.id = std::move(id);
  c.name = std::move(name);
  c.tickers = std::move(tickers);
  return c;
}

// --- Normalisation, one convention at a time -------------------------------------------------

TEST(Conventions, JurisdictionMarkersAfterLegalFormsAreDropped) {
  EXPECT_EQ(norm("QUALCOMM INC/DE").key, "qualcomm");
  EXPECT_EQ(norm("BOEING CO /NEW/").key, "boeing");
  EXPECT_EQ(norm("Acme Corp /CA").key, "acme");
  EXPECT_EQ(norm("ACME HOLDINGS INC /DE/ /NEW/").key, norm("Acme Holdings Inc").key);
  // Not a marker: inside a name, or after an ordinary word.
  EXPECT_EQ(norm("AC/DC Ltd").key, "ac dc");
  EXPECT_EQ(norm("AC/DC").key, "ac dc");
  EXPECT_EQ(norm("Input/Output Inc").key, "input output");
}

TEST(Conventions, TrailingArticleAsRegistriesWriteIt) {
  EXPECT_EQ(norm("Walt Disney Company (The)").key, "walt disney");
  EXPECT_EQ(norm("DISNEY WALT CO, THE").signature, norm("The Walt Disney Company").signature);
  EXPECT_EQ(norm("Buckle, Inc. (The)").key, "buckle");
  EXPECT_EQ(norm("The").key, "the") << "a one-word name is never emptied";
}

TEST(Conventions, AbbreviationsExpandOnBothSides) {
  EXPECT_EQ(norm("INTL BUSINESS MACHINES CORP").key, "international business machines");
  EXPECT_EQ(norm("Abbott Labs").key, norm("Abbott Laboratories").key);
  EXPECT_EQ(norm("Warner Bros").key, norm("Warner Brothers").key);
  EXPECT_EQ(norm("ESTEE LAUDER COS INC").key, norm("Estee Lauder Companies Inc.").key);
}

TEST(Conventions, PossessivesAndAmpersands) {
  EXPECT_EQ(norm("MOODYS CORP").key, norm("Moody's Corporation").key);
  EXPECT_EQ(norm("Macy\xE2\x80\x99s, Inc.").key, "macys");
  EXPECT_EQ(norm("Procter and Gamble Co").signature, norm("Procter & Gamble").signature);
}

TEST(Conventions, SurnameFirstRegistryNamesHaveTheSameWords) {
  EXPECT_EQ(norm("HORTON D R INC").signature, norm("D. R. Horton, Inc.").signature);
  EXPECT_EQ(norm("SMUCKER J M CO").signature, norm("The J. M. Smucker Company").signature);
  EXPECT_EQ(norm("D.R. Horton").signature, "dr horton");
}

TEST(Conventions, WeakTailsAreNotDistinctive) {
  EXPECT_EQ(norm("Hilton Worldwide Holdings Inc.").signature, "hilton");
  EXPECT_EQ(norm("Hilton Worldwide").signature, "hilton");
  EXPECT_EQ(norm("Royal Caribbean Group").signature, "caribbean royal");
  // A name made only of weak words keeps them: they are all it has.
  EXPECT_EQ(norm("Global Holdings Inc").signature, "global holdings");
}

// --- The decision ----------------------------------------------------------------------------

std::vector<sdk::Company> registry() {
  return {company("qcom", "QUALCOMM INC/DE", {"NASDAQ:QCOM"}),
          company("vz", "VERIZON COMMUNICATIONS INC", {"NYSE:VZ"}),
          company("ldos", "Leidos Holdings, Inc.", {"NYSE:LDOS"}),
          company("dis", "Walt Disney Company (The)", {"NYSE:DIS"}),
          company("dhi", "HORTON D R INC /DE/", {"NYSE:DHI"}),
          company("sjm", "SMUCKER J M CO", {"NYSE:SJM"}),
          company("mco", "MOODYS CORP /DE/", {"NYSE:MCO"}),
          company("hlt", "Hilton Worldwide Holdings Inc.", {"NYSE:HLT"}),
          company("rcl", "ROYAL CARIBBEAN CRUISES LTD", {"NYSE:RCL"}),
          company("rgld", "ROYAL GOLD INC", {"NASDAQ:RGLD"}),
          company("aapl", "Apple Inc.", {"NASDAQ:AAPL"}),
          company("aple", "Apple Hospitality REIT, Inc.", {"NYSE:APLE"}),
          company("hgv", "Hilton Grand Vacations Inc.", {"NYSE:HGV"})};
}

struct Shape {
  const char* query;
  const char* expected;  // "" = must not resolve
  const char* rule;      // evidence rule when resolved
};

class RegistryShapes : public ::testing::TestWithParam<Shape> {};

TEST_P(RegistryShapes, ResolveWhenTheEvidenceIsClear) {
  const Shape& s = GetParam();
  VectorCandidateSource src(resolver(), registry());
  auto r = resolve(resolver(), s.query, src);
  if (std::string(s.expected).empty()) {
    EXPECT_NE(r.status, "resolved") << s.query << " -> " << (r.company ? r.company->name : "");
    return;
  }
  ASSERT_EQ(r.status, "resolved") << s.query << ": " << r.reason;
  EXPECT_EQ(r.company->id, s.expected) << s.query;
  EXPECT_EQ(r.evidence.rule, s.rule) << s.query << ": " << r.reason;
  EXPECT_GT(r.confidence, 0.5);
  EXPECT_LE(r.confidence, 1.0);
}

INSTANTIATE_TEST_SUITE_P(
    Typed, RegistryShapes,
    ::testing::Values(Shape{"Qualcomm", "qcom", "name_exact"},
                      Shape{"Verizon", "vz", "name_contains_words"},
                      Shape{"Verizon Communications", "vz", "name_exact"},
                      Shape{"Leidos", "ldos", "name_same_words"},
                      Shape{"The Walt Disney Company", "dis", "name_exact"},
                      Shape{"Walt Disney Company (The)", "dis", "name_exact"},
                      Shape{"D. R. Horton", "dhi", "name_same_words"},
                      Shape{"J.M. Smucker Co.", "sjm", "name_same_words"},
                      Shape{"Moody's Corporation", "mco", "name_exact"},
                      Shape{"Hilton Worldwide", "hlt", "name_same_words"},
                      Shape{"Royal Caribbean Group", "rcl", "name_contains_words"},
                      Shape{"Apple", "aapl", "name_exact"},
                      // Same words after weak words are set aside, but another company has
                      // every word typed: ambiguous (Hilton Grand Vacations).
                      Shape{"Hilton", "", ""}, Shape{"$QCOM", "qcom", "ticker"},
                      // Several companies have every word: never a pick.
                      Shape{"Royal", "", ""},
                      Shape{"Grand Vacations", "hgv", "name_contains_words"},
                      // One word among many more, or a numbered series: not the same company.
                      Shape{"Vacations", "", ""}, Shape{"Royal Caribbean Cruises II", "", ""},
                      Shape{"Grand Vacations Hilton Royal", "", ""},
                      // Not in the registry at all.
                      Shape{"Qualcomm Atheros", "", ""}, Shape{"Delta Air Lines", "", ""}));

TEST(Decision, SeveralCompaniesWithTheWordsAreListedWithWhyEachMatched) {
  VectorCandidateSource src(resolver(), registry());
  auto r = resolve(resolver(), "Royal", src);
  ASSERT_EQ(r.status, "ambiguous");
  EXPECT_NE(r.reason.find("every distinctive word"), std::string::npos) << r.reason;
  int with_words = 0;
  for (const auto& c : r.candidates)
    for (const auto& why : c.reasons)
      with_words += why.rfind("name_contains_words", 0) == 0 || why.rfind("name_has_words", 0) == 0;
  EXPECT_EQ(with_words, 2) << "Royal Caribbean and Royal Gold, each with its reason";
}

TEST(Decision, EvidenceNamesTheWordsAndWhatWasSetAside) {
  VectorCandidateSource src(resolver(), registry());
  auto r = resolve(resolver(), "Hilton Worldwide", src);
  ASSERT_EQ(r.status, "resolved") << r.reason;
  EXPECT_EQ(r.evidence.field, "name");
  EXPECT_EQ(r.evidence.matched, "Hilton Worldwide Holdings Inc.");
  EXPECT_EQ(r.evidence.tokens, std::vector<std::string>{"hilton"});
  EXPECT_NE(std::find(r.evidence.ignored.begin(), r.evidence.ignored.end(), "holdings"),
            r.evidence.ignored.end());
  auto j = to_json(r);
  EXPECT_EQ(j["evidence"]["rule"], "name_same_words");
  EXPECT_TRUE(j["confidence"].is_number());
}

TEST(Decision, IdentifiersKeepPriorityOverNames) {
  auto cs = registry();
  cs.push_back(company("other", "Qualcomm"));
  cs.back().domains = {"qualcomm-fans.example"};
  cs[0].domains = {"qualcomm.com"};
  auto r = resolver().resolve("https://www.qualcomm.com", cs);
  ASSERT_EQ(r.status, "resolved") << r.reason;
  EXPECT_EQ(r.company->id, "qcom");
  EXPECT_EQ(r.evidence.rule, "domain_exact");
}

TEST(Decision, FormerNamesResolveAndSaySo) {
  sdk::Company meta = company("meta", "Meta Platforms, Inc.");
  meta.former_names = {"Facebook, Inc."};
  std::vector<sdk::Company> cs{meta, company("fbk", "Facebook Fan Club Ltd")};
  auto r = resolver().resolve("Facebook", cs);
  ASSERT_EQ(r.status, "resolved") << r.reason;
  EXPECT_EQ(r.company->id, "meta");
  EXPECT_EQ(r.evidence.field, "former_name");
  EXPECT_EQ(r.evidence.matched, "Facebook, Inc.");
  EXPECT_NE(r.reason.find("formerly known as 'Facebook, Inc.'"), std::string::npos) << r.reason;
}

// --- Hostile sizes (a many-word or megabyte name used to take minutes) ----------------------

TEST(Limits, HugeNamesAreRefusedQuicklyWithAReason) {
  std::string many_words, megabyte(1 << 20, 'a');
  for (int i = 0; i < 32000; ++i) many_words += "word" + std::to_string(i % 977) + " ";
  VectorCandidateSource src(resolver(), registry());
  auto t0 = std::chrono::steady_clock::now();
  for (const std::string* q : {&many_words, &megabyte}) {
    auto r = resolve(resolver(), *q, src);
    EXPECT_EQ(r.status, "not_found");
    EXPECT_NE(r.reason.find("bytes long"), std::string::npos) << r.reason;
    EXPECT_LT(r.query.size(), 100u) << "the answer does not echo megabytes";
  }
  // Huge names inside the candidates are never compared either.
  auto cs = registry();
  cs.push_back(company("huge", many_words));
  cs.push_back(company("mega", megabyte));
  VectorCandidateSource big(resolver(), cs);
  auto r = resolve(resolver(), "Qualcomm", big);
  EXPECT_EQ(r.status, "resolved") << r.reason;
  // Loose bound: the quadratic code took minutes here; linear code takes milliseconds.
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 30.0);
}

TEST(Limits, LongestAcceptedNameStillResolves) {
  std::string name;
  while (name.size() + 8 < kMaxNameBytes) name += "Acmewrd ";
  name += "Inc";
  std::vector<sdk::Company> cs{company("long", name)};
  auto r = resolver().resolve(name, cs);
  EXPECT_EQ(r.status, "resolved") << r.reason;
}

}  // namespace
}  // namespace buyergraph::resolve
