// Compiles the rules document (YAML read as JSON) into typed parameters and rules. Every error
// names the key path, so a typo in data/roles/*.yaml or a seller's role_rules is easy to find.
#include "config.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string_view>

namespace buyergraph::roles::detail {
namespace {

using nlohmann::json;

// "path.key", built without the temporaries of a chained operator+.
std::string child_path(const std::string& path, std::string_view key) {
  std::string out = path;
  out += '.';
  out += key;
  return out;
}

[[noreturn]] void fail(const std::string& path, const std::string& msg) {
  throw std::runtime_error(path + ": " + msg);
}

const json& need(const json& j, const std::string& key, const std::string& path) {
  if (!j.is_object() || !j.contains(key)) fail(path, "missing key '" + key + "'");
  return j.at(key);
}

double number(const json& j, const std::string& path) {
  if (!j.is_number()) fail(path, "must be a number, got " + j.dump());
  return j.get<double>();
}

double number_or(const json& j, const std::string& key, double dflt, const std::string& path) {
  if (!j.is_object() || !j.contains(key)) return dflt;
  return number(j.at(key), path + "." + key);
}

std::vector<std::string> strings(const json& j, const std::string& path) {
  std::vector<std::string> out;
  if (j.is_null()) return out;
  if (!j.is_array()) fail(path, "must be a list of text");
  for (const auto& v : j) {
    if (!v.is_string()) fail(path, "must be a list of text, got " + v.dump());
    out.push_back(v.get<std::string>());
  }
  return out;
}

void check_keys(const json& j, std::initializer_list<const char*> allowed,
                const std::string& path) {
  if (!j.is_object()) fail(path, "must be a mapping");
  for (const auto& [k, v] : j.items()) {
    bool ok = std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; });
    if (!ok) {
      std::string list;
      for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
      fail(child_path(path, k), "unknown key; allowed: " + list);
    }
  }
}

std::array<double, kLevels> level_table(const json& j, const std::string& path) {
  std::array<double, kLevels> out{};
  if (!j.is_object()) fail(path, "must map seniority levels to points");
  for (const auto& [k, v] : j.items()) {
    int l = level_index(k);
    if (l < 0) fail(child_path(path, k), "unknown seniority level");
    out[l] = number(v, child_path(path, k));
  }
  return out;
}

std::vector<Band> bands(const json& j, const std::string& path, const char* key) {
  std::vector<Band> out;
  if (!j.is_array()) fail(path, "must be a list of {" + std::string(key) + ", points}");
  for (std::size_t i = 0; i < j.size(); ++i) {
    std::string p = path + "[" + std::to_string(i) + "]";
    out.push_back({number(need(j[i], key, p), p + "." + key),
                   number(need(j[i], "points", p), p + ".points")});
  }
  return out;
}

struct Compiler {
  Config& cfg;

  Phrase phrase(const std::string& text) const {
    std::string n = cfg.titles->normalize(text);
    return {text, " " + n + " "};
  }
  PhraseList phrases(const std::vector<std::string>& texts) const {
    PhraseList out;
    for (const auto& t : texts) {
      Phrase p = phrase(t);
      if (p.padded.size() > 2) out.items.push_back(std::move(p));
    }
    return out;
  }

  // A number, or "@name" naming a number in `thresholds`.
  double ref_number(const json& j, const std::string& path) const {
    if (j.is_string()) {
      std::string s = j.get<std::string>();
      if (s.size() < 2 || s[0] != '@') fail(path, "must be a number or \"@threshold\"");
      std::string name = s.substr(1);
      if (!cfg.thresholds.contains(name)) fail(path, "unknown threshold '" + name + "'");
      const json& v = cfg.thresholds.at(name);
      if (v.is_null()) return std::numeric_limits<double>::infinity();
      return number(v, "thresholds." + name);
    }
    return number(j, path);
  }

  int tier_index(const json& j, const std::string& path) const {
    std::string id;
    if (j.is_string()) id = j.get<std::string>();
    if (!id.empty() && id[0] == '@') {
      std::string name = id.substr(1);
      if (!cfg.thresholds.contains(name) || !cfg.thresholds.at(name).is_string())
        fail(path, "threshold '" + name + "' must be a tier id");
      id = cfg.thresholds.at(name).get<std::string>();
    }
    for (const auto& t : cfg.tiers->tiers())
      if (t.id == id) return t.index;
    fail(path, "unknown tier id '" + id + "'");
  }

