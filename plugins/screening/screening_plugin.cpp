// filter.candidates: marks candidates that must not be members (former employees, other
// companies, deleted/duplicate records, anti-personas) with the reason, and keeps them flowing
// so the report can list them (docs/screening.md).
#include <stdexcept>

#include <buyergraph/sdk.hpp>

#include "buyergraph/screening/screen.hpp"
#include "buyergraph/sellers/profile.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;

namespace {

class FilterCandidates final : public MapStage {
 public:
  explicit FilterCandidates(const StageInit& init)
      : options_{.stale_days = init.config.value("stale_days", 540),
                 .as_of = init.config.value("as_of", "")} {}

 protected:
  Item map(const Item& in, Context& ctx) override {
    const Candidate* c = in.as<Candidate>();
    if (!c) throw std::runtime_error("filter.candidates reads candidates");
    const Company* company = ctx.resolved().as<Company>();
    if (!company)
      throw std::runtime_error(
          "filter.candidates needs the resolved company: put a resolve stage first");
    Candidate out = *c;
    screening::ScreenOptions o = options_;
    if (o.as_of.empty()) o.as_of = ctx.account().attributes.value("as_of", "");
    screening::screen(out, *company, sellers::seller_of(ctx.account()), o);
    return Item::make<Candidate>(std::move(out));
  }

 private:
  screening::ScreenOptions options_;
};

void register_stages(Registrar& r) {
  r.add({.name = "filter.candidates",
         .kind = StageKind::map,
         .input_type = "candidate",
         .output_type = "candidate",
         .summary = "Marks who may not be a member, with the reason (never drops silently)",
         .docs = "Current employment by company id, deleted/duplicate records, 'former' "
                 "headlines, missing name or title, the seller's anti-personas. Sets "
                 "employment_status and excluded_reason; see docs/screening.md.",
         .config_schema = R"json({"type":"object","additionalProperties":false,"properties":{
            "stale_days":{"type":"integer","minimum":1,"default":540,"description":"data older than this is only likely current"},
            "as_of":{"type":"string","default":"","description":"date the data is judged against (default: the account's as_of attribute, else none)"}}})json",
         .factory = make_factory<FilterCandidates>()});
}

}  // namespace

BUYERGRAPH_PLUGIN("screening", "0.1.0", "Candidate screening", register_stages)
