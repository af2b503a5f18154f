#include "buyergraph/input/yaml.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <type_traits>

#include <yaml-cpp/eventhandler.h>

namespace buyergraph::input {
namespace {

YamlProblem problem_at(const YAML::Mark& m, std::string message) {
  if (m.line < 0) return {0, 0, std::move(message)};
  return {m.line + 1, m.column + 1, std::move(message)};
}

// Walks the node graph as a reader would (aliases expanded), stopping at the first limit.
class GraphCheck {
 public:
  explicit GraphCheck(const YamlLimits& limits) : limits_(limits) {}

  bool visit(const YAML::Node& n) {
    if (++values_ > limits_.max_values) {
      problem = problem_at(n.Mark(),
                           "the file expands to more than " + std::to_string(limits_.max_values) +
                               " values once its aliases (*name) are repeated; use fewer aliases");
      return false;
    }
    if (!n.IsMap() && !n.IsSequence()) return true;
    // An alias is the same node as its anchor: meeting an ancestor again means a cycle.
    for (const auto& ancestor : path_)
      if (n.is(ancestor)) {
        problem = problem_at(n.Mark(),
                             "an alias (*name) refers to the mapping or list that "
                             "contains it, which would repeat forever");
        return false;
      }
    if (path_.size() >= limits_.max_depth) {
      problem = problem_at(n.Mark(),
                           "nested deeper than " + std::to_string(limits_.max_depth) + " levels");
      return false;
    }
    path_.push_back(n);
    bool ok = true;
    if (n.IsMap()) {
      for (auto it = n.begin(); ok && it != n.end(); ++it)
        ok = visit(it->first) && visit(it->second);
    } else {
      for (auto it = n.begin(); ok && it != n.end(); ++it) ok = visit(*it);
    }
    path_.pop_back();
    return ok;
  }

  YamlProblem problem;

 private:
  const YamlLimits& limits_;
  std::vector<YAML::Node> path_;
  std::size_t values_ = 0;
};

// yaml-cpp 0.7's LoadAll never returns on some invalid texts (a lone ",", for one): the parser
// reports an empty document without consuming the offending token, again and again, and LoadAll
// keeps every one of them until memory runs out (fixed upstream after 0.7). This pass walks the
// documents first, without building nodes, and stops where a document starts at the same place
// as the one before, which no valid text does.
class DocumentProbe : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  YAML::Mark start;
};

// Throws YAML::ParserException where the parser stops making progress.
void check_documents_end(std::string_view text) {
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  DocumentProbe probe;
  bool first = true;
  YAML::Mark previous;
  while (parser.HandleNextDocument(probe)) {
    if (!first && probe.start.pos == previous.pos)
      throw YAML::ParserException(probe.start, "this cannot start a value (a stray ',', perhaps)");
    first = false;
    previous = probe.start;
  }
}

template <class T>
bool parse_whole(std::string_view s, T& out, int base = 10) {
  const char* end = s.data() + s.size();
  auto [p, ec] = [&] {
    if constexpr (std::is_floating_point_v<T>)
      return std::from_chars(s.data(), end, out);
    else
      return std::from_chars(s.data(), end, out, base);
  }();
  return ec == std::errc() && p == end;
}

bool decimal_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

YamlLoad load_yaml(std::string_view text, const YamlLimits& limits) {
  YamlLoad out;
  try {
    check_documents_end(text);
    out.documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    out.documents.clear();
    out.ok = false;
    out.problem = problem_at(e.mark, "YAML syntax error: " + e.msg);
    return out;
  }
  GraphCheck check(limits);
  for (const auto& doc : out.documents)
    if (!check.visit(doc)) {
      out.documents.clear();
      out.ok = false;
      out.problem = std::move(check.problem);
      break;
    }
  return out;
}

nlohmann::json scalar_to_json(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  // yaml-cpp tags quoted scalars "!": the author asked for a string.
  if (node.Tag() == "!") return s;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;

  std::string_view v = s;
  const bool negative = v.front() == '-';
  std::string_view digits = (v.front() == '-' || v.front() == '+') ? v.substr(1) : v;
  if (decimal_digits(digits)) {
    std::int64_t i = 0;
    std::string signed_digits = (negative ? "-" : "") + std::string(digits);
    if (parse_whole(signed_digits, i)) return i;
  }
  if (v.starts_with("0x") && v.size() > 2) {
    std::int64_t i = 0;
    if (parse_whole(v.substr(2), i, 16)) return i;
  }
  if (v.starts_with("0o") && v.size() > 2) {
    std::int64_t i = 0;
    if (parse_whole(v.substr(2), i, 8)) return i;
  }
  // Floats: digits with a point and/or exponent. from_chars alone would also take "inf",
  // "nan" and hex floats, which YAML spells differently and JSON cannot hold.
  if (!digits.empty() && (std::isdigit(static_cast<unsigned char>(digits.front())) ||
                          (digits.front() == '.' && digits.size() > 1 &&
                           std::isdigit(static_cast<unsigned char>(digits[1]))))) {
    if (digits.find_first_not_of("0123456789.eE+-") == std::string_view::npos) {
      double d = 0;
      std::string text = (negative ? "-" : "") + std::string(digits);
      if (parse_whole(text, d) && std::isfinite(d)) return d;
    }
  }
  return s;
}

nlohmann::json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      auto out = nlohmann::json::object();
      for (const auto& kv : node) {
        // A complex key ("? [a, b]") has no JSON spelling; keep its YAML text.
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : YAML::Dump(kv.first);
        out[key] = to_json(kv.second);
      }
      return out;
    }
    case YAML::NodeType::Sequence: {
      auto out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(to_json(item));
      return out;
    }
    case YAML::NodeType::Scalar:
      return scalar_to_json(node);
    default:
      return nullptr;
  }
}

}  // namespace buyergraph::input
