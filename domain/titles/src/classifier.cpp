#include "buyergraph/titles/classifier.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include "buyergraph/common/data_dir.hpp"
#include "function_model.hpp"
#include "rule_trust.hpp"
#include "rules_file.hpp"

namespace buyergraph::titles {
namespace {

constexpr std::array<std::string_view, 7> kSeniorities = {"c_level",   "vp", "director", "manager",
                                                          "senior_ic", "ic", "intern"};
constexpr std::array<std::string_view, 17> kFunctions = {
    "executive", "engineering", "it",    "security",  "data",
    "product",   "design",      "sales", "marketing", "customer_success",
    "finance",   "procurement", "legal", "hr",        "operations",
    "admin",     "other"};

RE2::Options re2_options() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);  // the sets' DFAs are shared by all threads; give them room
  return o;
}

double round3(double x) { return std::round(x * 1000.0) / 1000.0; }

}  // namespace

bool is_seniority(std::string_view s) {
  return std::find(kSeniorities.begin(), kSeniorities.end(), s) != kSeniorities.end();
}
int seniority_rank(std::string_view s) {
  auto it = std::find(kSeniorities.begin(), kSeniorities.end(), s);
  return it == kSeniorities.end() ? -1 : static_cast<int>(kSeniorities.end() - it) - 1;
}
bool is_function(std::string_view s) {
  return std::find(kFunctions.begin(), kFunctions.end(), s) != kFunctions.end();
}

// One section of rules compiled into a single RE2::Set, so a title is scanned once per section
// however many rules there are. First rule in file order wins.
class CompiledSection {
 public:
  explicit CompiledSection(std::vector<detail::Rule> rules)
      : rules_(std::move(rules)), set_(re2_options(), RE2::UNANCHORED) {
    for (const auto& r : rules_) {
      std::string err;
      set_.Add(detail::whole_words(r.pattern), &err);  // validated by read_rules_file
      singles_.push_back(std::make_unique<RE2>(detail::whole_words(r.pattern), re2_options()));
      unless_.push_back(r.unless.empty()
                            ? nullptr
                            : std::make_unique<RE2>(detail::whole_words(r.unless), re2_options()));
    }
    compiled_ = set_.Compile();
  }

  /// The winning rule, or nullptr.
  const detail::Rule* match(const std::string& text) const {
    thread_local std::vector<int> hits;
    hits.clear();
    RE2::Set::ErrorInfo info{};
    const bool any = compiled_ && set_.Match(text, &hits, &info);
    if (!any) {
      if (compiled_ && info.kind == RE2::Set::kNoError) return nullptr;
      // The set could not run (DFA out of memory): fall back to one regex per rule.
      hits.clear();
      for (std::size_t i = 0; i < singles_.size(); ++i)
        if (RE2::PartialMatch(text, *singles_[i])) hits.push_back(static_cast<int>(i));
    }
    std::sort(hits.begin(), hits.end());
    for (int i : hits) {
      const auto& veto = unless_[static_cast<std::size_t>(i)];
      if (veto && RE2::PartialMatch(text, *veto)) continue;
      return &rules_[static_cast<std::size_t>(i)];
    }
    return nullptr;
  }

 private:
  std::vector<detail::Rule> rules_;
  RE2::Set set_;
  bool compiled_ = false;
  std::vector<std::unique_ptr<RE2>> singles_;
  std::vector<std::unique_ptr<RE2>> unless_;
};

struct TitleClassifier::Impl {
  Impl(detail::RulesFile f, detail::RuleTrust trust)
      : normalize(std::move(f.normalize)),
        defaults(f.defaults),
        seniority(std::move(f.seniority)),
        function(std::move(f.function)),
        generic_words(std::move(f.generic_words)),
        rule_trust(std::move(trust)) {
    // Normalised like the departments they are compared with.
    for (const auto& d : f.blank_departments)
      blank_departments.insert(normalize_title(d, normalize));
  }
  NormalizeRules normalize;
  detail::Defaults defaults;
  CompiledSection seniority;
  CompiledSection function;
  std::unordered_set<std::string> generic_words;
  std::unordered_set<std::string> blank_departments;
  detail::RuleTrust rule_trust;                        // rule_trust.tsv; empty: none measured
  std::shared_ptr<const detail::FunctionModel> model;  // null: rules only

