#include "rules_file.hpp"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>

#include "buyergraph/titles/classifier.hpp"

namespace buyergraph::titles::detail {
namespace {

// Thrown inside the parser only; read_rules_file turns it into an sdk::Error.
struct RuleError {
  int line;
  std::string message;
};

[[noreturn]] void fail(const YAML::Node& node, std::string message) {
  throw RuleError{node.Mark().line + 1, std::move(message)};
}

std::string scalar(const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) fail(node, what + " must be a string");
  return node.as<std::string>();
}

double unit_number(const YAML::Node& node, const std::string& what) {
  double v = 0;
  try {
    if (!node.IsScalar()) fail(node, what + " must be a number");
    v = node.as<double>();
  } catch (const YAML::BadConversion&) {
    fail(node, what + " must be a number");
  }
  if (!(v >= 0.0 && v <= 1.0)) fail(node, what + " must be between 0 and 1");
  return v;
}

// Upper-case letters can never match folded text; catch that typo at load time. Letters after
// a backslash are RE2 escapes (\w, \S, \D) and are fine.
bool has_upper_case_literal(const std::string& p) {
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
      continue;
    }
    if (p[i] >= 'A' && p[i] <= 'Z') return true;
  }
  return false;
}

void check_pattern(const YAML::Node& node, const std::string& rule_id, const std::string& key,
                   const std::string& pattern) {
  if (pattern.empty()) fail(node, "rule '" + rule_id + "': " + key + " is empty");
  if (has_upper_case_literal(pattern))
    fail(node, "rule '" + rule_id + "': " + key +
                   " has upper-case letters, but titles are matched lower-case");
  RE2::Options opts;
  opts.set_log_errors(false);
  RE2 re(whole_words(pattern), opts);
  if (!re.ok()) fail(node, "rule '" + rule_id + "': invalid RE2 " + key + ": " + re.error());
}

