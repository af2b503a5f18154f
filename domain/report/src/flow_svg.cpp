// The decision-flow map as inline SVG: members layered by seniority (most senior on top),
// coloured by role, reporting lines as arrows from report to manager, inferred lines dashed.
#include <algorithm>
#include <map>
#include <sstream>

#include "buyergraph/report/html.hpp"
#include "summary.hpp"
#include "text.hpp"

namespace buyergraph::report {

namespace {

constexpr int kNodeW = 190, kNodeH = 50, kGapX = 20, kLayerH = 95, kMargin = 20;
constexpr std::size_t kMaxPerRow = 6;

int seniority_layer(std::string_view s) {
  static const std::map<std::string_view, int> layers = {
      {"c_level", 0},   {"vp", 1}, {"director", 2}, {"manager", 3},
      {"senior_ic", 4}, {"ic", 5}, {"intern", 5}};
  auto it = layers.find(s);
  return it == layers.end() ? 6 : it->second;
}

std::string_view role_colour(std::string_view role) {
  if (role == "decision") return "#f6d3d3";
  if (role == "champion") return "#d3f0d8";
  if (role == "stakeholder") return "#d8e4f6";
  if (role == "blocker") return "#f6ead0";
  if (role == "introducer") return "#e8dcf4";
  return "#eeeeee";
}

int role_order(std::string_view role) {
  for (std::size_t i = 0; i < std::size(kRoles); ++i)
    if (kRoles[i].first == role) return static_cast<int>(i);
  return 99;
}

struct Pos {
  int x = 0, y = 0;
};

}  // namespace

std::string render_flow_svg(const sdk::BuyerGroup& g) {
  // Only the layers that hold someone, so a group of ICs is not drawn far down the page.
  std::map<int, std::vector<std::size_t>> layers;
  for (std::size_t i = 0; i < g.members.size(); ++i)
    layers[seniority_layer(g.members[i].seniority)].push_back(i);
  // A wide layer wraps into rows of kMaxPerRow, so a big group stays readable on a page.
  std::vector<std::vector<std::size_t>> rows;
  for (auto& [layer, ids] : layers) {
    std::stable_sort(ids.begin(), ids.end(), [&](std::size_t a, std::size_t b) {
      return role_order(g.members[a].role) < role_order(g.members[b].role);
    });
    for (std::size_t k = 0; k < ids.size(); k += kMaxPerRow)
      rows.emplace_back(ids.begin() + static_cast<long>(k),
                        ids.begin() + static_cast<long>(std::min(ids.size(), k + kMaxPerRow)));
  }
  std::size_t widest = 1;
  for (const auto& r : rows) widest = std::max(widest, r.size());
  int width = std::max<int>(640, 2 * kMargin + static_cast<int>(widest) * (kNodeW + kGapX));
  int legend_y = kMargin + static_cast<int>(rows.size()) * kLayerH + 10;
  int height = legend_y + 70;

  std::vector<Pos> pos(g.members.size());
  std::vector<int> layer_of(g.members.size());
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const auto& ids = rows[row];
    int row_w = static_cast<int>(ids.size()) * (kNodeW + kGapX) - kGapX;
    int x0 = (width - row_w) / 2;
    for (std::size_t k = 0; k < ids.size(); ++k) {
      pos[ids[k]] = {x0 + static_cast<int>(k) * (kNodeW + kGapX),
                     kMargin + static_cast<int>(row) * kLayerH};
      layer_of[ids[k]] = static_cast<int>(row);
    }
  }

  std::ostringstream o;
  o << "<svg class=\"flow\" role=\"img\" aria-label=\"Decision-flow map\" width=\"" << width
    << "\" height=\"" << height << "\" viewBox=\"0 0 " << width << " " << height << "\">\n"
    << "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
       "markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
       "fill=\"#555\"/></marker></defs>\n";
  for (const auto& e : flow_edges(g)) {
    const Pos a = pos[e.from], b = pos[e.to];
    int x1 = a.x + kNodeW / 2, x2 = b.x + kNodeW / 2, y1, y2;
    if (layer_of[e.to] < layer_of[e.from]) {
      y1 = a.y;
      y2 = b.y + kNodeH;
    } else if (layer_of[e.to] > layer_of[e.from]) {
      y1 = a.y + kNodeH;
      y2 = b.y;
    } else {
      y1 = y2 = a.y + kNodeH / 2;
      x1 = a.x < b.x ? a.x + kNodeW : a.x;
      x2 = a.x < b.x ? b.x : b.x + kNodeW;
    }
    o << "<line class=\"edge" << (e.inferred ? " inferred" : "") << "\" x1=\"" << x1 << "\" y1=\""
      << y1 << "\" x2=\"" << x2 << "\" y2=\"" << y2
      << "\" stroke=\"#555\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\""
      << (e.inferred ? " stroke-dasharray=\"6 4\"" : "") << "><title>"
      << html_escape(g.members[e.from].person.full_name) << " " << html_escape(e.kind) << " "
      << html_escape(g.members[e.to].person.full_name)
      << (e.inferred ? " (inferred, confidence " + text::percent(e.confidence) + ")"
                     : " (from source data)")
      << "</title></line>\n";
  }
  for (std::size_t i = 0; i < g.members.size(); ++i) {
    const auto& m = g.members[i];
    const Pos p = pos[i];
    o << "<g class=\"node\" data-role=\"" << html_escape(m.role) << "\"><title>"
      << html_escape(m.person.full_name) << ", " << html_escape(m.person.title) << " ("
      << html_escape(role_label(m.role)) << ")</title><rect x=\"" << p.x << "\" y=\"" << p.y
      << "\" width=\"" << kNodeW << "\" height=\"" << kNodeH << "\" rx=\"6\" fill=\""
      << role_colour(m.role) << "\" stroke=\"#444\"/><text x=\"" << p.x + 8 << "\" y=\"" << p.y + 20
      << "\" font-weight=\"bold\">" << html_escape(text::fit(m.person.full_name, 24))
      << "</text><text x=\"" << p.x + 8 << "\" y=\"" << p.y + 38 << "\">"
      << html_escape(text::fit(m.person.title, 28)) << "</text></g>\n";
  }
  // Legend: role colours, then the two line styles.
  o << "<g class=\"legend\">";
  int x = kMargin;
  for (const auto& [role, heading] : kRoles) {
    o << "<rect x=\"" << x << "\" y=\"" << legend_y << "\" width=\"14\" height=\"14\" fill=\""
      << role_colour(role) << "\" stroke=\"#444\"/><text x=\"" << x + 20 << "\" y=\""
      << legend_y + 12 << "\">" << role_label(role) << "</text>";
    x += 120;
  }
  int ly = legend_y + 40;
  o << "<line x1=\"" << kMargin << "\" y1=\"" << ly << "\" x2=\"" << kMargin + 40 << "\" y2=\""
    << ly << "\" stroke=\"#555\" stroke-width=\"1.5\"/><text x=\"" << kMargin + 48 << "\" y=\""
    << ly + 4 << "\">reporting line from source data</text>"
    << "<line x1=\"" << kMargin + 300 << "\" y1=\"" << ly << "\" x2=\"" << kMargin + 340
    << "\" y2=\"" << ly << "\" stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
    << "<text x=\"" << kMargin + 348 << "\" y=\"" << ly + 4
    << "\">inferred line (hover for confidence)</text></g>\n</svg>\n";
  return o.str();
}

}  // namespace buyergraph::report
