#include "buyergraph/research/request.hpp"

#include <algorithm>
#include <set>

namespace buyergraph::research {

using nlohmann::json;

std::string_view to_string(Api api) noexcept { return api == Api::agent ? "agent" : "chat"; }

namespace {

sdk::Error bad(const std::string& what) {
  return sdk::Error{"bad_config", "research.llm: " + what};
}

}  // namespace

sdk::Result<ResearchOptions> ResearchOptions::from_json(const json& with) {
  ResearchOptions o;
  if (with.is_null()) return o;
  if (!with.is_object()) return bad("`with` must be an object");
  static const std::set<std::string> known = {
      "resource", "api",      "model", "max_output_tokens", "search_domain_filter",
      "recency",  "max_items"};
  for (auto it = with.begin(); it != with.end(); ++it)
    if (!known.contains(it.key())) return bad("unknown option '" + it.key() + "'");
  auto text = [&](const char* key, std::string& out) -> std::optional<sdk::Error> {
    if (!with.contains(key)) return std::nullopt;
    if (!with[key].is_string()) return bad(std::string(key) + " must be a string");
    out = with[key].get<std::string>();
    return std::nullopt;
  };
  auto number = [&](const char* key, int& out, int lo, int hi) -> std::optional<sdk::Error> {
    if (!with.contains(key)) return std::nullopt;
    if (!with[key].is_number_integer() || with[key].get<long long>() < lo ||
        with[key].get<long long>() > hi)
      return bad(std::string(key) + " must be an integer from " + std::to_string(lo) + " to " +
                 std::to_string(hi));
    out = with[key].get<int>();
    return std::nullopt;
  };
  std::string api = "agent";
  if (auto e = text("resource", o.resource)) return *e;
  if (auto e = text("api", api)) return *e;
  if (auto e = text("model", o.model)) return *e;
  if (auto e = text("recency", o.recency)) return *e;
  if (auto e = number("max_output_tokens", o.max_output_tokens, 64, 32000)) return *e;
  if (auto e = number("max_items", o.max_items, 1, 50)) return *e;
  if (o.resource.empty()) return bad("resource must not be empty");
  if (api == "agent")
    o.api = Api::agent;
  else if (api == "chat")
    o.api = Api::chat;
  else
    return bad("api must be \"agent\" or \"chat\", got '" + api + "'");
  static const std::set<std::string> recencies = {"", "hour", "day", "week", "month", "year"};
  if (!recencies.contains(o.recency))
    return bad("recency must be hour, day, week, month, year or \"\", got '" + o.recency + "'");
  if (with.contains("search_domain_filter")) {
    const json& f = with["search_domain_filter"];
    if (!f.is_array()) return bad("search_domain_filter must be a list of domains");
    for (const auto& d : f) {
      if (!d.is_string() || d.get<std::string>().empty())
        return bad("search_domain_filter entries must be non-empty strings");
      o.search_domain_filter.push_back(d.get<std::string>());
    }
  }
  return o;
}

std::string ResearchOptions::effective_model() const {
  if (!model.empty()) return model;
  return api == Api::agent ? "perplexity/sonar" : "sonar";
}

Subject Subject::of(const sdk::BuyerGroup& group, const sdk::SellerProfile& seller) {
  Subject s;
  s.company_name = group.company.name;
  s.domains = group.company.domains;
  s.industry = group.company.industry;
  s.seller_product = seller.product;
  s.seller_category = seller.category;
  return s;
}

std::string research_instructions() {
  return "You are a B2B account research assistant. Use only facts found in the web sources "
         "you retrieve. For every item give the URLs of the pages it rests on; leave an item "
         "out rather than state it without a source. Do not name or describe individual "
         "people. Answer with JSON that follows the given schema.";
}

std::string research_prompt(const Subject& s) {
  std::string p = "Research the company " + (s.company_name.empty() ? "(unnamed)" : s.company_name);
  if (!s.domains.empty()) p += " (" + s.domains.front() + ")";
  if (!s.industry.empty()) p += ", a company in " + s.industry;
  p += ". Give (1) context: recent, relevant facts about the company (strategy, growth, "
       "products, announcements), and (2) pain_points: business problems the company is likely "
       "facing";
  if (!s.seller_product.empty() || !s.seller_category.empty()) {
    p += " that matter to a seller of ";
    p += s.seller_product.empty()
             ? s.seller_category
             : s.seller_product +
                   (s.seller_category.empty() ? std::string() : " (" + s.seller_category + ")");
  }
  p += ". Each item: one sentence in `statement` and the supporting page URLs in `source_urls`.";
  return p;
}

const json& answer_schema() {
  static const json schema = [] {
    json item = {{"type", "object"},
                 {"additionalProperties", false},
                 {"required", json::array({"statement", "source_urls"})},
                 {"properties",
                  {{"statement", {{"type", "string"}}},
                   {"source_urls", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
    json list = {{"type", "array"}, {"items", item}};
    return json{{"type", "object"},
                {"additionalProperties", false},
                {"required", json::array({"context", "pain_points"})},
                {"properties", {{"context", list}, {"pain_points", list}}}};
  }();
  return schema;
}

std::vector<std::string> domain_filter(const ResearchOptions& options, const Subject& subject) {
  std::vector<std::string> out;
  auto add = [&](const std::string& d) {
    if (!d.empty() && std::find(out.begin(), out.end(), d) == out.end() && out.size() < 20)
      out.push_back(d);
  };
  for (const auto& d : options.search_domain_filter) {
    if (d == "$company")
      for (const auto& c : subject.domains) add(c);
    else
      add(d);
  }
  return out;
}

json request_body(const Subject& subject, const ResearchOptions& options) {
  const json format = {
      {"type", "json_schema"},
      {"json_schema",
       {{"name", "company_research"}, {"strict", true}, {"schema", answer_schema()}}}};
  const std::vector<std::string> domains = domain_filter(options, subject);
  if (options.api == Api::agent) {
    json filters = json::object();
    if (!domains.empty()) filters["search_domain_filter"] = domains;
    if (!options.recency.empty()) filters["search_recency_filter"] = options.recency;
    json tool = {{"type", "web_search"}};
    if (!filters.empty()) tool["filters"] = filters;
    return {{"model", options.effective_model()}, {"instructions", research_instructions()},
            {"input", research_prompt(subject)},  {"tools", json::array({tool})},
            {"response_format", format},          {"max_output_tokens", options.max_output_tokens}};
  }
  json body = {
      {"model", options.effective_model()},
      {"messages", json::array({{{"role", "system"}, {"content", research_instructions()}},
                                {{"role", "user"}, {"content", research_prompt(subject)}}})},
      {"response_format", format},
      {"max_tokens", options.max_output_tokens}};
  // Perplexity's search fields; a self-hosted model ignores them (set recency "" to omit).
  if (!domains.empty()) body["search_domain_filter"] = domains;
  if (!options.recency.empty()) body["search_recency_filter"] = options.recency;
  return body;
}

std::string request_path(Api api) { return api == Api::agent ? "/v1/agent" : "/chat/completions"; }

}  // namespace buyergraph::research
