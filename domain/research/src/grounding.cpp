#include "buyergraph/research/grounding.hpp"

#include <algorithm>
#include <cctype>

namespace buyergraph::research {

using nlohmann::json;

namespace {

sdk::Error bad_response(const std::string& what) {
  return sdk::Error{"bad_response", "research answer rejected: " + what};
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// A provider's own error text may be long or multi-line; one short line is enough to act on.
std::string short_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (s.size() > 160) s = s.substr(0, 157) + "...";
  return s;
}

void add_url(std::set<std::string>& out, const json& v) {
  if (v.is_string() && is_http_url(v.get<std::string>()))
    out.insert(normalize_url(v.get<std::string>()));
}

// Self-hosted models often wrap JSON in a ``` fence or prefix a <think> block.
std::string strip_wrappers(std::string text) {
  text = trim(text);
  if (text.rfind("<think>", 0) == 0) {
    auto end = text.find("</think>");
    if (end != std::string::npos) text = trim(text.substr(end + 8));
  }
  if (text.rfind("```", 0) == 0) {
    auto nl = text.find('\n');
    auto close = text.rfind("```");
    if (nl != std::string::npos && close != std::string::npos && close > nl)
      text = trim(text.substr(nl + 1, close - nl - 1));
  }
  return text;
}

// The answer document against answer_schema(), with reasons a user can act on.
std::optional<std::string> schema_problem(const json& doc) {
  if (!doc.is_object()) return "the JSON answer is not an object";
  for (const char* list : {"context", "pain_points"}) {
    if (!doc.contains(list)) return std::string("the JSON answer has no '") + list + "' list";
    if (!doc[list].is_array()) return std::string("'") + list + "' is not a list";
    std::size_t i = 0;
    for (const auto& item : doc[list]) {
      const std::string where = std::string(list) + "[" + std::to_string(i++) + "]";
      if (!item.is_object()) return where + " is not an object";
      if (!item.contains("statement") || !item["statement"].is_string())
        return where + ".statement is not a string";
      if (!item.contains("source_urls") || !item["source_urls"].is_array())
        return where + ".source_urls is not a list";
      for (const auto& u : item["source_urls"])
        if (!u.is_string()) return where + ".source_urls holds a non-string";
    }
  }
  return std::nullopt;
}

sdk::Result<json> parse_document(const std::string& raw) {
  json doc = json::parse(strip_wrappers(raw), nullptr, false);
  if (doc.is_discarded()) return bad_response("the answer text is not JSON");
  if (auto why = schema_problem(doc)) return bad_response(*why);
  return doc;
}

std::optional<double> cost_of(const json& body) {
  if (!body.is_object() || !body.contains("usage") || !body["usage"].is_object()) return {};
  const json& usage = body["usage"];
  if (!usage.contains("cost") || !usage["cost"].is_object()) return {};
  const json& total = usage["cost"].value("total_cost", json());
  if (!total.is_number()) return {};
  return total.get<double>();
}

sdk::Result<Answer> parse_agent(const json& body) {
  if (!body.is_object()) return bad_response("the body is not a JSON object");
  const std::string status = body.value("status", json()).is_string()
                                 ? body["status"].get<std::string>()
                                 : std::string("(none)");
  if (status == "failed") {
    std::string detail;
    const json& err = body.value("error", json());
    if (err.is_object()) {
      if (err.value("code", json()).is_string()) detail += err["code"].get<std::string>();
      if (err.value("message", json()).is_string())
        detail += (detail.empty() ? "" : ": ") + short_line(err["message"].get<std::string>());
    }
    return sdk::Error{"provider_failed",
                      "the research run failed at the provider" +
                          (detail.empty() ? std::string() : " (" + detail + ")")};
  }
  if (status != "completed") return bad_response("response status is '" + short_line(status) + "'");
  if (!body.contains("output") || !body["output"].is_array())
    return bad_response("the response has no output list");
  Answer a;
  bool has_message = false;
  std::string text;
  for (const auto& item : body["output"]) {
    if (!item.is_object()) continue;
    const std::string type =
        item.value("type", json()).is_string() ? item["type"].get<std::string>() : std::string();
    if (type == "search_results" && item.contains("results") && item["results"].is_array()) {
      for (const auto& r : item["results"])
        if (r.is_object()) add_url(a.retrieved, r.value("url", json()));
    } else if (type == "message" && item.contains("content") && item["content"].is_array()) {
      has_message = true;
      for (const auto& part : item["content"]) {
        if (!part.is_object() || part.value("type", json()) != "output_text") continue;
        if (part.value("text", json()).is_string()) text += part["text"].get<std::string>();
        if (part.contains("annotations") && part["annotations"].is_array())
          for (const auto& ann : part["annotations"])
            if (ann.is_object() && ann.value("type", json()) == "url_citation")
              add_url(a.retrieved, ann.value("url", json()));
      }
    }
  }
  if (!has_message) return bad_response("the response has no message item");
  if (!body.contains("usage") || !body["usage"].is_object())
    return bad_response("the response has no usage (cost unknown)");
  auto doc = parse_document(text);
  if (!doc) return doc.error();
  a.document = std::move(*doc);
  a.cost_usd = cost_of(body);
  if (body.value("model", json()).is_string()) a.model = body["model"].get<std::string>();
  return a;
}

sdk::Result<Answer> parse_chat(const json& body) {
  if (!body.is_object()) return bad_response("the body is not a JSON object");
  const json& choices = body.value("choices", json());
  if (!choices.is_array() || choices.empty() || !choices[0].is_object() ||
      !choices[0].value("message", json()).is_object())
    return bad_response("the response has no message (choices[0].message)");
  const json& content = choices[0]["message"].value("content", json());
  if (!content.is_string()) return bad_response("choices[0].message.content is not text");
  if (!body.contains("usage") || !body["usage"].is_object())
    return bad_response("the response has no usage");
  Answer a;
  if (body.contains("citations") && body["citations"].is_array())
    for (const auto& c : body["citations"]) add_url(a.retrieved, c);
  if (body.contains("search_results") && body["search_results"].is_array())
    for (const auto& r : body["search_results"])
      if (r.is_object()) add_url(a.retrieved, r.value("url", json()));
  auto doc = parse_document(content.get<std::string>());
  if (!doc) return doc.error();
  a.document = std::move(*doc);
  a.cost_usd = cost_of(body);
  if (body.value("model", json()).is_string()) a.model = body["model"].get<std::string>();
  return a;
}

}  // namespace

bool is_http_url(std::string_view url) {
  std::string u = trim(url);
  std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return std::tolower(c); });
  std::size_t host = 0;
  if (u.rfind("https://", 0) == 0)
    host = 8;
  else if (u.rfind("http://", 0) == 0)
    host = 7;
  else
    return false;
  if (host >= u.size()) return false;
  const char first = u[host];
  return std::isalnum(static_cast<unsigned char>(first)) || first == '[';
}

