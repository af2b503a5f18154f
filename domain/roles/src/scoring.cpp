// The five 0-100 scores and `overall`. Every point added is an Evidence input naming the field,
// its value and the points, so a reader can recompute the score.
#include "buyergraph/roles/scoring.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include "buyergraph/roles/engine.hpp"
#include "config.hpp"
#include "facts.hpp"
#include "format.hpp"

namespace buyergraph::roles {
namespace {

using namespace detail;

std::string pts(double v) { return signed_points(v); }
std::string num(double v) { return fixed(v, 0); }

struct Builder {
  sdk::Score score;
  double points = 0;
  explicit Builder(const char* name) {
    score.name = name;
    score.inputs.reserve(8);
  }
  void add(std::string field, std::string value, const std::string& source, std::string note) {
    score.inputs.push_back({std::move(field), std::move(value), source, {}, std::move(note)});
  }
  sdk::Score done(double value) {
    score.value = std::round(std::clamp(value, 0.0, 100.0) * 10) / 10;
    return std::move(score);
  }
};

double band_points(const std::vector<Band>& bands, double v) {
  for (const auto& b : bands)
    if (v > b.above) return b.points;
  return 0;
}

}  // namespace

const sdk::Score* find_score(const sdk::Candidate& c, std::string_view name) {
  for (const auto& s : c.scores)
    if (s.name == name) return &s;
  return nullptr;
}

std::optional<long> day_number(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  m = (s[5] - '0') * 10 + (s[6] - '0');
  d = (s[8] - '0') * 10 + (s[9] - '0');
  std::chrono::year_month_day ymd{std::chrono::year{y},
                                  std::chrono::month{static_cast<unsigned>(m)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

std::string today_utc() {
  auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  std::chrono::year_month_day ymd{today};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Tenure current_tenure(const sdk::Person& person, const sdk::Company& company,
                      std::string_view as_of) {
  return detail::tenure_at(person, company.id, as_of);
}

Tenure detail::tenure_at(const sdk::Person& person, std::string_view company_id,
                         std::string_view as_of) {
  Tenure t;
  const sdk::Experience* cur = nullptr;
  std::size_t index = 0;
  for (std::size_t i = 0; i < person.experience.size(); ++i) {
    const auto& e = person.experience[i];
    bool open = e.current || !e.to_year;
    if (!open || !e.from_year) continue;
    if (!company_id.empty() && e.company_id == company_id) {
      cur = &e;
      index = i;
      break;
    }
    if (!cur && e.current) {
      cur = &e;
      index = i;
    }
  }
  if (!cur) return t;

  std::optional<long> ref;
  if (!as_of.empty() && (ref = day_number(as_of))) {
    t.as_of_basis = "argument";
    t.as_of = std::string(as_of.substr(0, 10));
  } else if ((ref = day_number(person.provenance.retrieved_at))) {
    t.as_of_basis = "person.provenance.retrieved_at";
    t.as_of = person.provenance.retrieved_at.substr(0, 10);
  } else {
    t.as_of = today_utc();
    t.as_of_basis = "host clock";
    ref = day_number(t.as_of);
  }
  t.month_known = cur->from_month.has_value() && *cur->from_month >= 1 && *cur->from_month <= 12;
  int month = t.month_known ? *cur->from_month : 7;  // mid-year when only the year is known
  const std::chrono::year_month_day start{std::chrono::year{*cur->from_year},
                                          std::chrono::month{static_cast<unsigned>(month)},
                                          std::chrono::day{1}};
  if (!start.ok() || *cur->from_year < 1900 || *cur->from_year > 2200 || !ref) return t;
  t.known = true;
  t.days = *ref - std::chrono::sys_days{start}.time_since_epoch().count();
  t.field = "person.experience[" + std::to_string(index) + "].from";
  t.value = std::to_string(*cur->from_year);
  if (t.month_known) t.value.append(month < 10 ? "-0" : "-").append(std::to_string(month));
  return t;
}

void RoleEngine::score(sdk::Candidate& c, const AccountRules& acct, std::string_view as_of) const {
  apply_department(c, acct);
  const AccountData& a = *acct.data;
  const Config& cfg = *config_;
  const CandidateFacts f = facts_of(c, a);
  const std::string& src = c.person.provenance.source;
  const std::string& sell = a.seller_source;
  std::array<std::optional<sdk::Score>, kScores> out;

  // Seniority: base per normalised level, title modifiers, and where the level sits against the
  // lowest level that can sign this deal at this tier.
  if (f.level >= 0) {
    Builder b("seniority");
    b.points = cfg.sen_base[f.level];
    b.add("candidate.seniority", c.seniority, src, "base " + num(b.points) + " for " + c.seniority);
    for (const auto& [phrase, p] : cfg.title_modifiers)
      if (f.padded_title.find(phrase.padded) != std::string::npos) {
        b.points += p;
        b.add("person.title", c.person.title, src, pts(p) + " title says '" + phrase.text + "'");
      }
    if (a.signing_level >= 0) {
      const char* signer = kLevelNames[a.signing_level];
      if (f.level >= a.signing_level) {
        b.points += cfg.can_sign_points;
        b.add("seller.deal_size", a.deal_text, sell,
              pts(cfg.can_sign_points) + " " + c.seniority + " can sign up to " +
                  num(a.ceiling[std::max(f.level, static_cast<int>(kManager))]) + " USD at " +
                  a.tier->id);
      } else {
        double p = cfg.per_level_below_signing * (a.signing_level - f.level);
        b.points += p;
        b.add("seller.deal_size", a.deal_text, sell,
              pts(p) + ": " + std::to_string(a.signing_level - f.level) + " level(s) below " +
                  signer + ", the lowest level that can sign it at " + a.tier->id);
      }
    } else {
      b.add("company.employees", a.tier_text, a.company_source,
            "+0: deal size or company tier unknown, no deal-size adjustment");
    }
    out[kSeniority] = b.done(b.points);
  }

  // Function fit against the seller's functions and personas; anti-personas are final.
  if (f.anti) {
    Builder b("function_fit");
    b.add("person.title", c.person.title, src,
          "=" + num(cfg.fit_anti) + ": anti-persona '" + f.anti->text + "'");
    out[kFunctionFit] = b.done(cfg.fit_anti);
  } else if (a.seller_has_function_prefs && (f.function >= 0 || f.persona)) {
    Builder b("function_fit");
    if (f.primary) {
      b.points = cfg.fit_primary;
      b.add("candidate.function", c.function, src,
            "base " + num(b.points) + ": primary target function");
    } else if (f.secondary) {
      b.points = cfg.fit_secondary;
      b.add("candidate.function", c.function, src,
            "base " + num(b.points) + ": secondary function");
    } else if (f.persona) {
      b.points = cfg.fit_persona_only;
      b.add("person.title", c.person.title, src,
            "base " + num(b.points) + ": persona '" + f.persona->text + "' (function " +
                c.function + " is not a target)");
    } else if (c.function == "executive") {
      b.points = cfg.fit_executive;
      b.add("candidate.function", c.function, src,
            "base " + num(b.points) + ": general management");
    } else {
      b.points = cfg.fit_other;
      b.add("candidate.function", c.function, src,
            "base " + num(b.points) + ": not a seller function");
    }
    if (f.persona && (f.primary || f.secondary)) {
      b.points += cfg.fit_persona_bonus;
      b.add("person.title", c.person.title, src,
            pts(cfg.fit_persona_bonus) + " persona '" + f.persona->text + "'");
    }
    if (f.hunter) {
      b.points += cfg.hunter_fit;
      b.add("person.title", c.person.title, src,
            pts(cfg.hunter_fit) + " hunter segment '" + f.hunter->text + "'");
    }
    if (f.farmer) {
      b.points += cfg.farmer_fit;
      b.add("person.title", c.person.title, src,
            pts(cfg.farmer_fit) + " farmer segment '" + f.farmer->text + "'");
    }
    out[kFunctionFit] = b.done(b.points);
  }

  // Influence: seniority plus capped network size, over the points the KNOWN inputs allow.
  {
    Builder b("influence");
    double possible = 0;
    if (f.level >= 0) {
      b.points += cfg.inf_level[f.level];
      possible += cfg.inf_level_max;
      b.add("candidate.seniority", c.seniority, src,
            pts(cfg.inf_level[f.level]) + " of " + num(cfg.inf_level_max));
    }
    auto network = [&](const std::optional<int>& v, const char* field,
                       const std::vector<Band>& bands, double cap) {
      if (!v) {
        b.add(field, "", src, "unknown: left out (not counted as 0)");
        return;
      }
      double p = std::min(band_points(bands, *v), cap);
      b.points += p;
      possible += cap;
      b.add(field, std::to_string(*v), src, pts(p) + " of " + num(cap));
    };
    network(c.person.connections, "person.connections", cfg.inf_connections,
            cfg.inf_connections_max);
    network(c.person.followers, "person.followers", cfg.inf_followers, cfg.inf_followers_max);
    if (possible > 0) {
      b.score.inputs.back().note += "; score = " + num(b.points) + " / " + num(possible) +
                                    " possible from known inputs x 100";
      out[kInfluence] = b.done(b.points / possible * 100);
    }
  }

  const Tenure tenure =
      tenure_at(c.person, a.company_id, as_of.empty() ? std::string_view(a.as_of) : as_of);
  const bool recent = tenure.known && tenure.month_known && tenure.days >= 0 &&
                      static_cast<double>(tenure.days) <= cfg.recently_appointed_days;

  // Champion potential: likelihood only, over the points the known inputs allow.
  if (f.anti) {
    Builder b("champion_potential");
    b.add("person.title", c.person.title, src, "=0: anti-persona '" + f.anti->text + "'");
    out[kChampionPotential] = b.done(0);
  } else {
    Builder b("champion_potential");
    double possible = 0;
    if (f.level >= 0) {
      b.points += cfg.ch_level[f.level];
      possible += cfg.ch_level_max;
      b.add("candidate.seniority", c.seniority, src,
            pts(cfg.ch_level[f.level]) + " of " + num(cfg.ch_level_max));
    }
    if (a.seller_has_function_prefs && (f.function >= 0 || f.persona)) {
      double p = f.primary ? cfg.ch_primary : f.secondary ? cfg.ch_secondary : 0;
      if (f.persona) p += cfg.ch_persona;
      p = std::min(p, cfg.ch_function_max);
      b.points += p;
      possible += cfg.ch_function_max;
      b.add("candidate.function", c.function, src,
            pts(p) + " of " + num(cfg.ch_function_max) +
                (f.persona ? " (persona '" + f.persona->text + "')" : std::string()));
    }
    auto network = [&](const std::optional<int>& v, const char* field,
                       const std::vector<Band>& bands, double cap) {
      if (!v) return;
      double p = std::min(band_points(bands, *v), cap);
      b.points += p;
      possible += cap;
      b.add(field, std::to_string(*v), src, pts(p) + " of " + num(cap));
    };
    network(c.person.connections, "person.connections", cfg.ch_connections, cfg.ch_connections_max);
    network(c.person.followers, "person.followers", cfg.ch_followers, cfg.ch_followers_max);
    if (tenure.known) {
      double p = recent ? cfg.ch_recent : 0;
      b.points += p;
      possible += cfg.ch_recency_max;
      b.add(tenure.field, tenure.value, src,
            pts(p) + " of " + num(cfg.ch_recency_max) + (recent ? " recently appointed" : ""));
    }
    if (possible > 0) {
      double value = b.points / possible * 100;
      b.add(
          "candidate.scores.champion_potential", "", src,
          "scaled: " + num(b.points) + " / " + num(possible) + " possible from known inputs x 100");
      if (f.hunter) {
        value += cfg.hunter_fit;
        b.add("person.title", c.person.title, src,
              pts(cfg.hunter_fit) + " hunter segment '" + f.hunter->text + "'");
      }
      if (f.farmer) {
        value += cfg.farmer_champion;
        b.add("person.title", c.person.title, src,
              pts(cfg.farmer_champion) + " farmer segment '" + f.farmer->text + "'");
      }
      out[kChampionPotential] = b.done(value);
    }
  }

  // Recency: months in the current role -> points (a recent start is a buying signal;
  // long tenure still scores, unlike G1's filter that dropped long-serving leaders).
  if (tenure.known && tenure.days >= 0) {
    Builder b("recency");
    double months = static_cast<double>(tenure.days) / 30.4375;
    double p = cfg.recency_bands.back().points;
    for (const auto& band : cfg.recency_bands)
      if (months < band.above) {
        p = band.points;
        break;
      }
    std::string note = "=";
    note.append(num(p)).append(": ").append(std::to_string(tenure.days));
    note.append(" days in role as of ").append(tenure.as_of).append(" (");
    note.append(tenure.as_of_basis).append(")");
    if (!tenure.month_known) note.append(", start month unknown: mid-year assumed");
    b.add(tenure.field, tenure.value, src, std::move(note));
    out[kRecency] = b.done(p);
  }

  // Overall: weighted mean of the scores that exist; missing ones are named, not zero-filled.
  {
    Builder b("overall");
    double sum = 0, weight = 0;
    for (int i = 0; i < kOverall; ++i) {
      std::string field = "candidate.scores." + std::string(kScoreNames[i]);
      if (out[i]) {
        sum += out[i]->value * cfg.weights[i];
        weight += cfg.weights[i];
        b.add(field, fixed(out[i]->value, 1), src, "weight " + fixed(cfg.weights[i], 2));
      } else {
        b.add(field, "", src, "not computed: its weight is left out");
      }
    }
    if (weight > 0) out[kOverall] = b.done(sum / weight);
  }

  std::erase_if(c.scores, [](const sdk::Score& s) {
    return std::find(kScoreNames.begin(), kScoreNames.end(), s.name) != kScoreNames.end();
  });
  for (auto& s : out)
    if (s) c.scores.push_back(std::move(*s));
}

}  // namespace buyergraph::roles
