// Perplexity Agent API (`POST /v1/agent`, providers.md 2.2-2.4) and the retired Sonar chat
// completions. Answers come from company facts in the store, cited with synthetic `.example`
// URLs, so clients can be tested for parsing, citations and failure handling, not for wisdom.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <regex>
#include <set>

#include "buyergraph/coresignal/web.hpp"
#include "routes.hpp"
#include "search.hpp"

namespace buyergraph::mock::detail {

using nlohmann::json;

namespace {

/// The user's text: a string `input`, or the text of every message item.
std::string input_text(const json& input) {
  if (input.is_string()) return input.get<std::string>();
  std::string out;
  if (!input.is_array()) return out;
  for (const auto& item : input) {
    if (!item.is_object()) continue;
    const json& c = item.contains("content") ? item["content"] : json();
    if (c.is_string())
      out += c.get<std::string>() + "\n";
    else if (c.is_array())
      for (const auto& part : c)
        if (part.is_object() && part["text"].is_string())
          out += part["text"].get<std::string>() + "\n";
  }
  return out;
}

/// The company the question is about: a domain in the text first, then a name match.
std::optional<json> find_company(Corpus& corpus, const std::string& text) {
  static const std::regex domain(R"(\b([a-z0-9-]+\.)+[a-z]{2,}\b)", std::regex::icase);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), domain);
       it != std::sregex_iterator(); ++it) {
    auto found = corpus.companies_by_website(it->str());
    if (!found.empty()) return found.front();
  }
  // Longest company name contained in the text wins ("Acme Brick" over "Acme").
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  const json* best = nullptr;
  std::size_t best_len = 0;
  for (const auto& c : corpus.companies()) {
    if (!c["company_name"].is_string()) continue;
    std::string name = c["company_name"].get<std::string>();
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char ch) { return std::tolower(ch); });
    if (name.size() > best_len && lower.find(name) != std::string::npos) {
      best = &c;
      best_len = name.size();
    }
  }
  return best ? std::optional<json>(*best) : std::nullopt;
}

std::string slugify(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c))
      out.push_back(static_cast<char>(std::tolower(c)));
    else if (!out.empty() && out.back() != '-')
      out.push_back('-');
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "company" : out;
}

/// What the mock "found": company facts, leaders, and the synthetic pages they came from.
struct Research {
  json company;  // null when no company matched
  json people = json::array();
  json results = json::array();
  std::string text;
};

Research research(Corpus& corpus, const std::string& question) {
  Research r;
  auto company = find_company(corpus, question);
  if (!company) {
    r.text = "I could not find reliable sources about the company in question.";
    return r;
  }
  r.company = *company;
  const std::string name = company->value("company_name", std::string("the company"));
  const std::string slug = slugify(name);
  const std::string about = "https://" + slug + ".example/about";
  const std::string team = "https://" + slug + ".example/leadership";
  r.results.push_back({{"id", 1},
                       {"title", "About " + name},
                       {"url", about},
                       {"snippet", name + " company overview"},
                       {"date", nullptr},
                       {"last_updated", "2026-10-01"},
                       {"source", "web"}});
  r.results.push_back({{"id", 2},
                       {"title", "Leadership | " + name},
                       {"url", team},
                       {"snippet", "Leadership team of " + name},
                       {"date", nullptr},
                       {"last_updated", "2026-10-01"},
                       {"source", "web"}});
  std::string text = name;
  if (company->value("industry", json()).is_string())
    text += " is a " + (*company)["industry"].get<std::string>() + " company";
  if (company->value("hq_city", json()).is_string())
    text += " headquartered in " + (*company)["hq_city"].get<std::string>();
  if (company->value("employees_count", json()).is_number())
    text += " with about " + (*company)["employees_count"].dump() + " employees";
  text += " [1].";
  int listed = 0;
  for (const auto& p : corpus.store().current_employees(id_text((*company)["id"]))) {
    static const std::set<std::string> senior = {"C-Level", "Founder", "Owner",
                                                 "Partner", "Head",    "Director"};
    if (!senior.contains(p.management_level) || p.title.empty()) continue;
    r.people.push_back({{"name", p.full_name}, {"title", p.title}, {"source_url", team}});
    text += (listed == 0 ? " Its leaders include " : ", ") + p.full_name + " (" + p.title + ")";
    if (++listed == 5) break;
  }
  if (listed > 0) text += " [2].";
  r.text = text;
  return r;
}

/// True when the request asks for the research.llm answer shape ({context, pain_points}).
bool wants_research(const json& body) {
  const json& rf = body.value("response_format", json::object());
  if (!rf.is_object() || rf.value("type", "") != "json_schema") return false;
  const json& js = rf.value("json_schema", json::object());
  if (!js.is_object()) return false;
  const json& schema = js.value("schema", json::object());
  return schema.is_object() && schema.value("properties", json::object()).is_object() &&
         schema["properties"].contains("pain_points");
}

