// Evaluation of the Elasticsearch query DSL subset over JSON documents.
// Semantics follow Elasticsearch where the mock's clients can observe them: array fields match
// when any value matches, nested queries hold for one element, fields of a nested path are
// invisible outside their nested query, and `should` alone requires one match.
#include "buyergraph/mock/es_dsl.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>

namespace buyergraph::mock {

using nlohmann::json;

enum class NodeKind {
  match_all,
  match_none,
  boolean,
  term,
  terms,
  match,
  match_phrase,
  range,
  exists,
  wildcard,
  nested
};

class DslNode {
 public:
  NodeKind kind = NodeKind::match_all;
  std::string field;                // leaf queries; nested: path
  std::vector<json> values;         // term/terms values
  std::vector<std::string> tokens;  // match/match_phrase query tokens
  std::string raw;                  // match/match_phrase query text, for keyword fields
  bool keyword = false;             // an `.exact` / `.keyword` sub-field: whole-value matching
  bool text = false;                // a text field: term compares against its tokens
  bool match_all_tokens = false;    // match with operator "and"
  std::string pattern;              // wildcard, lower-cased when case-insensitive
  bool case_insensitive = false;
  std::optional<json> gt, gte, lt, lte;
  double boost = 1.0;
  std::vector<std::shared_ptr<const DslNode>> must, filter, should, must_not;
  int minimum_should_match = -1;         // -1: Elasticsearch's default
  std::shared_ptr<const DslNode> inner;  // nested
};

namespace {

using NodePtr = std::shared_ptr<const DslNode>;

sdk::Error compile_error(const std::string& message) {
  return sdk::Error{"invalid_query", message, false};
}

/// The single key of a `{"type": body}` object.
std::optional<std::pair<std::string, const json*>> single_entry(const json& j) {
  if (!j.is_object() || j.size() != 1) return std::nullopt;
  auto it = j.begin();
  return std::make_pair(it.key(), &it.value());
}

struct Compiler {
  const DslOptions& options;

  sdk::Result<NodePtr> compile(const json& q, const std::string& where) {
    auto entry = single_entry(q);
    if (!entry)
      return compile_error(where + ": a query must be an object with exactly one query type");
    const auto& [type, body] = *entry;
    const std::string at = where + "." + type;
    auto node = std::make_shared<DslNode>();
    if (type == "match_all") {
      node->kind = NodeKind::match_all;
    } else if (type == "match_none") {
      node->kind = NodeKind::match_none;
    } else if (type == "bool") {
      if (auto s = compile_bool(*body, at, *node); !s) return s.error();
    } else if (type == "term" || type == "match" || type == "match_phrase" || type == "wildcard" ||
               type == "range") {
      if (auto s = compile_field_query(type, *body, at, *node); !s) return s.error();
    } else if (type == "terms") {
      if (!body->is_object()) return compile_error(at + ": expected an object");
      for (auto it = body->begin(); it != body->end(); ++it) {
        if (it.key() == "boost") {
          if (it->is_number()) node->boost = it->get<double>();
          continue;
        }
        if (!node->field.empty()) return compile_error(at + ": only one field allowed");
        if (!it->is_array()) return compile_error(at + "." + it.key() + ": expected an array");
        node->field = it.key();
        node->values.assign(it->begin(), it->end());
      }
      if (node->field.empty()) return compile_error(at + ": no field given");
      node->kind = NodeKind::terms;
    } else if (type == "exists") {
      if (!body->is_object() || !body->contains("field") || !(*body)["field"].is_string())
        return compile_error(at + ": expected {\"field\": \"name\"}");
      node->kind = NodeKind::exists;
      node->field = (*body)["field"].get<std::string>();
    } else if (type == "nested") {
      if (!body->is_object() || !body->contains("path") || !(*body)["path"].is_string() ||
          !body->contains("query"))
        return compile_error(at + ": expected {\"path\": ..., \"query\": {...}}");
      node->kind = NodeKind::nested;
      node->field = (*body)["path"].get<std::string>();
      if (!options.nested_paths.contains(node->field))
        return compile_error(at + ": path '" + node->field + "' is not a nested field");
      auto inner = compile((*body)["query"], at + ".query");
      if (!inner) return inner.error();
      node->inner = *inner;
    } else {
      return compile_error(at + ": unsupported query type '" + type + "'");
    }
    return NodePtr(node);
  }

