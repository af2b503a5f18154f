// provider.pdl: People Data Labs v5 as a data provider on the provider framework
// (sdk/provider.hpp, plugins/providers/kit). Same stages as provider.coresignal, so a pipeline
// swaps providers by changing `use:` lines only:
//   resolve_company  account -> company   (company enrich by pdl_id, website, else name;
//                                          ranked by the shared resolver)
//   search_people    people_query -> person (person search per target on job_company_id,
//                                          scroll_token paging; full records, 1 credit each)
//   preview_people   the same search: PDL returns full records, so the search is the preview
//   collect          person -> person      (re-check of the current employer, no call: search
//                                          already returned and billed the full record)
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <buyergraph/sdk.hpp>
#include <buyergraph/sdk/provider.hpp>

#include "buyergraph/resolve/resolver.hpp"
#include "pdl_mapping.hpp"
#include "provider_stages.hpp"
#include "provider_support.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;
using namespace buyergraph::providers;
using nlohmann::json;

namespace {

class Pdl final : public PeopleProvider {
 public:
  struct Costs {
    double search_record = 1, enrich = 1;
  };
  struct Options {
    ResourceOption resource{"pdl"};
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
        .option("page_size", &Options::page_size, "size of each person search page")
        .min(1)
        .max(100)
        .option("max_per_target", &Options::max_per_target,
                "cap on people for a target without a limit")
        .min(1)
        .option("mapping", &Options::mapping,
                "role mapping YAML (default data/providers/role-mapping.yaml)")
        .group("costs", &Options::costs,
               OptionsSpec<Costs>()
                   .option("search_record", &Costs::search_record,
                           "credits per record a search returns")
                   .min(0)
                   .option("enrich", &Costs::enrich, "credits per company enrich match")
                   .min(0),
               "credits per record returned / per enrich match")
        .include(&Options::finalists, FinalistsOptions::spec());
  }

  Pdl(const StageInit&, const Options& o)
      : info_{"People Data Labs", o.resource.resource},
        page_size_(o.page_size),
        max_per_target_(o.max_per_target),
        cost_record_(o.costs.search_record),
        cost_enrich_(o.costs.enrich),
        suppressions_(load_suppressions(o.store.store)) {
    auto m = RoleMapping::load(o.mapping, "pdl", "title_levels", "roles");
    if (!m) throw std::runtime_error(m.error().message);
    mapping_ = std::move(*m);
    exclusions_ = pdl_exclusions(*suppressions_);
  }

  const ProviderInfo& info() const override { return info_; }
  double collect_price() const override { return 0; }  // search returned the full records

  // Company enrich by pdl_id, then website, then name, each only while the earlier ones found
  // nothing (each match is billed); the shared resolver decides.
  Flow resolve_company(ProviderCall call, Account account) override {
    if (!account.domain.empty() && suppressions_->suppresses_company_domain(account.domain))
      co_return call.fail("suppressed",
                          "the company's domain is on the suppression list; no call was made");
    std::vector<std::string> lookups;
    if (!account.provider_id.empty())
      lookups.push_back("pdl_id=" + url_encode(account.provider_id));
    if (!account.domain.empty()) lookups.push_back("website=" + url_encode(account.domain));
    if (!account.name.empty()) lookups.push_back("name=" + url_encode(account.name));
    std::vector<Company> candidates;
    double credits = 0;
    for (const auto& lookup : lookups) {
      if (!candidates.empty()) break;
      Answer a = co_await call.send(
          call.get("/company/enrich?titlecase=true&" + lookup, "company", cost_enrich_),
          "company enrich");
      if (a.is("not_found")) continue;
      if (!a.ok()) co_return call.fail(a);
      if (!a.json)
        co_return call.fail("bad_response", info_.name + " company enrich: the body is not JSON");
      a.accept();  // well-formed: the host may cache it
      credits += a.billed;
      if (auto c = company_from_pdl(*a.json)) candidates.push_back(std::move(*c));
    }
    resolve::Resolution res = resolve::decide(*resolver(), account, candidates);
    if (res.status != "resolved" || !res.company) {
      std::vector<Company> named;
      for (const auto& c : res.candidates) named.push_back(c.company);
      co_return call.fail(res.status, unresolved_message(info_.name, res.reason, named));
    }
    Company c = *res.company;
    c.provenance.cost = credits;
    c.signals["resolution"] = resolve::to_json(res);
    for (const auto& d : c.domains)
      if (suppressions_->suppresses_company_domain(d))
        co_return call.fail("suppressed",
                            "the company's domain is on the suppression list; no people searched");
    suppressions_->scrub(c);
    call.emit(std::move(c));
  }