  void functions(const json& j, const std::string& path, FnMask& mask, std::uint8_t& sym) const {
    for (const auto& f : strings(j, path)) {
      if (f == "@target")
        sym |= kFnTarget;
      else if (f == "@secondary")
        sym |= kFnSecondary;
      else if (f == "@technical_evaluator" || f == "@evaluators")
        sym |= kFnTechnical;
      else if (f == "@users")
        sym |= kFnUsers;
      else if (f == "@gatekeepers")
        sym |= kFnGatekeepers;
      else if (int i = function_index(f); i >= 0)
        mask |= FnMask{1} << i;
      else
        fail(path, "unknown function code '" + f + "'");
    }
  }

  PhraseList title_list(const json& j, const std::string& path) const {
    PhraseList out;
    for (const auto& t : strings(j, path)) {
      if (!t.empty() && t[0] == '@') {
        auto it = cfg.phrase_lists.find(t.substr(1));
        if (it == cfg.phrase_lists.end()) fail(path, "unknown phrase list '" + t + "'");
        out.items.insert(out.items.end(), it->second.items.begin(), it->second.items.end());
      } else {
        Phrase p = phrase(t);
        if (p.padded.size() > 2) out.items.push_back(std::move(p));
      }
    }
    return out;
  }

  std::uint32_t seller_flags(const json& j, const std::string& path) const {
    std::uint32_t out = 0;
    for (const auto& s : strings(j, path)) {
      auto f = seller_flag(s);
      if (!f) fail(path, "unknown seller flag '" + s + "'");
      out |= *f;
    }
    return out;
  }

  Condition condition(const json& j, const std::string& path) const {
    Condition c;
    if (j.is_null()) return c;
    if (!j.is_object()) fail(path, "must be a mapping");
    for (const auto& [k, v] : j.items()) {
      const std::string p = child_path(path, k);
      auto boolean = [&] {
        if (!v.is_boolean()) fail(p, "must be true or false");
        return v.get<bool>();
      };
      if (k == "title_empty")
        c.title_empty = boolean();
      else if (k == "anti_persona")
        c.anti_persona = boolean();
      else if (k == "top_executive")
        c.top_executive = boolean();
      else if (k == "physical_security")
        c.physical_security = boolean();
      else if (k == "gatekeeper")
        c.gatekeeper = boolean();
      else if (k == "has_manager")
        c.has_manager = boolean();
      else if (k == "segment") {
        std::string s = v.is_string() ? v.get<std::string>() : "";
        if (s != "hunter" && s != "farmer") fail(p, "must be hunter or farmer");
        c.segment = s == "hunter" ? 0 : 1;
      } else if (k == "seller")
        c.seller_all = seller_flags(v, p);
      else if (k == "not_seller")
        c.seller_none = seller_flags(v, p);
      else if (k == "tier_max")
        c.tier_max = tier_index(v, p);
      else if (k == "tier_min")
        c.tier_min = tier_index(v, p);
      else if (k == "employees_below")
        c.employees_below = ref_number(v, p);
      else if (k == "seniority") {
        for (const auto& s : strings(v, p)) {
          int l = level_index(s);
          if (l < 0) fail(p, "unknown seniority level '" + s + "'");
          c.seniority_mask |= 1u << l;
        }
      } else if (k == "seniority_min") {
        int l = v.is_string() ? level_index(v.get<std::string>()) : -1;
        if (l < 0) fail(p, "must be a seniority level");
        c.seniority_min = l;
      } else if (k == "functions") {
        functions(v, p, c.functions, c.functions_sym);
        c.has_functions = true;
      } else if (k == "not_functions")
        functions(v, p, c.not_functions, c.not_functions_sym);
      else if (k == "deal_usd_min")
        c.deal_min = ref_number(v, p);
      else if (k == "deal_usd_max")
        c.deal_max = ref_number(v, p);
      else if (k == "authority") {
        std::string s = v.is_string() ? v.get<std::string>() : "";
        if (s != "within" && s != "sponsor_band") fail(p, "must be within or sponsor_band");
        c.authority = s == "within" ? 1 : 2;
      } else if (k == "min_scores") {
        if (!v.is_object()) fail(p, "must map score names to minimums");
        for (const auto& [name, min] : v.items()) {
          auto it = std::find(kScoreNamesC.begin(), kScoreNamesC.end(), name);
          if (it == kScoreNamesC.end()) fail(child_path(p, name), "unknown score");
          c.min_scores.emplace_back(static_cast<int>(it - kScoreNamesC.begin()),
                                    ref_number(min, child_path(p, name)));
        }
      } else if (k == "not_roles") {
        for (const auto& r : strings(v, p)) {
          int i = role_index(r);
          if (i < 0) fail(p, "unknown role '" + r + "'");
          c.not_roles |= 1u << i;
        }
      } else if (k == "no_roles")
        c.no_roles = boolean();
      else if (k == "required_sub_role")
        c.required_sub_role = v.is_string() ? v.get<std::string>() : "";
      else if (k == "introducer_definition")
        c.introducer_definition = v.is_string() ? v.get<std::string>() : "";
      else if (k == "title_any")
        c.title_any = title_list(v, p);
      else if (k == "title_none")
        c.title_none = title_list(v, p);
      else
        fail(p, "unknown condition (docs/roles.md#conditions)");
    }
    return c;
  }

