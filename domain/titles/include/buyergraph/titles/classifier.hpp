#pragma once
// TitleClassifier: job title (and optionally department) -> seniority + function. Seniority and
// high-precision function rules are RE2 rules in data/titles/rules.yaml; the remaining titles go
// to a fastText model trained on ESCO (data/titles/function-model.ftz). See docs/titles.md.
#include <memory>
#include <string>
#include <string_view>

#include "buyergraph/sdk/status.hpp"

namespace buyergraph::titles {

/// Seniority values, highest first: c_level, vp, director, manager, senior_ic, ic, intern.
/// Function values: executive, engineering, it, security, data, product, design, sales,
/// marketing, customer_success, finance, procurement, legal, hr, operations, admin, other.
///
///   TitleLabel l = classifier.classify("VP, Sales - EMEA");
///   // l.seniority == "vp", l.function == "sales", l.rule == "sen_vp+fn_sales", l.layer == "rule"
///   TitleLabel m = classifier.classify("Manager", "Finance");
///   // m.function == "finance", m.layer == "department", m.rule == "sen_manager+dept:fn_finance"
struct TitleLabel {
  std::string seniority;
  std::string function;
  double confidence = 0;  ///< seniority_confidence * function_confidence
  /// "<seniority rule id>+<function source>", the function source being a function rule id,
  /// "model", "dept:<rule id>", "dept:model" or "fn_default" (nothing sure: other).
  std::string rule;
  double seniority_confidence = 0;
  double function_confidence = 0;
  /// Which layer decided the function: "rule" (a title rule), "model" (the learned model on the
  /// title), "department" (the title was not enough; the department string decided),
  /// "fallback" (nothing was sure: other) or "empty" (no title).
  std::string layer;
  /// The evidence in plain words, e.g. "title rule fn_sales", "model on the title (p=0.93)",
  /// "department \"Finance\" (rule fn_finance)".
  std::string evidence;
};

/// True if `s` is one of the seniority / function values above.
bool is_seniority(std::string_view s);
bool is_function(std::string_view s);

/// Seniority as a number for ordering: 6 for c_level down to 0 for intern, -1 for anything else.
///
///   seniority_rank("vp") > seniority_rank("director")  // true
int seniority_rank(std::string_view s);

/// Compiled title rules plus the optional function model. Cheap to copy (shares the compiled
/// patterns and the model); classify() is const and safe to call from many threads at once.
///
///   auto c = TitleClassifier::load_default();
///   if (!c) { std::cerr << c.error().message; return 1; }
///   if (!c->model_warning().empty()) std::cerr << c->model_warning() << "\n";  // rules only
///   TitleLabel l = c->classify("Leiter Vertrieb");  // director, sales
class TitleClassifier {
 public:
  /// Loads and compiles a rules file, without a model (rules only). Errors (code
  /// "invalid_input") name "file:line".
  static sdk::Result<TitleClassifier> load(const std::string& rules_yaml_path);
  /// Rules plus the function model described by `model_manifest_path` (function-model.json).
  /// A missing or corrupt model is an error naming the file.
  static sdk::Result<TitleClassifier> load(const std::string& rules_yaml_path,
                                           const std::string& model_manifest_path);
  /// Loads <data dir>/titles/rules.yaml and, when it loads, <data dir>/titles/function-model.json,
  /// the data dir being $BUYERGRAPH_DATA_DIR when set, else the build's
  /// BUYERGRAPH_DEFAULT_DATA_DIR. A model that does not load is not an error: the classifier
  /// runs on rules only and model_warning() says why.
  static sdk::Result<TitleClassifier> load_default();
  /// The paths load_default() reads.
  static std::string default_rules_path();
  static std::string default_model_path();

  /// True when the learned function model is loaded.
  bool has_model() const;
  /// Empty, or why the model is not used (names the file), e.g. for load_default().
  const std::string& model_warning() const;

  /// Labels one title. An empty title gives ic/other with confidence 0 and rule "empty".
  TitleLabel classify(std::string_view title) const;
  /// Labels one title with the person's department as extra evidence: the department decides the
  /// function only when the title does not (no sure rule, model unsure), e.g. "Manager" in
  /// "Finance". An empty department is the same as classify(title).
  TitleLabel classify(std::string_view title, std::string_view department) const;
  /// The normalised text the rules see (for debugging rules).
  std::string normalize(std::string_view title) const;

  struct Impl;

 private:
  explicit TitleClassifier(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace buyergraph::titles