  sdk::Status compile_bool(const json& body, const std::string& at, DslNode& node) {
    if (!body.is_object()) return sdk::Status::error("invalid_query", at + ": expected an object");
    node.kind = NodeKind::boolean;
    for (auto it = body.begin(); it != body.end(); ++it) {
      const std::string& key = it.key();
      std::vector<NodePtr>* target = nullptr;
      if (key == "must")
        target = &node.must;
      else if (key == "filter")
        target = &node.filter;
      else if (key == "should")
        target = &node.should;
      else if (key == "must_not")
        target = &node.must_not;
      if (target) {
        auto add = [&](const json& clause, const std::string& w) -> sdk::Status {
          auto c = compile(clause, w);
          if (!c) return sdk::Status::from(c.error());
          target->push_back(*c);
          return {};
        };
        if (it->is_array()) {
          for (std::size_t i = 0; i < it->size(); ++i) {
            std::string elem = at;
            elem += '.';
            elem += key;
            elem += '[';
            elem += std::to_string(i);
            elem += ']';
            if (auto s = add((*it)[i], elem); !s) return s;
          }
        } else {
          std::string child = at;
          child += '.';
          child += key;
          if (auto s = add(*it, child); !s) return s;
        }
      } else if (key == "minimum_should_match") {
        auto m = parse_minimum(*it);
        if (!m)
          return sdk::Status::error("invalid_query", at + ".minimum_should_match: " +
                                                         "expected an integer or a percentage");
        node.minimum_should_match = *m;
      } else if (key == "boost") {
        if (it->is_number()) node.boost = it->get<double>();
      } else if (key != "_name" && key != "adjust_pure_negative") {
        std::string msg = at;
        msg += ": unknown key '";
        msg += key;
        msg += '\'';
        return sdk::Status::error("invalid_query", msg);
      }
    }
    // Percentages are resolved against the clause count, now known.
    if (node.minimum_should_match <= -100) {
      int pct = -(node.minimum_should_match + 100);
      node.minimum_should_match = static_cast<int>(node.should.size()) * pct / 100;
    }
    return {};
  }

  // Integers stay as they are; "N%" is encoded as -(100 + N) until the clause count is known.
  static std::optional<int> parse_minimum(const json& v) {
    if (v.is_number_integer()) return std::max(0, v.get<int>());
    if (!v.is_string()) return std::nullopt;
    std::string s = v.get<std::string>();
    bool pct = !s.empty() && s.back() == '%';
    if (pct) s.pop_back();
    if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c));
        }))
      return std::nullopt;
    int n = std::stoi(s);
    return pct ? -(100 + std::min(n, 100)) : n;
  }

  sdk::Status compile_field_query(const std::string& type, const json& body, const std::string& at,
                                  DslNode& node) {
    auto entry = single_entry(body);
    if (!entry) return sdk::Status::error("invalid_query", at + ": expected {\"field\": ...}");
    const auto& [field, spec] = *entry;
    node.field = field;
    node.keyword = field.ends_with(".exact") || field.ends_with(".keyword");
    node.text = options.text_fields.contains(field);
    const std::string fat = at + "." + field;
    // The short form `{"field": value}` and the long form `{"field": {"value"/"query": ...}}`.
    const json* value = spec;
    if (spec->is_object() && type != "range") {
      const char* key = (type == "match" || type == "match_phrase") ? "query" : "value";
      if (!spec->contains(key))
        return sdk::Status::error("invalid_query", fat + ": missing '" + key + "'");
      value = &(*spec)[key];
      if (spec->contains("boost") && (*spec)["boost"].is_number())
        node.boost = (*spec)["boost"].get<double>();
      if (type == "match" && spec->value("operator", "or") == "and") node.match_all_tokens = true;
      if (type == "wildcard") node.case_insensitive = spec->value("case_insensitive", false);
    }
    if (type == "term") {
      if (value->is_structured() || value->is_null())
        return sdk::Status::error("invalid_query", fat + ": expected a scalar value");
      node.kind = NodeKind::term;
      node.values = {*value};
    } else if (type == "match" || type == "match_phrase") {
      if (value->is_structured() || value->is_null())
        return sdk::Status::error("invalid_query", fat + ": expected a scalar query");
      node.kind = type == "match" ? NodeKind::match : NodeKind::match_phrase;
      node.raw = value->is_string() ? value->get<std::string>() : value->dump();
      node.tokens = tokenize(node.raw);
    } else if (type == "wildcard") {
      if (!value->is_string())
        return sdk::Status::error("invalid_query", fat + ": expected a string pattern");
      node.kind = NodeKind::wildcard;
      node.pattern = value->get<std::string>();
      if (node.case_insensitive)
        std::transform(node.pattern.begin(), node.pattern.end(), node.pattern.begin(),
                       [](unsigned char c) { return std::tolower(c); });
    } else {  // range
      if (!spec->is_object())
        return sdk::Status::error("invalid_query", fat + ": expected {\"gte\": ..., ...}");
      node.kind = NodeKind::range;
      bool any = false;
      for (auto it = spec->begin(); it != spec->end(); ++it) {
        const std::string& op = it.key();
        if (op == "gt")
          node.gt = *it;
        else if (op == "gte")
          node.gte = *it;
        else if (op == "lt")
          node.lt = *it;
        else if (op == "lte")
          node.lte = *it;
        else if (op == "boost" || op == "format")
          continue;
        else {
          std::string msg = fat;
          msg += ": unknown range key '";
          msg += op;
          msg += '\'';
          return sdk::Status::error("invalid_query", msg);
        }
        if (it->is_structured() || it->is_null()) {
          std::string msg = fat;
          msg += '.';
          msg += op;
          msg += ": expected a scalar";
          return sdk::Status::error("invalid_query", msg);
        }
        any = true;
      }
      if (!any) return sdk::Status::error("invalid_query", fat + ": no bound given");
    }
    return {};
  }
};