  Rule rule(const json& j, const std::string& path) const {
    check_keys(j, {"id", "effect", "role", "sub_role", "flag", "blocks", "why", "say", "when"},
               path);
    Rule r;
    const json& id = need(j, "id", path);
    if (!id.is_string() || id.get<std::string>().empty())
      fail(path + ".id", "must be non-empty text");
    r.id = id.get<std::string>();
    const std::string p = path + "(" + r.id + ")";
    std::string effect = j.value("effect", "role");
    if (effect != "role" && effect != "veto") fail(p + ".effect", "must be role or veto");
    r.veto = effect == "veto";
    if (!r.veto) {
      const json& role = need(j, "role", p);
      r.role = role.is_string() ? role_index(role.get<std::string>()) : -1;
      if (r.role < 0) fail(p + ".role", "unknown role " + role.dump());
    }
    r.sub_role = j.value("sub_role", "");
    r.flag = j.value("flag", "");
    r.why = j.value("why", "");
    r.say = j.value("say", "");
    if (j.contains("blocks")) {
      for (const auto& b : strings(j["blocks"], p + ".blocks")) {
        int i = role_index(b);
        if (i < 0) fail(p + ".blocks", "unknown role '" + b + "'");
        r.blocks |= 1u << i;
      }
    } else if (r.veto) {
      r.blocks = (1u << kRoles) - 1;
    }
    r.when = condition(j.value("when", json::object()), p + ".when");
    return r;
  }

  static constexpr std::array<std::string_view, kScores> kScoreNamesC = {
      "seniority", "function_fit", "influence", "champion_potential", "recency", "overall"};

