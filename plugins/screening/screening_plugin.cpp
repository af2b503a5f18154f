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

class FilterCandidates final : public UpdateOf<Candidate> {
 public:
  using Options = screening::ScreenOptions;
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>()
        .option("stale_days", &Options::stale_days, "data older than this is only likely current")
        .min(1)
        .option("as_of", &Options::as_of,
                "date the data is judged against (default: the account's as_of attribute, else "
                "none)")
        .example("2026-06-30");
  }
  FilterCandidates(const StageInit&, Options options) : options_(std::move(options)) {}

 protected:
  void update(Candidate& c, Context& ctx) override {
    const Company* company = ctx.resolved().as<Company>();
    if (!company)
      throw std::runtime_error(
          "filter.candidates needs the resolved company: put a resolve stage first");
    screening::ScreenOptions o = options_;
    if (o.as_of.empty()) o.as_of = ctx.account().attributes.value("as_of", "");
    screening::screen(c, *company, sellers::seller_of(ctx.account()), o);
  }

 private:
  Options options_;
};

void register_stages(Registrar& r) {
  r.add(make_stage<FilterCandidates>(
      {.name = "filter.candidates",
       .kind = StageKind::map,
       .summary = "Marks who may not be a member, with the reason (never drops silently)",
       .docs = "Current employment by company id, deleted/duplicate records, 'former' "
               "headlines, missing name or title, the seller's anti-personas. Sets "
               "employment_status and excluded_reason; see docs/screening.md."}));
}

}  // namespace

BUYERGRAPH_PLUGIN("screening", "0.1.0", "Candidate screening", register_stages)
