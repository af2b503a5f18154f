// Request building for research.llm: options, the prompt's privacy, and both wire formats.
#include <gtest/gtest.h>

#include "buyergraph/research/request.hpp"

using namespace buyergraph;
using namespace buyergraph::research;
using nlohmann::json;

namespace {

sdk::BuyerGroup sample_group() {
  sdk::BuyerGroup g;
  g.company.name = "Tailspin Aviation";
  g.company.domains = {"tailspin.example", "tailspin-air.example"};
  g.company.industry = "Airlines and Aviation";
  sdk::Candidate m;
  m.person.full_name = "Quinn Okafor";
  m.person.contacts.push_back({.kind = "email", .value = "quinn.okafor@tailspin.example"});
  g.members.push_back(m);
  return g;
}

sdk::SellerProfile sample_seller() {
  sdk::SellerProfile s;
  s.product = "Revenue intelligence platform";
  s.category = "sales tooling";
  return s;
}

}  // namespace

TEST(ResearchOptions, DefaultsAndValidation) {
  auto d = ResearchOptions::from_json(json::object());
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->resource, "perplexity");
  EXPECT_EQ(d->api, Api::agent);
  EXPECT_EQ(d->effective_model(), "perplexity/sonar");
  EXPECT_EQ(d->recency, "year");
  EXPECT_TRUE(d->search_domain_filter.empty());

  auto chat = ResearchOptions::from_json({{"api", "chat"}, {"model", ""}});
  ASSERT_TRUE(chat);
  EXPECT_EQ(chat->effective_model(), "sonar");

  EXPECT_FALSE(ResearchOptions::from_json({{"api", "completions"}}));
  EXPECT_FALSE(ResearchOptions::from_json({{"recency", "decade"}}));
  EXPECT_FALSE(ResearchOptions::from_json({{"max_output_tokens", 5}}));
  EXPECT_FALSE(ResearchOptions::from_json({{"search_domain_filter", "a.example"}}));
  auto unknown = ResearchOptions::from_json({{"temperature", 0.2}});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("temperature"), std::string::npos);
}

TEST(ResearchRequest, PromptNamesCompanyAndSellerButNoPeople) {
  const Subject s = Subject::of(sample_group(), sample_seller());
  const std::string prompt = research_prompt(s);
  EXPECT_NE(prompt.find("Tailspin Aviation"), std::string::npos);
  EXPECT_NE(prompt.find("tailspin.example"), std::string::npos);
  EXPECT_NE(prompt.find("Airlines and Aviation"), std::string::npos);
  EXPECT_NE(prompt.find("Revenue intelligence platform"), std::string::npos);
  // Whole bodies, both formats: no member name or email anywhere.
  for (Api api : {Api::agent, Api::chat}) {
    ResearchOptions o;
    o.api = api;
    const std::string body = request_body(s, o).dump();
    EXPECT_EQ(body.find("Quinn"), std::string::npos) << body;
    EXPECT_EQ(body.find("Okafor"), std::string::npos) << body;
    EXPECT_EQ(body.find("quinn.okafor"), std::string::npos) << body;
  }
}

TEST(ResearchRequest, AgentBodyFollowsTheResponsesFormat) {
  const Subject s = Subject::of(sample_group(), sample_seller());
  ResearchOptions o;
  o.max_output_tokens = 900;
  o.search_domain_filter = {"$company", "news.example", "tailspin.example"};
  json b = request_body(s, o);
  EXPECT_EQ(request_path(Api::agent), "/v1/agent");
  EXPECT_EQ(b["model"], "perplexity/sonar");
  EXPECT_TRUE(b["input"].is_string());
  EXPECT_TRUE(b["instructions"].is_string());
  EXPECT_EQ(b["max_output_tokens"], 900);
  ASSERT_EQ(b["tools"].size(), 1u);
  EXPECT_EQ(b["tools"][0]["type"], "web_search");
  // "$company" expands to both domains; the duplicate is sent once.
  EXPECT_EQ(b["tools"][0]["filters"]["search_domain_filter"],
            json::array({"tailspin.example", "tailspin-air.example", "news.example"}));
  EXPECT_EQ(b["tools"][0]["filters"]["search_recency_filter"], "year");
  EXPECT_EQ(b["response_format"]["type"], "json_schema");
  const json& schema = b["response_format"]["json_schema"]["schema"];
  EXPECT_EQ(schema["required"], json::array({"context", "pain_points"}));
  EXPECT_EQ(schema["properties"]["pain_points"]["items"]["required"],
            json::array({"statement", "source_urls"}));
  EXPECT_FALSE(b.contains("messages"));
}

TEST(ResearchRequest, ChatBodyUsesMessagesAndOmitsEmptyFilters) {
  const Subject s = Subject::of(sample_group(), sample_seller());
  ResearchOptions o;
  o.api = Api::chat;
  o.recency = "";
  json b = request_body(s, o);
  EXPECT_EQ(request_path(Api::chat), "/chat/completions");
  EXPECT_EQ(b["model"], "sonar");
  ASSERT_EQ(b["messages"].size(), 2u);
  EXPECT_EQ(b["messages"][0]["role"], "system");
  EXPECT_EQ(b["messages"][1]["role"], "user");
  EXPECT_EQ(b["max_tokens"], 1200);
  EXPECT_FALSE(b.contains("search_recency_filter"));
  EXPECT_FALSE(b.contains("search_domain_filter"));
  EXPECT_FALSE(b.contains("input"));
}

TEST(ResearchRequest, DomainFilterIsCappedAtTwenty) {
  ResearchOptions o;
  for (int i = 0; i < 30; ++i)
    o.search_domain_filter.push_back("d" + std::to_string(i) + ".example");
  EXPECT_EQ(domain_filter(o, Subject{}).size(), 20u);
  o.search_domain_filter = {"$company"};
  EXPECT_TRUE(domain_filter(o, Subject{}).empty());  // no domains known: no filter
}