// ---- evaluation ------------------------------------------------------------------------

/// Where field names resolve: the document root, or one element of a nested array.
struct Scope {
  const json* root;
  const std::string* nested_path;  // null at the root
  const json* element;
};

void collect_values(const json& node, std::string_view path, std::vector<const json*>& out) {
  if (node.is_array()) {
    for (const auto& e : node) collect_values(e, path, out);
    return;
  }
  if (path.empty()) {
    if (!node.is_null()) out.push_back(&node);
    return;
  }
  if (!node.is_object()) return;
  auto dot = path.find('.');
  std::string key(path.substr(0, dot));
  auto it = node.find(key);
  if (it == node.end()) return;
  collect_values(*it, dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1),
                 out);
}

bool under(std::string_view field, std::string_view path) {
  return field.size() > path.size() && field.substr(0, path.size()) == path &&
         field[path.size()] == '.';
}

/// The `.exact` and `.domain_only` keyword sub-fields read as their parent field.
std::string_view strip_subfield(std::string_view field) {
  for (std::string_view suffix : {".exact", ".domain_only", ".keyword"})
    if (field.size() > suffix.size() && field.substr(field.size() - suffix.size()) == suffix)
      return field.substr(0, field.size() - suffix.size());
  return field;
}

std::vector<const json*> field_values(const Scope& scope, std::string_view field,
                                      const DslOptions& options) {
  std::vector<const json*> out;
  field = strip_subfield(field);
  if (scope.nested_path && under(field, *scope.nested_path)) {
    collect_values(*scope.element, field.substr(scope.nested_path->size() + 1), out);
    return out;
  }
  // A nested object's fields are not indexed in the root document.
  for (const auto& p : options.nested_paths)
    if (field == p || under(field, p)) return out;
  collect_values(*scope.root, field, out);
  return out;
}

std::optional<double> as_number(const json& v) {
  if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end == s.c_str() + s.size()) return d;
  }
  return std::nullopt;
}

std::string as_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

/// Keyword equality with Elasticsearch's coercion: numbers (and numeric strings, booleans as
/// 0/1) compare numerically, strings exactly.
bool term_equal(const json& doc_value, const json& query_value) {
  if (doc_value.is_string() && query_value.is_string())
    return doc_value.get_ref<const std::string&>() == query_value.get_ref<const std::string&>();
  auto a = as_number(doc_value), b = as_number(query_value);
  if (a && b) return *a == *b;
  return as_text(doc_value) == as_text(query_value);
}

