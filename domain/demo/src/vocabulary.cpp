#include "vocabulary.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <stdexcept>

namespace buyergraph::demo {
namespace {

struct VocabError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Strings strings(const YAML::Node& n) {
  Strings out;
  if (!n) return out;
  for (const auto& item : n) out.push_back(item.as<std::string>());
  return out;
}

std::string text(const YAML::Node& n, const std::string& fallback = {}) {
  return n ? n.as<std::string>() : fallback;
}

Strings required_list(const YAML::Node& n, const std::string& what) {
  Strings s = strings(n);
  if (s.empty()) throw VocabError("empty or missing list: " + what);
  return s;
}

LocalizedLevels localized_levels(const YAML::Node& n) {
  LocalizedLevels out;
  if (!n) return out;
  for (const auto& loc : n)
    for (const auto& level : loc.second)
      out[loc.first.as<std::string>()][level.first.as<std::string>()] = strings(level.second);
  return out;
}

std::map<std::string, Strings> string_lists(const YAML::Node& n) {
  std::map<std::string, Strings> out;
  if (!n) return out;
  for (const auto& kv : n) out[kv.first.as<std::string>()] = strings(kv.second);
  return out;
}

int function_index(const std::string& name) {
  for (std::size_t i = 0; i < kFunctionCount; ++i)
    if (kFunctionNames[i] == name) return static_cast<int>(i);
  return -1;
}

YAML::Node load_file(const std::string& dir, const std::string& name) {
  const auto path = std::filesystem::path(dir) / name;
  if (!std::filesystem::exists(path)) throw VocabError("missing data file " + path.string());
  return YAML::LoadFile(path.string());
}

void load_companies(const YAML::Node& root, Vocabulary& v) {
  for (const auto& c : root["companies"]) {
    CompanySpec s;
    s.key = text(c["key"]);
    s.name = text(c["name"]);
    s.legal_name = text(c["legal_name"], s.name);
    s.domain = text(c["domain"]);
    s.industry = text(c["industry"]);
    s.type = text(c["type"], "Privately Held");
    s.hq = text(c["hq"]);
    s.profile = text(c["profile"], "services");
    s.aliases = strings(c["aliases"]);
    s.employees = c["employees"].as<int>();
    s.founded = c["founded"] ? c["founded"].as<int>() : 2000;
    for (const auto& kv : c["countries"]) {
      s.countries.emplace_back(kv.first.as<std::string>(), kv.second.as<int>());
      if (s.countries.back().second <= 0)
        throw VocabError("country shares must be positive: " + s.key);
    }
    s.namesake_group = text(c["namesake_group"]);
    s.parent = text(c["parent"]);
    s.largest = c["largest"] && c["largest"].as<bool>();
    if (s.key.empty() || s.name.empty() || s.employees < 1 || s.countries.empty())
      throw VocabError("company entry needs key, name, employees >= 1 and countries: " + s.key);
    if (s.domain.size() < 9 || s.domain.substr(s.domain.size() - 8) != ".example")
      throw VocabError("company domain must end in .example: " + s.domain);
    v.companies.push_back(std::move(s));
  }
  const auto extra = root["extra_names"];
  v.extra_first = required_list(extra["first"], "extra_names.first");
  v.extra_second = required_list(extra["second"], "extra_names.second");
  v.extra_sector = required_list(extra["sector"], "extra_names.sector");
  v.extra_hqs = required_list(extra["hqs"], "extra_names.hqs");
  for (const auto& kv : extra["sectors"])
    v.sector_profile_industry[kv.first.as<std::string>()] = {text(kv.second["profile"]),
                                                             text(kv.second["industry"])};
  for (const auto& o : root["outside_employers"])
    v.outside.push_back(
        {text(o["name"]), text(o["domain"]), text(o["industry"]), o["size"].as<int>()});
  if (v.outside.empty()) throw VocabError("outside_employers is empty");
  v.technologies = string_lists(root["technologies"]);
  v.institutions = required_list(root["institutions"], "institutions");
  v.degrees = required_list(root["degrees"], "degrees");
}

void load_names(const YAML::Node& root, Vocabulary& v) {
  for (const char* loc : {"en", "de", "fr", "es"}) {
    v.first_names[loc] = required_list(root[loc]["first"], std::string(loc) + ".first");
    v.last_names[loc] = required_list(root[loc]["last"], std::string(loc) + ".last");
  }
  for (const auto& kv : root["nicknames"])
    v.nicknames[kv.first.as<std::string>()] = kv.second.as<std::string>();
}

void load_places(const YAML::Node& root, Vocabulary& v) {
  for (const auto& kv : root["countries"]) {
    Country c;
    c.code = kv.first.as<std::string>();
    c.name = text(kv.second["name"]);
    c.iso3 = text(kv.second["iso3"]);
    c.region = text(kv.second["region"]);
    c.locale = text(kv.second["locale"], "en");
    c.subregion = text(root["subregions"][c.code], c.name);
    v.countries[c.code] = c;
  }
  for (const auto& n : root["cities"]) {
    City c{text(n["key"]), text(n["city"]), text(n["state"]), text(n["country"]),
           strings(n["phones"])};
    if (!v.countries.count(c.country)) throw VocabError("city with unknown country: " + c.key);
    v.cities_by_country[c.country].push_back(static_cast<int>(v.cities.size()));
    v.cities.push_back(std::move(c));
  }
  v.malformed_phones = required_list(root["malformed_phones"], "malformed_phones");
}

void load_titles(const YAML::Node& root, Vocabulary& v) {
  v.localized_permille = root["localized_permille"].as<int>();
  v.region_formats = required_list(root["region_formats"], "region_formats");
  for (const auto& f : strings(root["regional_functions"])) {
    const int i = function_index(f);
    if (i < 0) throw VocabError("unknown regional function " + f);
    v.regional[static_cast<std::size_t>(i)] = true;
  }
  v.ceo = required_list(root["ceo"], "ceo");
  v.ceo_small = required_list(root["ceo_small"], "ceo_small");
  for (const auto& kv : root["ceo_loc"])
    v.ceo_loc[kv.first.as<std::string>()]["ceo"] = strings(kv.second);
  v.board = required_list(root["board"], "board");
  v.executive_assistant = required_list(root["executive_assistant"], "executive_assistant");
  v.levels = string_lists(root["levels"]);
  for (const char* level :
       {"svp", "vp", "senior_director", "director", "senior_manager", "manager"})
    if (v.levels[level].empty()) throw VocabError(std::string("levels.") + level + " is empty");
  v.levels_loc = localized_levels(root["levels_loc"]);

  std::array<bool, kFunctionCount> seen{};
  for (const auto& kv : root["functions"]) {
    const std::string name = kv.first.as<std::string>();
    const int i = function_index(name);
    if (i < 0) throw VocabError("unknown function " + name);
    seen[static_cast<std::size_t>(i)] = true;
    const auto& n = kv.second;
    FunctionVocab& f = v.functions[static_cast<std::size_t>(i)];
    f.department = text(n["department"]);
    f.area = text(n["area"]);
    f.area_de = text(n["area_de"], f.area);
    f.area_fr = text(n["area_fr"], f.area);
    f.area_es = text(n["area_es"], f.area);
    f.chief = required_list(n["chief"], name + ".chief");
    f.chief_min_size = n["chief_min_size"] ? n["chief_min_size"].as<int>() : f.chief_min_size;
    f.chief_function = static_cast<Function>(i);
    if (n["chief_function"]) {
      const int cf = function_index(n["chief_function"].as<std::string>());
      if (cf < 0) throw VocabError("unknown chief_function in " + name);
      f.chief_function = static_cast<Function>(cf);
    }
    for (const char* level :
         {"svp", "vp", "senior_director", "director", "senior_manager", "manager"})
      if (n[level]) f.levels[level] = strings(n[level]);
    f.levels_loc = localized_levels(n["levels_loc"]);
    f.ic = required_list(n["ic"], name + ".ic");
    f.senior_ic = required_list(n["senior_ic"], name + ".senior_ic");
    f.intern = required_list(n["intern"], name + ".intern");
    f.ic_loc = string_lists(n["ic_loc"]);
    f.senior_ic_loc = string_lists(n["senior_ic_loc"]);
    f.skills = required_list(n["skills"], name + ".skills");
    if (f.department.empty() || f.area.empty())
      throw VocabError(name + " needs department and area");
  }
  for (std::size_t i = 0; i < kFunctionCount; ++i)
    if (!seen[i]) throw VocabError("titles.yaml lacks function " + std::string(kFunctionNames[i]));

  for (const auto& kv : root["profiles"]) {
    std::array<std::uint64_t, kFunctionCount> w{};
    for (const auto& fw : kv.second) {
      const int i = function_index(fw.first.as<std::string>());
      if (i < 0) throw VocabError("unknown function in profile " + kv.first.as<std::string>());
      w[static_cast<std::size_t>(i)] = fw.second.as<std::uint64_t>();
    }
    std::uint64_t total = 0;
    for (auto x : w) total += x;
    if (total == 0) throw VocabError("profile has no weight: " + kv.first.as<std::string>());
    v.profiles[kv.first.as<std::string>()] = w;
  }
}

void cross_check(const Vocabulary& v) {
  for (const auto& c : v.companies) {
    if (v.city_index(c.hq) < 0) throw VocabError("company " + c.key + " has unknown hq " + c.hq);
    if (!v.profiles.count(c.profile)) throw VocabError("company " + c.key + " has unknown profile");
    for (const auto& [code, pct] : c.countries)
      if (!v.cities_by_country.count(code))
        throw VocabError("company " + c.key + " has unknown country " + code);
  }
  for (const auto& [code, country] : v.countries)
    if (!v.cities_by_country.count(code)) throw VocabError("country without a city: " + code);
  for (const auto& hq : v.extra_hqs)
    if (v.city_index(hq) < 0) throw VocabError("extra_names.hqs has unknown city " + hq);
  for (const auto& s : v.extra_sector)
    if (!v.sector_profile_industry.count(s)) throw VocabError("sector without profile: " + s);
}

}  // namespace

int Vocabulary::city_index(const std::string& key) const {
  for (std::size_t i = 0; i < cities.size(); ++i)
    if (cities[i].key == key) return static_cast<int>(i);
  return -1;
}

sdk::Result<Vocabulary> load_vocabulary(const std::string& dir) {
  try {
    Vocabulary v;
    load_companies(load_file(dir, "companies.yaml"), v);
    load_names(load_file(dir, "names.yaml"), v);
    load_places(load_file(dir, "places.yaml"), v);
    load_titles(load_file(dir, "titles.yaml"), v);
    cross_check(v);
    return v;
  } catch (const std::exception& e) {
    return sdk::Error{"invalid_input", "demo vocabulary in " + dir + ": " + e.what()};
  }
}

}  // namespace buyergraph::demo
