// Role assignment: run the rules in order, keep every role that fired (one person may hold
// several), pick the primary by precedence, and record rule ids, flags, evidence and a
// confidence computed from the scores (docs/roles.md#confidence).
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <map>

#include "buyergraph/common/reason.hpp"
#include "buyergraph/roles/engine.hpp"
#include "buyergraph/roles/scoring.hpp"
#include "config.hpp"
#include "facts.hpp"
#include "format.hpp"

namespace buyergraph::roles {
namespace {

using namespace detail;

constexpr std::array<const char*, 7> kOwnedFlags = {"potential_champion",
                                                    "recently_appointed",
                                                    "data_limited",
                                                    "thin_profile",
                                                    "anti_persona",
                                                    "farmer",
                                                    "hunter"};

std::string fmt_num(double v, int decimals = 0) { return fixed(v, decimals); }

void add_flag(std::vector<std::string>& flags, const std::string& f) {
  if (!f.empty() && std::find(flags.begin(), flags.end(), f) == flags.end()) flags.push_back(f);
}

struct Evaluator {
  const sdk::Candidate& c;
  const AccountData& a;
  const Config& cfg;
  const CandidateFacts& f;
  const std::array<std::optional<double>, kScores>& scores;
  std::uint32_t fired_roles = 0;

  bool functions_match(FnMask mask, std::uint8_t sym) const {
    if (f.function < 0) return false;
    if (mask & (FnMask{1} << f.function)) return true;
    return ((sym & kFnTarget) && f.primary) || ((sym & kFnSecondary) && f.secondary) ||
           ((sym & kFnTechnical) && f.technical) || ((sym & kFnUsers) && f.user) ||
           ((sym & kFnGatekeepers) && f.gatekeeper);
  }

  bool holds(const Condition& w) const {
    const bool empty_title = f.padded_title.size() <= 2;
    if (w.title_empty && *w.title_empty != empty_title) return false;
    if (w.anti_persona && *w.anti_persona != (f.anti != nullptr)) return false;
    if (w.top_executive && *w.top_executive != (f.top_executive != nullptr)) return false;
    if (w.physical_security && *w.physical_security != (f.physical_security != nullptr))
      return false;
    if (w.gatekeeper && *w.gatekeeper != f.gatekeeper) return false;
    if (w.has_manager && *w.has_manager != !c.person.manager_id.empty()) return false;
    if (w.segment == 0 && !f.hunter) return false;
    if (w.segment == 1 && !f.farmer) return false;
    if ((a.seller_flags & w.seller_all) != w.seller_all) return false;
    if ((a.seller_flags & w.seller_none) != 0) return false;
    if ((w.tier_max || w.tier_min) && !a.tier) return false;
    if (w.tier_max && a.tier->index > *w.tier_max) return false;
    if (w.tier_min && a.tier->index < *w.tier_min) return false;
    if (w.employees_below &&
        (!a.employees || !(static_cast<double>(*a.employees) < *w.employees_below)))
      return false;
    if (w.seniority_mask && (f.level < 0 || !(w.seniority_mask & (1u << f.level)))) return false;
    if (w.seniority_min && f.level < *w.seniority_min) return false;
    if (w.has_functions && !functions_match(w.functions, w.functions_sym)) return false;
    if ((w.not_functions || w.not_functions_sym) &&
        functions_match(w.not_functions, w.not_functions_sym))
      return false;
    if ((w.deal_min || w.deal_max) && !a.deal_usd) return false;
    if (w.deal_min && !(*a.deal_usd >= *w.deal_min)) return false;
    if (w.deal_max && !(*a.deal_usd <= *w.deal_max)) return false;
    if (w.authority) {
      if (!a.deal_usd || !a.tier || f.level < kManager) return false;
      const double deal = *a.deal_usd, lo = a.floor[f.level], hi = a.ceiling[f.level];
      if (w.authority == 1 && !(deal >= lo && deal <= hi)) return false;
      if (w.authority == 2 && !(deal < lo && deal >= lo * cfg.sponsor_band && deal <= hi))
        return false;
    }
    for (const auto& [id, min] : w.min_scores)
      if (!scores[id] || *scores[id] < min) return false;
    if (w.not_roles & fired_roles) return false;
    if (w.no_roles && fired_roles) return false;
    if (!w.required_sub_role.empty() &&
        std::find(a.required_blocker_sub_roles.begin(), a.required_blocker_sub_roles.end(),
                  w.required_sub_role) == a.required_blocker_sub_roles.end())
      return false;
    if (!w.introducer_definition.empty() && w.introducer_definition != a.introducer_definition)
      return false;
    if (!w.title_any.empty() && !w.title_any.find(f.padded_title)) return false;
    if (!w.title_none.empty() && w.title_none.find(f.padded_title)) return false;
    return true;
  }

