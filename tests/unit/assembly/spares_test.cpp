// Ranked spares: who balancing left out but still holds a role, best first, for the stage that
// replaces members failing verification after their full records are bought.
#include <gtest/gtest.h>

#include <set>

#include "buyergraph/assembly/assemble.hpp"
#include "buyergraph/assembly/spares.hpp"
#include "fixtures.hpp"

using namespace buyergraph;

namespace {

sdk::BuyerGroup group_with_surplus_champions() {
  std::vector<sdk::Candidate> pool;
  for (int i = 0; i < 8; ++i)
    pool.push_back(fixtures::candidate({.id = "champ-" + std::to_string(i),
                                        .name = "Fixture Champion " + std::to_string(i),
                                        .title = "Director Operations",
                                        .seniority = "director",
                                        .function = "operations",
                                        .role = "champion",
                                        .overall = 60.0 + i}));  // champ-7 ranks first
  pool.push_back(fixtures::candidate({.id = "gone",
                                      .name = "Fixture Former",
                                      .title = "Director Operations",
                                      .seniority = "director",
                                      .function = "operations",
                                      .role = "champion",
                                      .overall = 99,
                                      .excluded_reason = "not a current employee of 1"}));
  assembly::AssemblyOptions o;
  o.generated_at = "2026-11-24T19:00:00Z";
  return assembly::assemble(std::move(pool), fixtures::company(600),
                            fixtures::seller(250000, {"operations"}), o);
}

TEST(Spares, AreTheRoleHoldersBalancingLeftOutBestFirst) {
  const sdk::BuyerGroup g = group_with_surplus_champions();
  std::set<std::string> members;
  double weakest_member = 100;
  for (const auto& m : g.members) {
    members.insert(m.person.id);
    if (m.role == "champion") weakest_member = std::min(weakest_member, m.scores.back().value);
  }
  auto spares = assembly::ranked_spares(g, "champion");
  ASSERT_FALSE(spares.empty()) << "8 champions exceed the M1 cap";
  EXPECT_EQ(spares.size() + members.size(), 8u) << "every champion is a member or a spare";
  double previous = 100;
  for (const sdk::Candidate* s : spares) {
    EXPECT_FALSE(members.contains(s->person.id));
    EXPECT_EQ(s->role, "champion");
    EXPECT_NE(s->person.id, "gone") << "an excluded person is never a spare";
    const double overall = s->scores.back().value;
    EXPECT_LE(overall, previous) << "best first";
    EXPECT_LE(overall, weakest_member) << "a spare never outranks a kept champion";
    previous = overall;
  }
  EXPECT_TRUE(assembly::ranked_spares(g, "blocker").empty());
  EXPECT_EQ(assembly::ranked_spares(g).size(), spares.size());
}

}  // namespace
