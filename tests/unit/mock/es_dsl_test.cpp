// The Elasticsearch DSL subset of the mock servers, on its own: nested per-element semantics
// (the current-employee query of providers.md 1.9), bool clauses, ranges, text matching.
#include <gtest/gtest.h>

#include "buyergraph/mock/es_dsl.hpp"

using buyergraph::mock::DslOptions;
using buyergraph::mock::EsQuery;
using buyergraph::mock::parse_sort;
using buyergraph::mock::tokenize;
using nlohmann::json;

namespace {

const DslOptions kEmployee{.nested_paths = {"experience"}};

json role(int company_id, bool current, const char* title, int from_year) {
  return {{"company_id", company_id},
          {"active_experience", current ? 1 : 0},
          {"position_title", title},
          {"date_from_year", from_year}};
}

// Current CFO of company 100.
json current_cfo() {
  return {{"id", 1},
          {"full_name", "Maren Holt"},
          {"is_deleted", 0},
          {"is_parent", 1},
          {"updated_at", "2026-03-02"},
          {"active_experience_company_id", 100},
          {"active_experience_title", "Chief Financial Officer"},
          {"active_experience_management_level", "C-Level"},
          {"active_experience_department", "Finance & Accounting"},
          {"experience", json::array({role(200, false, "Controller", 2012),
                                      role(100, true, "Chief Financial Officer", 2019)})}};
}

// Worked at 100 until 2018, now Senior Vice President of Sales at 300.
json former_employee() {
  return {
      {"id", 2},
      {"full_name", "Tobias Ferreira"},
      {"is_deleted", 0},
      {"is_parent", 1},
      {"updated_at", "2024-11-20"},
      {"active_experience_company_id", 300},
      {"active_experience_title", "Senior Vice President of Sales, EMEA"},
      {"active_experience_management_level", "Head"},
      {"active_experience_department", "Sales"},
      {"experience", json::array({role(100, false, "Account Executive", 2014),
                                  role(300, true, "Senior Vice President of Sales, EMEA", 2018)})}};
}

// Current analyst at 100, but a deleted profile.
json deleted_analyst() {
  return {{"id", 3},
          {"full_name", "Ines Vogel"},
          {"is_deleted", 1},
          {"is_parent", 1},
          {"updated_at", "2025-06-30"},
          {"active_experience_company_id", 100},
          {"active_experience_title", "Sales Operations Analyst"},
          {"active_experience_management_level", "Specialist"},
          {"active_experience_department", "Sales"},
          {"primary_professional_email", nullptr},
          {"experience", json::array({role(100, true, "Sales Operations Analyst", 2023)})}};
}

EsQuery compile(const json& q) {
  auto r = EsQuery::compile(q, kEmployee);
  EXPECT_TRUE(r) << r.error().message;
  return *r;
}

json current_at(int company) {
  return {{"nested",
           {{"path", "experience"},
            {"query",
             {{"bool",
               {{"must", json::array({{{"term", {{"experience.company_id", company}}}},
                                      {{"term", {{"experience.active_experience", 1}}}}})}}}}}}}};
}

}  // namespace

TEST(EsDsl, NestedConditionsHoldForOneElement) {
  auto q = compile(current_at(100));
  EXPECT_TRUE(q.evaluate(current_cfo()));
  EXPECT_FALSE(q.evaluate(former_employee())) << "a past role at 100 plus a current role elsewhere";
  EXPECT_TRUE(compile(current_at(300)).evaluate(former_employee()));
}

TEST(EsDsl, SeparateNestedClausesMatchDifferentElements) {
  // The anti-pattern of providers.md 1.9: two nested clauses can be met by two entries.
  auto q = compile(
      {{"bool",
        {{"filter",
          json::array({{{"nested",
                         {{"path", "experience"},
                          {"query", {{"term", {{"experience.company_id", 100}}}}}}}},
                       {{"nested",
                         {{"path", "experience"},
                          {"query", {{"term", {{"experience.active_experience", 1}}}}}}}}})}}}});
  EXPECT_TRUE(q.evaluate(former_employee()));
}

TEST(EsDsl, NestedFieldsAreInvisibleOutsideNested) {
  auto q = compile({{"term", {{"experience.company_id", 100}}}});
  EXPECT_FALSE(q.evaluate(current_cfo()));
  // Without a nested mapping, object arrays flatten and the same query matches.
  auto flat = EsQuery::compile({{"term", {{"experience.company_id", 100}}}}, {});
  ASSERT_TRUE(flat);
  EXPECT_TRUE(flat->evaluate(current_cfo()));
  EXPECT_TRUE(flat->evaluate(former_employee()));
}

TEST(EsDsl, FilterAndMustNot) {
  auto q = compile({{"bool",
                     {{"filter", json::array({current_at(100)})},
                      {"must_not", json::array({{{"term", {{"is_deleted", 1}}}}})}}}});
  EXPECT_TRUE(q.evaluate(current_cfo()));
  EXPECT_FALSE(q.evaluate(deleted_analyst()));
  EXPECT_FALSE(q.evaluate(former_employee()));
}

