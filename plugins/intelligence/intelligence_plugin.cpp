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

class IntelligenceRules final : public MapStage {
 public:
  explicit IntelligenceRules(const StageInit& init) {
    const auto& c = init.config;
    std::string rules = c.value("rules", "");
    auto r = rules.empty() ? intelligence::load_default_rules() : intelligence::load_rules(rules);
    if (!r) throw std::runtime_error(r.error().message);
    options_.rules = std::move(*r);
    options_.as_of = c.value("as_of", "");
    if (!options_.as_of.empty() && !intelligence::parse_date(options_.as_of))
      throw std::runtime_error("as_of must be YYYY-MM-DD, got '" + options_.as_of + "'");
    options_.recent_days = c.value("recent_days", options_.recent_days);
    options_.executive_change_months =
        c.value("executive_change_months", options_.executive_change_months);
    options_.funding_recent_months =
        c.value("funding_recent_months", options_.funding_recent_months);
    options_.long_tenure_months = c.value("long_tenure_months", options_.long_tenure_months);
    options_.max_names = c.value("max_names", options_.max_names);
    auto t = titles::TitleClassifier::load_default();
    if (!t) throw std::runtime_error(t.error().message);
    options_.titles = std::make_shared<const titles::TitleClassifier>(std::move(*t));
  }

 protected:
  Item map(const Item& in, Context&) override {
    if (!in.as<BuyerGroup>()) throw std::runtime_error("intelligence.rules reads buyer_group");
    Item out = in;
    BuyerGroup* g = out.mutate<BuyerGroup>();
    intelligence::analyze(*g, options_);
    return out;
  }

 private:
  intelligence::IntelOptions options_;
};

void register_stages(Registrar& r) {
  r.add({.name = "intelligence.rules",
         .kind = StageKind::group,
         .input_type = "buyer_group",
         .output_type = "buyer_group",
         .summary = "Company and member signals, pain points, decision flow and recommendations, "
                    "each with evidence",
         .docs = "Rule-based, no LLM. Reads the group's company, seller, members, coverage and "
                 "engagement; every item cites record fields and items without evidence are "
                 "dropped. Rules: data/intelligence/rules.yaml; see docs/intelligence.md.",
         .config_schema = R"json({"type":"object","additionalProperties":false,"properties":{
            "rules":{"type":"string","default":"","description":"rules file (default: data/intelligence/rules.yaml)"},
            "as_of":{"type":"string","default":"","description":"reference date YYYY-MM-DD (default: the group's run.generated_at, else today)"},
            "recent_days":{"type":"integer","minimum":1,"maximum":3650,"default":90,"description":"recently appointed window (days)"},
            "executive_change_months":{"type":"integer","minimum":1,"maximum":120,"default":6,"description":"executive arrivals/departures window (months)"},
            "funding_recent_months":{"type":"integer","minimum":1,"maximum":120,"default":18,"description":"a funding round this recent is a timing trigger"},
            "long_tenure_months":{"type":"integer","minimum":1,"maximum":600,"default":60,"description":"tenure at or above this is long_tenure"},
            "max_names":{"type":"integer","minimum":1,"maximum":50,"default":5,"description":"names listed in one statement before 'and N more'"}}})json",
         .factory = make_factory<IntelligenceRules>()});
}

}  // namespace

BUYERGRAPH_PLUGIN("intelligence", "0.1.0", "Rule-based buyer-group intelligence", register_stages)
