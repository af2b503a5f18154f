// Company signals: facts about the account read from Company::signals and technologies, each
// with the field it came from. Absent or malformed fields produce no signal, never a default.
#include <algorithm>
#include <map>

#include "buyergraph/intelligence/sections.hpp"
#include "buyergraph/titles/classifier.hpp"
#include "util.hpp"

namespace buyergraph::intelligence {

using detail::evidence;
using detail::find;
using json = nlohmann::json;

namespace {

const std::string kChange = "company.signals.employees_count_change.";

void headcount_growth(const sdk::Company& c, const IntelOptions& o, json& out) {
  const json* chg = find(c.signals, "employees_count_change");
  const json* pct = chg ? find(*chg, "change_yearly_percentage") : nullptr;
  if (!pct || !pct->is_number()) return;
  const std::string& src = c.provenance.source;
  double v = pct->get<double>();
  std::string s = std::abs(v) < o.flat_growth_percent
                      ? "Headcount was flat (" + detail::format_number(v) + "%) over the last year"
                  : v > 0
                      ? "Headcount grew " + detail::format_number(v) + "% over the last year"
                      : "Headcount shrank " + detail::format_number(-v) + "% over the last year";
  json ev = json::array({evidence(kChange + "change_yearly_percentage", detail::value_text(*pct),
                                  src, "yearly headcount change reported by the provider")});
  if (const json* cur = find(*chg, "current"); cur && cur->is_number_integer()) {
    s += ", to " + detail::format_count(cur->get<long long>()) + " employees";
    ev.push_back(evidence(kChange + "current", detail::value_text(*cur), src, "current headcount"));
  }
  if (const json* q = find(*chg, "change_quarterly_percentage");
      q && q->is_number() && std::abs(q->get<double>()) >= o.flat_growth_percent) {
    s += " (" + std::string(q->get<double>() > 0 ? "+" : "") +
         detail::format_number(q->get<double>()) + "% in the last quarter)";
    ev.push_back(evidence(kChange + "change_quarterly_percentage", detail::value_text(*q), src,
                          "quarterly headcount change"));
  }
  out.push_back({{"id", "sig-growth"},
                 {"kind", "headcount_growth"},
                 {"statement", s + "."},
                 {"evidence", ev}});
}

// CoreSignal department keys for the normalised function codes; functions without a key
// (procurement, executive, other) have no department count to report.
const std::map<std::string, std::string>& department_keys() {
  static const std::map<std::string, std::string> m = {{"engineering", "technical"},
                                                       {"it", "technical"},
                                                       {"data", "technical"},
                                                       {"security", "technical"},
                                                       {"design", "product"},
                                                       {"product", "product"},
                                                       {"sales", "sales"},
                                                       {"marketing", "marketing"},
                                                       {"finance", "finance"},
                                                       {"hr", "hr"},
                                                       {"legal", "legal"},
                                                       {"operations", "operations"},
                                                       {"customer_success", "customer_service"},
                                                       {"admin", "administrative"}};
  return m;
}

void department_headcount(const sdk::BuyerGroup& g, json& out) {
  const json* dept = find(g.company.signals, "employees_count_breakdown_by_department");
  if (!dept || !dept->is_object()) return;
  const std::string& src = g.company.provenance.source;
  // Keys in first-seen order of the seller's target functions, each with its functions.
  std::vector<std::pair<std::string, std::vector<std::string>>> wanted;
  for (const auto& f : g.seller.target_functions) {
    auto it = department_keys().find(f);
    if (it == department_keys().end()) continue;
    auto w = std::find_if(wanted.begin(), wanted.end(),
                          [&](const auto& p) { return p.first == it->second; });
    if (w == wanted.end())
      wanted.push_back({it->second, {f}});
    else
      w->second.push_back(f);
  }
  for (const auto& [dep, functions] : wanted) {
    std::string key = "employees_count_" + dep;
    const json* n = find(*dept, key);
    if (!n || !n->is_number_integer()) continue;
    std::string fns = detail::join_names(functions, 99);
    json ev =
        json::array({evidence("company.signals.employees_count_breakdown_by_department." + key,
                              detail::value_text(*n), src, "department headcount"),
                     evidence("seller.target_functions", fns, std::string(detail::kSellerSource),
                              "the seller's target functions map to this department")});
    std::string s = "The ";
    s += dep;
    s += " department, where the seller's target functions (";
    s += fns;
    s += ") sit, has ";
    s += detail::format_count(n->get<long long>());
    s += " people";
    if (g.company.employees && *g.company.employees > 0) {
      double share = 100.0 * static_cast<double>(n->get<long long>()) /
                     static_cast<double>(*g.company.employees);
      s += " (" + detail::format_number(share) + "% of " +
           detail::format_count(*g.company.employees) + ")";
      ev.push_back(evidence("company.employees", std::to_string(*g.company.employees), src,
                            "company headcount"));
    }
    out.push_back({{"id", "sig-dept-" + dep},
                   {"kind", "department_headcount"},
                   {"statement", s + "."},
                   {"evidence", ev}});
  }
}

std::string first_text(const json& obj, std::initializer_list<const char*> keys,
                       std::string* key_used = nullptr) {
  for (const char* k : keys)
    if (const json* v = find(obj, k); v && v->is_string() && !v->get<std::string>().empty()) {
      if (key_used) *key_used = k;
      return v->get<std::string>();
    }
  return {};
}

void hiring(const sdk::BuyerGroup& g, const IntelOptions& o, json& out) {
  const json* posts = find(g.company.signals, "active_job_postings");
  if (!posts || !posts->is_array() || posts->empty()) return;
  const std::string& src = g.company.provenance.source;
  std::vector<std::string> titles, matched;
  json ev = json::array();
  for (std::size_t i = 0; i < posts->size(); ++i) {
    const json& p = (*posts)[i];
    std::string key, title;
    if (p.is_string())
      title = p.get<std::string>();
    else
      title = first_text(p, {"title", "job_title", "name"}, &key);
    if (title.empty()) continue;
    std::string field = "company.signals.active_job_postings[" + std::to_string(i) + "]" +
                        (key.empty() ? "" : "." + key);
    titles.push_back(title);
    std::string note = "active job posting";
    if (o.titles) {
      auto label = o.titles->classify(title);
      note += "; title rules -> " + label.function;
      if (std::find(g.seller.target_functions.begin(), g.seller.target_functions.end(),
                    label.function) != g.seller.target_functions.end())
        matched.push_back("'" + title + "'");
    }
    ev.push_back(evidence(field, title, src, note));
  }
  if (titles.empty()) return;
  std::string s =
      std::to_string(titles.size()) + " active job posting" + (titles.size() == 1 ? "" : "s");
  if (o.titles) {
    s += "; " + std::to_string(matched.size()) + " in the seller's target functions (" +
         detail::join_names(g.seller.target_functions, 99) + ")";
    if (!matched.empty()) s += ": " + detail::join_names(matched, o.max_names);
  }
  out.push_back(
      {{"id", "sig-hiring"}, {"kind", "hiring"}, {"statement", s + "."}, {"evidence", ev}});
}

void executive_change(const sdk::BuyerGroup& g, const IntelOptions& o, Date as_of, const char* list,
                      const char* date_key, const char* verb, json& out) {
  const json* moves = find(g.company.signals, list);
  if (!moves || !moves->is_array()) return;
  const std::string& src = g.company.provenance.source;
  std::vector<std::string> names;
  json ev = json::array();
  for (std::size_t i = 0; i < moves->size(); ++i) {
    const json& m = (*moves)[i];
    if (!m.is_object()) continue;
    auto date = parse_date(first_text(m, {date_key}));
    if (!date) continue;
    long age = days_between(*date, as_of);
    if (age < 0 || months_between(*date, as_of) >= o.executive_change_months) continue;
    std::string name = first_text(m, {"member_full_name"});
    std::string title = first_text(m, {"member_position_title"});
    std::string who = (name.empty() ? "unnamed" : name) + (title.empty() ? "" : ", " + title);
    std::string id;
    if (const json* mid = find(m, "member_id")) id = detail::value_text(*mid);
    bool in_group = !id.empty() && std::any_of(g.members.begin(), g.members.end(),
                                               [&](const auto& c) { return c.person.id == id; });
    names.push_back(who + " on " + date->to_string() + (in_group ? ", in this group" : ""));
    ev.push_back(
        evidence(std::string("company.signals.") + list + "[" + std::to_string(i) + "]." + date_key,
                 date->to_string(), src, who));
  }
  if (names.empty()) return;
  std::string s = std::to_string(names.size()) + " executive " + verb +
                  (names.size() == 1 ? "" : "s") + " in the last " +
                  std::to_string(o.executive_change_months) +
                  " months: " + detail::join_names(names, o.max_names) + ".";
  out.push_back({{"id", std::string("sig-exec-") + verb + "s"},
                 {"kind", "executive_change"},
                 {"statement", s},
                 {"evidence", ev}});
}

void technology_fit(const sdk::BuyerGroup& g, const IntelOptions& o, json& out) {
  const TechnologyCategory* cat = o.rules.category_for(g.seller.category);
  if (!cat || g.company.technologies.empty()) return;
  const std::string& src = g.company.provenance.source;
  auto match = [&](const std::vector<std::string>& entries, const char* list, json& ev) {
    std::vector<std::string> hits;
    for (std::size_t i = 0; i < g.company.technologies.size(); ++i) {
      const std::string& tech = g.company.technologies[i];
      for (const auto& e : entries)
        if (detail::contains_words(tech, e)) {
          hits.push_back(tech);
          ev.push_back(evidence("company.technologies[" + std::to_string(i) + "]", tech, src,
                                std::string("listed as ") + list + " '" + e + "' for category '" +
                                    cat->category + "' in the intelligence rules (" +
                                    o.rules.version + ")"));
          break;
        }
    }
    return hits;
  };
  json ev = json::array({evidence("seller.category", g.seller.category,
                                  std::string(detail::kSellerSource), "seller category")});
  auto related = match(cat->related, "related", ev);
  auto competitors = match(cat->competitors, "competitor", ev);
  if (related.empty() && competitors.empty()) return;
  std::string s = "Technology overlap with the seller's category (" + cat->category + "):";
  if (!related.empty())
    s += " uses " + detail::join_names(related, o.max_names) + " from the same stack";
  if (!competitors.empty())
    s += std::string(related.empty() ? "" : ";") + " runs " +
         detail::join_names(competitors, o.max_names) + ", listed as competing products";
  out.push_back({{"id", "sig-technology"},
                 {"kind", "technology_fit"},
                 {"statement", s + "."},
                 {"evidence", ev}});
}

void funding(const sdk::BuyerGroup& g, const IntelOptions& o, Date as_of, json& out) {
  const json* f = find(g.company.signals, "last_funding_round");
  if (!f || !f->is_object()) return;
  const std::string& src = g.company.provenance.source;
  const std::string base = "company.signals.last_funding_round.";
  std::string name = first_text(*f, {"name"});
  auto date = parse_date(first_text(*f, {"announced_date"}));
  if (name.empty() && !date) return;
  json ev = json::array();
  std::string s = "Last funding round: " + (name.empty() ? std::string("unnamed") : name);
  if (!name.empty()) ev.push_back(evidence(base + "name", name, src, "funding round"));
  if (const json* amt = find(*f, "amount_raised"); amt && amt->is_number()) {
    std::string cur = first_text(*f, {"amount_raised_currency"});
    s += ", " + (cur.empty() ? "" : cur + " ") +
         detail::format_count(static_cast<long long>(amt->get<double>()));
    ev.push_back(evidence(base + "amount_raised", detail::value_text(*amt), src, "amount raised"));
  }
  if (date) {
    int months = months_between(*date, as_of);
    s += ", announced " + date->to_string();
    if (months >= 0) {
      s += " (" + std::to_string(months) + " months before " + as_of.to_string() + ")";
      if (months < o.funding_recent_months) s += ": recent capital to spend";
    }
    ev.push_back(evidence(base + "announced_date", date->to_string(), src, "announcement date"));
  }
  out.push_back(
      {{"id", "sig-funding"}, {"kind", "funding"}, {"statement", s + "."}, {"evidence", ev}});
}

}  // namespace

json company_signals(const sdk::BuyerGroup& g, const IntelOptions& o, Date as_of) {
  json out = json::array();
  headcount_growth(g.company, o, out);
  department_headcount(g, out);
  hiring(g, o, out);
  executive_change(g, o, as_of, "key_executive_arrivals", "arrival_date", "arrival", out);
  executive_change(g, o, as_of, "key_executive_departures", "departure_date", "departure", out);
  technology_fit(g, o, out);
  funding(g, o, as_of, out);
  return out;
}

}  // namespace buyergraph::intelligence