  void run(const json& raw) {
    check_keys(
        raw,
        {"id", "version", "fx_usd", "weights", "thresholds", "authority", "scoring", "segments",
         "phrase_lists", "departments", "executive_titles", "seller_rules", "rules"},
        "rules file");
    const json& id = need(raw, "id", "rules file");
    if (!id.is_string()) fail("id", "must be text");
    cfg.id = id.get<std::string>();
    cfg.version = static_cast<int>(number(need(raw, "version", "rules file"), "version"));

    for (const auto& [cur, rate] : need(raw, "fx_usd", "rules file").items()) {
      double r = number(rate, "fx_usd." + cur);
      if (!(r > 0)) fail("fx_usd." + cur, "rate must be > 0");
      cfg.fx_usd[cur] = r;
    }

    const json& w = need(raw, "weights", "rules file");
    for (const auto& [k, v] : w.items()) {
      auto it = std::find(kScoreNamesC.begin(), kScoreNamesC.begin() + kOverall, k);
      if (it == kScoreNamesC.begin() + kOverall) fail("weights." + k, "unknown score");
      double x = number(v, "weights." + k);
      if (x < 0) fail("weights." + k, "must be >= 0");
      cfg.weights[it - kScoreNamesC.begin()] = x;
    }

    cfg.thresholds = need(raw, "thresholds", "rules file");
    if (!cfg.thresholds.is_object()) fail("thresholds", "must be a mapping");
    cfg.sponsor_band = number_or(cfg.thresholds, "sponsor_band", 0.25, "thresholds");
    cfg.recently_appointed_days =
        number_or(cfg.thresholds, "recently_appointed_days", 90, "thresholds");
    cfg.thin_profile_max_fields =
        number_or(cfg.thresholds, "thin_profile_max_fields", 2, "thresholds");
    cfg.data_limited_title_confidence =
        number_or(cfg.thresholds, "data_limited_title_confidence", 0.5, "thresholds");
    if (cfg.thresholds.contains("c_level_threshold"))
      cfg.c_level_threshold = ref_number(std::string("@c_level_threshold"), "thresholds");

    const json& auth = need(raw, "authority", "rules file");
    for (const auto& [lvl, v] : auth.items()) {
      const std::string p = "authority." + lvl;
      int l = level_index(lvl);
      if (l < kManager) fail(p, "authority levels are manager, director, vp, c_level");
      check_keys(v, {"ceiling", "floor"}, p);
      AuthorityLevel a;
      auto bound = [&](const char* key, int& of, double& x) {
        const json& b = v.at(key);
        check_keys(b, {"of", "x"}, p + "." + key);
        std::string o = b.value("of", "");
        of = level_index(o);
        if (of != kManager && of != kDirector && of != kVp)
          fail(p + "." + key + ".of",
               "must be manager, director or vp (a tier dm_threshold column)");
        x = number(need(b, "x", p + "." + key), p + "." + key + ".x");
      };
      if (v.contains("ceiling")) {
        a.has_ceiling = true;
        bound("ceiling", a.ceiling_of, a.ceiling_x);
      }
      if (v.contains("floor")) bound("floor", a.floor_of, a.floor_x);
      cfg.authority[l] = a;
    }

    const json& sc = need(raw, "scoring", "rules file");
    check_keys(sc, {"seniority", "function_fit", "influence", "champion_potential", "recency"},
               "scoring");
    {
      const json& s = need(sc, "seniority", "scoring");
      cfg.sen_base = level_table(need(s, "base", "scoring.seniority"), "scoring.seniority.base");
      cfg.can_sign_points = number_or(s, "can_sign_points", 10, "scoring.seniority");
      cfg.per_level_below_signing =
          number_or(s, "per_level_below_signing", -10, "scoring.seniority");
      if (s.contains("title_modifiers")) {
        for (const auto& m : s["title_modifiers"]) {
          std::string text = m.value("phrase", "");
          if (text.empty()) fail("scoring.seniority.title_modifiers", "phrase missing");
          cfg.title_modifiers.emplace_back(
              phrase(text), number(need(m, "points", "title_modifiers"), "title_modifiers.points"));
        }
      }
    }
    {
      const json& f = need(sc, "function_fit", "scoring");
      const std::string p = "scoring.function_fit";
      cfg.fit_primary = number_or(f, "primary", cfg.fit_primary, p);
      cfg.fit_secondary = number_or(f, "secondary", cfg.fit_secondary, p);
      cfg.fit_persona_bonus = number_or(f, "persona_bonus", cfg.fit_persona_bonus, p);
      cfg.fit_persona_only = number_or(f, "persona_only", cfg.fit_persona_only, p);
      cfg.fit_executive = number_or(f, "executive", cfg.fit_executive, p);
      cfg.fit_other = number_or(f, "other", cfg.fit_other, p);
      cfg.fit_anti = number_or(f, "anti_persona", cfg.fit_anti, p);
    }
    {
      const json& f = need(sc, "influence", "scoring");
      const std::string p = "scoring.influence";
      cfg.inf_level = level_table(need(f, "seniority", p), p + ".seniority");
      cfg.inf_level_max = number_or(f, "seniority_max", 60, p);
      cfg.inf_connections = bands(need(f, "connections", p), p + ".connections", "above");
      cfg.inf_followers = bands(need(f, "followers", p), p + ".followers", "above");
      cfg.inf_connections_max = number_or(f, "connections_max", 20, p);
      cfg.inf_followers_max = number_or(f, "followers_max", 20, p);
    }
    {
      const json& f = need(sc, "champion_potential", "scoring");
      const std::string p = "scoring.champion_potential";
      cfg.ch_level = level_table(need(f, "level", p), p + ".level");
      cfg.ch_level_max = number_or(f, "level_max", 35, p);
      const json& fn = need(f, "function", p);
      cfg.ch_primary = number_or(fn, "primary", 30, p + ".function");
      cfg.ch_secondary = number_or(fn, "secondary", 15, p + ".function");
      cfg.ch_persona = number_or(fn, "persona_bonus", 10, p + ".function");
      cfg.ch_function_max = number_or(f, "function_max", 40, p);
      cfg.ch_connections = bands(need(f, "connections", p), p + ".connections", "above");
      cfg.ch_followers = bands(need(f, "followers", p), p + ".followers", "above");
      cfg.ch_connections_max = number_or(f, "connections_max", 10, p);
      cfg.ch_followers_max = number_or(f, "followers_max", 5, p);
      cfg.ch_recent = number_or(f, "recently_appointed", 10, p);
      cfg.ch_recency_max = number_or(f, "recency_max", 10, p);
    }
    cfg.recency_bands = bands(need(need(sc, "recency", "scoring"), "bands", "scoring.recency"),
                              "scoring.recency.bands", "under_months");
    if (cfg.recency_bands.empty()) fail("scoring.recency.bands", "must not be empty");

    const json& seg = need(raw, "segments", "rules file");
    check_keys(seg,
               {"hunter", "farmer", "hunter_function_fit", "farmer_function_fit",
                "farmer_champion_potential"},
               "segments");
    cfg.hunter = phrases(strings(seg.value("hunter", json::array()), "segments.hunter"));
    cfg.farmer = phrases(strings(seg.value("farmer", json::array()), "segments.farmer"));
    cfg.hunter_fit = number_or(seg, "hunter_function_fit", 10, "segments");
    cfg.farmer_fit = number_or(seg, "farmer_function_fit", -40, "segments");
    cfg.farmer_champion = number_or(seg, "farmer_champion_potential", -30, "segments");

    for (const auto& [name, list] : need(raw, "phrase_lists", "rules file").items())
      cfg.phrase_lists[name] = phrases(strings(list, "phrase_lists." + name));
    cfg.top_executive = cfg.phrase_lists["top_executive"];
    if (auto it = cfg.phrase_lists.find("top_executive_director"); it != cfg.phrase_lists.end())
      cfg.top_executive_director = it->second;
    if (raw.contains("departments")) {
      const json& deps = raw["departments"];
      if (!deps.is_object())
        fail("departments", "expected a mapping: function -> department names");
      for (const auto& [fn, list] : deps.items()) {
        int i = function_index(fn);
        if (i < 0) fail("departments." + fn, "unknown function code '" + fn + "'");
        cfg.departments.push_back({i, phrases(strings(list, "departments." + fn))});
      }
    }
    if (raw.contains("executive_titles")) {
      const json& ts = raw["executive_titles"];
      if (!ts.is_object())
        fail("executive_titles", "expected a mapping: function -> C-level title phrases");
      for (const auto& [fn, list] : ts.items()) {
        int i = function_index(fn);
        if (i < 0 || fn == "other" || fn == "executive")
          fail("executive_titles." + fn, "must be a function code other than executive or other");
        cfg.executive_titles.push_back({i, phrases(strings(list, "executive_titles." + fn))});
      }
    }
    cfg.physical_security = cfg.phrase_lists["physical_security"];
    if (auto it = cfg.phrase_lists.find("information_security"); it != cfg.phrase_lists.end())
      cfg.information_security = it->second;

    const json& sr = need(raw, "seller_rules", "rules file");
    check_keys(sr,
               {"technical_evaluator_functions", "user_functions", "gatekeeper_functions",
                "required_blocker_sub_roles", "finance_is_decision", "strict_sales_mode"},
               "seller_rules");
    std::uint8_t ignored = 0;
    functions(sr.value("technical_evaluator_functions", json::array()),
              "seller_rules.technical_evaluator_functions", cfg.technical_functions, ignored);
    functions(sr.value("user_functions", json::array()), "seller_rules.user_functions",
              cfg.user_functions, ignored);
    functions(sr.value("gatekeeper_functions", json::array()), "seller_rules.gatekeeper_functions",
              cfg.gatekeeper_functions, ignored);
    cfg.required_blocker_sub_roles = strings(sr.value("required_blocker_sub_roles", json::array()),
                                             "seller_rules.required_blocker_sub_roles");
    for (const auto& s : cfg.required_blocker_sub_roles)
      if (s != "procurement" && s != "legal" && s != "security" && s != "finance")
        fail("seller_rules.required_blocker_sub_roles",
             "'" + s + "' is not a blocker sub-role (procurement, legal, security, finance)");
    auto flag = [&](const char* key) {
      const json& v = sr.value(key, json(false));
      if (!v.is_boolean()) fail(std::string("seller_rules.") + key, "must be true or false");
      return v.get<bool>();
    };
    cfg.finance_is_decision = flag("finance_is_decision");
    cfg.strict_sales_mode = flag("strict_sales_mode");

    const json& rules = need(raw, "rules", "rules file");
    if (!rules.is_array()) fail("rules", "must be a list");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      Rule r = rule(rules[i], "rules[" + std::to_string(i) + "]");
      if (!ids.insert(r.id).second)
        fail("rules[" + std::to_string(i) + "]", "duplicate id " + r.id);
      cfg.rules.push_back(std::move(r));
    }
  }
};

