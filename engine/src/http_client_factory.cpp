// Builds the CurlHttpClient from a pipeline's `resources.http` object and reads the API keys.
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "buyergraph/engine/http_client.hpp"

namespace buyergraph::engine {
namespace {

// Reads a key file. Errors name the resource and the path, never the content.
sdk::Result<sdk::Secret> read_key_file(const std::string& resource, const std::string& path) {
  std::ifstream in(path);
  if (!in)
    return sdk::Error{
        "secret", fmt::format("resources.http.{}: cannot read api_key_file '{}'", resource, path)};
  std::stringstream ss;
  ss << in.rdbuf();
  std::string v = ss.str();
  while (!v.empty() &&
         (v.back() == '\n' || v.back() == '\r' || v.back() == ' ' || v.back() == '\t'))
    v.pop_back();
  if (v.empty())
    return sdk::Error{"secret",
                      fmt::format("resources.http.{}: api_key_file '{}' is empty", resource, path)};
  return sdk::Secret(std::move(v));
}

}  // namespace

sdk::Result<std::unique_ptr<CurlHttpClient>> make_http_client(const nlohmann::json& resources_http,
                                                              sdk::Secrets& secrets,
                                                              Redactor& redactor,
                                                              sdk::Logger& log) {
  std::vector<CurlHttpClient::Resource> resources;
  if (!resources_http.is_null() && !resources_http.is_object())
    return sdk::Error{"invalid_config", "resources.http must be an object of named resources"};
  if (resources_http.is_object()) {
    for (const auto& [name, entry] : resources_http.items()) {
      auto cfg = parse_http_resource(name, entry);
      if (!cfg) return cfg.error();
      CurlHttpClient::Resource r{std::move(*cfg), {}};
      const auto& c = r.config;
      if (!c.api_key_env.empty()) {
        auto key = secrets.get(c.api_key_env);
        if (key) {
          r.api_key = std::move(*key);
        } else if (c.api_key_file.empty()) {
          // The Secrets message names only the variable; keep it and say which resource needs it.
          return sdk::Error{"secret", fmt::format("resources.http.{}: API key missing ({})", name,
                                                  key.error().message)};
        }
      }
      if (r.api_key.empty() && !c.api_key_file.empty()) {
        auto key = read_key_file(name, c.api_key_file);
        if (!key) return key.error();
        r.api_key = std::move(*key);
      }
      redactor.add(r.api_key.reveal());  // idempotent for keys Secrets already registered
      resources.push_back(std::move(r));
    }
  }
  return std::make_unique<CurlHttpClient>(std::move(resources), &log, &redactor);
}

}  // namespace buyergraph::engine
