#include "provider_support.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include "buyergraph/common/data_dir.hpp"
#include "buyergraph/store/store.hpp"

namespace buyergraph::providers {

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::shared_ptr<const suppression::SuppressionList> load_suppressions(
    const std::string& store_path) {
  const std::string path = store_path.empty() ? store::default_store_path() : store_path;
  auto list = std::make_shared<suppression::SuppressionList>();
  if (!std::filesystem::exists(path)) return list;  // no store yet: nothing was suppressed
  auto s = store::Store::open(path);
  if (!s)
    throw std::runtime_error("cannot open the store " + path +
                             " for the suppression list: " + s.error().message);
  auto loaded = suppression::SuppressionList::load(**s);
  if (!loaded)
    throw std::runtime_error("cannot read the suppression list: " + loaded.error().message);
  *list = std::move(*loaded);
  return list;
}

std::string unresolved_message(std::string_view provider, const std::string& reason,
                               const std::vector<sdk::Company>& candidates) {
  std::string msg = std::string(provider) + ": " + reason;
  if (!candidates.empty()) {
    msg += "; candidates:";
    for (const auto& c : candidates)
      msg += " " + c.name + " (" + c.id + (c.domains.empty() ? "" : ", " + c.domains[0]) + ")";
  }
  return msg;
}

namespace {
std::map<std::string, std::vector<std::string>> read_lists(const YAML::Node& node) {
  std::map<std::string, std::vector<std::string>> out;
  if (!node || !node.IsMap()) return out;
  for (const auto& kv : node) {
    auto& v = out[kv.first.as<std::string>()];
    if (kv.second.IsSequence())
      for (const auto& x : kv.second) v.push_back(x.as<std::string>());
  }
  return out;
}
}  // namespace

sdk::Result<RoleMapping> RoleMapping::load(const std::string& path, const std::string& provider,
                                           const std::string& levels_key,
                                           const std::string& functions_key) {
  const std::string file =
      path.empty() ? common::data_dir() + "/providers/role-mapping.yaml" : path;
  try {
    YAML::Node root = YAML::LoadFile(file);
    YAML::Node section = root[provider];
    if (!section) return sdk::Error{"bad_config", file + ": no '" + provider + "' section"};
    RoleMapping m;
    m.levels = read_lists(section[levels_key]);
    m.functions = read_lists(section[functions_key]);
    m.seniority_phrases = read_lists(root["seniority_phrases"]);
    m.function_phrases = read_lists(root["function_phrases"]);
    m.seniority_not_phrases = read_lists(root["seniority_not_phrases"]);
    return m;
  } catch (const std::exception& e) {
    return sdk::Error{"bad_config", file + ": " + e.what()};
  }
}

std::vector<std::string> RoleMapping::values(
    const std::map<std::string, std::vector<std::string>>& m,
    const std::vector<std::string>& codes) {
  std::vector<std::string> out;
  for (const auto& c : codes) {
    auto it = m.find(c);
    if (it == m.end()) continue;
    for (const auto& v : it->second)
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return out;
}

}  // namespace buyergraph::providers
