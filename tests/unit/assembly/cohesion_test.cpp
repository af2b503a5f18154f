#include <gtest/gtest.h>

#include "buyergraph/assembly/cohesion.hpp"
#include "fixtures.hpp"

using namespace buyergraph;
using fixtures::candidate;

namespace {
const assembly::AssemblyRules& rules() { return assembly::AssemblyRules::shared(); }
}  // namespace

TEST(Cohesion, NullWithANoteWhenTheDataCannotSupportIt) {
  auto a = candidate({.id = "a", .name = "Noor Haddad", .title = "Partner", .role = "decision"});
  auto b = candidate({.id = "b", .name = "Elias Varga", .title = "Associate", .role = "champion"});
  auto c = assembly::cohesion({a, b}, rules());  // no function, no seniority, no manager ids
  EXPECT_TRUE(c["score"].is_null());
  EXPECT_TRUE(c["band"].is_null());
  EXPECT_FALSE(c["note"].get<std::string>().empty());
  for (const auto& comp : c["components"]) EXPECT_TRUE(comp["value"].is_null());

  auto single = assembly::cohesion({a}, rules());
  EXPECT_TRUE(single["score"].is_null());
}

TEST(Cohesion, KnownReportingLineBeatsInferredOne) {
  auto boss = candidate({.id = "m1",
                         .name = "Grace Adeyemi",
                         .title = "VP Engineering",
                         .seniority = "vp",
                         .function = "engineering",
                         .role = "decision"});
  auto report = candidate({.id = "m2",
                           .name = "Luca Bianchi",
                           .title = "Engineering Manager",
                           .seniority = "manager",
                           .function = "engineering",
                           .role = "champion"});
  auto known = report;
  known.person.manager_id = "m1";
  auto inferred = assembly::cohesion({boss, report}, rules());
  auto with_line = assembly::cohesion({boss, known}, rules());
  const auto& ri = inferred["components"][0];
  const auto& rk = with_line["components"][0];
  EXPECT_EQ(ri["name"], "reporting_proximity");
  EXPECT_EQ(ri["value"], 30);   // m2 inferred (0.6), m1 has no line upward: 0.6 / 2
  EXPECT_EQ(rk["value"], 100);  // both ends of a known line
  EXPECT_EQ(rk["inputs"][0]["field"], "person.manager_id");
  EXPECT_NE(ri["inputs"][0]["note"].get<std::string>().find("inferred"), std::string::npos);
  EXPECT_EQ(with_line["components"][1]["value"], 100);  // same function: adjacent
  EXPECT_FALSE(with_line["score"].is_null());
  EXPECT_GT(with_line["score"].get<int>(), inferred["score"].get<int>());
}

TEST(Cohesion, DepartmentAdjacencyUsesTheTable) {
  auto fin = candidate({.id = "f",
                        .name = "Marta Kowalski",
                        .title = "CFO",
                        .seniority = "c_level",
                        .function = "finance",
                        .role = "decision"});
  auto proc = candidate({.id = "p",
                         .name = "Diego Alvarez",
                         .title = "Head of Procurement",
                         .seniority = "director",
                         .function = "procurement",
                         .role = "blocker"});
  auto design = candidate({.id = "d",
                           .name = "Yuki Tanaka",
                           .title = "Design Lead",
                           .seniority = "manager",
                           .function = "design",
                           .role = "stakeholder"});
  auto c = assembly::cohesion({fin, proc, design}, rules());
  EXPECT_EQ(c["components"][1]["value"], 33);  // finance-procurement only, of 3 pairs
  EXPECT_TRUE(rules().adjacent("legal", "security"));
  EXPECT_TRUE(rules().adjacent("executive", "design"));
  EXPECT_FALSE(rules().adjacent("design", "finance"));
}