  /// True when every word of the normalised text is a generic word ("senior manager").
  bool is_generic(std::string_view text) const {
    for (std::size_t i = 0; i < text.size();) {
      std::size_t j = text.find(' ', i);
      if (j == std::string_view::npos) j = text.size();
      if (generic_words.count(std::string(text.substr(i, j - i))) == 0) return false;
      i = j + 1;
    }
    return true;
  }
  std::string model_warning;

  /// Whether some model answers may overrule this rule (rule_trust.tsv lists it).
  bool defers(const detail::Rule& r) const { return rule_trust.count(r.id) != 0; }
  /// How far a title rule is trusted against the model answering `function`: its measured
  /// agreement with the labelled training occupations when rule_trust.tsv gives one for that
  /// answer; else fully (1: no probability is higher) when the rule is sure (rule_wins), else its
  /// own confidence.
  double trust(const detail::Rule& r, const std::string& function) const {
    if (const auto it = rule_trust.find(r.id); it != rule_trust.end())
      if (const auto f = it->second.find(function); f != it->second.end()) return f->second;
    return r.confidence >= defaults.rule_wins ? 1.0 : r.confidence;
  }
};

namespace {

// How the function was decided, before it is written into a TitleLabel.
struct FunctionDecision {
  std::string function;
  double confidence = 0;
  std::string layer;   // rule, model, department, fallback
  std::string source;  // the rule field's function part
  std::string evidence;
};

std::string format_p(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", p);
  return buf;
}

}  // namespace

namespace {

// The rules file and, when there is one next to it, its rule trust table.
sdk::Result<std::shared_ptr<TitleClassifier::Impl>> read_rules(const std::string& rules_yaml_path) {
  auto file = detail::read_rules_file(rules_yaml_path);
  if (!file) return file.error();
  detail::RuleTrust trust;
  const std::string trust_path = detail::rule_trust_path(rules_yaml_path);
  std::error_code ec;
  if (std::filesystem::exists(trust_path, ec)) {
    auto t = detail::read_rule_trust(trust_path, file->function);
    if (!t) return t.error();
    trust = std::move(*t);
  }
  return std::make_shared<TitleClassifier::Impl>(std::move(*file), std::move(trust));
}

}  // namespace

sdk::Result<TitleClassifier> TitleClassifier::load(const std::string& rules_yaml_path) {
  auto impl = read_rules(rules_yaml_path);
  if (!impl) return impl.error();
  return TitleClassifier(std::move(*impl));
}

sdk::Result<TitleClassifier> TitleClassifier::load(const std::string& rules_yaml_path,
                                                   const std::string& model_manifest_path) {
  auto impl = read_rules(rules_yaml_path);
  if (!impl) return impl.error();
  auto model = detail::FunctionModel::load(model_manifest_path);
  if (!model) return model.error();
  (*impl)->model = std::make_shared<const detail::FunctionModel>(std::move(*model));
  return TitleClassifier(std::move(*impl));
}

std::string TitleClassifier::default_rules_path() {
  return common::data_dir() + "/titles/rules.yaml";
}

std::string TitleClassifier::default_model_path() {
  return common::data_dir() + "/titles/function-model.json";
}

sdk::Result<TitleClassifier> TitleClassifier::load_default() {
  auto loaded = read_rules(default_rules_path());
  if (!loaded) return loaded.error();
  auto impl = std::move(*loaded);
  auto model = detail::FunctionModel::load(default_model_path());
  if (model)
    impl->model = std::make_shared<const detail::FunctionModel>(std::move(*model));
  else
    impl->model_warning =
        "function model not used, titles are labelled by rules only: " + model.error().message;
  return TitleClassifier(std::move(impl));
}

bool TitleClassifier::has_model() const { return impl_->model != nullptr; }
const std::string& TitleClassifier::model_warning() const { return impl_->model_warning; }

std::string TitleClassifier::normalize(std::string_view title) const {
  return normalize_title(title, impl_->normalize);
}

TitleLabel TitleClassifier::classify(std::string_view title) const { return classify(title, {}); }

