#pragma once
// TitleClassifier: job title -> seniority + function, driven by the RE2 rules in
// data/titles/rules.yaml (see docs/titles.md).
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
///   // l.seniority == "vp", l.function == "sales", l.rule == "sen_vp+fn_sales"
struct TitleLabel {
  std::string seniority;
  std::string function;
  double confidence = 0;  ///< seniority_confidence * function_confidence
  std::string rule;       ///< "<seniority rule id>+<function rule id>"
  double seniority_confidence = 0;
  double function_confidence = 0;
};

/// True if `s` is one of the seniority / function values above.
bool is_seniority(std::string_view s);
bool is_function(std::string_view s);

/// Seniority as a number for ordering: 6 for c_level down to 0 for intern, -1 for anything else.
///
///   seniority_rank("vp") > seniority_rank("director")  // true
int seniority_rank(std::string_view s);

/// Compiled title rules. Cheap to copy (shares the compiled patterns); classify() is const and
/// safe to call from many threads at once.
///
///   auto c = TitleClassifier::load_default();
///   if (!c) { std::cerr << c.error().message; return 1; }
///   TitleLabel l = c->classify("Leiter Vertrieb");  // director, sales
class TitleClassifier {
 public:
  /// Loads and compiles a rules file. Errors (code "invalid_input") name "file:line".
  static sdk::Result<TitleClassifier> load(const std::string& rules_yaml_path);
  /// Loads <data dir>/titles/rules.yaml, the data dir being $BUYERGRAPH_DATA_DIR when set, else
  /// the build's BUYERGRAPH_DEFAULT_DATA_DIR.
  static sdk::Result<TitleClassifier> load_default();
  /// The path load_default() reads.
  static std::string default_rules_path();

  /// Labels one title. An empty title gives ic/other with confidence 0 and rule "empty".
  TitleLabel classify(std::string_view title) const;
  /// The normalised text the rules see (for debugging rules).
  std::string normalize(std::string_view title) const;

  struct Impl;

 private:
  explicit TitleClassifier(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace buyergraph::titles
