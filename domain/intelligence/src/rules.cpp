#include "buyergraph/intelligence/rules.hpp"
#include "buyergraph/common/data_dir.hpp"

#include <cstdlib>
#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "util.hpp"

namespace buyergraph::intelligence {

namespace {

sdk::Result<std::vector<std::string>> strings(const YAML::Node& n, const std::string& where) {
  std::vector<std::string> out;
  if (!n) return out;
  if (!n.IsSequence()) return sdk::Error{"invalid_input", where + ": expected a list of text"};
  for (const auto& item : n) {
    if (!item.IsScalar() || item.Scalar().empty())
      return sdk::Error{"invalid_input", where + ": items must be non-empty text"};
    out.push_back(item.Scalar());
  }
  return out;
}

std::string text(const YAML::Node& n) { return n && n.IsScalar() ? n.Scalar() : std::string(); }

}  // namespace

const TechnologyCategory* IntelRules::category_for(const std::string& seller_category) const {
  std::string want = detail::lower(seller_category);
  if (want.empty()) return nullptr;
  for (const auto& c : technology_map) {
    if (detail::lower(c.category) == want) return &c;
    for (const auto& a : c.aliases)
      if (detail::lower(a) == want) return &c;
  }
  return nullptr;
}

sdk::Result<IntelRules> load_rules(const std::string& path) {
  if (!std::filesystem::exists(path))
    return sdk::Error{"not_found", "intelligence rules file not found: " + path};
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return sdk::Error{"invalid_input", path + ": " + e.what()};
  }
  if (!root.IsMap()) return sdk::Error{"invalid_input", path + ": expected a mapping"};
  if (text(root["kind"]) != "IntelligenceRules")
    return sdk::Error{"invalid_input", path + ": kind must be IntelligenceRules"};
  IntelRules rules;
  rules.version = text(root["version"]);
  if (rules.version.empty()) return sdk::Error{"invalid_input", path + ": version is required"};

  const YAML::Node map = root["technology_map"];
  if (map && !map.IsSequence())
    return sdk::Error{"invalid_input", path + ": technology_map must be a list"};
  for (std::size_t i = 0; map && i < map.size(); ++i) {
    std::string where = path + ": technology_map[" + std::to_string(i) + "]";
    TechnologyCategory c;
    c.category = text(map[i]["category"]);
    if (c.category.empty()) return sdk::Error{"invalid_input", where + ".category is required"};
    for (auto [key, dest] : {std::pair{"aliases", &c.aliases}, std::pair{"related", &c.related},
                             std::pair{"competitors", &c.competitors}}) {
      auto list = strings(map[i][key], where + "." + key);
      if (!list) return list.error();
      *dest = std::move(*list);
    }
    rules.technology_map.push_back(std::move(c));
  }

  const YAML::Node themes = root["pain_themes"];
  if (themes && !themes.IsSequence())
    return sdk::Error{"invalid_input", path + ": pain_themes must be a list"};
  for (std::size_t i = 0; themes && i < themes.size(); ++i) {
    std::string where = path + ": pain_themes[" + std::to_string(i) + "]";
    PainTheme t;
    t.id = text(themes[i]["id"]);
    t.pain = text(themes[i]["pain"]);
    if (t.id.empty() || t.pain.empty())
      return sdk::Error{"invalid_input", where + ": id and pain are required"};
    for (auto [key, dest] :
         {std::pair{"keywords", &t.keywords}, std::pair{"functions", &t.functions},
          std::pair{"signals", &t.signals}}) {
      auto list = strings(themes[i][key], where + "." + key);
      if (!list) return list.error();
      *dest = std::move(*list);
    }
    if (t.keywords.empty()) return sdk::Error{"invalid_input", where + ".keywords is empty"};
    rules.pain_themes.push_back(std::move(t));
  }
  const YAML::Node roles = root["role_themes"];
  if (roles && !roles.IsMap())
    return sdk::Error{"invalid_input", path + ": role_themes must be a mapping"};
  if (roles)
    for (auto it = roles.begin(); it != roles.end(); ++it) {
      std::string role = it->first.Scalar();
      std::string where = path;
      where += ": role_themes.";
      where += role;
      auto list = strings(it->second, where);
      if (!list) return list.error();
      rules.role_themes[role] = std::move(*list);
    }
  return rules;
}

std::string default_rules_path() { return common::data_dir() + "/intelligence/rules.yaml"; }

sdk::Result<IntelRules> load_default_rules() { return load_rules(default_rules_path()); }

}  // namespace buyergraph::intelligence
