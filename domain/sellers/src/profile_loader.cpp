// Parses and validates seller profile YAML. Every check records an issue and carries on, so the
// author sees all problems in one run; the profile is only returned when there are none.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "buyergraph/input/bounded_read.hpp"
#include "buyergraph/input/yaml.hpp"
#include "buyergraph/sellers/profile.hpp"
#include "iso_codes.hpp"

namespace buyergraph::sellers {
namespace {

// Larger files are certainly not profiles; refuse before handing them to the parser.

const std::vector<std::string> kTopKeys = {"apiVersion",
                                           "kind",
                                           "name",
                                           "product",
                                           "category",
                                           "value_propositions",
                                           "deal_size",
                                           "currency",
                                           "sales_cycle_days",
                                           "deal_stage",
                                           "target_functions",
                                           "secondary_functions",
                                           "personas",
                                           "anti_personas",
                                           "sells_to_sales_teams",
                                           "geography",
                                           "data_sensitivity",
                                           "introducer_definition",
                                           "role_rules",
                                           "buying_process",
                                           "notes"};
const std::vector<std::string> kBuyingKeys = {
    "buyers", "users", "evaluators", "gatekeepers", "adjacent", "chief_executive_signs_below"};
const std::vector<std::string> kSensitivityKeys = {"processes_personal_data", "integration_depth",
                                                   "security_review"};

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// " (did you mean 'x'?)" for the closest allowed value within two edits, else "".
std::string suggestion(const std::string& got, const std::vector<std::string>& allowed) {
  std::string best;
  std::size_t best_d = 3;
  // A truncated key ("introducer" for "introducer_definition") is too far by edit distance.
  if (got.size() >= 4)
    for (const auto& a : allowed)
      if (a.rfind(got, 0) == 0) return " (did you mean '" + a + "'?)";
  for (const auto& a : allowed) {
    std::size_t d = edit_distance(lower(got), lower(a));
    if (d < best_d) best_d = d, best = a;
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

// Collects issues against one file.
class Checker {
 public:
  explicit Checker(std::string file) : file_(std::move(file)) {}

  void add(const YAML::Mark& m, const std::string& field, const std::string& message) {
    // yaml-cpp marks are 0-based, -1 when unknown.
    int line = m.line >= 0 ? m.line + 1 : 0;
    int col = m.column >= 0 ? m.column + 1 : 0;
    issues_.push_back({file_, line, col, field, message});
  }
  void add(const YAML::Node& n, const std::string& field, const std::string& message) {
    add(n.Mark(), field, message);
  }
  void add(const input::YamlProblem& p) {
    issues_.push_back({file_, p.line, p.column, "", p.message});
  }
  std::vector<ProfileIssue>& issues() { return issues_; }

 private:
  std::string file_;
  std::vector<ProfileIssue> issues_;
};

// A mapping's entries by key, with the key node kept for its position.
struct Entry {
  YAML::Node key, value;
};
using Entries = std::map<std::string, Entry>;

// Reads a mapping, reporting duplicate and unknown keys.
Entries read_map(const YAML::Node& map, const std::string& prefix,
                 const std::vector<std::string>& allowed, Checker& c) {
  Entries out;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) {
      c.add(kv.first, prefix, "keys must be plain names");
      continue;
    }
    const std::string key = kv.first.Scalar();
    const std::string field = prefix.empty() ? key : prefix + "." + key;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      c.add(kv.first, field,
            "unknown key '" + key + "'" + suggestion(key, allowed) +
                "; allowed keys: " + join(allowed));
      continue;
    }
    if (out.count(key)) {
      c.add(kv.first, field,
            "duplicate key '" + key + "' (first at line " +
                std::to_string(out[key].key.Mark().line + 1) + ")");
      continue;
    }
    out[key] = Entry{kv.first, kv.second};
  }
  return out;
}

// Where to point at for a value: the value itself, or its key when the value is empty (yaml-cpp
// gives an empty value the position of the next token, often on the following line).
YAML::Mark where(const Entry& e) {
  return e.value.IsNull() || e.value.Mark().line < 0 ? e.key.Mark() : e.value.Mark();
}

const Entry* find(const Entries& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

std::optional<std::string> read_string(const Entries& m, const std::string& key,
                                       const std::string& field, bool required,
                                       const YAML::Mark& parent, Checker& c) {
  const Entry* e = find(m, key);
  if (!e) {
    if (required) c.add(parent, field, "missing required key '" + key + "'");
    return std::nullopt;
  }
  if (e->value.IsNull()) {
    c.add(where(*e), field, field + " has no value");
    return std::nullopt;
  }
  if (!e->value.IsScalar()) {
    c.add(where(*e), field, field + " must be a single text value");
    return std::nullopt;
  }
  std::string s = trim(e->value.Scalar());
  if (s.empty()) {
    c.add(where(*e), field, field + " must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> read_enum(const Entries& m, const std::string& key,
                                     const std::string& field, bool required,
                                     const std::vector<std::string>& allowed,
                                     const YAML::Mark& parent, Checker& c) {
  auto s = read_string(m, key, field, required, parent, c);
  if (!s) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *s) == allowed.end()) {
    c.add(where(*find(m, key)), field,
          "'" + *s + "' is not a valid " + field + suggestion(*s, allowed) +
              "; valid values: " + join(allowed));
    return std::nullopt;
  }
  return s;
}

std::optional<bool> read_bool(const Entries& m, const std::string& key, const std::string& field,
                              Checker& c) {
  const Entry* e = find(m, key);
  if (!e) return std::nullopt;
  bool b = false;
  if (!e->value.IsScalar() || !YAML::convert<bool>::decode(e->value, b)) {
    c.add(where(*e), field, field + " must be true or false");
    return std::nullopt;
  }
  return b;
}

// A list of non-empty, unique (case-insensitive) strings. Items that fail are reported and left
// out; the positions of kept items are returned alongside for cross-field checks.
struct StringList {
  std::vector<std::string> values;
  std::vector<YAML::Mark> marks;
};

StringList read_list(const Entries& m, const std::string& key, const std::string& field,
                     bool required, const YAML::Mark& parent, Checker& c) {
  StringList out;
  const Entry* e = find(m, key);
  if (!e) {
    if (required) c.add(parent, field, "missing required key '" + key + "'");
    return out;
  }
  if (e->value.IsNull()) {
    // "anti_personas:" with nothing under it reads as an empty list; only required lists fail.
    if (required) c.add(where(*e), field, field + " has no value");
    return out;
  }
  if (!e->value.IsSequence()) {
    c.add(where(*e), field, field + " must be a list (\"- item\" lines or [a, b])");
    return out;
  }
  if (required && e->value.size() == 0) c.add(where(*e), field, field + " must not be empty");
  std::set<std::string> seen;
  std::size_t i = 0;
  for (const auto& item : e->value) {
    const std::string item_field = field + "[" + std::to_string(i++) + "]";
    if (!item.IsScalar()) {
      c.add(item, item_field, "each item of " + field + " must be a single text value");
      continue;
    }
    std::string s = trim(item.Scalar());
    if (s.empty()) {
      c.add(item, item_field, "empty item in " + field);
      continue;
    }
    if (!seen.insert(lower(s)).second) {
      c.add(item, item_field, "'" + s + "' appears twice in " + field);
      continue;
    }
    out.values.push_back(std::move(s));
    out.marks.push_back(item.Mark());
  }
  return out;
}

StringList read_functions(const Entries& m, const std::string& key, bool required,
                          const YAML::Mark& parent, Checker& c, const std::string& field = "") {
  const std::string& name = field.empty() ? key : field;
  StringList raw = read_list(m, key, name, required, parent, c);
  StringList out;
  for (std::size_t i = 0; i < raw.values.size(); ++i) {
    if (!is_function_code(raw.values[i])) {
      c.add(raw.marks[i], name,
            "unknown function code '" + raw.values[i] + "'" +
                suggestion(raw.values[i], function_codes()) +
                "; valid codes: " + join(function_codes()));
      continue;
    }
    out.values.push_back(raw.values[i]);
    out.marks.push_back(raw.marks[i]);
  }
  return out;
}

void read_deal(const Entries& m, const YAML::Mark& root, sdk::SellerProfile& p, Checker& c) {
  if (const Entry* e = find(m, "deal_size")) {
    double v = 0;
    if (!e->value.IsScalar() || !YAML::convert<double>::decode(e->value, v) || !std::isfinite(v)) {
      c.add(where(*e), "deal_size",
            "deal_size must be a plain number (e.g. 120000, not 120k or $120,000)");
    } else if (v <= 0) {
      c.add(where(*e), "deal_size", "deal_size must be > 0, got " + e->value.Scalar());
    } else {
      p.deal_size = v;
    }
  } else {
    c.add(root, "deal_size", "missing required key 'deal_size'");
  }
  if (auto cur = read_string(m, "currency", "currency", false, root, c)) {
    std::string code = upper(*cur);
    if (!detail::is_iso4217_currency(code))
      c.add(where(*find(m, "currency")), "currency",
            "'" + *cur + "' is not an ISO 4217 currency code (e.g. USD, EUR, GBP)");
    else
      p.currency = code;
  }
  if (const Entry* e = find(m, "sales_cycle_days")) {
    int v = 0;
    if (!e->value.IsScalar() || !YAML::convert<int>::decode(e->value, v))
      c.add(where(*e), "sales_cycle_days", "sales_cycle_days must be a whole number of days");
    else if (v < 1 || v > 3650)
      c.add(where(*e), "sales_cycle_days",
            "sales_cycle_days must be between 1 and 3650, got " + std::to_string(v));
    else
      p.sales_cycle_days = v;
  }
}

void read_geography(const Entries& m, const YAML::Mark& root, sdk::SellerProfile& p, Checker& c) {
  StringList raw = read_list(m, "geography", "geography", false, root, c);
  for (std::size_t i = 0; i < raw.values.size(); ++i) {
    std::string code = upper(raw.values[i]);
    if (code == "UK") {
      c.add(raw.marks[i], "geography", "'UK' is not an ISO 3166-1 code; use 'GB'");
    } else if (!detail::is_iso2_country(code)) {
      c.add(raw.marks[i], "geography",
            "'" + raw.values[i] + "' is not an ISO 3166-1 alpha-2 country code (e.g. US, GB, DE)");
    } else {
      p.geography.push_back(code);
    }
  }
}

void read_sensitivity(const Entries& m, sdk::SellerProfile& p, Checker& c) {
  const Entry* e = find(m, "data_sensitivity");
  if (!e) return;
  if (!e->value.IsMap()) {
    c.add(where(*e), "data_sensitivity",
          "data_sensitivity must be a mapping with keys: " + join(kSensitivityKeys));
    return;
  }
  Entries s = read_map(e->value, "data_sensitivity", kSensitivityKeys, c);
  if (auto b =
          read_bool(s, "processes_personal_data", "data_sensitivity.processes_personal_data", c))
    p.processes_personal_data = *b;
  if (auto d = read_enum(s, "integration_depth", "data_sensitivity.integration_depth", false,
                         integration_depths(), e->value.Mark(), c))
    p.integration_depth = *d;
  if (auto b = read_bool(s, "security_review", "data_sensitivity.security_review", c))
    p.security_review = *b;
}

// Checks that need several fields at once.
void cross_check(const Entries& m, const StringList& targets, const StringList& secondary,
                 const StringList& personas, const StringList& anti, sdk::SellerProfile& p,
                 Checker& c) {
  for (std::size_t i = 0; i < secondary.values.size(); ++i)
    if (std::find(targets.values.begin(), targets.values.end(), secondary.values[i]) !=
        targets.values.end())
      c.add(secondary.marks[i], "secondary_functions",
            "'" + secondary.values[i] + "' is already in target_functions");
  std::set<std::string> persona_set;
  for (const auto& s : personas.values) persona_set.insert(lower(s));
  for (std::size_t i = 0; i < anti.values.size(); ++i)
    if (persona_set.count(lower(anti.values[i])))
      c.add(anti.marks[i], "anti_personas",
            "'" + anti.values[i] + "' is both a persona and an anti-persona");
  if (p.sells_to_sales_teams) {
    auto has_sales = [](const StringList& l) {
      return std::find(l.values.begin(), l.values.end(), "sales") != l.values.end();
    };
    if (!has_sales(targets) && !has_sales(secondary))
      c.add(where(*find(m, "sells_to_sales_teams")), "sells_to_sales_teams",
            "sells_to_sales_teams is true, but 'sales' is in neither target_functions nor "
            "secondary_functions");
  }
}

// Who uses, evaluates and gates the purchase (the buyers are p.target_functions).
struct BuyingProcess {
  std::vector<std::string> users, evaluators, gatekeepers;
  std::optional<long long> chief_executive_signs_below;  ///< employees
};

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// buyergraph/v2: `buying_process` says who buys, uses, evaluates and gates. The buyers are the
// target functions; every other function named is a secondary one (queries, fit, cohesion).
void read_buying_process(const Entries& m, const YAML::Mark& at, StringList& targets,
                         StringList& secondary, BuyingProcess& bp, sdk::SellerProfile& p,
                         Checker& c) {
  for (const char* old : {"target_functions", "secondary_functions"})
    if (const Entry* e = find(m, old))
      c.add(where(*e), old,
            std::string(old) + " is a buyergraph/v1 key; in " + std::string(kApiVersion2) +
                " list the functions under buying_process (buyers, users, evaluators, "
                "gatekeepers, adjacent)");
  const Entry* e = find(m, "buying_process");
  if (!e) {
    c.add(at, "buying_process", "missing required key 'buying_process'");
    return;
  }
  if (!e->value.IsMap()) {
    c.add(where(*e), "buying_process",
          "buying_process must be a mapping with keys: " + join(kBuyingKeys));
    return;
  }
  Entries b = read_map(e->value, "buying_process", kBuyingKeys, c);
  const YAML::Mark bm = e->value.Mark();
  targets = read_functions(b, "buyers", true, bm, c, "buying_process.buyers");
  StringList users = read_functions(b, "users", false, bm, c, "buying_process.users");
  StringList evaluators =
      read_functions(b, "evaluators", false, bm, c, "buying_process.evaluators");
  StringList gatekeepers =
      read_functions(b, "gatekeepers", false, bm, c, "buying_process.gatekeepers");
  StringList adjacent = read_functions(b, "adjacent", false, bm, c, "buying_process.adjacent");
  p.target_functions = targets.values;
  bp = {users.values, evaluators.values, gatekeepers.values, std::nullopt};
  if (auto it = b.find("chief_executive_signs_below"); it != b.end()) {
    long long n = 0;
    if (!it->second.value.IsScalar() || !YAML::convert<long long>::decode(it->second.value, n) ||
        n < 1 || n > 10000000)
      c.add(where(it->second), "buying_process.chief_executive_signs_below",
            "chief_executive_signs_below must be a whole number of employees between 1 and "
            "10000000 (e.g. 100: in companies of fewer than 100 people the chief executive "
            "signs)");
    else
      bp.chief_executive_signs_below = n;
  }
  for (const StringList* l : {&users, &evaluators, &gatekeepers, &adjacent})
    for (std::size_t i = 0; i < l->values.size(); ++i)
      if (!contains(targets.values, l->values[i]) && !contains(secondary.values, l->values[i])) {
        secondary.values.push_back(l->values[i]);
        secondary.marks.push_back(l->marks[i]);
      }
  for (std::size_t i = 0; i < adjacent.values.size(); ++i)
    if (contains(targets.values, adjacent.values[i]))
      c.add(adjacent.marks[i], "buying_process.adjacent",
            "'" + adjacent.values[i] + "' is a buyer; adjacent lists functions with no seat");
  p.secondary_functions = secondary.values;
}

// buyergraph/v1: target and secondary functions. Read as a buying process in which the buyers
// are the users, the rules' default technical functions evaluate and no gatekeeper is named;
// secondary functions hold no seat of their own (docs/sellers.md#from-v1-to-v2).
void read_v1_functions(const Entries& m, const YAML::Mark& at, StringList& targets,
                       StringList& secondary, sdk::SellerProfile& p, Checker& c) {
  if (const Entry* e = find(m, "buying_process"))
    c.add(where(*e), "buying_process",
          "buying_process needs apiVersion " + std::string(kApiVersion2));
  targets = read_functions(m, "target_functions", true, at, c);
  secondary = read_functions(m, "secondary_functions", false, at, c);
  p.target_functions = targets.values;
  p.secondary_functions = secondary.values;
}

// The role engine reads the buying process as role_rules keys (docs/roles.md): users,
// evaluators (technical_evaluator_functions) and gatekeepers. Set in role_rules by hand, a key
// wins over the buying process for that one list.
void put_buying_process(const BuyingProcess& bp, sdk::SellerProfile& p) {
  if (!p.role_rules.is_object()) p.role_rules = nlohmann::json::object();
  auto put = [&](const char* key, const std::vector<std::string>& fs) {
    if (!p.role_rules.contains(key)) p.role_rules[key] = fs;
  };
  put("user_functions", bp.users);
  put("technical_evaluator_functions", bp.evaluators);
  put("gatekeeper_functions", bp.gatekeepers);
  if (bp.chief_executive_signs_below && !p.role_rules.contains("top_executive_below_employees"))
    p.role_rules["top_executive_below_employees"] = *bp.chief_executive_signs_below;
}

void read_profile(const YAML::Node& root, sdk::SellerProfile& p, Checker& c) {
  const YAML::Mark at = root.Mark();
  Entries m = read_map(root, "", kTopKeys, c);

  bool v2 = false;
  if (auto v = read_string(m, "apiVersion", "apiVersion", true, at, c)) {
    v2 = *v == kApiVersion2;
    if (*v != kApiVersion && !v2)
      c.add(where(*find(m, "apiVersion")), "apiVersion",
            "unsupported apiVersion '" + *v + "'; supported: " + std::string(kApiVersion2) + ", " +
                std::string(kApiVersion));
  }
  if (auto v = read_string(m, "kind", "kind", true, at, c); v && *v != kKind)
    c.add(where(*find(m, "kind")), "kind",
          "kind must be '" + std::string(kKind) + "', got '" + *v + "'");

  if (auto v = read_string(m, "name", "name", true, at, c)) p.name = *v;
  if (auto v = read_string(m, "product", "product", true, at, c)) p.product = *v;
  if (auto v = read_string(m, "category", "category", false, at, c)) p.category = *v;
  p.value_propositions =
      read_list(m, "value_propositions", "value_propositions", false, at, c).values;
  read_deal(m, at, p, c);
  if (auto v = read_enum(m, "deal_stage", "deal_stage", false, deal_stages(), at, c))
    p.deal_stage = *v;

  StringList targets, secondary;
  BuyingProcess bp;
  if (v2)
    read_buying_process(m, at, targets, secondary, bp, p, c);
  else
    read_v1_functions(m, at, targets, secondary, p, c);
  StringList personas = read_list(m, "personas", "personas", false, at, c);
  StringList anti = read_list(m, "anti_personas", "anti_personas", false, at, c);
  p.personas = personas.values;
  p.anti_personas = anti.values;

  if (auto b = read_bool(m, "sells_to_sales_teams", "sells_to_sales_teams", c))
    p.sells_to_sales_teams = *b;
  read_geography(m, at, p, c);
  read_sensitivity(m, p, c);
  if (auto v = read_enum(m, "introducer_definition", "introducer_definition", true,
                         introducer_definitions(), at, c))
    p.introducer_definition = *v;
  if (const Entry* e = find(m, "role_rules")) {
    if (e->value.IsMap())
      p.role_rules = input::to_json(e->value);
    else if (!e->value.IsNull())
      c.add(where(*e), "role_rules", "role_rules must be a mapping");
  }
  if (auto v = read_string(m, "notes", "notes", false, at, c)) p.notes = *v;
  if (v2) put_buying_process(bp, p);

  cross_check(m, targets, secondary, personas, anti, p, c);
}

}  // namespace

std::string ProfileIssue::to_string() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  out += ": ";
  if (!field.empty()) out += field + ": ";
  return out + message;
}

