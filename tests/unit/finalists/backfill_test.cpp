// Verify and backfill: members ranked on previews are checked on their bought full records; a
// member who fails is replaced by the next spare of the same role, in rank order, in bounded
// rounds, and every swap is recorded with its reason. Fictional people at a fictional company.
#include <gtest/gtest.h>

#include <set>

#include "../assembly/fixtures.hpp"
#include "buyergraph/assembly/assemble.hpp"
#include "buyergraph/assembly/spares.hpp"
#include "buyergraph/finalists/backfill.hpp"

using namespace buyergraph;
using finalists::Backfill;
using finalists::Collected;

namespace {

// An M1 group (size 8-10): 8 stakeholders for 3 seats (a stakeholder is never demoted, so the
// surplus are spares), 2 decision makers, 1 blocker.
sdk::BuyerGroup ranked_group() {
  std::vector<sdk::Candidate> pool;
  auto add = [&](const std::string& id, const std::string& role, const std::string& seniority,
                 double overall) {
    pool.push_back(fixtures::candidate({.id = id,
                                        .name = "Fixture " + id,
                                        .title = seniority + " operations",
                                        .seniority = seniority,
                                        .function = "operations",
                                        .role = role,
                                        .overall = overall}));
  };
  for (int i = 0; i < 8; ++i) add("stake-" + std::to_string(i), "stakeholder", "manager", 60.0 + i);
  add("dm-1", "decision", "vp", 90);
  add("dm-2", "decision", "vp", 89);
  add("block-1", "blocker", "manager", 70);
  assembly::AssemblyOptions o;
  o.generated_at = "2026-11-24T19:00:00Z";
  return assembly::assemble(std::move(pool), fixtures::company(600),
                            fixtures::seller(250000, {"operations"}), o);
}

// The full record a provider returns for a preview person: same title, current at the company.
sdk::Person full_record(const sdk::Person& preview) {
  sdk::Person p = preview;
  p.experience = {{.company_id = "fx-100", .title = preview.title, .current = true}};
  p.provenance.cost = 20;
  return p;
}

std::map<std::string, Collected> all_good(const Backfill& b) {
  std::map<std::string, Collected> out;
  for (const auto& p : b.to_collect()) out[p.id] = {.person = full_record(p)};
  return out;
}

std::set<std::string> ids(const std::vector<sdk::Candidate>& cs) {
  std::set<std::string> out;
  for (const auto& c : cs) out.insert(c.person.id);
  return out;
}

TEST(Backfill, BuysOnlyTheMembersWhenEveryRecordConfirmsItsPreview) {
  sdk::BuyerGroup g = ranked_group();
  const auto members = ids(g.members);
  Backfill b(g, {});
  ASSERT_EQ(b.to_collect().size(), members.size());
  b.settle(all_good(b));
  EXPECT_TRUE(b.done());
  sdk::BuyerGroup out = b.take();
  EXPECT_EQ(ids(out.members), members);
  EXPECT_EQ(out.coverage["verification"]["records_bought"], members.size());
  EXPECT_EQ(out.coverage["verification"]["replaced"], 0);
  EXPECT_TRUE(out.ledger["verification"]["swaps"].empty());
  for (const auto& m : out.members) {
    EXPECT_FALSE(m.person.experience.empty()) << "members carry the full record";
    EXPECT_EQ(out.ledger["per_member"][m.person.id], 20);
  }
}

TEST(Backfill, ReplacesFailuresFromTheSparesInRankOrderAndRecordsEverySwap) {
  sdk::BuyerGroup g = ranked_group();
  auto spares = assembly::ranked_spares(g, "stakeholder");
  ASSERT_GE(spares.size(), 3u);
  const std::string best_spare = spares[0]->person.id, second_spare = spares[1]->person.id;
  std::vector<std::string> stakeholders;
  for (const auto& m : g.members)
    if (m.role == "stakeholder") stakeholders.push_back(m.person.id);
  ASSERT_GE(stakeholders.size(), 2u);

  Backfill b(g, {});
  auto answers = all_good(b);
  // One left the company since the preview, one's record is gone.
  answers[stakeholders[0]].person->experience[0].current = false;
  answers[stakeholders[0]].person->experience[0].to_year = 2026;
  answers[stakeholders[1]] = {.dropped = "not in CoreSignal any more (collect 404)"};
  b.settle(answers);
  ASSERT_FALSE(b.done());
  auto second = b.to_collect();
  ASSERT_EQ(second.size(), 2u) << "only the replacements are bought next";
  EXPECT_EQ(second[0].id, best_spare);
  EXPECT_EQ(second[1].id, second_spare);
  b.settle(all_good(b));
  EXPECT_TRUE(b.done());

  sdk::BuyerGroup out = b.take();
  EXPECT_EQ(out.members.size(), g.members.size()) << "never smaller while spares last";
  auto now = ids(out.members);
  EXPECT_TRUE(now.contains(best_spare) && now.contains(second_spare));
  EXPECT_FALSE(now.contains(stakeholders[0]) || now.contains(stakeholders[1]));
  const auto& swaps = out.ledger["verification"]["swaps"];
  ASSERT_EQ(swaps.size(), 2u);
  EXPECT_EQ(swaps[0]["removed"]["person_id"], stakeholders[0]);
  EXPECT_NE(swaps[0]["reason"].get<std::string>().find("not a current employee"),
            std::string::npos);
  EXPECT_EQ(swaps[0]["replaced_by"]["person_id"], best_spare);
  EXPECT_EQ(swaps[1]["reason"], "not in CoreSignal any more (collect 404)");
  EXPECT_EQ(out.coverage["verification"]["replaced"], 2);
  // The failures head the excluded list with their reason; the used spares left it.
  ASSERT_GE(out.excluded.size(), 2u);
  EXPECT_NE(out.excluded[0].excluded_reason.find("failed verification on the full record"),
            std::string::npos);
  for (const auto& e : out.excluded) EXPECT_NE(e.person.id, best_spare);
  for (const auto& step : out.engagement["call_order"])
    EXPECT_TRUE(now.contains(step["person_id"].get<std::string>())) << "call order of members";
}

TEST(Backfill, SaysSoWhenTheSparesRunOutAndCatchesTitleChangesAndDuplicates) {
  sdk::BuyerGroup g = ranked_group();
  std::string blocker, dm1, dm2;
  for (const auto& m : g.members) {
    if (m.role == "blocker") blocker = m.person.id;
    if (m.role == "decision") (dm1.empty() ? dm1 : dm2) = m.person.id;
  }
  ASSERT_FALSE(blocker.empty());
  ASSERT_FALSE(dm2.empty());
  ASSERT_TRUE(assembly::ranked_spares(g, "blocker").empty());
  Backfill b(g, {.max_rounds = 2});
  auto answers = all_good(b);
  answers[blocker].person->title = "Retired";  // the full record says otherwise
  answers[dm2].person = answers[dm1].person;   // the same person under a second id
  answers[dm2].person->id = dm2;
  b.settle(answers);
  sdk::BuyerGroup out = b.take();  // max_rounds 2: no refill of a refill
  EXPECT_EQ(out.members.size(), g.members.size() - 2) << "no spare blocker, no spare decision";
  ASSERT_EQ(out.coverage["verification"]["unfilled"].size(), 2u);
  const auto& swaps = out.ledger["verification"]["swaps"];
  bool title = false, duplicate = false;
  for (const auto& s : swaps) {
    title = title || s["reason"].get<std::string>().find("title changed") != std::string::npos;
    duplicate =
        duplicate || s["reason"].get<std::string>().find("same person") != std::string::npos;
    EXPECT_TRUE(s["replaced_by"].is_null());
  }
  EXPECT_TRUE(title);
  EXPECT_TRUE(duplicate);
  bool warned = false;
  for (const auto& w : out.run["warnings"])
    warned = warned || w.get<std::string>().find("left empty") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(Backfill, AFailedCallKeepsThePreviewMemberMarkedUnverified) {
  sdk::BuyerGroup g = ranked_group();
  Backfill b(g, {});
  std::map<std::string, Collected> answers;
  for (const auto& p : b.to_collect())
    answers[p.id] = {.error = "per-run budget of 100 credits reached"};
  b.settle(answers);
  EXPECT_TRUE(b.done());
  sdk::BuyerGroup out = b.take();
  EXPECT_EQ(out.members.size(), g.members.size());
  EXPECT_EQ(out.coverage["verification"]["unverified"].size(), g.members.size());
  EXPECT_EQ(out.coverage["verification"]["records_bought"], 0);
}

// What a budget check reads before the first purchase: the members plus the replacements
// allowed (never more than the spares there are); stopping buys nothing and says why.
TEST(Backfill, KnowsTheMostItMayBuyAndStopsBeforeBuyingAny) {
  sdk::BuyerGroup g = ranked_group();
  const std::size_t spares = assembly::ranked_spares(g).size();
  ASSERT_GT(spares, 0u) << "the fixture has no spares: the bound means nothing";
  Backfill capped(g, {.max_replacements = 2});
  EXPECT_EQ(capped.most_to_buy(), g.members.size() + std::min<std::size_t>(2, spares));
  Backfill unlimited(g, {.max_replacements = 50});
  EXPECT_EQ(unlimited.most_to_buy(), g.members.size() + spares);

  Backfill b(g, {});
  b.stop("the budget left (40 credits) cannot buy the group");
  EXPECT_TRUE(b.done());
  EXPECT_EQ(b.most_to_buy(), std::min<std::size_t>(5, spares)) << "no member left to buy";
  sdk::BuyerGroup out = b.take();
  EXPECT_EQ(ids(out.members), ids(g.members)) << "the ranked members stay, unverified";
  EXPECT_EQ(out.coverage["verification"]["records_bought"], 0);
  ASSERT_EQ(out.coverage["verification"]["unverified"].size(), g.members.size());
  EXPECT_EQ(out.coverage["verification"]["unverified"][0]["reason"],
            "the budget left (40 credits) cannot buy the group");
  EXPECT_TRUE(out.ledger["verification"]["swaps"].empty());
}

}  // namespace
