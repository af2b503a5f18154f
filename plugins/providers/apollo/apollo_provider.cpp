// provider.apollo: Apollo.io as a data provider, written on the provider framework only: the
// host sends, retries, rate-limits, gates (401/403/402), classifies, caches and bills.
//   resolve_company   Organization Enrichment by the account's website (1 credit a match)
//   search_people     People API Search per target (free; names partly hidden, no contacts):
//   preview_people      the search is the preview, so ranking costs nothing
//   collect           People Enrichment by id (1 credit a match), verified on the full record
//   collect_finalists the framework's verify-and-backfill over collect
// See docs/providers.md ("Apollo") for the mapping and the documentation it follows.
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <buyergraph/sdk.hpp>
#include <buyergraph/sdk/provider.hpp>

#include "apollo_mapping.hpp"
#include "buyergraph/resolve/resolver.hpp"
#include "provider_stages.hpp"
#include "provider_support.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;
using namespace buyergraph::providers;
using nlohmann::json;

namespace {

constexpr int kMaxPage = 500;  // the search's display limit: 500 pages of 100

class Apollo final : public PeopleProvider {
 public:
  struct Costs {  // credits per matched answer
    double match = 1, enrich = 1;
  };
  struct Options {
    ResourceOption resource{"apollo"};
    StoreOption store;
    int page_size = 100;
    int max_per_target = 1000;
    std::string mapping;
    Costs costs;
    FinalistsOptions finalists;
  };
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>()
        .include(&Options::resource, ResourceOption::spec())
        .include(&Options::store, StoreOption::spec())
        .option("page_size", &Options::page_size,
                "per_page of each People API Search page (Apollo's maximum is 100)")
        .min(1)
        .max(100)
        .option("max_per_target", &Options::max_per_target,
                "cap on people for a target without a limit")
        .min(1)
        .option("mapping", &Options::mapping,
                "role mapping YAML (default data/providers/role-mapping.yaml)")
        .group("costs", &Options::costs,
               OptionsSpec<Costs>()
                   .option("match", &Costs::match, "credits per people enrichment match")
                   .min(0)
                   .option("enrich", &Costs::enrich, "credits per organization enrichment match")
                   .min(0),
               "credits per matched answer")
        .include(&Options::finalists, FinalistsOptions::spec());
  }

  Apollo(const StageInit&, const Options& o)
      : info_{"Apollo", o.resource.resource},
        page_size_(o.page_size),
        max_per_target_(o.max_per_target),
        cost_match_(o.costs.match),
        cost_enrich_(o.costs.enrich),
        suppressions_(load_suppressions(o.store.store)) {
    auto m = RoleMapping::load(o.mapping, "apollo", "seniorities", "departments");
    if (!m) throw std::runtime_error(m.error().message);
    mapping_ = std::move(*m);
  }

  const ProviderInfo& info() const override { return info_; }
  double collect_price() const override { return cost_match_; }

  Flow resolve_company(ProviderCall call, Account account) override {
    if (account.domain.empty())
      co_return call.fail("not_found",
                          "Apollo resolves a company by its website: the account "
                          "has none (add the domain column)");
    if (suppressions_->suppresses_company_domain(account.domain))
      co_return call.fail("suppressed",
                          "the company's domain is on the suppression list; no call was made");
    // Billed only when it enriched a company (a miss answers 200 with no organization).
    HttpRequest req = call.get("/organizations/enrich?domain=" + url_encode(account.domain),
                               "company", cost_enrich_);
    req.charge = [price = cost_enrich_](const HttpResponse& r) {
      auto j = json::parse(r.body, nullptr, false);
      return Charge{j.is_object() && j.contains("organization") && j["organization"].is_object()
                        ? price
                        : 0.0,
                    0.0};
    };
    Answer a = co_await call.send(std::move(req), "organization enrichment");
    if (a.is("dry_run")) {  // not bought: go on with what the user gave
      Company c;
      c.id = account.provider_id;
      c.name = account.name;
      c.domains.push_back(account.domain);
      co_return emit_company(call, std::move(c));
    }
    if (!a.ok() && !a.is("not_found")) co_return call.fail(a);
    std::vector<Company> candidates;
    if (a.ok()) {
      if (!a.json || !a.json->is_object())
        co_return call.fail("bad_response", "Apollo organization enrichment: not a JSON object");
      a.accept();
      if (a.json->contains("organization") && (*a.json)["organization"].is_object())
        if (auto c = apollo::company_from_apollo((*a.json)["organization"])) {
          c->provenance.cost = a.billed;
          candidates.push_back(std::move(*c));
        }
    }
    resolve::Resolution res = resolve::decide(*resolver(), account, candidates);
    if (res.status != "resolved" || !res.company) {
      std::vector<Company> named;
      for (const auto& c : res.candidates) named.push_back(c.company);
      co_return call.fail(res.status, unresolved_message(info_.name, res.reason, named));
    }
    Company chosen = *res.company;
    chosen.signals["resolution"] = resolve::to_json(res);
    emit_company(call, std::move(chosen));
  }

