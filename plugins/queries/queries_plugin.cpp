// query.role_based: company -> the role-targeted people searches for the account's seller
// (data/queries/role-queries.yaml, docs/queries.md).
#include <stdexcept>

#include <buyergraph/sdk.hpp>

#include "buyergraph/queries/planner.hpp"
#include "buyergraph/sellers/profile.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;

namespace {

class RoleBasedQuery final : public MapStage {
 public:
  explicit RoleBasedQuery(const StageInit& init) {
    std::string file = init.config.value("rules", "");
    auto p =
        file.empty() ? queries::QueryPlanner::load_default() : queries::QueryPlanner::load(file);
    if (!p) throw std::runtime_error(p.error().message);
    planner_ = std::make_unique<queries::QueryPlanner>(std::move(*p));
  }

 protected:
  Item map(const Item& in, Context& ctx) override {
    const Company* c = in.as<Company>();
    if (!c) throw std::runtime_error("query.role_based reads companies");
    return Item::make<PeopleQuery>(planner_->plan(*c, sellers::seller_of(ctx.account())));
  }

 private:
  std::unique_ptr<queries::QueryPlanner> planner_;
};

void register_stages(Registrar& r) {
  r.add({.name = "query.role_based",
         .kind = StageKind::map,
         .input_type = "company",
         .output_type = "people_query",
         .summary = "Role-targeted people searches from the company size and the seller profile",
         .docs = "Small companies are read whole; larger ones get one target per role (decision, "
                 "champion, stakeholder, blocker when the deal calls for it, introducer), with "
                 "limits scaled by tier. See docs/queries.md.",
         .config_schema = R"json({"type":"object","additionalProperties":false,"properties":{
            "rules":{"type":"string","default":"","description":"query rules file (default: data/queries/role-queries.yaml)"}}})json",
         .factory = make_factory<RoleBasedQuery>()});
}

}  // namespace

BUYERGRAPH_PLUGIN("queries", "0.1.0", "Query building for people searches", register_stages)
