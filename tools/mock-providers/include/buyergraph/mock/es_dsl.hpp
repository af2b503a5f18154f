#pragma once
// The Elasticsearch query DSL subset the mock CoreSignal and PDL servers evaluate, over plain
// nlohmann::json documents. Compile once, evaluate per document.
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/sdk/status.hpp"

namespace buyergraph::mock {

/// How the documents are indexed.
///
///   DslOptions o{.nested_paths = {"experience"}};   // CoreSignal employee mapping
struct DslOptions {
  /// Object arrays indexed as `nested`: their fields can only be queried inside a `nested`
  /// query on that path, and every condition of that query must hold for one element. Outside
  /// it their fields match nothing (Elasticsearch's behaviour with a nested mapping).
  std::set<std::string, std::less<>> nested_paths;
  /// Fields mapped as `text` (analysed) with an `.exact` keyword sub-field, as CoreSignal's
  /// documented schema maps names and URLs. On a text field `term` compares against its tokens
  /// (a whole URL never equals one token) and `match` is any token (operator "or"); on the
  /// `.exact` / `.keyword` sub-field every query compares the whole value (a keyword is not
  /// tokenised). Fields not listed keep keyword `term` and tokenised `match`.
  std::set<std::string, std::less<>> text_fields;
};

/// One query node; see es_dsl.cpp for the supported types.
class DslNode;

/// A compiled `query` object: bool (must, filter, should + minimum_should_match, must_not),
/// term, terms, match, match_phrase, range, exists, wildcard, nested, match_all, match_none.
/// Unknown query types and malformed clauses fail to compile with a message naming the clause.
///
///   auto q = EsQuery::compile(body["query"], {.nested_paths = {"experience"}});
///   if (!q) return reply_422(q.error().message);
///   if (auto score = q->evaluate(doc)) keep(doc["id"], *score);
class EsQuery {
 public:
  static sdk::Result<EsQuery> compile(const nlohmann::json& query, DslOptions options = {});

  /// The document's score when it matches, nullopt when it does not.
  std::optional<double> evaluate(const nlohmann::json& doc) const;

  /// Values one of which `field` (full dotted name) must equal in every match: from term and
  /// terms clauses in the conjunctive part of the query (must/filter, recursively, and the
  /// inner query of nested). nullopt when the query does not constrain the field that way.
  /// Used to narrow candidates; evaluate() still decides.
  ///
  ///   q->required_values("experience.company_id")   // [12345] for the current-employer filter
  std::optional<std::vector<nlohmann::json>> required_values(std::string_view field) const;

 private:
  std::shared_ptr<const DslNode> root_;
  std::shared_ptr<const DslOptions> options_;
};

/// One sort key: a field name ("_score", "id", or a document field) and its direction.
struct SortKey {
  std::string field;
  bool descending = false;
};

/// Parses a `sort` value: absent/null means ascending id; strings ("_score" is descending,
/// others ascending) or {"field": "desc"} / {"field": {"order": "desc"}} entries.
///
///   auto keys = parse_sort(body.value("sort", nlohmann::json()));
sdk::Result<std::vector<SortKey>> parse_sort(const nlohmann::json& sort);

/// Lower-cased word tokens (ASCII letters and digits; other bytes >= 0x80 kept inside words),
/// as `match` and `match_phrase` see text. As Elasticsearch's standard tokenizer (Unicode word
/// boundaries), a `.` or `'` between two letters or digits does not split: host names stay
/// one token.
///
///   tokenize("VP, Sales & Marketing") == {"vp", "sales", "marketing"}
///   tokenize("https://www.acme.example/about") == {"https", "www.acme.example", "about"}
std::vector<std::string> tokenize(std::string_view text);

}  // namespace buyergraph::mock