TitleLabel TitleClassifier::classify(std::string_view title, std::string_view department) const {
  const std::string text = normalize(title);
  if (text.empty()) return TitleLabel{"ic", "other", 0.0, "empty", 0.0, 0.0, "empty", "no title"};

  const Impl& im = *impl_;
  const auto& d = im.defaults;
  const detail::Rule* sen = im.seniority.match(text);
  const detail::Rule* fn = im.function.match(text);

  // 1. A sure title rule that defers to no model answer decides. 2. Otherwise a sure model answer
  // naming a function, if it is surer than the rule is trusted against that answer. 3. Otherwise
  // the title rule. 4. Otherwise the department (rules, then model), unless the model is surer that
  // the title names no business function.
  // 5. Otherwise the fallback, other.
  FunctionDecision f;
  detail::ModelGuess guess;
  // A generic title ("Senior Manager") names no function: the model would only guess.
  const bool generic = fn == nullptr && im.is_generic(text);
  const bool rule_decides = fn != nullptr && fn->confidence >= d.rule_wins && !im.defers(*fn);
  if (!rule_decides && !generic && im.model) guess = im.model->predict(text);
  const bool sure_guess = !guess.function.empty() && guess.probability >= im.model->threshold();
  const double trust = fn != nullptr ? im.trust(*fn, guess.function) : 0.0;
  const bool model_wins =
      !rule_decides && sure_guess && guess.function != "other" &&
      (fn == nullptr || (guess.function != fn->label && guess.probability > trust));
  if (model_wins) {
    f = {guess.function, guess.probability, "model", "model",
         "model on the title (p=" + format_p(guess.probability) + ")" +
             (fn == nullptr ? std::string()
                            : ", over rule " + fn->id + " (rule trust " + format_p(trust) + ")")};
  } else if (fn != nullptr) {
    f = {fn->label, fn->confidence, "rule", fn->id, "title rule " + fn->id};
  } else {
    // The department, rules first, then the model.
    // "Other", "N/A", "Sonstige": a department that says nothing is no evidence.
    std::string dtext = department.empty() ? std::string() : normalize(department);
    if (im.blank_departments.count(dtext) != 0) dtext.clear();
    const detail::Rule* dfn = dtext.empty() ? nullptr : im.function.match(dtext);
    detail::ModelGuess dguess;
    if (!dtext.empty() && dfn == nullptr && im.model) dguess = im.model->predict(dtext);
    const std::string quoted = "department \"" + std::string(department) + "\"";
    FunctionDecision dept;
    if (dfn != nullptr && dfn->label != "other") {
      dept = {dfn->label, dfn->confidence * d.department_weight, "department", "dept:" + dfn->id,
              quoted + " (rule " + dfn->id + ")"};
    } else if (!dguess.function.empty() && dguess.function != "other" &&
               dguess.probability >= im.model->threshold()) {
      dept = {dguess.function, dguess.probability * d.department_weight, "department", "dept:model",
              quoted + " (model, p=" + format_p(dguess.probability) + ")"};
    }
    // A model sure that the title names no business function ("Professor") is weighed against
    // the department: the surer of the two decides.
    if (sure_guess && (dept.layer.empty() || guess.probability >= dept.confidence)) {
      f = {"other", guess.probability, "model", "model",
           "model on the title (p=" + format_p(guess.probability) + ")"};
    } else if (!dept.layer.empty()) {
      f = std::move(dept);
    } else {
      f = {"other", d.other_function, "fallback", "fn_default",
           generic                  ? "generic title, no function word"
           : guess.function.empty() ? "no function word recognised"
                                    : "model unsure (best " + guess.function +
                                          ", p=" + format_p(guess.probability) + ")"};
    }
  }

  TitleLabel out;
  out.function = f.function;
  out.function_confidence = round3(f.confidence);
  out.layer = f.layer;
  out.evidence = f.evidence;
  if (sen != nullptr) {
    out.seniority = sen->label;
    out.seniority_confidence = sen->confidence;
  } else {
    // No level word: "Accountant" is an individual contributor; gibberish is a guess.
    out.seniority = "ic";
    out.seniority_confidence = f.layer != "fallback" ? d.ic_with_function : d.ic_unknown;
  }
  out.rule = (sen != nullptr ? sen->id : std::string("sen_default")) + "+" + f.source;
  out.confidence = round3(out.seniority_confidence * out.function_confidence);
  return out;
}

}  // namespace buyergraph::titles