/// Compares a document value with a range bound: numerically when both are numbers, else as
/// text (ISO dates order correctly as text).
std::optional<int> compare(const json& doc_value, const json& bound) {
  auto a = as_number(doc_value), b = as_number(bound);
  if (a && b) return *a < *b ? -1 : (*a > *b ? 1 : 0);
  if (doc_value.is_string() && bound.is_string()) {
    int c = doc_value.get_ref<const std::string&>().compare(bound.get_ref<const std::string&>());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return std::nullopt;
}

bool wildcard_match(std::string_view pat, std::string_view text) {
  // Iterative glob with backtracking on the last '*'.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pat.size() && (pat[p] == '?' || pat[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pat.size() && pat[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

bool contains_phrase(const std::vector<std::string>& hay, const std::vector<std::string>& needle) {
  if (needle.empty()) return false;
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (std::equal(needle.begin(), needle.end(), hay.begin() + static_cast<std::ptrdiff_t>(i)))
      return true;
  return false;
}

std::optional<double> eval(const DslNode& n, const Scope& scope, const DslOptions& options);

std::optional<double> eval_bool(const DslNode& n, const Scope& scope, const DslOptions& options) {
  double score = 0;
  for (const auto& c : n.must) {
    auto s = eval(*c, scope, options);
    if (!s) return std::nullopt;
    score += *s;
  }
  for (const auto& c : n.filter)
    if (!eval(*c, scope, options)) return std::nullopt;
  for (const auto& c : n.must_not)
    if (eval(*c, scope, options)) return std::nullopt;
  int matched = 0;
  for (const auto& c : n.should)
    if (auto s = eval(*c, scope, options)) {
      ++matched;
      score += *s;
    }
  int required = n.minimum_should_match;
  if (required < 0) required = (n.must.empty() && n.filter.empty() && !n.should.empty()) ? 1 : 0;
  required = std::min<int>(required, static_cast<int>(n.should.size()));
  if (matched < required) return std::nullopt;
  return score * n.boost;
}

std::optional<double> eval(const DslNode& n, const Scope& scope, const DslOptions& options) {
  switch (n.kind) {
    case NodeKind::match_all:
      return 1.0 * n.boost;
    case NodeKind::match_none:
      return std::nullopt;
    case NodeKind::boolean:
      return eval_bool(n, scope, options);
    case NodeKind::term:
    case NodeKind::terms:
      for (const json* v : field_values(scope, n.field, options)) {
        if (n.text) {  // the indexed terms of a text field are its tokens
          for (const auto& t : tokenize(as_text(*v)))
            for (const auto& q : n.values)
              if (q.is_string() && q.get<std::string>() == t) return n.boost;
          continue;
        }
        for (const auto& q : n.values)
          if (term_equal(*v, q)) return n.boost;
      }
      return std::nullopt;
    case NodeKind::match:
    case NodeKind::match_phrase:
      if (n.keyword) {  // a keyword is one term: the whole value, case and all
        for (const json* v : field_values(scope, n.field, options))
          if (as_text(*v) == n.raw) return n.boost;
        return std::nullopt;
      }
      if (n.kind == NodeKind::match_phrase) {
        for (const json* v : field_values(scope, n.field, options))
          if (contains_phrase(tokenize(as_text(*v)), n.tokens)) return 2.0 * n.boost;
        return std::nullopt;
      }
      {
        std::set<std::string, std::less<>> present;
        for (const json* v : field_values(scope, n.field, options))
          for (auto& t : tokenize(as_text(*v))) present.insert(std::move(t));
        int hits = 0;
        for (const auto& t : n.tokens) hits += present.contains(t) ? 1 : 0;
        if (hits == 0 || (n.match_all_tokens && hits < static_cast<int>(n.tokens.size())))
          return std::nullopt;
        return n.boost * hits / static_cast<double>(n.tokens.size());
      }
    case NodeKind::range:
      for (const json* v : field_values(scope, n.field, options)) {
        auto ok = [&](const std::optional<json>& bound, auto pred) {
          if (!bound) return true;
          auto c = compare(*v, *bound);
          return c && pred(*c);
        };
        if (ok(n.gt, [](int c) { return c > 0; }) && ok(n.gte, [](int c) { return c >= 0; }) &&
            ok(n.lt, [](int c) { return c < 0; }) && ok(n.lte, [](int c) { return c <= 0; }))
          return n.boost;
      }
      return std::nullopt;
    case NodeKind::exists:
      return field_values(scope, n.field, options).empty() ? std::nullopt
                                                           : std::optional<double>(n.boost);
    case NodeKind::wildcard:
      for (const json* v : field_values(scope, n.field, options)) {
        std::string text = as_text(*v);
        if (n.case_insensitive)
          std::transform(text.begin(), text.end(), text.begin(),
                         [](unsigned char c) { return std::tolower(c); });
        if (wildcard_match(n.pattern, text)) return n.boost;
      }
      return std::nullopt;
    case NodeKind::nested: {
      // Resolve the array itself at the current scope (nested paths are root-level here).
      auto it = scope.root->find(n.field);
      if (it == scope.root->end() || !it->is_array()) return std::nullopt;
      std::optional<double> best;
      for (const auto& element : *it) {
        Scope inner{scope.root, &n.field, &element};
        if (auto s = eval(*n.inner, inner, options); s && (!best || *s > *best)) best = s;
      }
      return best;
    }
  }
  return std::nullopt;
}

void required(const DslNode& n, std::string_view field, std::optional<std::vector<json>>& best) {
  auto offer = [&](std::vector<json> values) {
    if (!best || values.size() < best->size()) best = std::move(values);
  };
  switch (n.kind) {
    case NodeKind::term:
    case NodeKind::terms:
      if (n.field == field) offer(n.values);
      break;
    case NodeKind::boolean: {
      for (const auto& c : n.must) required(*c, field, best);
      for (const auto& c : n.filter) required(*c, field, best);
      break;
    }
    case NodeKind::nested:
      required(*n.inner, field, best);
      break;
    case NodeKind::match_none:
      offer({});
      break;
    default:
      break;
  }
}

}  // namespace

sdk::Result<EsQuery> EsQuery::compile(const json& query, DslOptions options) {
  auto opts = std::make_shared<DslOptions>(std::move(options));
  Compiler compiler{*opts};
  auto root = compiler.compile(query, "query");
  if (!root) return root.error();
  EsQuery q;
  q.root_ = *root;
  q.options_ = std::move(opts);
  return q;
}

std::optional<double> EsQuery::evaluate(const json& doc) const {
  if (!root_ || !doc.is_object()) return std::nullopt;
  return eval(*root_, Scope{&doc, nullptr, nullptr}, *options_);
}

std::optional<std::vector<json>> EsQuery::required_values(std::string_view field) const {
  std::optional<std::vector<json>> best;
  if (root_) required(*root_, field, best);
  return best;
}

sdk::Result<std::vector<SortKey>> parse_sort(const json& sort) {
  std::vector<SortKey> keys;
  auto bad = [](const std::string& m) { return sdk::Error{"invalid_query", "sort: " + m, false}; };
  if (sort.is_null()) return keys;
  json items = sort.is_array() ? sort : json::array({sort});
  for (const auto& item : items) {
    if (item.is_string()) {
      std::string f = item.get<std::string>();
      keys.push_back({f, f == "_score"});
    } else if (auto e = single_entry(item)) {
      const auto& [field, spec] = *e;
      std::string order;
      if (spec->is_string())
        order = spec->get<std::string>();
      else if (spec->is_object() && spec->contains("order") && (*spec)["order"].is_string())
        order = (*spec)["order"].get<std::string>();
      else if (spec->is_object())
        order = field == "_score" ? "desc" : "asc";
      else
        return bad("entry for '" + field + "' must be \"asc\"/\"desc\" or {\"order\": ...}");
      if (order != "asc" && order != "desc") return bad("unknown order '" + order + "'");
      keys.push_back({field, order == "desc"});
    } else {
      return bad("entries must be field names or {\"field\": order} objects");
    }
  }
  return keys;
}

std::vector<std::string> tokenize(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  auto word = [](unsigned char c) { return std::isalnum(c) || c >= 0x80; };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool joiner = (c == '.' || c == '\'') && !cur.empty() && i + 1 < text.size() &&
                        word(static_cast<unsigned char>(text[i + 1]));
    if (word(c) || joiner) {
      cur.push_back(static_cast<char>(std::tolower(c)));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace buyergraph::mock