std::string normalize_url(std::string_view url) {
  std::string u = trim(url);
  if (auto hash = u.find('#'); hash != std::string::npos) u.erase(hash);
  while (!u.empty() && u.back() == '/') u.pop_back();
  // Scheme and host are case-insensitive; the path is not.
  auto scheme_end = u.find("://");
  if (scheme_end != std::string::npos) {
    auto host_end = u.find_first_of("/?", scheme_end + 3);
    if (host_end == std::string::npos) host_end = u.size();
    std::transform(u.begin(), u.begin() + static_cast<std::ptrdiff_t>(host_end), u.begin(),
                   [](unsigned char c) { return std::tolower(c); });
  }
  return u;
}

sdk::Result<Answer> parse_response(Api api, std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return bad_response("the body is not JSON");
  return api == Api::agent ? parse_agent(j) : parse_chat(j);
}

std::optional<double> response_cost(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return cost_of(j);
}

Grounded ground(const Answer& answer, int max_items) {
  Grounded g;
  auto take = [&](const char* list, const char* kind) {
    if (!answer.document.is_object() || !answer.document.contains(list) ||
        !answer.document[list].is_array())
      return;
    int kept = 0;
    for (const auto& item : answer.document[list]) {
      if (!item.is_object()) continue;
      const std::string statement = trim(item.value("statement", std::string()));
      std::vector<std::string> urls;
      int unretrieved = 0;
      if (item.contains("source_urls") && item["source_urls"].is_array())
        for (const auto& u : item["source_urls"]) {
          if (!u.is_string()) continue;
          const std::string url = trim(u.get<std::string>());
          if (is_http_url(url) && answer.retrieved.contains(normalize_url(url)) &&
              std::find(urls.begin(), urls.end(), url) == urls.end())
            urls.push_back(url);
          else
            ++unretrieved;
        }
      if (statement.empty() || urls.empty()) {
        ++g.dropped_uncited;
        continue;
      }
      if (kept >= max_items) continue;  // a cap, not a grounding failure
      ++kept;
      g.dropped_urls += unretrieved;
      g.items.push_back({kind, statement, std::move(urls)});
    }
  };
  take("context", "research_context");
  take("pain_points", "research_pain_point");
  return g;
}

json ResearchResult::to_json() const {
  json items = json::array();
  int context = 0, pain = 0;
  for (const auto& it : grounded.items) {
    const bool is_context = it.kind == "research_context";
    json evidence = json::array();
    for (const auto& u : it.urls)
      evidence.push_back({{"url", u},
                          {"source", provider},
                          {"note", "page retrieved by the research search and cited"}});
    items.push_back({{"id", std::string(is_context ? "research.context." : "research.pain.") +
                                std::to_string(is_context ? ++context : ++pain)},
                     {"kind", it.kind},
                     {"statement", it.statement},
                     {"evidence", evidence}});
  }
  json j = {{"provider", provider},
            {"api", std::string(research::to_string(api))},
            {"model", model},
            {"status", status},
            {"items", items},
            {"dropped_uncited", grounded.dropped_uncited},
            {"dropped_urls", grounded.dropped_urls},
            {"from_cache", from_cache}};
  if (cost_usd) j["cost_usd"] = *cost_usd;
  if (!error.empty()) j["error"] = error;
  return j;
}

}  // namespace buyergraph::research