TEST(EsDsl, ShouldAndMinimumShouldMatch) {
  json should = json::array(
      {{{"terms", {{"active_experience_management_level", json::array({"C-Level", "Director"})}}}},
       {{"match_phrase", {{"active_experience_title", "chief financial officer"}}}},
       {{"term", {{"active_experience_department", "Finance & Accounting"}}}}});
  // should alone: one clause must match.
  auto alone = compile({{"bool", {{"should", should}}}});
  EXPECT_TRUE(alone.evaluate(current_cfo()));
  EXPECT_FALSE(alone.evaluate(former_employee()));
  // should next to a filter: optional, only scores.
  auto scored = compile(
      {{"bool", {{"filter", json::array({{{"term", {{"is_parent", 1}}}}})}, {"should", should}}}});
  auto cfo = scored.evaluate(current_cfo());
  auto other = scored.evaluate(former_employee());
  ASSERT_TRUE(cfo);
  ASSERT_TRUE(other);
  EXPECT_GT(*cfo, *other);
  // An explicit minimum is enforced, counted and as a percentage.
  auto three = compile({{"bool", {{"should", should}, {"minimum_should_match", 3}}}});
  EXPECT_TRUE(three.evaluate(current_cfo()));
  json analyst = deleted_analyst();
  analyst["active_experience_department"] = "Finance & Accounting";
  EXPECT_FALSE(three.evaluate(analyst)) << "matches 1 of 3";
  // Percentages round down, as in Elasticsearch: 67% of 3 clauses is 2, 60% is 1.
  EXPECT_FALSE(
      compile({{"bool", {{"should", should}, {"minimum_should_match", "67%"}}}}).evaluate(analyst));
  EXPECT_TRUE(
      compile({{"bool", {{"should", should}, {"minimum_should_match", "60%"}}}}).evaluate(analyst));
}

TEST(EsDsl, RangeOnDatesAndYears) {
  auto recent = compile({{"range", {{"updated_at", {{"gte", "2025-01-01"}}}}}});
  EXPECT_TRUE(recent.evaluate(current_cfo()));
  EXPECT_FALSE(recent.evaluate(former_employee()));
  auto window =
      compile({{"range", {{"updated_at", {{"gt", "2025-06-30"}, {"lte", "2026-12-31"}}}}}});
  EXPECT_FALSE(window.evaluate(deleted_analyst())) << "gt excludes the bound";
  EXPECT_TRUE(window.evaluate(current_cfo()));
  // Inside nested: a current role that started from 2019 on.
  auto started = compile(
      {{"nested",
        {{"path", "experience"},
         {"query",
          {{"bool",
            {{"must",
              json::array({{{"term", {{"experience.active_experience", 1}}}},
                           {{"range", {{"experience.date_from_year", {{"gte", 2019}}}}}}})}}}}}}}});
  EXPECT_TRUE(started.evaluate(current_cfo()));
  EXPECT_FALSE(started.evaluate(former_employee())) << "current role began 2018";
}

TEST(EsDsl, MatchTokenisesMatchPhraseNeedsTheSequence) {
  auto match = compile({{"match", {{"active_experience_title", "vice president of sales"}}}});
  auto phrase =
      compile({{"match_phrase", {{"active_experience_title", "vice president of sales"}}}});
  EXPECT_TRUE(match.evaluate(deleted_analyst())) << "shares the token 'sales'";
  EXPECT_FALSE(phrase.evaluate(deleted_analyst()));
  EXPECT_TRUE(phrase.evaluate(former_employee()));
  auto all = compile(
      {{"match",
        {{"active_experience_title", {{"query", "sales director"}, {"operator", "and"}}}}}});
  EXPECT_FALSE(all.evaluate(deleted_analyst()));
}

TEST(EsDsl, TermsExistsWildcard) {
  EXPECT_TRUE(compile({{"terms", {{"id", json::array({2, 3})}}}}).evaluate(former_employee()));
  EXPECT_FALSE(compile({{"terms", {{"id", json::array({2, 3})}}}}).evaluate(current_cfo()));
  EXPECT_TRUE(compile({{"term", {{"id", "1"}}}}).evaluate(current_cfo())) << "numeric coercion";
  auto has_email = compile({{"exists", {{"field", "primary_professional_email"}}}});
  EXPECT_FALSE(has_email.evaluate(deleted_analyst())) << "null is not a value";
  json with_email = current_cfo();
  with_email["primary_professional_email"] = "maren.holt@coho.example";
  EXPECT_TRUE(has_email.evaluate(with_email));
  EXPECT_TRUE(compile({{"wildcard", {{"full_name", "Tob*reira"}}}}).evaluate(former_employee()));
  EXPECT_FALSE(compile({{"wildcard", {{"full_name", "tob*"}}}}).evaluate(former_employee()));
  EXPECT_TRUE(
      compile({{"wildcard", {{"full_name", {{"value", "tob?as*"}, {"case_insensitive", true}}}}}})
          .evaluate(former_employee()));
}

