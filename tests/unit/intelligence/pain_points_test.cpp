#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "fixtures.hpp"

using namespace buyergraph::intelligence;
using json = nlohmann::json;

namespace {

json pains_for(const buyergraph::sdk::BuyerGroup& g) {
  auto o = fixtures::options();
  json sig = company_signals(g, o, fixtures::kAsOf);
  return pain_points(g, o, sig);
}

TEST(PainPoints, EachCitesTheValuePropositionAndMemberOrCompanyFields) {
  auto g = fixtures::group();
  json p = pains_for(g);
  ASSERT_EQ(p.size(), g.seller.value_propositions.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    const auto& item = p[i];
    EXPECT_EQ(item["value_proposition"], g.seller.value_propositions[i]);
    bool vp = false, member_or_company = false;
    for (const auto& e : item["evidence"]) {
      std::string f = e["field"];
      if (f == "seller.value_propositions[" + std::to_string(i) + "]") {
        vp = true;
        EXPECT_EQ(e["value"], g.seller.value_propositions[i]);
      }
      if (f.starts_with("members[") || f.starts_with("company.")) member_or_company = true;
    }
    EXPECT_TRUE(vp) << item.dump();
    EXPECT_TRUE(member_or_company) << item.dump();
  }
}

TEST(PainPoints, ThemeDecidesWhoFeelsIt) {
  json p = pains_for(fixtures::group());
  // Compliance wording reaches the CISO only, and cites the executive change as the why-now.
  EXPECT_EQ(p[3]["theme"], "compliance");
  EXPECT_EQ(p[3]["person_ids"], json::array({"300000005"}));
  EXPECT_NE(p[3]["statement"].get<std::string>().find("Why now: 1 executive arrival"),
            std::string::npos)
      << p[3]["statement"];
  // Cost wording reaches engineering and procurement, not security.
  EXPECT_EQ(p[0]["theme"], "cost");
  EXPECT_EQ(p[0]["person_ids"], json::array({"300000001", "300000002", "300000003", "300000004"}));
}

TEST(PainPoints, UnsupportedPropositionIsNotStated) {
  auto g = fixtures::group();
  g.members.clear();
  g.company.signals = json::object();
  g.company.technologies.clear();
  EXPECT_TRUE(pains_for(g).empty());

  // A proposition no theme names still reaches the seller's target functions.
  g = fixtures::group();
  g.seller.value_propositions = {"Ship on Fridays without fear"};
  json p = pains_for(g);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0]["theme"], "target_functions");
  EXPECT_EQ(p[0]["person_ids"], json::array({"300000001", "300000002", "300000003"}));
}

TEST(PainPoints, EveryExampleSellerPropositionMatchesATheme) {
  int checked = 0;
  for (const auto& f :
       std::filesystem::directory_iterator(std::string(BUYERGRAPH_SOURCE_DIR) + "/sellers")) {
    if (f.path().extension() != ".yaml") continue;
    for (const auto& vp : YAML::LoadFile(f.path().string())["value_propositions"]) {
      auto g = fixtures::group();
      g.seller.value_propositions = {vp.as<std::string>()};
      json p = pains_for(g);
      ASSERT_EQ(p.size(), 1u) << vp.as<std::string>();
      EXPECT_NE(p[0]["theme"], "target_functions") << f.path() << ": " << vp.as<std::string>();
      ++checked;
    }
  }
  EXPECT_GE(checked, 16);
}

}  // namespace
