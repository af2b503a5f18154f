// intelligence.rules: buyer_group -> buyer_group with `intelligence` filled from the group's own
// data (docs/intelligence.md). The seller is the group's `seller` (assembly copies it in).
#include <memory>
#include <stdexcept>

#include <buyergraph/sdk.hpp>

#include "buyergraph/intelligence/analyze.hpp"
#include "buyergraph/titles/classifier.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;

namespace {

class IntelligenceRules final : public UpdateOf<BuyerGroup> {
 public:
  struct Options {
    RulesOption rules;
    intelligence::IntelOptions analysis;
  };
  static OptionsSpec<Options> options() {
    using Intel = intelligence::IntelOptions;
    return OptionsSpec<Options>()
        .include(&Options::rules, RulesOption::spec("data/intelligence/rules.yaml"))
        .include(&Options::analysis,
                 OptionsSpec<Intel>()
                     .option("as_of", &Intel::as_of,
                             "reference date YYYY-MM-DD (default: the group's run.generated_at, "
                             "else today)")
                     .example("2026-06-30")
                     .option("recent_days", &Intel::recent_days, "recently appointed window (days)")
                     .min(1)
                     .max(3650)
                     .option("executive_change_months", &Intel::executive_change_months,
                             "executive arrivals/departures window (months)")
                     .min(1)
                     .max(120)
                     .option("funding_recent_months", &Intel::funding_recent_months,
                             "a funding round this recent is a timing trigger")
                     .min(1)
                     .max(120)
                     .option("long_tenure_months", &Intel::long_tenure_months,
                             "tenure at or above this is long_tenure")
                     .min(1)
                     .max(600)
                     .option("max_names", &Intel::max_names,
                             "names listed in one statement before 'and N more'")
                     .min(1)
                     .max(50));
  }
  IntelligenceRules(const StageInit&, Options options) : options_(std::move(options.analysis)) {
    const std::string& file = options.rules.rules;
    auto r = file.empty() ? intelligence::load_default_rules() : intelligence::load_rules(file);
    if (!r) throw std::runtime_error(r.error().message);
    options_.rules = std::move(*r);
    if (!options_.as_of.empty() && !intelligence::parse_date(options_.as_of))
      throw std::runtime_error("as_of must be YYYY-MM-DD, got '" + options_.as_of + "'");
    auto t = titles::TitleClassifier::load_default();
    if (!t) throw std::runtime_error(t.error().message);
    options_.titles = std::make_shared<const titles::TitleClassifier>(std::move(*t));
  }

 protected:
  void update(BuyerGroup& g, Context&) override { intelligence::analyze(g, options_); }

 private:
  intelligence::IntelOptions options_;
};

void register_stages(Registrar& r) {
  r.add(make_stage<IntelligenceRules>(
      {.name = "intelligence.rules",
       .kind = StageKind::group,
       .summary = "Company and member signals, pain points, decision flow and recommendations, "
                  "each with evidence",
       .docs = "Rule-based, no LLM. Reads the group's company, seller, members, coverage and "
               "engagement; every item cites record fields and items without evidence are "
               "dropped. Rules: data/intelligence/rules.yaml; see docs/intelligence.md."}));
}

}  // namespace

BUYERGRAPH_PLUGIN("intelligence", "0.1.0", "Rule-based buyer-group intelligence", register_stages)
