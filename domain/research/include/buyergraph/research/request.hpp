#pragma once
// The research request: options from the stage's `with:`, the subject the prompt may name
// (company and seller, never people), and the JSON bodies for the Perplexity Agent API and an
// OpenAI-compatible chat endpoint (docs/research.md).
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <buyergraph/sdk/records.hpp>
#include <buyergraph/sdk/status.hpp>

namespace buyergraph::research {

/// Which wire format the stage speaks.
enum class Api {
  agent,  ///< Perplexity Agent API, `POST /v1/agent` (OpenAI Responses format)
  chat,   ///< `POST /chat/completions` (Perplexity legacy Sonar or a self-hosted model)
};

/// "agent" / "chat".
std::string_view to_string(Api api) noexcept;

/// The stage's configuration (`with:`), validated.
///
///   auto o = ResearchOptions::from_json({{"api", "chat"}, {"recency", "month"}});
///   o->effective_model() == "sonar"
struct ResearchOptions {
  std::string resource = "perplexity";  ///< the resources.http entry
  Api api = Api::agent;
  std::string model;  ///< empty: "perplexity/sonar" (agent) or "sonar" (chat)
  int max_output_tokens = 1200;
  /// Sites the search may use; "$company" stands for the company's domains. Empty = the open
  /// web (the grounding rule, not the filter, is what keeps answers honest).
  std::vector<std::string> search_domain_filter;
  std::string recency = "year";  ///< hour|day|week|month|year, or "" for none
  int max_items = 8;             ///< most items kept per list (context, pain points)

  /// Reads `with:`; unknown or ill-typed fields are an error naming the field.
  static sdk::Result<ResearchOptions> from_json(const nlohmann::json& with);
  std::string effective_model() const;
};

/// What the prompt may name. Built from the group's company and seller only: people's names
/// and contacts never go to an LLM.
///
///   Subject s = Subject::of(group, seller);
///   s.company_name == "Contoso"
struct Subject {
  std::string company_name;
  std::vector<std::string> domains;
  std::string industry;
  std::string seller_product;
  std::string seller_category;

  static Subject of(const sdk::BuyerGroup& group, const sdk::SellerProfile& seller);
};

/// The system prompt: facts from sources only, every item with the URLs it rests on.
std::string research_instructions();

/// The user prompt naming the company (name, domain, industry) and the seller's product.
///
///   research_prompt(s)  // "Research Contoso (contoso.com), a Software company, ..."
std::string research_prompt(const Subject& subject);

/// The JSON schema the answer must follow: {context[], pain_points[]}, each item
/// {statement, source_urls[]}.
const nlohmann::json& answer_schema();

/// The domain filter sent: `search_domain_filter` with "$company" expanded, deduplicated,
/// at most 20 entries (the vendor's limit).
std::vector<std::string> domain_filter(const ResearchOptions& options, const Subject& subject);

/// The request body for `options.api`.
///
///   json body = request_body(subject, options);
///   body["response_format"]["type"] == "json_schema"
nlohmann::json request_body(const Subject& subject, const ResearchOptions& options);

/// The path appended to the resource's base URL: "/v1/agent" or "/chat/completions".
std::string request_path(Api api);

}  // namespace buyergraph::research