// Deep merge for mappings: values in `patch` replace, mappings merge.
void merge(json& target, const json& patch) {
  if (!patch.is_object() || !target.is_object()) {
    target = patch;
    return;
  }
  for (const auto& [k, v] : patch.items()) {
    if (target.contains(k))
      merge(target[k], v);
    else
      target[k] = v;
  }
}

}  // namespace

int level_index(std::string_view s) {
  for (int i = 0; i < kLevels; ++i)
    if (s == kLevelNames[i]) return i;
  return -1;
}

const std::vector<std::string>& function_names() {
  static const std::vector<std::string> names = {
      "executive", "engineering", "it",    "security",  "data",
      "product",   "design",      "sales", "marketing", "customer_success",
      "finance",   "procurement", "legal", "hr",        "operations",
      "admin",     "other"};
  return names;
}

int function_index(std::string_view s) {
  const auto& n = function_names();
  for (std::size_t i = 0; i < n.size(); ++i)
    if (s == n[i]) return static_cast<int>(i);
  return -1;
}

int role_index(std::string_view s) {
  for (int i = 0; i < kRoles; ++i)
    if (s == kRoleNames[i]) return i;
  return -1;
}

std::optional<std::uint32_t> seller_flag(std::string_view s) {
  if (s == "processes_personal_data") return kProcessesPersonalData;
  if (s == "security_review") return kSecurityReview;
  if (s == "sells_to_sales_teams") return kSellsToSalesTeams;
  if (s == "strict_sales_mode") return kStrictSalesMode;
  if (s == "finance_is_decision") return kFinanceIsDecision;
  if (s == "integration_none") return kIntegrationNone;
  if (s == "integration_light") return kIntegrationLight;
  if (s == "integration_deep") return kIntegrationDeep;
  return std::nullopt;
}

