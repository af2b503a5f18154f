// collect_finalists for every provider: the preview-first shape's last step. The group was
// ranked on previews; this buys the members' full records with the provider's own collect,
// verifies each on it and replaces the ones that fail from the assembly's ranked spares
// (domain/finalists), round by round.
#include <algorithm>
#include <map>
#include <mutex>
#include <sstream>

#include <buyergraph/sdk/budget.hpp>

#include "buyergraph/finalists/backfill.hpp"
#include "provider_stages.hpp"

namespace buyergraph::providers {

sdk::OptionsSpec<FinalistsOptions> FinalistsOptions::spec() {
  return sdk::OptionsSpec<FinalistsOptions>()
      .option("max_rounds", &FinalistsOptions::max_rounds,
              "collect_finalists: collect rounds (members, then refills)")
      .min(1)
      .max(5)
      .option("max_replacements", &FinalistsOptions::max_replacements,
              "collect_finalists: most members replaced from spares per group (bounds the "
              "dry-run estimate)")
      .min(0)
      .max(50)
      .option("partial_finalists", &FinalistsOptions::partial_finalists,
              "collect_finalists: when the budget left cannot buy every member and "
              "replacement, buy what it covers (default: buy none)");
}

namespace {

using namespace sdk;

std::string num(double v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

class CollectFinalists final : public AsyncStage {
 public:
  CollectFinalists(std::unique_ptr<PeopleProvider> provider, const FinalistsOptions& o)
      : provider_(std::move(provider)),
        max_rounds_(o.max_rounds),
        max_replacements_(o.max_replacements),
        partial_(o.partial_finalists) {}

 protected:
  // One group's verification: rounds of concurrent collects, settled together.
  struct Job : std::enable_shared_from_this<Job> {
    const CollectFinalists* self;
    Reply reply;
    finalists::Backfill backfill;
    std::mutex mutex;
    std::map<std::string, finalists::Collected> answers;
    std::size_t waiting = 0;

    Job(const CollectFinalists* s, Reply r, BuyerGroup g, finalists::Options o)
        : self(s), reply(std::move(r)), backfill(std::move(g), std::move(o)) {}

    void round() {
      auto people = backfill.to_collect();
      if (people.empty()) return done();
      answers.clear();
      waiting = people.size();
      for (auto& p : people) {
        std::string id = p.id;
        ProviderCall call(std::make_shared<MemberOutlet>(shared_from_this(), id),
                          self->provider_->info());
        self->provider_->collect(std::move(call), std::move(p));
      }
    }

    void answer(const std::string& id, finalists::Collected c) {
      {
        std::lock_guard lock(mutex);
        answers[id] = std::move(c);
        if (--waiting > 0) return;
      }
      backfill.settle(answers);
      round();
    }

    void done(Status status = Status::ok()) {
      BuyerGroup g = backfill.take();
      Context& ctx = reply.context();
      // The collects are in the host's ledger now: the group's ledger shows them.
      if (const Ledger* ledger = ctx.host().ledger())
        apply_ledger(g.ledger, ledger->account(ctx.account().key));
      ctx.host().metrics().add(self->provider_->info().resource + ".finalists_collected",
                               g.coverage["verification"].value("records_bought", 0));
      reply.emit(Item::make<BuyerGroup>(std::move(g)));
      reply.finish(std::move(status));
    }
  };

  // One member's collect: what the provider emitted, dropped or failed with.
  class MemberOutlet final : public Outlet {
   public:
    MemberOutlet(std::shared_ptr<Job> job, std::string id)
        : job_(std::move(job)), id_(std::move(id)) {}
    Context& context() override { return job_->reply.context(); }
    void emit(Item item) override {
      if (const Person* p = item.as<Person>()) collected_.person = *p;
    }
    void drop(std::string_view reason) override { collected_.dropped = std::string(reason); }
    void finish(Status status) noexcept override {
      if (!status) {
        collected_.person.reset();
        collected_.error = status.error().message;
      }
      job_->answer(id_, std::move(collected_));
    }

   private:
    std::shared_ptr<Job> job_;
    std::string id_;
    finalists::Collected collected_;
  };

  // Why the budget left cannot buy every record this group may need (its members plus the
  // replacements allowed, at the collect price), or nullopt when it can, when no credit limit
  // applies, or when partial_finalists asks to buy what it covers. Cached records cost nothing,
  // so this is an upper bound.
  std::optional<std::string> budget_shortfall(const finalists::Backfill& b, Context& ctx) const {
    const double price = provider_->collect_price();
    if (partial_ || price <= 0) return std::nullopt;
    const BudgetView* budget = budget_of(ctx.host().ledger());
    if (budget == nullptr) return std::nullopt;
    const auto left = budget->credits_left(ctx.account().key);
    const std::size_t most = b.most_to_buy();
    const double need = static_cast<double>(most) * price;
    if (!left || *left + 1e-9 >= need) return std::nullopt;
    const std::size_t members = b.to_collect().size();
    const std::size_t replacements = most - members;
    return "the budget left (" + num(*left) + " credits) cannot buy the full records of the " +
           std::to_string(members) + " people chosen for the group" +
           (replacements > 0 ? " and up to " + std::to_string(replacements) + " replacements"
                             : std::string()) +
           " (" + num(need) + " credits at " + num(price) +
           " each), so none were bought: the members are shown from their search previews, "
           "unverified. Raise the budget, or set partial_finalists to buy what it covers";
  }

  // Nothing is bought in a dry run: the upper bound is a full group plus every replacement.
  // The previews were not bought either, so the plan's max (sized by the people found) is too
  // small: the tier's max bounds it.
  void estimate(const BuyerGroup& g, Context& ctx, Ledger& ledger) const {
    const double price = provider_->collect_price();
    if (price <= 0) return;
    const nlohmann::json& size =
        g.coverage.contains("size") ? g.coverage["size"] : nlohmann::json::object();
    std::int64_t most = static_cast<std::int64_t>(g.members.size());
    if (size.contains("max") && size["max"].is_number_integer())
      most = std::max(most, size["max"].get<std::int64_t>());
    if (size.contains("tier_size") && size["tier_size"].is_array() &&
        size["tier_size"].size() == 3 && size["tier_size"][2].is_number_integer())
      most = std::max(most, size["tier_size"][2].get<std::int64_t>());
    const std::uint64_t calls =
        static_cast<std::uint64_t>(most) + static_cast<std::uint64_t>(max_replacements_);
    ledger.estimate(ctx.account().key, provider_->info().resource, calls,
                    static_cast<double>(calls) * price);
  }

  void start(const Item& in, Context& ctx, Reply reply) override {
    const BuyerGroup* g = in.as<BuyerGroup>();
    if (!g) throw std::runtime_error(std::string(ctx.stage_id()) + " reads buyer groups");
    const ProviderInfo& info = provider_->info();
    if (ctx.host().http() == nullptr)
      throw std::runtime_error("the pipeline declares no resources.http." + info.resource + " (" +
                               info.name + " base_url and api_key_env)");
    if (Ledger* ledger = ctx.host().ledger(); ledger != nullptr && ledger->dry_run()) {
      estimate(*g, ctx, *ledger);
      reply.emit(in);
      return reply.finish();
    }
    finalists::Options o{.max_rounds = max_rounds_, .max_replacements = max_replacements_};
    o.screen.as_of = ctx.account().attributes.value("as_of", "");
    auto job = std::make_shared<Job>(this, std::move(reply), *g, std::move(o));
    if (auto short_of = budget_shortfall(job->backfill, ctx)) {
      job->backfill.stop(*short_of);
      return job->done(Status::error("budget_exhausted", *short_of));
    }
    job->round();
  }

 private:
  std::unique_ptr<PeopleProvider> provider_;
  int max_rounds_, max_replacements_;
  bool partial_;
};

}  // namespace

std::unique_ptr<Stage> make_collect_finalists(std::unique_ptr<PeopleProvider> provider,
                                              const FinalistsOptions& options) {
  return std::make_unique<CollectFinalists>(std::move(provider), options);
}

}  // namespace buyergraph::providers