/// Company context and pain points built from the company record, each citing pages of
/// `found.results` (a news page is added to them), plus one item citing a page that was never
/// retrieved and one extra unretrieved URL on a kept item, so clients' grounding is exercised.
json research_answer(Research& found) {
  json out = {{"context", json::array()}, {"pain_points", json::array()}};
  if (found.company.is_null()) return out;
  const json& c = found.company;
  const std::string name = c.value("company_name", std::string("the company"));
  const std::string slug = slugify(name);
  const std::string about = "https://" + slug + ".example/about";
  const std::string news = "https://news.example/" + slug + "/profile";
  found.results.push_back({{"id", static_cast<int>(found.results.size()) + 1},
                           {"title", name + " company profile | News Example"},
                           {"url", news},
                           {"snippet", "Profile of " + name},
                           {"date", "2026-09-15"},
                           {"last_updated", "2026-10-01"},
                           {"source", "web"}});
  auto text = [&](const char* key) {
    return c.value(key, json()).is_string() ? c[key].get<std::string>() : std::string();
  };
  const std::string industry = text("industry"), city = text("hq_city");
  const long long employees =
      c.value("employees_count", json()).is_number() ? c["employees_count"].get<long long>() : 0;
  std::vector<std::string> tech;
  if (c.value("technologies_used", json()).is_array())
    for (const auto& t : c["technologies_used"])
      if (t.is_object() && t.value("technology", json()).is_string() && tech.size() < 4)
        tech.push_back(t["technology"].get<std::string>());
  auto item = [](const std::string& statement, std::vector<std::string> urls) {
    return json{{"statement", statement}, {"source_urls", urls}};
  };
  std::string overview =
      name + " is " + (industry.empty() ? "a company" : "a " + industry + " company");
  if (!city.empty()) overview += " headquartered in " + city;
  if (employees > 0) overview += " with about " + std::to_string(employees) + " employees";
  out["context"].push_back(item(overview + ".", {about}));
  if (!tech.empty()) {
    std::string list;
    for (const auto& t : tech) list += (list.empty() ? "" : ", ") + t;
    out["context"].push_back(
        item(name + " lists technologies including " + list + ".", {about, news}));
  }
  out["pain_points"].push_back(
      item(employees >= 1000 ? "At about " + std::to_string(employees) + " employees, " + name +
                                   " has to coordinate purchases across many teams and sites."
                             : "With about " + std::to_string(employees) + " employees, " + name +
                                   " runs lean teams with little time to evaluate new tools.",
           {news, "https://blog.example/" + slug + "/opinion"}));
  if (!tech.empty())
    out["pain_points"].push_back(item("Running " + std::to_string(tech.size()) +
                                          "+ separate technologies adds integration and "
                                          "tool-sprawl costs for " +
                                          name + ".",
                                      {about}));
  out["pain_points"].push_back(item(name + " is said to be replacing its main vendor this quarter.",
                                    {"https://rumours.example/" + slug + "/unverified"}));
  return out;
}

json usage() {
  return {{"input_tokens", 120},
          {"output_tokens", 80},
          {"total_tokens", 200},
          {"tool_calls_details", {{"search_web", {{"invocation", 1}, {"cost_usd", 0.001}}}}},
          {"cost",
           {{"currency", "USD"},
            {"input_cost", 0.00012},
            {"output_cost", 0.00008},
            {"tool_calls_cost", 0.001},
            {"total_cost", 0.0012}}}};
}

std::string next_id(const char* prefix) {
  static std::atomic<unsigned> counter{1};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%08x-mock", prefix, counter++);
  return buf;
}

long now_seconds() {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count());
}

Reply validation_error(const char* field, const char* msg) {
  Reply r;
  r.status = 422;
  r.body = {
      {"detail",
       json::array({{{"loc", json::array({"body", field})}, {"msg", msg}, {"type", "missing"}}})}};
  return r;
}

}  // namespace

