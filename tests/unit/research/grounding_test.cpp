// Response parsing and the grounding rule: only items citing a retrieved http(s) URL survive.
#include <gtest/gtest.h>

#include "buyergraph/research/grounding.hpp"

using namespace buyergraph::research;
using nlohmann::json;

namespace {

json item(const std::string& statement, std::vector<std::string> urls) {
  return {{"statement", statement}, {"source_urls", urls}};
}

json answer_doc() {
  return {
      {"context",
       json::array({item("Contoso opened a plant in Lyon.", {"https://news.example/contoso/lyon"}),
                    item("Contoso sells widgets.",
                         {"https://contoso.example/about/", "https://made-up.example/x"})})},
      {"pain_points",
       json::array({item("Contoso struggles with churn.", {"https://rumours.example/c"}),
                    item("Contoso has a backlog.", {"ftp://contoso.example/about"}),
                    item("   ", {"https://news.example/contoso/lyon"}),
                    item("Support queues doubled.", {"HTTPS://NEWS.example/contoso/lyon#q"})})}};
}

json agent_body(const json& doc) {
  return {
      {"id", "resp_1"},
      {"object", "response"},
      {"status", "completed"},
      {"model", "perplexity/sonar"},
      {"output",
       json::array(
           {{{"type", "search_results"},
             {"results", json::array({{{"id", 1}, {"url", "https://news.example/contoso/lyon"}}})}},
            {{"type", "message"},
             {"role", "assistant"},
             {"content",
              json::array({{{"type", "output_text"},
                            {"text", doc.dump()},
                            {"annotations",
                             json::array({{{"type", "url_citation"},
                                           {"url", "https://contoso.example/about"}}})}}})}}})},
      {"usage", {{"input_tokens", 10}, {"cost", {{"total_cost", 0.0031}}}}}};
}

}  // namespace

TEST(Grounding, AgentKeepsOnlyItemsCitingRetrievedPages) {
  auto a = parse_response(Api::agent, agent_body(answer_doc()).dump());
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->retrieved, (std::set<std::string>{"https://news.example/contoso/lyon",
                                                 "https://contoso.example/about"}));
  ASSERT_TRUE(a->cost_usd);
  EXPECT_DOUBLE_EQ(*a->cost_usd, 0.0031);
  Grounded g = ground(*a);
  ASSERT_EQ(g.items.size(), 3u);
  EXPECT_EQ(g.items[0].kind, "research_context");
  EXPECT_EQ(g.items[0].urls, std::vector<std::string>{"https://news.example/contoso/lyon"});
  // The annotation counts as retrieved; the made-up URL is removed from the kept item.
  EXPECT_EQ(g.items[1].urls, std::vector<std::string>{"https://contoso.example/about/"});
  EXPECT_EQ(g.items[2].kind, "research_pain_point");
  EXPECT_EQ(g.items[2].statement, "Support queues doubled.");
  // Dropped: the rumour (not retrieved), ftp:// (not http), the blank statement.
  EXPECT_EQ(g.dropped_uncited, 3);
  EXPECT_EQ(g.dropped_urls, 1);
}

TEST(Grounding, ChatUsesCitationsAndSearchResults) {
  json body = {
      {"object", "chat.completion"},
      {"choices", json::array({{{"message",
                                 {{"role", "assistant"},
                                  {"content", "```json\n" + answer_doc().dump() + "\n```"}}}}})},
      {"citations", json::array({"https://news.example/contoso/lyon"})},
      {"search_results", json::array({{{"url", "https://contoso.example/about"}}})},
      {"usage", {{"prompt_tokens", 5}, {"cost", {{"total_cost", 0.0052}}}}}};
  auto a = parse_response(Api::chat, body.dump());
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(ground(*a).items.size(), 3u);
  // A self-hosted model: the same answer without any citation grounds nothing.
  body.erase("citations");
  body.erase("search_results");
  body["usage"].erase("cost");
  auto bare = parse_response(Api::chat, body.dump());
  ASSERT_TRUE(bare) << bare.error().message;
  EXPECT_FALSE(bare->cost_usd);
  Grounded g = ground(*bare);
  EXPECT_TRUE(g.items.empty());
  EXPECT_EQ(g.dropped_uncited, 6);
}

