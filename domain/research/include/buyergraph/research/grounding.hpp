#pragma once
// Reading a research response and keeping only what it grounds: an item survives when at
// least one of its URLs is an http(s) URL the response itself shows was retrieved.
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <buyergraph/sdk/status.hpp>

#include "buyergraph/research/request.hpp"

namespace buyergraph::research {

/// A response, read but not yet grounded.
struct Answer {
  nlohmann::json document;          ///< {context:[...], pain_points:[...]}, schema-checked
  std::set<std::string> retrieved;  ///< normalised URLs the response shows were retrieved
  std::optional<double> cost_usd;   ///< usage.cost.total_cost when present
  std::string model;                ///< the model that answered, when named
};

/// Reads an Agent API (`object:"response"`) or chat-completion body. Errors (code
/// `bad_response` or `provider_failed`) say what was wrong, never quote the body.
///
///   auto a = parse_response(Api::agent, http_body);
///   if (!a) research.error = a.error().message;
sdk::Result<Answer> parse_response(Api api, std::string_view body);

/// usage.cost.total_cost of a body, for the host's ledger; nullopt when absent or not JSON.
///
///   std::optional<double> usd = response_cost(R"({"usage":{"cost":{"total_cost":0.01}}})");
std::optional<double> response_cost(std::string_view body);

/// True for an absolute http:// or https:// URL with a host.
///
///   is_http_url("https://a.example/x") && !is_http_url("javascript:alert(1)")
bool is_http_url(std::string_view url);

/// The form URLs are compared in: trimmed, fragment and trailing '/' removed, scheme and host
/// lower-cased.
///
///   normalize_url(" HTTPS://News.Example/a/#top ") == "https://news.example/a"
std::string normalize_url(std::string_view url);

/// One grounded item with the retrieved URLs it cites (as the response wrote them).
struct ResearchItem {
  std::string kind;  ///< "research_context" | "research_pain_point"
  std::string statement;
  std::vector<std::string> urls;
};

/// The grounded items and what was dropped.
struct Grounded {
  std::vector<ResearchItem> items;
  int dropped_uncited = 0;  ///< items with no retrieved http(s) URL
  int dropped_urls = 0;     ///< URLs removed from kept items (not retrieved, not http)
};

/// Applies the grounding rule to `answer`, keeping at most `max_items` per list.
///
///   Grounded g = ground(*answer, 8);
///   for (auto& item : g.items) assert(!item.urls.empty());
Grounded ground(const Answer& answer, int max_items = 8);

/// The stage's outcome, as `group.intelligence["research"]`.
struct ResearchResult {
  std::string provider;  ///< the resource name ("perplexity")
  Api api = Api::agent;
  std::string model;
  std::string status = "failed";  ///< "ok" | "failed"
  Grounded grounded;
  std::optional<double> cost_usd;
  bool from_cache = false;
  std::string error;  ///< set when failed; never a key or a response body

  /// {provider, api, model, status, items:[statement...], dropped_uncited, dropped_urls,
  ///  cost_usd?, from_cache, error?}; items use the report's statement/evidence shape.
  nlohmann::json to_json() const;
};

}  // namespace buyergraph::research