ProfileParse parse_seller_profile(std::string_view yaml_text, const std::string& source_name) {
  ProfileParse out;
  Checker c(source_name);
  out.profile.source_file = source_name;
  input::YamlLoad y = input::load_yaml(yaml_text);
  const std::vector<YAML::Node>& docs = y.documents;
  if (!y.ok) {
    c.add(y.problem);
  } else if (docs.empty() || docs[0].IsNull()) {
    c.add(YAML::Mark(), "", "the file is empty; expected a SellerProfile mapping");
  } else if (docs.size() > 1) {
    c.add(docs[1].Mark(), "", "expected one YAML document, found " + std::to_string(docs.size()));
  } else if (!docs[0].IsMap()) {
    c.add(docs[0], "", "the top level must be a mapping (key: value lines)");
  } else {
    read_profile(docs[0], out.profile, c);
  }
  out.issues = std::move(c.issues());
  // In file order, as an editor would list them.
  std::stable_sort(out.issues.begin(), out.issues.end(), [](const auto& a, const auto& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  return out;
}

namespace {

// Reads the file, or says why not. The error code is for load_seller_profile.
std::optional<std::string> read_text(const std::string& path, std::string& text,
                                     std::string& code) {
  input::ReadResult r = input::read_bounded(path, input::kMaxProfileBytes);
  switch (r.error) {
    case input::ReadError::none:
      text = std::move(r.text);
      return std::nullopt;
    case input::ReadError::not_found:
      code = "not_found";
      break;
    case input::ReadError::too_large:
      code = "invalid_input";
      break;
    default:
      code = "io_error";
  }
  return r.message;
}

}  // namespace

ProfileParse load_seller_profile_issues(const std::string& path) {
  std::string text, code;
  if (auto err = read_text(path, text, code)) {
    ProfileParse out;
    out.issues.push_back({path, 0, 0, "", *err});
    return out;
  }
  return parse_seller_profile(text, path);
}

sdk::Result<sdk::SellerProfile> load_seller_profile(const std::string& path,
                                                    const std::string& shown_as) {
  const std::string& name = shown_as.empty() ? path : shown_as;
  std::string text, code;
  if (auto err = read_text(path, text, code))
    return sdk::Error{code, "seller profile " + name + ": " + *err};
  ProfileParse parsed = parse_seller_profile(text, name);
  if (parsed.ok()) return std::move(parsed.profile);
  std::string msg = "invalid seller profile (" + std::to_string(parsed.issues.size()) +
                    (parsed.issues.size() == 1 ? " error):" : " errors):");
  for (const auto& i : parsed.issues) msg += "\n  " + i.to_string();
  return sdk::Error{"invalid_input", msg};
}

}  // namespace buyergraph::sellers
