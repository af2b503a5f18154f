#pragma once
// The generator's inputs, loaded from data/demo/*.yaml: companies, names, titles, places.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "buyergraph/sdk/status.hpp"
#include "model.hpp"

namespace buyergraph::demo {

using Strings = std::vector<std::string>;
/// locale ("de", "fr", "es", "en_gb") -> level ("vp", "director", ...) -> titles
using LocalizedLevels = std::map<std::string, std::map<std::string, Strings>>;

struct Country {
  std::string code, name, iso3, region, locale, subregion;
};

struct City {
  std::string key, city, state, country;
  Strings phone_formats;  ///< "{d}" = one random digit; empty = no phones for this city
};

struct FunctionVocab {
  std::string department;  ///< CoreSignal department enum value
  std::string area, area_de, area_fr, area_es;
  Strings chief;
  int chief_min_size = 1 << 30;
  Function chief_function = Function::executive;
  bool chief_function_set = false;
  std::map<std::string, Strings> levels;  ///< overrides of the generic level templates
  LocalizedLevels levels_loc;
  Strings ic, senior_ic, intern;
  std::map<std::string, Strings> ic_loc, senior_ic_loc;
  Strings skills;
};

struct CompanySpec {
  std::string key, name, legal_name, domain, industry, type, hq, profile;
  Strings aliases;
  int employees = 0;
  int founded = 2000;
  std::vector<std::pair<std::string, int>> countries;  ///< code, percent
  std::string namesake_group, parent;
  bool largest = false;
};

struct OutsideEmployer {
  std::string name, domain, industry;
  int size = 0;
};

struct Vocabulary {
  std::vector<CompanySpec> companies;
  Strings extra_first, extra_second, extra_sector, extra_hqs;
  std::map<std::string, std::pair<std::string, std::string>> sector_profile_industry;
  std::vector<OutsideEmployer> outside;
  std::map<std::string, Strings> technologies;  ///< profile -> technologies
  Strings institutions, degrees;

  std::map<std::string, Strings> first_names, last_names;  ///< locale -> names
  std::map<std::string, std::string> nicknames;

  std::map<std::string, Country> countries;
  std::vector<City> cities;
  std::map<std::string, std::vector<int>> cities_by_country;  ///< code -> indices into cities
  Strings malformed_phones;

  int localized_permille = 0;
  Strings region_formats;
  std::array<bool, kFunctionCount> regional{};
  Strings ceo, ceo_small, board, executive_assistant;
  LocalizedLevels ceo_loc;  ///< locale -> {"ceo": titles}
  std::map<std::string, Strings> levels;
  LocalizedLevels levels_loc;
  std::array<FunctionVocab, kFunctionCount> functions;
  std::map<std::string, std::array<std::uint64_t, kFunctionCount>> profiles;

  int city_index(const std::string& key) const;
};

/// Loads and checks every file under dir (companies.yaml, names.yaml, titles.yaml, places.yaml).
sdk::Result<Vocabulary> load_vocabulary(const std::string& dir);

}  // namespace buyergraph::demo
