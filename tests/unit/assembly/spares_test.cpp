// Ranked spares: who balancing left out but still holds a role, best first, for the stage that
// replaces members failing verification after their full records are bought.
#include <gtest/gtest.h>

#include <set>

#include "buyergraph/assembly/assemble.hpp"
#include "buyergraph/assembly/spares.hpp"
#include "fixtures.hpp"

using namespace buyergraph;

namespace {

sdk::BuyerGroup group_with_surplus_stakeholders() {
  std::vector<sdk::Candidate> pool;
  for (int i = 0; i < 8; ++i)
    pool.push_back(fixtures::candidate({.id = "stake-" + std::to_string(i),
                                        .name = "Fixture Stakeholder " + std::to_string(i),
                                        .title = "Director Operations",
                                        .seniority = "director",
                                        .function = "operations",
                                        .role = "stakeholder",
                                        .overall = 60.0 + i}));  // stake-7 ranks first
  pool.push_back(fixtures::candidate({.id = "gone",
                                      .name = "Fixture Former",
                                      .title = "Director Operations",
                                      .seniority = "director",
                                      .function = "operations",
                                      .role = "stakeholder",
                                      .overall = 99,
                                      .excluded_reason = "not a current employee of 1"}));
  assembly::AssemblyOptions o;
  o.generated_at = "2026-11-24T19:00:00Z";
  return assembly::assemble(std::move(pool), fixtures::company(600),
                            fixtures::seller(250000, {"operations"}), o);
}

TEST(Spares, AreTheRoleHoldersBalancingLeftOutBestFirst) {
  const sdk::BuyerGroup g = group_with_surplus_stakeholders();
  std::set<std::string> members;
  double weakest_member = 100;
  for (const auto& m : g.members) {
    members.insert(m.person.id);
    if (m.role == "stakeholder") weakest_member = std::min(weakest_member, m.scores.back().value);
  }
  auto spares = assembly::ranked_spares(g, "stakeholder");
  ASSERT_FALSE(spares.empty()) << "8 stakeholders exceed the M1 cap of 3";
  EXPECT_EQ(spares.size() + members.size(), 8u) << "every stakeholder is a member or a spare";
  double previous = 100;
  for (const sdk::Candidate* s : spares) {
    EXPECT_FALSE(members.contains(s->person.id));
    EXPECT_EQ(s->role, "stakeholder");
    EXPECT_NE(s->person.id, "gone") << "an excluded person is never a spare";
    const double overall = s->scores.back().value;
    EXPECT_LE(overall, previous) << "best first";
    EXPECT_LE(overall, weakest_member) << "a spare never outranks a kept stakeholder";
    previous = overall;
  }
  EXPECT_TRUE(assembly::ranked_spares(g, "blocker").empty());
  EXPECT_EQ(assembly::ranked_spares(g).size(), spares.size());
}

}  // namespace