std::shared_ptr<Config> compile(const nlohmann::json& raw, const std::string& source,
                                std::shared_ptr<const titles::TitleClassifier> titles) {
  auto cfg = std::make_shared<Config>();
  cfg->source = source;
  cfg->raw = raw;
  cfg->titles = std::move(titles);
  cfg->tiers = &tiers::TierTable::shared();
  Compiler{*cfg}.run(raw);
  return cfg;
}

nlohmann::json apply_overrides(const nlohmann::json& raw, const nlohmann::json& role_rules,
                               std::vector<std::string>& unknown) {
  if (role_rules.is_null()) return raw;
  if (!role_rules.is_object()) fail("role_rules", "must be a mapping");
  json out = raw;
  for (const auto& [k, v] : role_rules.items()) {
    const std::string p = "role_rules." + k;
    if (k == "thresholds" || k == "weights" || k == "authority" || k == "fx_usd" ||
        k == "scoring" || k == "segments" || k == "phrase_lists" || k == "seller_rules") {
      if (!v.is_object()) fail(p, "must be a mapping");
      merge(out[k], v);
    } else if (out["thresholds"].contains(k)) {
      if (!v.is_number() && !v.is_string() && !v.is_null())
        fail(p, "must be a number (or a tier id)");
      out["thresholds"][k] = v;
    } else if (out["seller_rules"].contains(k)) {
      out["seller_rules"][k] = v;
    } else if (k == "sales_segments") {
      if (!v.is_object()) fail(p, "must map hunter / farmer to phrase lists");
      for (const auto& [seg, words] : v.items()) {
        if (seg != "hunter" && seg != "farmer")
          fail(child_path(p, seg), "must be hunter or farmer");
        out["segments"][seg] = words;
      }
    } else if (k == "rules") {
      if (!v.is_array()) fail(p, "must be a list of rules");
      for (const auto& r : v) {
        std::string id = r.is_object() ? r.value("id", "") : "";
        auto& list = out["rules"];
        auto it = std::find_if(list.begin(), list.end(),
                               [&](const json& x) { return x.value("id", "") == id; });
        if (!id.empty() && it != list.end())
          *it = r;  // same id: replace in place, keeping the evaluation order
        else
          list.push_back(r);
      }
    } else if (k == "disable_rules") {
      for (const auto& id : strings(v, p)) {
        auto& list = out["rules"];
        auto it = std::find_if(list.begin(), list.end(),
                               [&](const json& x) { return x.value("id", "") == id; });
        if (it == list.end()) fail(p, "no rule with id '" + id + "'");
        list.erase(it);
      }
    } else {
      unknown.push_back(k);
    }
  }
  return out;
}

}  // namespace buyergraph::roles::detail
