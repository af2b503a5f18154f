#include "buyergraph/engine/http_stack.hpp"

namespace buyergraph::engine {

sdk::Result<HttpStack> make_http_stack(const nlohmann::json& resources, HostServices& host,
                                       const HttpStackOptions& options) {
  auto section = [&](const char* name) {
    return resources.is_object() && resources.contains(name) ? resources[name] : nlohmann::json();
  };
  HttpStack stack;
  const nlohmann::json http = section("http");
  if (!http.is_object() || http.empty()) return stack;
  auto budget = parse_budget(section("budget"));
  if (!budget) return budget.error();
  auto policy = parse_cache_policy(section("cache"));
  if (!policy) return policy.error();
  if (options.no_cache) policy->enabled = false;
  auto transport = make_http_client(http, host.secrets(), host.redactor(), host.log());
  if (!transport) return transport.error();
  stack.transport = std::move(*transport);
  std::map<std::string, MeteredHttpClient::ResourceInfo> info;
  for (const auto& [name, entry] : http.items())
    info[name] = {entry.value("base_url", std::string()), entry.value("usd_per_credit", 0.0),
                  entry.value("api_key_env", std::string())};
  for (auto& [name, r] : info)  // what a rejected key's message tells the user to check
    if (r.key_env.empty()) r.key_env = "resources.http." + name + ".api_key_file";
  stack.ledger = std::make_unique<CostLedger>(*budget, options.dry_run);
  stack.client = std::make_unique<MeteredHttpClient>(
      *stack.transport, host.cache(), host.timers(), *stack.ledger, std::move(*policy),
      std::move(info), &host.redactor(), &host.metrics());
  host.set_http(stack.client.get());
  host.set_ledger(stack.ledger.get());
  return stack;
}

}  // namespace buyergraph::engine
