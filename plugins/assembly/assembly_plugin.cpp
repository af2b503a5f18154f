// assembly.balanced: every candidate of an account -> one BuyerGroup (dedupe, sizing by tier and
// deal, role balance, coverage, cohesion, call order; docs/assembly.md).
#include <stdexcept>

#include <buyergraph/sdk.hpp>

#include "buyergraph/assembly/assemble.hpp"
#include "buyergraph/sellers/profile.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;

namespace {

class AssembleBalanced final : public GatherStage {
 public:
  struct Options {
    RulesOption rules;
    int max_excluded = 50;
    std::string generated_at;
    std::string rules_version;
  };
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>()
        .include(&Options::rules, RulesOption::spec("data/assembly/assembly.yaml"))
        .option("max_excluded", &Options::max_excluded, "longest excluded list")
        .min(0)
        .option("generated_at", &Options::generated_at,
                "fixed run.generated_at (ISO-8601 UTC) for reproducible output; empty = now")
        .example("2026-01-31T09:00:00Z")
        .option("rules_version", &Options::rules_version,
                "run.rules_version; empty = assembly@<rules file version>");
  }
  AssembleBalanced(const StageInit&, Options options) : options_(std::move(options)) {
    const std::string& file = options_.rules.rules;
    auto r = file.empty() ? assembly::AssemblyRules::load_default()
                          : assembly::AssemblyRules::load(file);
    if (!r) throw std::runtime_error(r.error().message);
    rules_ = std::move(*r);
  }

 protected:
  Item gather(std::vector<Item>& items, Context& ctx) override {
    const Company* company = ctx.resolved().as<Company>();
    if (company == nullptr)
      throw std::runtime_error("assembly.balanced needs the resolved company (a resolve stage)");
    assembly::AssemblyOptions o;
    o.rules = &rules_;
    o.max_excluded = options_.max_excluded;
    o.generated_at = options_.generated_at;
    o.rules_version = options_.rules_version;
    const Account& account = ctx.account();
    o.account_key = account.key;
    if (account.attributes.contains("run_id") && account.attributes["run_id"].is_string())
      o.run_id = account.attributes["run_id"].get<std::string>();

    // The attached profile, else the default (assemble() then adds the run warning).
    const SellerProfile& seller = sellers::seller_of(account);

    std::vector<Candidate> candidates;
    candidates.reserve(items.size());
    for (const Item& it : items) {
      if (ctx.cancelled()) throw std::runtime_error("cancelled");
      if (const auto* c = it.as<Candidate>()) candidates.push_back(*c);
    }
    BuyerGroup group = assembly::assemble(std::move(candidates), *company, seller, o);
    // Every provider call of this account is answered by now: the host's ledger has its calls,
    // cache hits and money (the per-person credits stay as assemble() counted them).
    if (const Ledger* ledger = ctx.host().ledger())
      apply_ledger(group.ledger, ledger->account(ctx.account().key));
    return Item::make<BuyerGroup>(std::move(group));
  }

 private:
  Options options_;
  assembly::AssemblyRules rules_;
};

void register_stages(Registrar& r) {
  r.add(make_stage<AssembleBalanced>(
      {.name = "assembly.balanced",
       .kind = StageKind::gather,
       .input_type = "candidate",
       .output_type = "buyer_group",
       .summary = "Dedupe, size by tier and deal, balance roles, coverage, cohesion, call order",
       .docs = "Gathers every candidate of the account into one buyer group. Never pads and "
               "never promotes: missing roles are named gaps with a reason. Company from the "
               "resolve stage; seller from the account attachment (else the default profile, "
               "with a run warning). Rules: data/assembly/assembly.yaml; see docs/assembly.md."}));
}

}  // namespace

BUYERGRAPH_PLUGIN("assembly", "0.1.0", "Buyer-group assembly (the gather)", register_stages)
