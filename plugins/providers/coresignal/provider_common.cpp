#include "provider_common.hpp"

#include <algorithm>
#include <cstdlib>
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

std::optional<nlohmann::json> parse_body(std::string_view body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

std::optional<ProviderFailure> classify(const sdk::HttpResponse& r, std::string_view provider,
                                        std::string_view what, std::string_view key_env) {
  const std::string head = std::string(provider) + " " + std::string(what) + ": ";
  if (r.status == 0) {
    std::string code = r.error ? r.error->code : "transport";
    // The host refused a paid call: its message says which budget (never data or keys).
    if (code == "budget_exhausted" || code == "dry_run")
      return ProviderFailure{code, head + r.error->message + "; not sent", false};
    std::string why = code == "timeout"     ? "no answer before the timeout (after retries)"
                      : code == "connect"   ? "could not connect (after retries)"
                      : code == "cancelled" ? "cancelled with the run"
                                            : "transfer failed (after retries)";
    return ProviderFailure{code, head + why, false};
  }
  if (r.status >= 200 && r.status < 300) return std::nullopt;
  switch (r.status) {
    case 401:
    case 403:
      return ProviderFailure{"auth_failed",
                             head + "the API key was rejected (HTTP " + std::to_string(r.status) +
                                 "); check " + std::string(key_env) +
                                 ". No further calls to this provider in this run",
                             true};
    case 402:
      return ProviderFailure{
          "out_of_credits",
          head + "out of credits (HTTP 402). No further calls to this provider in this run", true};
    case 429:
      return ProviderFailure{
          "rate_limited", head + "rate limited (HTTP 429) after retries; lower rate_per_s", false};
    case 400:
    case 422:
      return ProviderFailure{"bad_query",
                             head + "the provider rejected the request (HTTP " +
                                 std::to_string(r.status) + "); not retried",
                             false};
    case 404:
      return ProviderFailure{"not_found", head + "no match (HTTP 404)", false};
    default:
      break;
  }
  if (r.status >= 500)
    return ProviderFailure{
        "provider_unavailable",
        head + "server error (HTTP " + std::to_string(r.status) + ") after retries", false};
  return ProviderFailure{"provider_error", head + "unexpected HTTP " + std::to_string(r.status),
                         false};
}

std::shared_ptr<const suppression::SuppressionList> load_suppressions(
    const nlohmann::json& config) {
  std::string path = config.value("store", std::string());
  if (path.empty()) path = store::default_store_path();
  // The stages of one run share one list (read once, not once per stage); a later run, whose
  // stages are built anew, reads the list again and sees its changes.
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<const suppression::SuppressionList>> loaded_lists;
  std::lock_guard lk(mu);
  if (auto shared = loaded_lists[path].lock()) return shared;
  auto list = std::make_shared<suppression::SuppressionList>();
  loaded_lists[path] = list;
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

std::shared_ptr<ProviderGate> ProviderGate::of(sdk::Host& host, const std::string& resource) {
  // weak_ptr: the gate lives as long as the run's stages; a later run (same host address
  // reused or not) starts with a fresh one.
  static std::mutex mu;
  static std::map<std::pair<const sdk::Host*, std::string>, std::weak_ptr<ProviderGate>> gates;
  std::lock_guard lk(mu);
  for (auto it = gates.begin(); it != gates.end();)
    it = it->second.expired() ? gates.erase(it) : std::next(it);
  auto& slot = gates[{&host, resource}];
  if (auto g = slot.lock()) return g;
  auto g = std::make_shared<ProviderGate>();
  slot = g;
  return g;
}

std::optional<ProviderFailure> ProviderGate::stopped() const {
  std::lock_guard lk(mu_);
  return failure_;
}

void ProviderGate::stop(const ProviderFailure& failure) {
  std::lock_guard lk(mu_);
  if (!failure_) failure_ = failure;
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

sdk::Result<RoleMapping> RoleMapping::load(const std::string& path, const std::string& provider) {
  const std::string file =
      path.empty() ? common::data_dir() + "/providers/role-mapping.yaml" : path;
  try {
    YAML::Node root = YAML::LoadFile(file);
    YAML::Node section = root[provider];
    if (!section) return sdk::Error{"bad_config", file + ": no '" + provider + "' section"};
    RoleMapping m;
    m.levels = read_lists(section[provider == "pdl" ? "title_levels" : "management_levels"]);
    m.functions = read_lists(section[provider == "pdl" ? "roles" : "departments"]);
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
