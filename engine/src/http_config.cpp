// Parsing one `resources.http.<name>` entry. The pipeline schema already checked the shape of
// pipeline files; this repeats the checks because the lead and tests may build entries by hand.
#include <optional>
#include <set>

#include <fmt/format.h>

#include "buyergraph/engine/http_client.hpp"

namespace buyergraph::engine {
namespace {

using nlohmann::json;

sdk::Error config_error(const std::string& name, const std::string& what) {
  return sdk::Error{"invalid_config", fmt::format("resources.http.{}: {}", name, what)};
}

// Reads an integer field in [min, max]; leaves `out` alone when the field is absent.
std::optional<sdk::Error> read_int(const std::string& name, const json& obj, const char* field,
                                   int min, int max, int& out, const std::string& prefix = "") {
  if (!obj.contains(field)) return std::nullopt;
  const json& v = obj[field];
  if (!v.is_number_integer() || v.get<std::int64_t>() < min || v.get<std::int64_t>() > max)
    return config_error(
        name, fmt::format("'{}{}' must be an integer from {} to {}", prefix, field, min, max));
  out = v.get<int>();
  return std::nullopt;
}

std::optional<sdk::Error> read_string(const std::string& name, const json& obj, const char* field,
                                      std::string& out) {
  if (!obj.contains(field)) return std::nullopt;
  if (!obj[field].is_string())
    return config_error(name, fmt::format("'{}' must be a string", field));
  out = obj[field].get<std::string>();
  return std::nullopt;
}

}  // namespace

sdk::Result<HttpResourceConfig> parse_http_resource(const std::string& name, const json& entry) {
  if (!entry.is_object()) return config_error(name, "must be an object");
  static const std::set<std::string> known = {
      "base_url", "rate_per_s",     "max_in_flight", "timeout_ms",  "connect_timeout_ms",
      "retries",  "api_key_env",    "api_key_file",  "auth_header", "auth_prefix",
      "headers",  "usd_per_credit", "adaptive_rate"};
  for (const auto& [key, value] : entry.items())
    if (!known.count(key)) return config_error(name, fmt::format("unknown field '{}'", key));

  HttpResourceConfig c;
  c.name = name;
  if (!entry.contains("base_url")) return config_error(name, "'base_url' is required");
  if (auto e = read_string(name, entry, "base_url", c.base_url)) return *e;
  if (c.base_url.rfind("http://", 0) != 0 && c.base_url.rfind("https://", 0) != 0)
    return config_error(
        name, fmt::format("'base_url' must start with http:// or https:// (got '{}')", c.base_url));
  if (entry.contains("rate_per_s")) {
    const json& r = entry["rate_per_s"];
    if (!r.is_number() || r.get<double>() < 0)
      return config_error(name, "'rate_per_s' must be a number >= 0 (0 = unlimited)");
    c.rate_per_s = r.get<double>();
  }
  if (entry.contains("adaptive_rate")) {
    if (!entry["adaptive_rate"].is_boolean())
      return config_error(name, "'adaptive_rate' must be true or false");
    c.adaptive_rate = entry["adaptive_rate"].get<bool>();
  }
  if (auto e = read_int(name, entry, "max_in_flight", 1, 100000, c.max_in_flight)) return *e;
  if (auto e = read_int(name, entry, "timeout_ms", 1, 3600000, c.timeout_ms)) return *e;
  if (auto e = read_int(name, entry, "connect_timeout_ms", 1, 3600000, c.connect_timeout_ms))
    return *e;
  if (entry.contains("retries")) {
    const json& r = entry["retries"];
    if (!r.is_object()) return config_error(name, "'retries' must be an object");
    for (const auto& [key, value] : r.items())
      if (key != "max" && key != "backoff_ms" && key != "max_backoff_ms")
        return config_error(name, fmt::format("unknown field 'retries.{}'", key));
    if (auto e = read_int(name, r, "max", 0, 20, c.retries.max, "retries.")) return *e;
    if (auto e = read_int(name, r, "backoff_ms", 0, 3600000, c.retries.backoff_ms, "retries."))
      return *e;
    if (auto e =
            read_int(name, r, "max_backoff_ms", 0, 3600000, c.retries.max_backoff_ms, "retries."))
      return *e;
  }
  if (auto e = read_string(name, entry, "api_key_env", c.api_key_env)) return *e;
  if (auto e = read_string(name, entry, "api_key_file", c.api_key_file)) return *e;
  if (auto e = read_string(name, entry, "auth_header", c.auth_header)) return *e;
  if (auto e = read_string(name, entry, "auth_prefix", c.auth_prefix)) return *e;
  if (c.auth_header.empty() || c.auth_header.find_first_of(": \r\n") != std::string::npos)
    return config_error(name, "'auth_header' must be a header name (no spaces or colons)");
  if (entry.contains("headers")) {
    const json& h = entry["headers"];
    if (!h.is_object()) return config_error(name, "'headers' must be an object of strings");
    for (const auto& [key, value] : h.items()) {
      if (!value.is_string())
        return config_error(name, fmt::format("header '{}' must be a string", key));
      if (key.empty() || key.find_first_of(": \r\n") != std::string::npos ||
          value.get<std::string>().find_first_of("\r\n") != std::string::npos)
        return config_error(name, fmt::format("header '{}' is not a valid header", key));
      c.headers[key] = value.get<std::string>();
    }
  }
  return c;
}

}  // namespace buyergraph::engine
