#pragma once
// Pieces shared by the HTTP provider plugins (provider.coresignal, provider.pdl): turning an
// HTTP outcome into a clear error, the "this provider is dead for this run" gate (401 / 402),
// URL encoding and the role-mapping data file. Compiled into each plugin (no shared library).
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <buyergraph/sdk.hpp>

#include "buyergraph/suppression/suppression.hpp"

namespace buyergraph::providers {

/// Percent-encodes everything but RFC 3986 unreserved characters, so opaque cursors with
/// commas and quotes (CoreSignal `x-next-page-after`) survive a query string.
///
///   url_encode("11.87,\"2026-10-30\",390491994") == "11.87%2C%222026-10-30%22%2C390491994"
std::string url_encode(std::string_view text);

/// Parses a response body; nullopt for anything that is not complete JSON (truncated,
/// HTML from a gateway, empty).
///
///   auto j = parse_body(response.body);
///   if (!j) return fail("bad_response", "...");
std::optional<nlohmann::json> parse_body(std::string_view body);

/// A failed provider call, as the account's error shows it. `stop_provider` is set for
/// failures that no later call can avoid (bad key, no credits).
struct ProviderFailure {
  std::string code;     ///< auth_failed, out_of_credits, rate_limited, bad_query, not_found,
                        ///< provider_unavailable, timeout, connect, transport, cancelled, ...
  std::string message;  ///< names the provider, the call and what to do; never a key or body
  bool stop_provider = false;
  sdk::Status status() const { return sdk::Status::error(code, message); }
};

/// The failure an HTTP outcome means, or nullopt for a 2xx. Branches on the status only (the
/// vendors' error texts are not a contract). `provider` is a display name ("CoreSignal"),
/// `what` the call ("employee search"), `key_env` the variable holding the key (for 401).
///
///   if (auto f = classify(resp, "CoreSignal", "collect 42", "CORESIGNAL_API_KEY")) ...
std::optional<ProviderFailure> classify(const sdk::HttpResponse& response,
                                        std::string_view provider, std::string_view what,
                                        std::string_view key_env);

/// Stops every later call to one provider resource after a 401 or 402, so a dead key or an
/// empty balance costs one request, not one per person. One gate per (host, resource) while
/// any stage of the run holds it; a new run gets a fresh gate.
///
///   auto gate = ProviderGate::of(*init.host, "coresignal");
///   if (auto f = gate->stopped()) return reply.finish(f->status());
///   ...; if (failure->stop_provider) gate->stop(*failure);
class ProviderGate {
 public:
  static std::shared_ptr<ProviderGate> of(sdk::Host& host, const std::string& resource);
  std::optional<ProviderFailure> stopped() const;
  /// Records the first stopping failure; later ones keep the first message.
  void stop(const ProviderFailure& failure);

 private:
  mutable std::mutex mu_;
  std::optional<ProviderFailure> failure_;
};

/// The suppression list a provider stage checks before paid calls: the one saved in the store
/// named by the stage's `store` option (default: the user's store, as store.history). Loaded once
/// per stage; a list that cannot be read stops the pipeline at start (never runs unchecked).
///
///   suppressions_ = load_suppressions(init.config);   // throws std::runtime_error on failure
std::shared_ptr<const suppression::SuppressionList> load_suppressions(const nlohmann::json& config);

/// Our seniority / function codes -> one provider's field values and title phrases
/// (data/providers/role-mapping.yaml).
struct RoleMapping {
  std::map<std::string, std::vector<std::string>> levels;     ///< seniority -> level values
  std::map<std::string, std::vector<std::string>> functions;  ///< function -> dept/role values
  std::map<std::string, std::vector<std::string>> seniority_phrases, function_phrases;
  /// Titles holding a seniority phrase that are not that seniority ("account manager").
  std::map<std::string, std::vector<std::string>> seniority_not_phrases;

  /// Loads the `provider` section ("coresignal" or "pdl") and the shared phrase lists;
  /// an empty path reads <data>/providers/role-mapping.yaml.
  ///
  ///   auto m = RoleMapping::load("", "coresignal");
  ///   m->levels["director"] == {"Director", "Head"}
  static sdk::Result<RoleMapping> load(const std::string& path, const std::string& provider);

  /// Union of the values listed for `codes` (unknown codes add nothing), in first-seen order.
  static std::vector<std::string> values(const std::map<std::string, std::vector<std::string>>& m,
                                         const std::vector<std::string>& codes);
};

}  // namespace buyergraph::providers