void add_perplexity_routes(Router& router) {
  Corpus& corpus = *router.corpus;

  router.add(
      "POST", "/v1/agent", Provider::perplexity, "perplexity.agent",
      [&corpus, router](const httplib::Request& req, FaultKind fault) {
        auto body = json_body(req);
        if (!body || !body->contains("input")) return validation_error("input", "Field required");
        Research found = research(corpus, input_text((*body)["input"]));
        // With a JSON schema requested, the answer is a JSON document in output_text.
        bool structured = body->contains("response_format") &&
                          (*body)["response_format"].value("type", "") == "json_schema";
        std::string text = found.text;
        if (structured && wants_research(*body))
          text = research_answer(found).dump();
        else if (structured)
          text =
              json{{"company",
                    found.company.is_null() ? json() : found.company.value("company_name", json())},
                   {"summary", found.text},
                   {"people", found.people}}
                  .dump();
        if (fault == FaultKind::perplexity_bad_json)
          text = "Here is the answer: {people: [unquoted";
        json message = {
            {"type", "message"},
            {"id", next_id("msg_")},
            {"role", "assistant"},
            {"status", "completed"},
            {"content",
             json::array(
                 {{{"type", "output_text"}, {"text", text}, {"annotations", json::array()}}})}};
        for (const auto& res : found.results)
          message["content"][0]["annotations"].push_back({{"type", "url_citation"},
                                                          {"url", res["url"]},
                                                          {"title", res["title"]},
                                                          {"start_index", 0},
                                                          {"end_index", 0}});
        json output = json::array();
        output.push_back({{"type", "search_results"},
                          {"queries", json::array({input_text((*body)["input"]).substr(0, 200)})},
                          {"results", found.results}});
        if (fault != FaultKind::perplexity_no_message) output.push_back(message);
        Reply r;
        r.body = {{"id", next_id("resp_")},
                  {"object", "response"},
                  {"created_at", now_seconds()},
                  {"model", body->value("model", std::string("perplexity/sonar"))},
                  {"status", "completed"},
                  {"error", nullptr},
                  {"output", output}};
        if (fault != FaultKind::perplexity_no_usage) r.body["usage"] = usage();
        if (fault == FaultKind::perplexity_failed) {
          r.body["status"] = "failed";
          r.body["error"] = {{"code", "internal_error"},
                             {"message", "The research run failed"},
                             {"type", "api_error"}};
        }
        r.cost = router.cost("perplexity.agent");
        return r;
      });

  // A chat.completion body. `grounded` adds Perplexity's citations and search_results (legacy
  // Sonar); a self-hosted OpenAI-compatible model has neither, and no cost in its usage.
  auto chat = [&corpus](const json& body, FaultKind fault, bool grounded) {
    Research found = research(corpus, input_text(body["messages"]));
    std::string content = found.text;
    if (wants_research(body)) content = research_answer(found).dump();
    if (fault == FaultKind::perplexity_bad_json) content = "Sure! {context: [unquoted";
    json citations = json::array();
    for (const auto& res : found.results) citations.push_back(res["url"]);
    Reply r;
    r.body = {{"id", next_id("")},
              {"model", body.value("model", std::string(grounded ? "sonar" : "local-model"))},
              {"created", now_seconds()},
              {"object", "chat.completion"},
              {"choices", json::array()}};
    if (fault != FaultKind::perplexity_no_message)
      r.body["choices"].push_back({{"index", 0},
                                   {"finish_reason", "stop"},
                                   {"message", {{"role", "assistant"}, {"content", content}}}});
    if (grounded) {
      r.body["citations"] = citations;
      r.body["search_results"] = found.results;
    }
    json usage = {{"prompt_tokens", 120}, {"completion_tokens", 80}, {"total_tokens", 200}};
    if (grounded) {
      usage["search_context_size"] = "low";
      usage["cost"] = {{"input_tokens_cost", 0.00012},
                       {"output_tokens_cost", 0.00008},
                       {"request_cost", 0.005},
                       {"total_cost", 0.0052}};
    }
    if (fault != FaultKind::perplexity_no_usage) r.body["usage"] = usage;
    if (fault == FaultKind::perplexity_failed) {
      r.status = 500;  // chat completions have no "failed" status field: a server error
      r.body = {{"error", {{"message", "The completion failed"}, {"type", "api_error"}}}};
    }
    return r;
  };

  Handler legacy = [router, chat](const httplib::Request& req, FaultKind fault) {
    int status = router.config->perplexity_legacy_status;
    if (status != 0)
      return error_reply(Provider::perplexity, status, "invalid_request_error",
                         "Sonar chat completions were retired on 2026-09-27; use POST /v1/agent");
    auto body = json_body(req);
    if (!body || !(*body)["messages"].is_array())
      return validation_error("messages", "Field required");
    Reply r = chat(*body, fault, true);
    r.cost = router.cost("perplexity.legacy");
    return r;
  };
  router.add("POST", "/chat/completions", Provider::perplexity, "perplexity.legacy", legacy);
  router.add("POST", "/v1/sonar", Provider::perplexity, "perplexity.legacy", legacy);

  // An OpenAI-compatible server (vLLM, llama.cpp, Ollama) at base_url .../v1: no web search,
  // so no citations. research.llm's grounding must then keep nothing.
  router.add("POST", "/v1/chat/completions", Provider::perplexity, "perplexity.chat",
             [router, chat](const httplib::Request& req, FaultKind fault) {
               auto body = json_body(req);
               if (!body || !(*body)["messages"].is_array())
                 return validation_error("messages", "Field required");
               Reply r = chat(*body, fault, false);
               r.cost = router.cost("perplexity.chat");
               return r;
             });
}

}  // namespace buyergraph::mock::detail
