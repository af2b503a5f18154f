#include <gtest/gtest.h>

#include <sstream>

#include "buyergraph/report/terminal.hpp"
#include "fixtures.hpp"

using namespace buyergraph;
using namespace buyergraph::report;
using report::testing::fixture;

namespace {
std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}
}  // namespace

TEST(Terminal, EveryLineFitsOneHundredColumns) {
  auto g = fixture("group_full");
  g.members[0].person.title = std::string(300, 'x') + " Ünïcödé";
  g.members[1].person.full_name = std::string(150, 'y');
  for (const char* name : {"group_full", "group_tiny_gaps", "group_empty"}) {
    for (const auto& group : {g, fixture(name)}) {
      std::istringstream in(render_terminal(group, false));
      std::string line;
      while (std::getline(in, line)) EXPECT_LE(code_points(line), 100u) << line;
    }
  }
}

TEST(Terminal, NoAnsiWithoutColourAndSomeWithColour) {
  auto g = fixture("group_full");
  EXPECT_EQ(render_terminal(g, false).find('\033'), std::string::npos);
  EXPECT_NE(render_terminal(g, true).find("\033["), std::string::npos);
}

TEST(Terminal, ShowsTldrMembersCoverageAndExclusions) {
  auto g = fixture("group_full");
  std::string t = render_terminal(g, false);
  EXPECT_NE(t.find("1. Priya Vandermeer (Champion)"), std::string::npos) << t;
  EXPECT_NE(t.find("SYNTHETIC DATA"), std::string::npos);
  EXPECT_NE(t.find("Head of Procurement"), std::string::npos);
  EXPECT_NE(t.find("invalid email\n      contact reasons: free_webmail, domain_mismatch"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("risky email (catch_all)"), std::string::npos) << t;
  EXPECT_NE(t.find("Found 7 of ideal 9"), std::string::npos);
  EXPECT_NE(t.find("3 excluded: departed (2), wrong_company (1)"), std::string::npos) << t;
}

TEST(Terminal, ControlCharactersInDataAreNeutralised) {
  auto g = fixture("group_full");
  g.members[0].person.full_name = "Mallory\033[2J\nInjected";
  std::string t = render_terminal(g, false);
  EXPECT_EQ(t.find('\033'), std::string::npos);
  EXPECT_EQ(t.find("\nInjected"), std::string::npos);
}