  // The field values a fired rule read, so the role can be checked against the record.
  void evidence(const Rule& r, std::vector<sdk::Evidence>& out) const {
    const Condition& w = r.when;
    const std::string& src = c.person.provenance.source;
    const std::string tag = "rule " + r.id;
    std::size_t first = out.size();
    auto add = [&](std::string field, std::string value, const std::string& source,
                   const std::string& note) {
      out.push_back({std::move(field),
                     std::move(value),
                     source,
                     {},
                     tag + (note.empty() ? "" : ": " + note)});
    };
    if (w.title_empty || w.anti_persona || w.top_executive || w.segment >= 0 ||
        !w.title_any.empty() || w.physical_security) {
      std::string note;
      if (f.anti && w.anti_persona)
        note = "anti-persona '" + f.anti->text + "'";
      else if (f.top_executive && w.top_executive)
        note = "runs the company ('" + f.top_executive->text + "')";
      else if (w.segment == 1 && f.farmer)
        note = "farmer segment '" + f.farmer->text + "'";
      else if (w.segment == 0 && f.hunter)
        note = "hunter segment '" + f.hunter->text + "'";
      else if (const Phrase* p = w.title_any.find(f.padded_title))
        note = "title says '" + p->text + "'";
      add("person.title", c.person.title, src, note);
    }
    if (w.seniority_mask || w.seniority_min) add("candidate.seniority", c.seniority, src, "");
    if (w.has_functions || w.not_functions || w.not_functions_sym)
      add("candidate.function", c.function, src, "");
    if (w.gatekeeper) add("seller.gatekeeper_functions", c.function, a.seller_source, "");
    if (w.has_manager)
      add("person.manager_id", c.person.manager_id, src,
          c.person.manager_id.empty() ? "no manager in the data" : "reports to a manager here");
    if (w.deal_min || w.deal_max || w.authority)
      add("seller.deal_size", a.deal_text, a.seller_source,
          w.deal_min ? ">= " + fmt_num(*w.deal_min) + " USD" : "");
    if (w.authority && f.level >= kManager)
      add("company.employees", a.tier_text, a.company_source,
          c.seniority + " is economic buyer for " + fmt_num(a.floor[f.level]) + ".." +
              fmt_num(a.ceiling[f.level]) + " USD at " + a.tier->id +
              (w.authority == 2 ? "; deal below that floor: executive sponsor" : ""));
    if (w.tier_max || w.tier_min)
      add("company.employees", a.tier_text, a.company_source,
          w.tier_max ? "tier at most " + cfg.tiers->tiers()[*w.tier_max].id : "");
    if (w.employees_below)
      add("company.employees", a.employees ? std::to_string(*a.employees) : "unknown",
          a.company_source, "fewer than " + fmt_num(*w.employees_below));
    for (const auto& [id, min] : w.min_scores)
      add("candidate.scores." + std::string(kScoreNames[id]), fmt_num(scores[id].value_or(0), 1),
          src, ">= " + fmt_num(min));
    for (std::uint32_t bit = 1; bit && bit <= kIntegrationDeep; bit <<= 1)
      if (w.seller_all & bit) {
        static const std::array<const char*, 8> names = {"seller.processes_personal_data",
                                                         "seller.security_review",
                                                         "seller.sells_to_sales_teams",
                                                         "seller.role_rules.strict_sales_mode",
                                                         "seller.role_rules.finance_is_decision",
                                                         "seller.integration_depth",
                                                         "seller.integration_depth",
                                                         "seller.integration_depth"};
        add(names[std::countr_zero(bit)], "true", a.seller_source, "");
      }
    if (!w.introducer_definition.empty())
      add("seller.introducer_definition", a.introducer_definition, a.seller_source,
          "no relationship evidence: warm path unverified");
    if (!w.required_sub_role.empty())
      add("seller.role_rules.required_blocker_sub_roles", w.required_sub_role, a.seller_source, "");
    if (out.size() == first) add("candidate", c.person.id, src, "");
    out[first].note += " (" + r.why + ")";
  }
};

// The words a seller reads for a function and a level.
std::string function_words(const std::string& f) {
  static const std::map<std::string, std::string> words = {{"executive", "the company"},
                                                           {"engineering", "engineering"},
                                                           {"it", "IT"},
                                                           {"security", "information security"},
                                                           {"data", "data and analytics"},
                                                           {"product", "product management"},
                                                           {"design", "design"},
                                                           {"sales", "sales"},
                                                           {"marketing", "marketing"},
                                                           {"customer_success", "customer success"},
                                                           {"finance", "finance"},
                                                           {"procurement", "purchasing"},
                                                           {"legal", "legal"},
                                                           {"hr", "HR"},
                                                           {"operations", "operations"},
                                                           {"admin", "administration"}};
  auto it = words.find(f);
  return it == words.end() ? "their department" : it->second;
}

std::string level_words(const std::string& l) {
  static const std::map<std::string, std::string> words = {{"c_level", "C-level executive"},
                                                           {"vp", "vice president"},
                                                           {"director", "director"},
                                                           {"manager", "manager"},
                                                           {"senior_ic", "senior specialist"},
                                                           {"ic", "specialist"},
                                                           {"intern", "intern"}};
  auto it = words.find(l);
  return it == words.end() ? "person" : it->second;
}

// The rule's `say` with its placeholders filled; a rule without one gets a plain default.
std::string say_for(const Rule& r, const sdk::Candidate& c, const AccountData& a) {
  std::string text = r.say;
  if (text.empty())
    text = "Given the " + std::string(kRoleNames[r.role]) + " role by rule " + r.id + ".";
  const std::pair<const char*, std::string> fill[] = {{"{function}", function_words(c.function)},
                                                      {"{level}", level_words(c.seniority)},
                                                      {"{company}", a.company_say},
                                                      {"{deal}", a.deal_say}};
  for (const auto& [key, value] : fill)
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, std::string_view(key).size(), value);
  return text;
}

int count_profile_fields(const sdk::Person& p) {
  return !p.headline.empty() + !p.department.empty() + !p.management_level.empty() +
         !p.experience.empty() + (!p.location.empty() || !p.country.empty()) +
         (p.connections.has_value() || p.followers.has_value()) + !p.profile_url.empty() +
         !p.skills.empty();
}

}  // namespace

