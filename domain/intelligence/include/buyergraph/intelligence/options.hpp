#pragma once
// Options of the intelligence analysis: windows, thresholds, the rules and the reference date.
#include <memory>
#include <string>

#include "buyergraph/intelligence/rules.hpp"

namespace buyergraph::titles {
class TitleClassifier;
}

namespace buyergraph::intelligence {

/// Knobs of `analyze`. Every number is documented in docs/intelligence.md.
///
///   IntelOptions o;
///   o.rules = *load_default_rules();
///   o.as_of = "2026-11-24";           // reference date; empty = run.generated_at, else today
///   o.executive_change_months = 6;
struct IntelOptions {
  IntelRules rules;
  std::string as_of;     ///< YYYY-MM-DD; empty: the group's run.generated_at, else today (UTC)
  int recent_days = 90;  ///< "recently appointed" window
  int executive_change_months = 6;   ///< executive arrivals/departures window
  int funding_recent_months = 18;    ///< a round this recent is called recent
  int long_tenure_months = 60;       ///< at or above: long_tenure, below: tenure
  double flat_growth_percent = 1.0;  ///< |yearly change| below this is "flat"
  int max_names = 5;                 ///< names listed in one statement before "and N more"
  /// Classifies job-posting titles into functions; without it hiring is a count only.
  std::shared_ptr<const titles::TitleClassifier> titles;
};

}  // namespace buyergraph::intelligence