bool valid_id(const std::string& id) {
  if (id.empty()) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::vector<Rule> read_section(const YAML::Node& seq, const std::string& section,
                               const std::string& label_key, double default_confidence,
                               std::set<std::string>& ids) {
  if (!seq.IsSequence()) fail(seq, "'" + section + "' must be a list of rules");
  std::vector<Rule> rules;
  for (const auto& node : seq) {
    if (!node.IsMap()) fail(node, section + " rule must be a mapping");
    Rule r;
    r.line = node.Mark().line + 1;
    r.confidence = default_confidence;
    bool has_label = false, has_pattern = false;
    for (const auto& kv : node) {
      const std::string key = scalar(kv.first, "key");
      if (key == "id") {
        r.id = scalar(kv.second, "id");
      } else if (key == label_key) {
        r.label = scalar(kv.second, label_key);
        has_label = true;
      } else if (key == "pattern") {
        r.pattern = scalar(kv.second, "pattern");
        has_pattern = true;
      } else if (key == "unless") {
        r.unless = scalar(kv.second, "unless");
      } else if (key == "confidence") {
        r.confidence = unit_number(kv.second, "confidence");
      } else {
        fail(kv.first, section + " rule has unknown key '" + key + "' (expected id, " + label_key +
                           ", pattern, unless, confidence)");
      }
    }
    if (!valid_id(r.id)) fail(node, section + " rule needs an id of [a-z0-9_]");
    if (!ids.insert(r.id).second) fail(node, "duplicate rule id '" + r.id + "'");
    if (!has_label) fail(node, "rule '" + r.id + "' has no '" + label_key + "'");
    const bool label_ok = section == "seniority" ? is_seniority(r.label) : is_function(r.label);
    if (!label_ok) fail(node, "rule '" + r.id + "': unknown " + label_key + " '" + r.label + "'");
    if (!has_pattern) fail(node, "rule '" + r.id + "' has no pattern");
    check_pattern(node["pattern"], r.id, "pattern", r.pattern);
    if (node["unless"]) check_pattern(node["unless"], r.id, "unless", r.unless);
    rules.push_back(std::move(r));
  }
  return rules;
}

RulesFile parse(const YAML::Node& root) {
  if (!root.IsMap()) fail(root, "the rules file must be a mapping");
  RulesFile out;
  std::set<std::string> ids;
  for (const auto& kv : root) {
    const std::string key = scalar(kv.first, "key");
    const YAML::Node& v = kv.second;
    if (key == "version") {
      if (scalar(v, "version") != "1") fail(v, "unsupported version (expected 1)");
    } else if (key == "abbreviations") {
      if (!v.IsMap()) fail(v, "'abbreviations' must map a token to its replacement");
      for (const auto& ab : v) {
        const std::string from = fold_title(scalar(ab.first, "abbreviation"));
        if (from.empty() || from.find(' ') != std::string::npos)
          fail(ab.first, "abbreviation '" + ab.first.as<std::string>() + "' must be one word");
        out.normalize.abbreviations[from] = fold_title(scalar(ab.second, "replacement"));
      }
    } else if (key == "drop_phrases") {
      if (!v.IsSequence()) fail(v, "'drop_phrases' must be a list");
      for (const auto& p : v) {
        std::vector<std::string> tokens;
        std::string folded = fold_title(scalar(p, "drop phrase"));
        for (std::size_t i = 0; i < folded.size();) {
          std::size_t j = folded.find(' ', i);
          if (j == std::string::npos) j = folded.size();
          tokens.push_back(folded.substr(i, j - i));
          i = j + 1;
        }
        if (tokens.empty()) fail(p, "empty drop phrase");
        out.normalize.drop_phrases.push_back(std::move(tokens));
      }
    } else if (key == "generic_words") {
      if (!v.IsSequence()) fail(v, "'generic_words' must be a list");
      for (const auto& w : v) {
        const std::string folded = fold_title(scalar(w, "generic word"));
        if (folded.empty() || folded.find(' ') != std::string::npos)
          fail(w, "generic word '" + w.as<std::string>() + "' must be one word");
        out.generic_words.insert(folded);
      }
    } else if (key == "blank_departments") {
      if (!v.IsSequence()) fail(v, "'blank_departments' must be a list");
      for (const auto& w : v) {
        std::string phrase = scalar(w, "blank department");
        if (fold_title(phrase).empty())
          fail(w, "blank department '" + phrase + "' has no letters or digits");
        out.blank_departments.push_back(std::move(phrase));
      }
    } else if (key == "defaults") {
      if (!v.IsMap()) fail(v, "'defaults' must be a mapping");
      for (const auto& d : v) {
        const std::string name = scalar(d.first, "key");
        const double x = unit_number(d.second, name);
        if (name == "seniority_confidence")
          out.defaults.seniority_confidence = x;
        else if (name == "function_confidence")
          out.defaults.function_confidence = x;
        else if (name == "ic_with_function")
          out.defaults.ic_with_function = x;
        else if (name == "ic_unknown")
          out.defaults.ic_unknown = x;
        else if (name == "other_function")
          out.defaults.other_function = x;
        else if (name == "rule_wins")
          out.defaults.rule_wins = x;
        else if (name == "department_weight")
          out.defaults.department_weight = x;
        else
          fail(d.first, "unknown default '" + name + "'");
      }
    } else if (key == "seniority" || key == "function") {
      // Sections are read after the loop so defaults apply whatever the key order.
    } else {
      fail(kv.first, "unknown top-level key '" + key + "'");
    }
  }
  if (!root["seniority"]) fail(root, "no 'seniority' rules");
  if (!root["function"]) fail(root, "no 'function' rules");
  out.seniority =
      read_section(root["seniority"], "seniority", "level", out.defaults.seniority_confidence, ids);
  out.function =
      read_section(root["function"], "function", "function", out.defaults.function_confidence, ids);
  return out;
}

}  // namespace

std::string whole_words(const std::string& pattern) { return "(?:^| )(?:" + pattern + ")(?: |$)"; }

sdk::Result<RulesFile> read_rules_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return sdk::Error{"not_found", path + ": title rules file not found"};
  try {
    return parse(YAML::LoadFile(path));
  } catch (const RuleError& e) {
    return sdk::Error{"invalid_input", path + ":" + std::to_string(e.line) + ": " + e.message};
  } catch (const YAML::Exception& e) {
    const std::string where =
        e.mark.is_null() ? path : path + ":" + std::to_string(e.mark.line + 1);
    return sdk::Error{"invalid_input", where + ": YAML error: " + e.msg};
  }
}

}  // namespace buyergraph::titles::detail
