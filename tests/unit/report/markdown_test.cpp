#include <gtest/gtest.h>

#include "buyergraph/report/markdown.hpp"
#include "fixtures.hpp"

using namespace buyergraph;
using namespace buyergraph::report;
using report::testing::count;
using report::testing::fixture;

namespace {
std::string section(const std::string& md, const std::string& heading) {
  auto a = md.find("## " + heading + "\n");
  if (a == std::string::npos) return "";
  auto b = md.find("\n## ", a + 3);
  return md.substr(a, b == std::string::npos ? std::string::npos : b - a);
}
}  // namespace

TEST(Markdown, HasEverySectionAndTheSyntheticBanner) {
  std::string md = render_markdown(fixture("group_full"));
  for (const char* h : {"TL;DR", "Coverage", "Members by role", "Recently appointed",
                        "Excluded / needs verification", "Decision flow", "Engagement sequence",
                        "Pain points and signals", "Method and cost"})
    EXPECT_NE(md.find(std::string("## ") + h + "\n"), std::string::npos) << h;
  EXPECT_NE(md.find("fictional demo data"), std::string::npos);
  EXPECT_NE(md.find("```mermaid"), std::string::npos);
}

TEST(Markdown, NoBannerForRealData) {
  auto g = fixture("group_full");
  g.run["synthetic_data"] = false;
  EXPECT_EQ(render_markdown(g).find("fictional"), std::string::npos);
}

TEST(Markdown, TldrNamesExactlyTheTopThreeOfTheCallOrder) {
  auto g = fixture("group_full");
  std::string tldr = section(render_markdown(g), "TL;DR");
  // Call order ranks 1-3 are Priya Vandermeer, Aisha Brennan-Moll, Imogen Thackeray; rank 4
  // (Helena Marchetti) must not appear.
  std::vector<std::string> in, out;
  for (const auto& step : g.engagement["call_order"]) {
    std::string id = step["person_id"];
    for (const auto& m : g.members)
      if (m.person.id == id)
        (step["rank"].get<int>() <= 3 ? in : out).push_back(m.person.full_name);
  }
  ASSERT_EQ(in.size(), 3u);
  for (const auto& n : in) EXPECT_EQ(count(tldr, n), 1u) << n;
  for (const auto& n : out) EXPECT_EQ(count(tldr, n), 0u) << n;
  EXPECT_LT(tldr.find("Priya Vandermeer"), tldr.find("Aisha Brennan-Moll"));
  EXPECT_LT(tldr.find("Aisha Brennan-Moll"), tldr.find("Imogen Thackeray"));
  EXPECT_NE(tldr.find("Biggest gap: **Security review**"), std::string::npos) << tldr;
  EXPECT_NE(tldr.find("Multi-threading risk"), std::string::npos);
}

TEST(Markdown, ReorderingTheCallOrderChangesTheTldr) {
  auto g = fixture("group_full");
  g.engagement["call_order"][3]["rank"] = 0;  // Helena Marchetti first now
  std::string tldr = section(render_markdown(g), "TL;DR");
  EXPECT_NE(tldr.find("Helena Marchetti"), std::string::npos);
  EXPECT_EQ(tldr.find("Imogen Thackeray"), std::string::npos);
}

TEST(Markdown, ZeroDecisionMakersIsStated) {
  std::string md = render_markdown(fixture("group_tiny_gaps"));
  EXPECT_NE(section(md, "TL;DR").find("0 decision makers"), std::string::npos) << md;
  EXPECT_NE(md.find("### Decision makers (0)"), std::string::npos);
  EXPECT_NE(md.find("Found 1 of ideal 3"), std::string::npos);
  EXPECT_NE(md.find("Decision maker** (data\\_limited)"), std::string::npos) << md;
}

TEST(Markdown, FullGroupDoesNotClaimMissingDecisionMakers) {
  EXPECT_EQ(render_markdown(fixture("group_full")).find("0 decision makers"), std::string::npos);
}