  // Per target, its searches paged until the target's limit; each person emitted once, in the
  // order found. The rows are previews: the search is free, so ranking costs nothing.
  Flow search_people(ProviderCall call, PeopleQuery query) override {
    if (query.company.id.empty()) {
      if (call.dry_run()) co_return;  // free searches: nothing to estimate
      throw std::runtime_error("the people query names no company id");
    }
    if (query.targets.empty()) query.targets.push_back({.purpose = "all"});
    std::set<std::string> seen;
    std::vector<std::string> failures;
    std::string first_code;
    std::size_t matched = 0;
    for (const QueryTarget& target : query.targets) {
      const int limit =
          target.limit > 0 ? std::min(target.limit, max_per_target_) : max_per_target_;
      int taken = 0;
      for (const auto& filters : apollo::target_searches(target, mapping_)) {
        for (int page = 1; taken < limit && page <= kMaxPage && !call.cancelled(); ++page) {
          const int per_page = std::max(1, std::min(page_size_, limit - taken));
          Answer a = co_await call.send(
              call.post(apollo::search_path(query.company.id, filters, page, per_page),
                        json::object(), "search", 0),
              "people search");
          if (!a.ok()) {
            if (first_code.empty()) first_code = a.failure->code;
            failures.push_back("target '" + target.purpose + "': " + a.failure->message);
            break;
          }
          if (!a.json || !a.json->is_object() || !(*a.json)["people"].is_array()) {
            if (first_code.empty()) first_code = "bad_response";
            failures.push_back("target '" + target.purpose +
                               "': Apollo people search: the body is not a search answer");
            break;
          }
          a.accept();
          const json& rows = (*a.json)["people"];
          for (const auto& row : rows) {
            if (taken >= limit) break;
            auto p = apollo::preview_from_apollo(row, query.company);
            if (!p || suppressions_->why(*p)) continue;
            ++taken;
            if (!seen.insert(p->id).second) continue;
            call.emit(std::move(*p));
            ++matched;
          }
          if (static_cast<int>(rows.size()) < per_page) break;  // the last page
        }
      }
    }
    call.host().metrics().add("people_matched", static_cast<double>(matched));
    if (failures.empty()) co_return;
    std::string msg;
    for (const auto& f : failures) msg += (msg.empty() ? "" : "; ") + f;
    call.fail(first_code, msg);
  }

  // People Enrichment by id; a miss (200 with no person) is a drop with the reason, and so is a
  // record that shows the person no longer works for the company.
  Flow collect(ProviderCall call, Person person) override {
    std::string company = person.company_id;
    if (const Company* c = call.context().resolved().as<Company>(); c && !c->id.empty())
      company = c->id;
    const std::string what = "people enrichment " + person.id;
    HttpRequest req =
        call.post("/people/match?id=" + url_encode(person.id) + "&reveal_personal_emails=false",
                  json::object(), "person", cost_match_);
    req.charge = [price = cost_match_](const HttpResponse& r) {
      auto j = json::parse(r.body, nullptr, false);
      return Charge{j.is_object() && j.contains("person") && j["person"].is_object() ? price : 0.0,
                    0.0};
    };
    Answer a = co_await call.send(std::move(req), what);
    if (!a.ok()) co_return call.fail(a);
    if (!a.json || !a.json->is_object())
      co_return call.fail("bad_response", "Apollo " + what + ": the body is not JSON");
    const json& found = a.json->value("person", json());
    if (!found.is_object()) co_return call.drop("not in Apollo any more (no enrichment match)");
    auto full = apollo::person_from_apollo(found);
    if (!full) co_return call.fail("bad_response", "Apollo " + what + ": " + full.error().message);
    a.accept();
    full->provenance.cost = a.billed;
    if (auto suppressed = suppressions_->why(*full)) co_return call.drop(*suppressed);
    if (!full->current_role_at(company))
      co_return call.drop("no longer a current employee of company " + company);
    call.emit(std::move(*full));
  }

 private:
  void emit_company(const ProviderCall& call, Company c) const {
    for (const auto& d : c.domains)
      if (suppressions_->suppresses_company_domain(d))
        return call.fail("suppressed",
                         "the company's domain is on the suppression list; no people searched");
    suppressions_->scrub(c);
    call.emit(std::move(c));
  }

  std::shared_ptr<const resolve::Resolver> resolver() {
    std::call_once(resolver_once_, [this] {
      auto r = resolve::Resolver::load_default();
      if (!r) throw std::runtime_error("cannot load the resolver's data: " + r.error().message);
      resolver_ = std::make_shared<resolve::Resolver>(std::move(*r));
    });
    return resolver_;
  }

  ProviderInfo info_;
  int page_size_, max_per_target_;
  double cost_match_, cost_enrich_;
  std::shared_ptr<const suppression::SuppressionList> suppressions_;
  RoleMapping mapping_;
  std::once_flag resolver_once_;
  std::shared_ptr<const resolve::Resolver> resolver_;
};

void register_stages(Registrar& r) {
  register_provider<Apollo>(
      r, {.family = "provider.apollo",
          .resolve_company = {"Resolves an account to one Apollo organization (Organization "
                              "Enrichment by website), or fails as ambiguous/not_found",
                              ""},
          .search_people = {"Per target, the free People API Search on the organization id "
                            "(titles, seniorities), paged; emits previews, each person once",
                            ""},
          .preview_people = {"The People API Search itself: it is free and returns the title, "
                             "so previews cost nothing",
                             ""},
          .collect = {"People Enrichment by id (1 credit a match); drops anyone Apollo no "
                      "longer has or who left the company, with the reason",
                      ""}});
}

}  // namespace

BUYERGRAPH_PLUGIN("provider.apollo", "0.1.0",
                  "Apollo.io (organization enrichment, people search, people enrichment)",
                  register_stages)