TEST(Grounding, MalformedResponsesAreClearErrorsWithoutTheBody) {
  const json good = agent_body(answer_doc());
  auto expect_error = [](const json& body, const std::string& code, const std::string& words) {
    auto a = parse_response(Api::agent, body.dump());
    ASSERT_FALSE(a) << body.dump();
    EXPECT_EQ(a.error().code, code);
    EXPECT_NE(a.error().message.find(words), std::string::npos) << a.error().message;
    EXPECT_EQ(a.error().message.find("Contoso"), std::string::npos) << "body leaked";
  };
  json failed = good;
  failed["status"] = "failed";
  failed["error"] = {{"code", "internal_error"}, {"message", "The research run failed"}};
  expect_error(failed, "provider_failed", "internal_error");
  json no_message = good;
  no_message["output"].erase(1);
  expect_error(no_message, "bad_response", "no message item");
  json no_usage = good;
  no_usage.erase("usage");
  expect_error(no_usage, "bad_response", "no usage");
  json not_json = good;
  not_json["output"][1]["content"][0]["text"] = "Here you go: {context: [";
  expect_error(not_json, "bad_response", "not JSON");
  json wrong_shape = good;
  wrong_shape["output"][1]["content"][0]["text"] = json{{"context", "Contoso"}}.dump();
  expect_error(wrong_shape, "bad_response", "'context' is not a list");
  json missing_list = good;
  missing_list["output"][1]["content"][0]["text"] = json{{"context", json::array()}}.dump();
  expect_error(missing_list, "bad_response", "pain_points");
  json bad_item = good;
  bad_item["output"][1]["content"][0]["text"] = json{
      {"context", json::array({{{"statement", 3}, {"source_urls", json::array()}}})},
      {"pain_points", json::array()}}.dump();
  expect_error(bad_item, "bad_response", "context[0].statement");
  EXPECT_FALSE(parse_response(Api::agent, "<html>502</html>"));
  EXPECT_FALSE(parse_response(Api::chat, R"({"choices":[]})"));
}

TEST(Grounding, UrlHelpers) {
  EXPECT_TRUE(is_http_url("https://a.example/x"));
  EXPECT_TRUE(is_http_url(" http://a.example "));
  EXPECT_FALSE(is_http_url("javascript:alert(1)"));
  EXPECT_FALSE(is_http_url("https://"));
  EXPECT_FALSE(is_http_url("/relative/path"));
  EXPECT_EQ(normalize_url(" HTTPS://News.Example/A/#top "), "https://news.example/A");
  EXPECT_EQ(response_cost(R"({"usage":{"cost":{"total_cost":0.25}}})"), 0.25);
  EXPECT_FALSE(response_cost(R"({"usage":{}})"));
  EXPECT_FALSE(response_cost("not json"));
}

TEST(Grounding, ResultJsonUsesTheStatementShape) {
  ResearchResult r;
  r.provider = "perplexity";
  r.model = "perplexity/sonar";
  r.status = "ok";
  r.grounded.items = {
      {"research_context", "A fact.", {"https://a.example/1"}},
      {"research_pain_point", "A pain.", {"https://a.example/2", "https://b.example"}}};
  r.grounded.dropped_uncited = 2;
  r.cost_usd = 0.01;
  json j = r.to_json();
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["dropped_uncited"], 2);
  EXPECT_FALSE(j.contains("error"));
  ASSERT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["items"][0]["id"], "research.context.1");
  EXPECT_EQ(j["items"][1]["id"], "research.pain.1");
  EXPECT_EQ(j["items"][1]["kind"], "research_pain_point");
  EXPECT_EQ(j["items"][1]["evidence"].size(), 2u);
  EXPECT_EQ(j["items"][1]["evidence"][1]["url"], "https://b.example");
  ResearchResult failed;
  failed.error = "Perplexity agent research: the API key was rejected (HTTP 401)";
  EXPECT_EQ(failed.to_json()["status"], "failed");
  EXPECT_TRUE(failed.to_json()["items"].empty());
  EXPECT_EQ(failed.to_json()["error"], failed.error);
}
