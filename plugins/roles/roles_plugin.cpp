// score.fit: candidate -> candidate with the six 0-100 scores; roles.rules: candidate ->
// candidate with role, sub_role, other_roles, flags, rule_ids, confidence and evidence.
// Both read the resolved company and the account's seller profile (docs/roles.md).
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include <buyergraph/sdk.hpp>

#include "buyergraph/roles/engine.hpp"
#include "buyergraph/sellers/profile.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;

namespace {

/// The engine with one seller's overrides and the per-account data, built once per account
/// rather than per candidate. Keyed by the seller and company addresses and checked against
/// their content, because an address can be reused by a later account.
class EngineCache {
 public:
  /// The options of both stages (they share the rules and the date).
  struct Options {
    RulesOption rules;
    std::string as_of;
  };
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>()
        .include(&Options::rules, RulesOption::spec("data/roles/default.yaml"))
        .option("as_of", &Options::as_of,
                "date tenure is measured against, YYYY-MM-DD (default: the account's as_of "
                "attribute, else each person's retrieved_at, else today)")
        .example("2026-06-30");
  }

  explicit EngineCache(const Options& options) : as_of_(options.as_of) {
    const std::string& file = options.rules.rules;
    auto e = file.empty() ? roles::RoleEngine::load_default() : roles::RoleEngine::load(file);
    if (!e) throw std::runtime_error(e.error().message);
    base_ = std::make_shared<roles::RoleEngine>(std::move(*e));
  }

  struct Entry {
    std::shared_ptr<const roles::RoleEngine> engine;
    roles::AccountRules account;
  };

  std::shared_ptr<const Entry> get(Context& ctx) {
    const Company* company = ctx.resolved().as<Company>();
    if (!company)
      throw std::runtime_error(std::string(ctx.stage_id()) +
                               " needs the resolved company: put a resolve stage first");
    const SellerProfile& seller = sellers::seller_of(ctx.account());
    std::string as_of = as_of_.empty() ? ctx.account().attributes.value("as_of", "") : as_of_;
    const std::string fingerprint = seller.name + '\x1f' + seller.source_file + '\x1f' +
                                    std::to_string(seller.deal_size) + seller.currency + '\x1f' +
                                    seller.role_rules.dump() + '\x1f' + company->id + '\x1f' +
                                    std::to_string(company->employees.value_or(-1)) + '\x1f' +
                                    company->revenue_band + '\x1f' + as_of;
    const Key key{&seller, company};
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end() && it->second.first == fingerprint)
      return it->second.second;
    auto tuned = base_->with_overrides(seller.role_rules);
    if (!tuned) throw std::runtime_error("seller role_rules: " + tuned.error().message);
    auto entry = std::make_shared<Entry>();
    entry->engine = std::make_shared<roles::RoleEngine>(std::move(*tuned));
    entry->account = entry->engine->prepare(seller, *company, as_of);
    if (entries_.size() >= 1024) entries_.clear();  // bounded: accounts come and go
    entries_[key] = {fingerprint, entry};
    return entry;
  }

 private:
  struct Key {
    const void* seller;
    const void* company;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return std::hash<const void*>()(k.seller) * 31 ^ std::hash<const void*>()(k.company);
    }
  };
  std::shared_ptr<const roles::RoleEngine> base_;
  std::string as_of_;
  std::mutex mutex_;
  std::unordered_map<Key, std::pair<std::string, std::shared_ptr<const Entry>>, KeyHash> entries_;
};

class ScoreFit final : public MapStage {
 public:
  using Options = EngineCache::Options;
  static OptionsSpec<Options> options() { return EngineCache::options(); }
  ScoreFit(const StageInit&, const Options& options) : cache_(options) {}

 protected:
  Item map(const Item& in, Context& ctx) override {
    const Candidate* c = in.as<Candidate>();
    if (!c) throw std::runtime_error("score.fit reads candidates");
    auto entry = cache_.get(ctx);
    Candidate out = *c;
    entry->engine->score(out, entry->account);
    return Item::make<Candidate>(std::move(out));
  }

 private:
  EngineCache cache_;
};

class RolesRules final : public MapStage {
 public:
  using Options = EngineCache::Options;
  static OptionsSpec<Options> options() { return EngineCache::options(); }
  RolesRules(const StageInit&, const Options& options) : cache_(options) {}

 protected:
  Item map(const Item& in, Context& ctx) override {
    const Candidate* c = in.as<Candidate>();
    if (!c) throw std::runtime_error("roles.rules reads candidates");
    if (!c->excluded_reason.empty()) return in;  // excluded: untouched
    auto entry = cache_.get(ctx);
    Candidate out = *c;
    entry->engine->assign(out, entry->account);
    return Item::make<Candidate>(std::move(out));
  }

 private:
  EngineCache cache_;
};

void register_stages(Registrar& r) {
  r.add(make_stage<ScoreFit>(
      {.name = "score.fit",
       .kind = StageKind::map,
       .input_type = "candidate",
       .output_type = "candidate",
       .summary =
           "Seniority, function fit, influence, champion potential, recency, overall (0-100)",
       .docs = "Every score lists its inputs (field, value, points); a score that cannot be "
               "computed is absent, never 0. Excluded candidates are scored too. The seller's "
               "role_rules override weights and thresholds. See docs/roles.md."}));
  r.add(make_stage<RolesRules>(
      {.name = "roles.rules",
       .kind = StageKind::map,
       .input_type = "candidate",
       .output_type = "candidate",
       .summary = "Buyer-group role, sub-role, flags, rule ids, confidence and evidence",
       .docs = "Rules from data/roles/default.yaml (decision authority by deal size and "
               "company tier, blockers by function and seller flags, introducers per the "
               "seller's definition). Excluded candidates pass untouched; nobody is forced "
               "into a role. Run score.fit first. See docs/roles.md."}));
}

}  // namespace

BUYERGRAPH_PLUGIN("roles", "0.1.0", "Buyer-group scoring and role rules", register_stages)
