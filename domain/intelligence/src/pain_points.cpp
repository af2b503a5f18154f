// Pain points: each seller value proposition is matched to pain themes by keyword (rules file);
// the theme names the functions that feel it and the company signals that make it urgent. A pain
// point is stated only when a member or a company signal supports it.
#include <algorithm>

#include "buyergraph/intelligence/sections.hpp"
#include "util.hpp"

namespace buyergraph::intelligence {

using detail::evidence;
using json = nlohmann::json;

namespace {

struct Support {
  const PainTheme* theme = nullptr;
  std::string pain;
  std::vector<std::string> functions;
  std::vector<std::size_t> members;
  std::vector<const json*> signals;
  std::size_t weight() const { return members.size() + signals.size(); }
};

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

Support support_for(const sdk::BuyerGroup& g, const std::string& pain,
                    const std::vector<std::string>& functions,
                    const std::vector<std::string>& signal_kinds, const json& signals) {
  Support s;
  s.pain = pain;
  s.functions = functions;
  for (std::size_t i = 0; i < g.members.size(); ++i)
    if (!g.members[i].function.empty() && has(functions, g.members[i].function))
      s.members.push_back(i);
  for (const auto& sig : signals)
    if (has(signal_kinds, sig.value("kind", ""))) s.signals.push_back(&sig);
  return s;
}

}  // namespace

json pain_points(const sdk::BuyerGroup& g, const IntelOptions& o, const json& signals) {
  json out = json::array();
  const auto& vps = g.seller.value_propositions;
  for (std::size_t vi = 0; vi < vps.size(); ++vi) {
    const std::string& vp = vps[vi];
    Support best;
    std::string matched_keyword;
    for (const auto& t : o.rules.pain_themes) {
      auto kw = std::find_if(t.keywords.begin(), t.keywords.end(),
                             [&](const auto& k) { return detail::contains_words(vp, k); });
      if (kw == t.keywords.end()) continue;
      Support s = support_for(g, t.pain, t.functions, t.signals, signals);
      s.theme = &t;
      if (!best.theme || s.weight() > best.weight()) {
        best = std::move(s);
        matched_keyword = *kw;
      }
    }
    if (!best.theme)  // no theme names this proposition: it still speaks to the target functions
      best = support_for(g, "The seller's target functions own this outcome",
                         g.seller.target_functions, {}, signals);
    if (best.weight() == 0) continue;  // nobody and nothing here supports it: say nothing

    json ev = json::array(
        {evidence("seller.value_propositions[" + std::to_string(vi) + "]", vp,
                  std::string(detail::kSellerSource),
                  best.theme ? "keyword '" + matched_keyword + "' -> theme " + best.theme->id
                             : "no theme keyword; matched on seller.target_functions")});
    json ids = json::array();
    std::vector<std::string> labels;
    for (std::size_t mi : best.members) {
      const auto& c = g.members[mi];
      ids.push_back(c.person.id);
      labels.push_back(detail::member_label(c));
      ev.push_back(evidence("members[" + std::to_string(mi) + "].function", c.function,
                            std::string(detail::kComputed),
                            c.person.id + " is in a function that feels this pain"));
    }
    std::string s = best.pain + ": '" + vp + "'.";
    std::vector<std::string> present;  // the theme's functions that members actually hold
    for (const auto& f : best.functions)
      if (std::any_of(best.members.begin(), best.members.end(),
                      [&](std::size_t mi) { return g.members[mi].function == f; }))
        present.push_back(f);
    if (!labels.empty())
      s += " Felt by " + detail::join_names(labels, o.max_names) + " (" +
           detail::join_names(present, 99) + ").";
    if (!best.signals.empty()) {
      s += " Why now: " + best.signals.front()->value("statement", "");
      // The first few pieces of each signal's evidence; the signal itself carries all of it.
      for (const json* sig : best.signals) {
        const json all = sig->value("evidence", json::array());
        for (std::size_t k = 0; k < all.size() && k < static_cast<std::size_t>(o.max_names); ++k)
          ev.push_back(all[k]);
      }
    }
    out.push_back({{"id", "pain-" + std::to_string(out.size() + 1)},
                   {"theme", best.theme ? best.theme->id : "target_functions"},
                   {"statement", s},
                   {"value_proposition", vp},
                   {"person_ids", ids},
                   {"evidence", ev}});
  }
  return out;
}

}  // namespace buyergraph::intelligence