TEST(EsDsl, CompileErrorsNameTheClause) {
  auto unknown =
      EsQuery::compile({{"bool", {{"must", json::array({{{"fuzzy", {{"x", 1}}}}})}}}}, kEmployee);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("fuzzy"), std::string::npos);
  EXPECT_NE(unknown.error().message.find("must[0]"), std::string::npos);
  EXPECT_FALSE(EsQuery::compile(
      {{"nested", {{"path", "education"}, {"query", {{"match_all", json::object()}}}}}},
      kEmployee));
  EXPECT_FALSE(EsQuery::compile({{"term", {{"id", json::array({1})}}}}, kEmployee));
  EXPECT_FALSE(EsQuery::compile({{"range", {{"updated_at", {{"after", "2020"}}}}}}, kEmployee));
  EXPECT_FALSE(EsQuery::compile(json::array(), kEmployee));
  EXPECT_FALSE(EsQuery::compile({{"bool", {{"minimum_should_match", "lots"}}}}, kEmployee));
}

TEST(EsDsl, RequiredValuesComeFromTheConjunctivePart) {
  auto q =
      compile({{"bool",
                {{"filter", json::array({current_at(100)})},
                 {"should", json::array({{{"term", {{"active_experience_company_id", 7}}}}})}}}});
  auto v = q.required_values("experience.company_id");
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, std::vector<json>{100});
  EXPECT_FALSE(q.required_values("active_experience_company_id")) << "should is optional";
  EXPECT_FALSE(compile({{"match_all", json::object()}}).required_values("experience.company_id"));
}

TEST(EsDsl, SortForms) {
  auto none = parse_sort(nullptr);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  auto keys = parse_sort(
      json::array({"_score", "id", {{"updated_at", "desc"}}, {{"full_name", {{"order", "asc"}}}}}));
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 4u);
  EXPECT_TRUE((*keys)[0].descending);
  EXPECT_FALSE((*keys)[1].descending);
  EXPECT_TRUE((*keys)[2].descending);
  EXPECT_EQ((*keys)[3].field, "full_name");
  EXPECT_FALSE(parse_sort(json::array({{{"id", "sideways"}}})));
}

TEST(EsDsl, Tokenize) {
  EXPECT_EQ(tokenize("VP, Sales & Marketing"),
            (std::vector<std::string>{"vp", "sales", "marketing"}));
  EXPECT_EQ(tokenize("Directrice financière"),
            (std::vector<std::string>{"directrice", "financière"}));
}

// Documented rule: CoreSignal's multi-source employee schema maps names and URLs as `text` with
// an `.exact` keyword sub-field (docs.coresignal.com/employee-api/multi-source-employee-api/
// elasticsearch-dsl: professional_network_url, website, facebook_url, ...). A `match` on the
// text field is analysed (any token: every record with an https LinkedIn URL shares some), a
// `term` on it compares single tokens, and only `.exact` matches one whole URL.
// docs/mock-providers.md, "DSL subset".
TEST(EsDsl, UrlFieldsAreTextWithAnExactKeyword) {
  const DslOptions opts{.nested_paths = {"experience"},
                        .text_fields = {"experience.company_linkedin_url"}};
  auto at = [](const char* url) {
    return json{
        {"id", 1},
        {"experience", json::array({{{"company_linkedin_url", url}, {"active_experience", 1}}})}};
  };
  const json acme = at("https://www.linkedin.com/company/acme");
  const json other = at("https://www.linkedin.com/company/other-co");
  auto nested = [&](const json& inner) {
    auto q = EsQuery::compile({{"nested", {{"path", "experience"}, {"query", inner}}}}, opts);
    EXPECT_TRUE(q) << (q ? "" : q.error().message);
    return *q;
  };
  const std::string url = "https://www.linkedin.com/company/acme";
  auto match = nested({{"match", {{"experience.company_linkedin_url", url}}}});
  EXPECT_TRUE(match.evaluate(acme));
  EXPECT_TRUE(match.evaluate(other)) << "text: shares the tokens https, www.linkedin.com, company";
  auto term = nested({{"term", {{"experience.company_linkedin_url", url}}}});
  EXPECT_FALSE(term.evaluate(acme)) << "a whole URL is not one token of a text field";
  auto exact = nested({{"match", {{"experience.company_linkedin_url.exact", url}}}});
  EXPECT_TRUE(exact.evaluate(acme));
  EXPECT_FALSE(exact.evaluate(other));
  auto exact_term = nested({{"term", {{"experience.company_linkedin_url.exact", url}}}});
  EXPECT_TRUE(exact_term.evaluate(acme));
  EXPECT_FALSE(exact_term.evaluate(other));
  auto phrase = nested({{"match_phrase", {{"experience.company_linkedin_url", "company/acme"}}}});
  EXPECT_TRUE(phrase.evaluate(acme));
  EXPECT_FALSE(phrase.evaluate(other));
  EXPECT_EQ(tokenize(url),
            (std::vector<std::string>{"https", "www.linkedin.com", "company", "acme"}))
      << "the standard tokenizer keeps a host name whole";
}
