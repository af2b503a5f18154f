// The mock server's Elasticsearch query DSL: any JSON body a client posts is compiled, then
// evaluated against the body itself and a small employee document, and its sort parsed.
#include <cstddef>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "buyergraph/mock/es_dsl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using nlohmann::json;
  namespace mock = buyergraph::mock;
  auto body = json::parse(data, data + size, nullptr, false);
  if (body.is_discarded()) return 0;
  static const json doc = json::parse(R"({
    "full_name": "Jane Doe", "active_experience_title": "VP Sales", "is_working": 1,
    "experience": [{"company_id": 7, "title": "VP Sales", "active_experience": 1,
                    "date_from": "2021-03"}],
    "location_country": "United States", "connections_count": 500})");
  mock::DslOptions options;
  options.nested_paths = {"experience"};
  json query = body.is_object() && body.contains("query") ? body["query"] : body;
  if (auto q = mock::EsQuery::compile(query, options)) {
    (void)q->evaluate(doc);
    (void)q->evaluate(body);
    (void)q->required_values("experience.company_id");
  }
  if (body.is_object() && body.contains("sort")) (void)mock::parse_sort(body["sort"]);
  return 0;
}
