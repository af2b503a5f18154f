// query.role_based: company -> the role-targeted people searches for the account's seller
// (data/queries/role-queries.yaml, docs/queries.md).
#include <stdexcept>

#include <buyergraph/sdk.hpp>

#include "buyergraph/queries/planner.hpp"
#include "buyergraph/sellers/profile.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;

namespace {

class RoleBasedQuery final : public MapOf<Company, PeopleQuery> {
 public:
  using Options = RulesOption;
  static OptionsSpec<Options> options() {
    return RulesOption::spec("data/queries/role-queries.yaml");
  }
  RoleBasedQuery(const StageInit&, const Options& options) {
    const std::string& file = options.rules;
    auto p =
        file.empty() ? queries::QueryPlanner::load_default() : queries::QueryPlanner::load(file);
    if (!p) throw std::runtime_error(p.error().message);
    planner_ = std::make_unique<queries::QueryPlanner>(std::move(*p));
  }

 protected:
  PeopleQuery map(const Company& c, Context& ctx) override {
    return planner_->plan(c, sellers::seller_of(ctx.account()));
  }

 private:
  std::unique_ptr<queries::QueryPlanner> planner_;
};

void register_stages(Registrar& r) {
  r.add(make_stage<RoleBasedQuery>(
      {.name = "query.role_based",
       .kind = StageKind::map,
       .summary = "Role-targeted people searches from the company size and the seller profile",
       .docs = "Small companies are read whole; larger ones get one target per role (decision, "
               "champion, stakeholder, blocker when the deal calls for it, introducer), with "
               "limits scaled by tier. See docs/queries.md."}));
}

}  // namespace

BUYERGRAPH_PLUGIN("queries", "0.1.0", "Query building for people searches", register_stages)