TEST(Markdown, MembersShowContactStatusReasonsAndSource) {
  std::string md = render_markdown(fixture("group_full"));
  EXPECT_NE(md.find("**invalid** (free\\_webmail, domain\\_mismatch)"), std::string::npos);
  EXPECT_NE(md.find("verified 2026-11-21T08:00:00Z"), std::string::npos);
  EXPECT_NE(md.find("never verified"), std::string::npos);
  EXPECT_NE(md.find("retrieved 2026-11-20T10:00:00Z, synthetic"), std::string::npos);
  EXPECT_NE(md.find("Rules: ch.director\\_primary"), std::string::npos);
}

TEST(Markdown, InferredEdgesAreDottedInMermaid) {
  std::string md = render_markdown(fixture("group_full"));
  EXPECT_EQ(count(md, " .-> m"), 2u);
  EXPECT_EQ(count(md, " --> m"), 1u);
}

TEST(Markdown, HostileNamesCannotBreakOut) {
  auto g = fixture("group_full");
  g.members[0].person.full_name = "Eve\"] --> x[\"pwn <script>`";
  std::string md = render_markdown(g);
  EXPECT_EQ(md.find("<script>"), std::string::npos);
  EXPECT_NE(md.find("#quot;"), std::string::npos);
}

TEST(Markdown, EmptyGroupSaysSo) {
  std::string md = render_markdown(fixture("group_empty"));
  EXPECT_NE(md.find("the group is empty"), std::string::npos);
  EXPECT_NE(md.find("No member was found"), std::string::npos);
  EXPECT_EQ(md.find("fictional"), std::string::npos);
}

TEST(Markdown, RecentlyAppointedListsFlaggedMembersOnly) {
  auto g = fixture("group_full");
  std::string recent = section(render_markdown(g), "Recently appointed");
  for (const auto& m : g.members) {
    bool flagged = std::find(m.flags.begin(), m.flags.end(), "recently_appointed") != m.flags.end();
    EXPECT_EQ(recent.find("**" + m.person.full_name + "**") != std::string::npos, flagged)
        << m.person.full_name;
  }
  EXPECT_NE(recent.find("Caveat"), std::string::npos);
}

TEST(Markdown, WithoutCallOrderTheTldrSaysItRanksByScore) {
  auto g = fixture("group_full");
  g.engagement.erase("call_order");
  std::string tldr = section(render_markdown(g), "TL;DR");
  EXPECT_NE(tldr.find("no call order was computed"), std::string::npos) << tldr;
  // Highest overall scores in the fixture: Imogen 88, Rafael 81, Priya 77.
  EXPECT_NE(tldr.find("1. **Imogen Thackeray**"), std::string::npos) << tldr;
  EXPECT_NE(tldr.find("3. **Priya Vandermeer**"), std::string::npos) << tldr;
  EXPECT_EQ(tldr.find("Tomasz Ellery"), std::string::npos);
}

TEST(Markdown, PendingMembersAreListedForVerification) {
  std::string md = render_markdown(fixture("group_tiny_gaps"));
  std::string excluded = section(md, "Excluded / needs verification");
  EXPECT_NE(excluded.find("Bartholomew Quince: held back from the call order: verify before "
                          "calling: email status unknown"),
            std::string::npos)
      << excluded;
}

TEST(Markdown, UnsizedGroupDoesNotInventAnIdeal) {
  std::string md = render_markdown(fixture("group_empty"));
  EXPECT_NE(md.find("Found 0 members; no ideal size was computed."), std::string::npos) << md;
}

TEST(Markdown, EmptyCallOrderIsNotReplacedByAGuess) {
  std::string tldr = section(render_markdown(fixture("group_tiny_gaps")), "TL;DR");
  EXPECT_NE(tldr.find("Nobody is ready to engage yet: the call order is empty (1 held back"),
            std::string::npos)
      << tldr;
  EXPECT_EQ(tldr.find("1. **"), std::string::npos);
}
