#include <gtest/gtest.h>

#include <regex>

#include "buyergraph/report/html.hpp"
#include "fixtures.hpp"

using namespace buyergraph;
using namespace buyergraph::report;
using report::testing::count;
using report::testing::fixture;

TEST(HtmlEscape, NeutralisesHostileStrings) {
  EXPECT_EQ(html_escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(html_escape("\" onmouseover=\"x"), "&quot; onmouseover=&quot;x");
  EXPECT_EQ(html_escape("O'Brien & Sons"), "O&#39;Brien &amp; Sons");
  EXPECT_EQ(html_escape("&lt;"), "&amp;lt;");  // already-escaped text is escaped again
  EXPECT_EQ(html_escape(std::string("a\0b\x1b[31m", 8)), "ab[31m");
  EXPECT_EQ(html_escape("Zoë Ångström"), "Zoë Ångström");
}

TEST(Html, IsSelfContained) {
  std::string html = render_html(fixture("group_full"));
  std::regex external(R"((src|href)\s*=\s*["']?\s*(https?:|//))", std::regex::icase);
  EXPECT_FALSE(std::regex_search(html, external));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_NE(html.find("fictional demo data"), std::string::npos);
}

TEST(Html, EscapesScriptInATitle) {
  auto g = fixture("group_full");
  g.members[0].person.title = "<script>alert('x')</script>";
  g.members[1].person.full_name = "\"><img src=x onerror=alert(1)>";
  g.company.name = "</title><script>";
  std::string html = render_html(g);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)"), std::string::npos);
}

TEST(Html, SvgHasOneNodePerMemberAndDashedInferredEdges) {
  auto g = fixture("group_full");
  std::string html = render_html(g);
  ASSERT_NE(html.find("<svg"), std::string::npos);
  EXPECT_EQ(count(html, "<g class=\"node\""), g.members.size());
  int inferred = 0, solid = 0;
  for (const auto& e : g.intelligence["decision_flow"]["edges"])
    (e.value("inferred", false) ? inferred : solid)++;
  EXPECT_EQ(count(html, "<line class=\"edge inferred\""), static_cast<std::size_t>(inferred));
  EXPECT_EQ(count(html, "<line class=\"edge\""), static_cast<std::size_t>(solid));
  std::regex dashed_inferred(R"(<line class="edge inferred"[^>]*stroke-dasharray)");
  EXPECT_EQ(std::distance(std::sregex_iterator(html.begin(), html.end(), dashed_inferred),
                          std::sregex_iterator()),
            inferred);
  std::regex dashed_solid(R"(<line class="edge"[^>]*stroke-dasharray)");
  EXPECT_FALSE(std::regex_search(html, dashed_solid));
  EXPECT_NE(html.find("class=\"legend\""), std::string::npos);
}

TEST(Html, SeniorLayersAreDrawnHigher) {
  auto g = fixture("group_full");
  std::string svg = render_flow_svg(g);
  auto y_of = [&](const std::string& name) {
    auto p = svg.find("<title>" + name + ",");
    auto r = svg.find("<rect", p);
    auto y = svg.find("y=\"", r) + 3;
    return std::stoi(svg.substr(y));
  };
  EXPECT_LT(y_of("Imogen Thackeray"), y_of("Rafael Okonkwo-Lind"));  // c_level above vp
  EXPECT_LT(y_of("Rafael Okonkwo-Lind"), y_of("Priya Vandermeer"));  // vp above director
  EXPECT_LT(y_of("Priya Vandermeer"), y_of("Aisha Brennan-Moll"));   // director above senior IC
}

TEST(Html, ManagerIdsDrawSolidEdgesWhenNoFlowIsGiven) {
  auto g = fixture("group_full");
  g.intelligence.erase("decision_flow");
  std::string svg = render_flow_svg(g);
  std::size_t with_manager = 0;
  for (const auto& m : g.members)
    for (const auto& o : g.members)
      if (m.person.manager_id == o.person.id) ++with_manager;
  EXPECT_EQ(count(svg, "<line class=\"edge\""), with_manager);
  EXPECT_EQ(count(svg, "edge inferred"), 0u);
}

TEST(Html, EmptyGroupRenders) {
  std::string html = render_html(fixture("group_empty"));
  EXPECT_NE(html.find("No member, so no map"), std::string::npos);
  EXPECT_NE(html.find("0 decision makers"), std::string::npos);
}

TEST(Html, WideLayersWrapSoTheMapStaysPageWide) {
  auto g = fixture("group_full");
  auto base = g.members[0];  // a c_level member
  g.members.clear();
  for (int i = 0; i < 20; ++i) {
    base.person.id = "9" + std::to_string(i);
    base.person.full_name = "Executive " + std::to_string(i);
    g.members.push_back(base);
  }
  g.intelligence.erase("decision_flow");
  std::string svg = render_flow_svg(g);
  EXPECT_EQ(count(svg, "<g class=\"node\""), 20u);
  auto w = svg.find("width=\"");
  EXPECT_LE(std::stoi(svg.substr(w + 7)), 1400);
}