  // Per target, a person search paged by scroll_token, asking only for as many records as the
  // target still needs and only the fields ranking and the report read (PDL bills per record
  // returned: the search is the preview).
  Flow search_people(ProviderCall call, PeopleQuery query) override {
    if (query.company.id.empty()) throw std::runtime_error("the people query names no company id");
    if (query.targets.empty()) query.targets.push_back({.purpose = "all"});
    std::set<std::string> seen;
    std::vector<std::string> failures;
    std::string first_code;
    std::size_t matched = 0;
    for (const QueryTarget& target : query.targets) {
      if (call.cancelled()) {
        failures.push_back("target '" + target.purpose + "': run cancelled");
        if (first_code.empty()) first_code = "cancelled";
        break;
      }
      const int limit =
          target.limit > 0 ? std::min(target.limit, max_per_target_) : max_per_target_;
      json q = person_search_query(query.company.id, target, mapping_);
      // PDL bills every record a search returns: suppressed people are excluded in the query.
      if (!exclusions_.empty()) q["bool"]["must_not"] = exclusions_;
      int taken = 0;
      std::string scroll;
      do {
        const int size = std::max(1, std::min(page_size_, limit - taken));
        json body = {{"query", q},
                     {"size", size},
                     {"titlecase", true},
                     {"data_include", std::string(person_fields())}};
        if (!scroll.empty()) body["scroll_token"] = scroll;
        // Reserve a full page; the host bills what came back.
        HttpRequest req = call.post("/person/search", body, "search", cost_record_ * size);
        req.charge = [per_record = cost_record_](const HttpResponse& r) {
          auto j = json::parse(r.body, nullptr, false);
          const bool ok = j.is_object() && j.contains("data") && j["data"].is_array();
          return Charge{ok ? per_record * static_cast<double>(j["data"].size()) : 0.0, 0.0};
        };
        Answer a = co_await call.send(std::move(req), "person search");
        if (!a.ok()) {
          if (!a.is("not_found")) {  // 404 = nobody matches (unbilled)
            if (first_code.empty()) first_code = a.failure->code;
            failures.push_back("target '" + target.purpose + "': " + a.failure->message);
          }
          break;
        }
        if (!a.json || !a.json->is_object() || !(*a.json)["data"].is_array()) {
          if (first_code.empty()) first_code = "bad_response";
          failures.push_back("target '" + target.purpose + "': " + info_.name +
                             " person search: the body is not a search answer");
          break;
        }
        a.accept();
        const json& data = (*a.json)["data"];
        const double per_record = a.response.from_cache ? 0 : cost_record_;
        for (const auto& rec : data) {
          if (taken >= limit) break;
          auto p = person_from_pdl(rec);
          if (!p || suppressions_->why(*p)) continue;  // past the query's cap
          ++taken;
          if (!seen.insert(p->id).second) continue;
          p->provenance.endpoint = "person/search";
          p->provenance.cost = per_record;
          call.emit(std::move(*p));
          ++matched;
        }
        const json token = a.json->value("scroll_token", json());
        scroll = token.is_string() && !data.empty() ? token.get<std::string>() : "";
      } while (taken < limit && !scroll.empty() && !call.cancelled());
    }
    call.host().metrics().add("people_matched", static_cast<double>(matched));
    if (failures.empty()) co_return;
    std::string msg;
    for (const auto& f : failures) msg += (msg.empty() ? "" : "; ") + f;
    call.fail(first_code, msg);
  }

  // Search returned full records (and billed them): collecting again would pay twice, so this
  // only re-checks that the current employer is the account's company.
  Flow collect(ProviderCall call, Person person) override {
    std::string company = person.company_id;
    if (const Company* c = call.context().resolved().as<Company>(); c && !c->id.empty())
      company = c->id;
    if (person.company_id != company && !person.current_role_at(company))
      co_return call.drop("no longer a current employee of company " + company);
    call.emit(std::move(person));
  }

 private:
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
  double cost_record_, cost_enrich_;
  std::shared_ptr<const suppression::SuppressionList> suppressions_;
  RoleMapping mapping_;
  json exclusions_;  // suppressed people, kept out of every (billed) search
  std::once_flag resolver_once_;
  std::shared_ptr<const resolve::Resolver> resolver_;
};

void register_stages(Registrar& r) {
  register_provider<Pdl>(
      r, {.family = "provider.pdl",
          .resolve_company = {"Resolves an account to one PDL company (company enrich), or fails "
                              "as ambiguous/not_found",
                              ""},
          .search_people = {"Per target, a person search on job_company_id with role clauses, "
                            "paged by scroll_token; emits full records, each person once",
                            ""},
          .preview_people = {"The person search itself: PDL returns full records at 1 credit "
                             "each, so there is no cheaper preview",
                             ""},
          .collect = {"Drops anyone whose current employer is not the account's company (no "
                      "HTTP: search returned full records)",
                      ""}});
}

}  // namespace

BUYERGRAPH_PLUGIN("provider.pdl", "0.2.0", "People Data Labs v5 (company enrich, person search)",
                  register_stages)