void RoleEngine::assign(sdk::Candidate& c, const AccountRules& acct) const {
  if (!c.excluded_reason.empty()) return;
  const AccountData& a = *acct.data;
  const Config& cfg = *config_;
  const CandidateFacts f = facts_of(c, a);
  const std::string& src = c.person.provenance.source;

  c.role.clear();
  c.sub_role.clear();
  c.other_roles.clear();
  c.rule_ids.clear();
  c.confidence = 0;
  common::set_reason(c, "", "roles");
  std::erase_if(c.flags, [](const std::string& s) {
    return std::find(kOwnedFlags.begin(), kOwnedFlags.end(), s) != kOwnedFlags.end();
  });

  std::array<std::optional<double>, kScores> scores;
  for (const auto& s : c.scores)
    for (int i = 0; i < kScores; ++i)
      if (s.name == kScoreNames[i]) scores[i] = s.value;

  Evaluator ev{c, a, cfg, f, scores};
  struct Fired {
    int role;
    const Rule* rule;
  };
  std::vector<Fired> fired;
  std::uint32_t blocked = 0;
  std::vector<sdk::Evidence> evidence;
  evidence.reserve(16);
  for (const Rule& r : cfg.rules) {
    if (!r.veto && (blocked & (1u << r.role))) continue;
    if (!ev.holds(r.when)) continue;
    c.rule_ids.push_back(r.id);
    add_flag(c.flags, r.flag);
    ev.evidence(r, evidence);
    if (r.veto) {
      blocked |= r.blocks;
      std::erase_if(fired, [&](const Fired& x) { return (r.blocks & (1u << x.role)) != 0; });
      ev.fired_roles &= ~r.blocks;
    } else {
      fired.push_back({r.role, &r});
      ev.fired_roles |= 1u << r.role;
    }
  }

  // Data-quality flags: they describe how far the role can be trusted.
  const Tenure t = tenure_at(c.person, a.company_id, a.as_of);
  if (t.known && t.month_known && t.days >= 0 &&
      static_cast<double>(t.days) <= cfg.recently_appointed_days) {
    add_flag(c.flags, "recently_appointed");
    evidence.push_back({t.field,
                        t.value,
                        src,
                        {},
                        "recently_appointed: " + std::to_string(t.days) + " days in role as of " +
                            t.as_of + " (" + t.as_of_basis + ")"});
  }
  const int fields = count_profile_fields(c.person);
  const bool thin = fields <= cfg.thin_profile_max_fields;
  if (thin) {
    add_flag(c.flags, "thin_profile");
    evidence.push_back({"person",
                        std::to_string(fields) + " of 8 optional profile fields",
                        src,
                        {},
                        "thin_profile: at most " + fmt_num(cfg.thin_profile_max_fields)});
  }
  const bool limited =
      c.title_confidence < cfg.data_limited_title_confidence || !a.tier || !a.deal_usd;
  if (limited) {
    add_flag(c.flags, "data_limited");
    evidence.push_back(
        {"candidate.title_confidence",
         fmt_num(c.title_confidence, 3),
         src,
         {},
         std::string("data_limited: ") +
             (c.title_confidence < cfg.data_limited_title_confidence ? "title barely recognised; "
                                                                     : "") +
             (!a.tier ? "company size unknown; " : "") + (!a.deal_usd ? "deal size unknown" : "")});
  }
  if (f.farmer) add_flag(c.flags, "farmer");
  if (f.hunter) add_flag(c.flags, "hunter");

  if (fired.empty()) {
    // No role: nothing is forced. Vetoes and flags still explain why.
    c.evidence.insert(c.evidence.end(), evidence.begin(), evidence.end());
    return;
  }
  std::uint32_t roles = 0;
  for (const auto& x : fired) roles |= 1u << x.role;
  int primary = std::countr_zero(roles);  // kRoleNames is in precedence order
  c.role = kRoleNames[primary];
  for (const auto& x : fired)
    if (x.role == primary && !x.rule->sub_role.empty()) {
      c.sub_role = x.rule->sub_role;
      break;
    }
  std::string reason;
  for (const auto& x : fired)
    if (x.role == primary) {
      reason = say_for(*x.rule, c, a);
      break;
    }
  for (int r = primary + 1; r < kRoles; ++r)
    if (roles & (1u << r)) c.other_roles.push_back(kRoleNames[r]);
  // Title-only: never an evidenced champion without the seller's own engagement data.
  if (roles & (1u << kChampion)) add_flag(c.flags, "potential_champion");

  // Confidence = title_confidence x (0.4 + 0.6 x S/100) x penalties, S = the mean of the scores
  // the primary role rests on.
  static const std::array<std::vector<int>, kRoles> kRoleScores = {
      std::vector<int>{kSeniority, kFunctionFit},
      std::vector<int>{kChampionPotential, kFunctionFit}, std::vector<int>{kSeniority},
      std::vector<int>{kFunctionFit, kSeniority}, std::vector<int>{kInfluence}};
  double sum = 0;
  int n = 0;
  std::string used;
  for (int id : kRoleScores[primary])
    if (scores[id]) {
      sum += *scores[id];
      ++n;
      used += std::string(used.empty() ? "" : ", ") + std::string(kScoreNames[id]) + " " +
              fmt_num(*scores[id], 1);
    }
  const double s = n ? sum / n : 50;
  const double tc = std::clamp(c.title_confidence, 0.0, 1.0);
  double conf = tc * (0.4 + 0.6 * s / 100);
  std::string note = "= title_confidence " + fmt_num(tc, 3) + " x (0.4 + 0.6 x " + fmt_num(s, 1) +
                     "/100)" + (n ? " [" + used + "]" : " [no scores: 50 assumed]");
  if (thin) conf *= 0.8, note += " x 0.8 thin_profile";
  if (limited) conf *= 0.8, note += " x 0.8 data_limited";
  if (primary == kChampion) conf *= 0.85, note += " x 0.85 potential (no engagement evidence)";
  c.confidence = std::round(std::clamp(conf, 0.0, 1.0) * 1000) / 1000;
  evidence.push_back({"candidate.confidence", fmt_num(c.confidence, 3), src, {}, note});
  c.evidence.insert(c.evidence.end(), evidence.begin(), evidence.end());
  common::set_reason(c, reason, "roles");
}

}  // namespace buyergraph::roles
