// provider.coresignal: the CoreSignal multi-source API as a data provider on the provider
// framework (sdk/provider.hpp, plugins/providers/kit). Stages:
//   resolve_company    account -> company   (collect by id, enrich by website, name preview;
//                                            ranked by the shared resolver, never a silent pick)
//   search_people      people_query -> person ids (free ES DSL search per target, current
//                                            employees of the one company id, paged by cursor)
//   preview_people     the searched ids' preview fields, 20 per billed page
//   collect            person -> person     (paid collect of each finalist, re-checked)
//   collect_finalists  the framework's verify-and-backfill over collect
// See docs/providers.md.
#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <buyergraph/sdk.hpp>
#include <buyergraph/sdk/provider.hpp>

#include "buyergraph/coresignal/mapping.hpp"
#include "buyergraph/resolve/resolver.hpp"
#include "coresignal_query.hpp"
#include "provider_stages.hpp"
#include "provider_support.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;
using namespace buyergraph::providers;
using nlohmann::json;

namespace {

constexpr std::size_t kPreviewPage = 20;  // CoreSignal's preview page (docs/mock-providers.md)

// An id as CoreSignal indexes it: a number when it is all digits.
json id_value(const std::string& id) {
  const bool digits =
      !id.empty() && id.size() < 19 &&
      std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits ? json(std::stoll(id)) : json(id);
}

Provenance provenance(const std::string& endpoint, double cost) {
  Provenance p;
  p.source = "coresignal";
  p.endpoint = endpoint;
  p.cost = cost;
  return p;
}

Status bad_response(const std::string& what, const std::string& why) {
  return Status::error("bad_response", "CoreSignal " + what + ": " + why);
}

class CoreSignal final : public PeopleProvider {
 public:
  struct Costs {  // credits per HTTP 200, 2026 prices
    double search = 0, preview = 20, collect = 20, enrich = 20;
  };
  struct Options {
    ResourceOption resource{"coresignal"};
    StoreOption store;
    int page_size = 100;
    int max_per_target = 1000;
    int max_name_candidates = 10;
    std::string mapping;
    double preview_share = 1.0;
    Costs costs;
    FinalistsOptions finalists;
  };
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>()
        .include(&Options::resource, ResourceOption::spec())
        .include(&Options::store, StoreOption::spec())
        .option("page_size", &Options::page_size, "items_per_page of each search page")
        .min(1)
        .max(1000)
        .option("max_per_target", &Options::max_per_target,
                "cap on ids for a target without a limit")
        .min(1)
        .option("max_name_candidates", &Options::max_name_candidates,
                "companies previewed for a name-only account")
        .min(1)
        .max(20)
        .option("mapping", &Options::mapping,
                "role mapping YAML (default data/providers/role-mapping.yaml)")
        .option("preview_share", &Options::preview_share,
                "preview_people: share of each target's limit previewed, best matches first")
        .above(0)
        .max(1)
        .group("costs", &Options::costs,
               OptionsSpec<Costs>()
                   .option("search", &Costs::search, "credits per search page")
                   .min(0)
                   .option("preview", &Costs::preview, "credits per preview page of 20")
                   .min(0)
                   .option("collect", &Costs::collect, "credits per collected record")
                   .min(0)
                   .option("enrich", &Costs::enrich, "credits per company enrichment")
                   .min(0),
               "credits per HTTP 200 (2026 prices by default)")
        .include(&Options::finalists, FinalistsOptions::spec());
  }

  CoreSignal(const StageInit&, const Options& o)
      : info_{"CoreSignal", o.resource.resource},
        page_size_(o.page_size),
        max_per_target_(o.max_per_target),
        max_name_candidates_(o.max_name_candidates),
        preview_share_(o.preview_share),
        cost_search_(o.costs.search),
        cost_preview_(o.costs.preview),
        cost_collect_(o.costs.collect),
        cost_enrich_(o.costs.enrich),
        suppressions_(load_suppressions(o.store.store)) {
    auto m = RoleMapping::load(o.mapping, "coresignal", "management_levels", "departments");
    if (!m) throw std::runtime_error(m.error().message);
    mapping_ = std::move(*m);
    exclusions_ = employee_exclusions(*suppressions_);
  }

  const ProviderInfo& info() const override { return info_; }
  double collect_price() const override { return cost_collect_; }

  // Collect by id, enrich by website, else one preview page of name-phrase matches (each only
  // while nothing earlier answered); the shared resolver decides.
  Flow resolve_company(ProviderCall call, Account account) override {
    if (!account.domain.empty() && suppressions_->suppresses_company_domain(account.domain))
      co_return call.fail("suppressed",
                          "the company's domain is on the suppression list; no call was made");
    std::vector<Company> candidates;
    bool from_preview = false;
    auto add_record = [&](const Answer& a, const std::string& endpoint) -> std::optional<Status> {
      if (a.is("not_found")) return std::nullopt;  // names no company: try the next identifier
      if (!a.ok()) return a.status();
      if (!a.json || !a.json->is_object())
        return bad_response(endpoint, "the body is not a JSON object");
      a.accept();
      if (auto c = coresignal::company_from_coresignal(*a.json, provenance(endpoint, a.billed)))
        candidates.push_back(std::move(*c));
      return std::nullopt;
    };
    if (!account.provider_id.empty()) {
      Answer a = co_await call.send(
          call.get("/company_multi_source/collect/" + url_encode(account.provider_id), "company",
                   cost_collect_),
          "company collect");
      if (a.is("dry_run")) co_return dry_run_company(call, account);
      if (auto failed = add_record(a, "company collect")) co_return call.finish(*failed);
    }
    if (!account.domain.empty() && candidates.empty()) {
      Answer a = co_await call.send(
          call.get("/company_multi_source/enrich?website=" + url_encode(account.domain), "company",
                   cost_enrich_),
          "company enrich");
      if (a.is("dry_run")) co_return dry_run_company(call, account);
      if (auto failed = add_record(a, "company enrich")) co_return call.finish(*failed);
    }
    if (!account.name.empty() && candidates.empty()) {
      Answer a = co_await call.send(
          call.post("/company_multi_source/search/es_dsl/preview",
                    company_name_search_body(account.name), "company", cost_preview_),
          "company preview");
      if (a.is("dry_run")) co_return dry_run_company(call, account);
      if (!a.ok() && !a.is("not_found")) co_return call.fail(a);
      if (a.ok()) {
        if (!a.json || !a.json->is_array())
          co_return call.finish(bad_response("company preview", "the body is not a JSON array"));
        a.accept();
        for (const auto& rec : *a.json) {
          if (static_cast<int>(candidates.size()) >= max_name_candidates_) break;
          if (!rec.is_object()) continue;
          if (auto c = coresignal::company_from_coresignal(
                  rec, provenance("company_multi_source/search/es_dsl/preview", 0)))
            candidates.push_back(std::move(*c));
        }
        from_preview = true;
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
    if (from_preview) {
      // A preview holds a few fields; the full record (headcount, HQ, signals) is one collect.
      Answer a =
          co_await call.send(call.get("/company_multi_source/collect/" + url_encode(chosen.id),
                                      "company", cost_collect_),
                             "company collect");
      if (!a.ok() && !a.is("not_found")) co_return call.fail(a);
      if (a.ok() && a.json) {
        auto full = coresignal::company_from_coresignal(
            *a.json, provenance("company_multi_source/collect", a.billed));
        if (full) a.accept();
        if (full && full->id == chosen.id) {
          full->signals["resolution"] = chosen.signals["resolution"];
          chosen = std::move(*full);
        }
      }
    }
    emit_company(call, std::move(chosen));
  }

  Flow search_people(ProviderCall call, PeopleQuery query) override {
    return people(std::move(call), std::move(query), false);
  }
  Flow preview_people(ProviderCall call, PeopleQuery query) override {
    return people(std::move(call), std::move(query), true);
  }

  // The paid collect, then the "verify after collect" gate: a deleted, duplicate, suppressed or
  // former employee is dropped with the reason.
  Flow collect(ProviderCall call, Person person) override {
    std::string company = person.company_id;  // the account's company, else the search's
    if (const Company* c = call.context().resolved().as<Company>(); c && !c->id.empty())
      company = c->id;
    const std::string what = "employee collect " + person.id;
    Answer a =
        co_await call.send(call.get("/employee_multi_source/collect/" + url_encode(person.id),
                                    "person", cost_collect_),
                           what);
    if (a.is("not_found")) co_return call.drop("not in CoreSignal any more (collect 404)");
    if (!a.ok()) co_return call.fail(a);
    if (!a.json || !a.json->is_object())
      co_return call.finish(bad_response(what, "the body is not JSON"));
    auto full = coresignal::person_from_coresignal(
        *a.json, provenance("employee_multi_source/collect", a.billed));
    if (!full) co_return call.finish(bad_response(what, full.error().message));
    a.accept();  // well-formed: the host may cache it
    if (auto suppressed = suppressions_->why(*full)) co_return call.drop(*suppressed);
    if (full->deleted) co_return call.drop("deleted record (is_deleted)");
    if (full->duplicate) co_return call.drop("duplicate record (is_parent = 0)");
    if (!full->current_role_at(company))
      co_return call.drop("no longer a current employee of company " + company);
    call.emit(std::move(*full));
  }

 private:
  // Per target, the search's best-ranked ids (each emitted once, in relevance order); with
  // `previews`, their preview fields instead of bare ids.
  Flow people(ProviderCall call, PeopleQuery query, bool previews) {
    if (query.company.id.empty()) {
      if (!call.dry_run()) throw std::runtime_error("the people query names no company id");
      co_return estimate_without_company(call, query, previews);
    }
    if (query.targets.empty()) query.targets.push_back({.purpose = "all"});
    std::set<std::string> seen;
    std::vector<std::string> order;
    std::vector<std::string> failures;
    std::string first_code;
    auto fail_target = [&](const QueryTarget& t, const std::string& code, const std::string& msg) {
      if (first_code.empty()) first_code = code;
      failures.push_back("target '" + t.purpose + "': " + msg);
    };
    int pages = 0;
    for (const QueryTarget& target : query.targets) {
      if (call.cancelled()) {
        fail_target(target, "cancelled", "run cancelled");
        break;
      }
      const int limit = target_limit(target, previews);
      json body = employee_search_body(query.company.id, target, mapping_);
      if (!exclusions_.empty()) body["query"]["bool"]["must_not"] = exclusions_;
      int taken = 0;  // ids taken for this target (seen ones count, as the local provider)
      std::string after;
      do {  // cursor pages until the target's limit
        const int per_page = std::max(1, std::min(page_size_, limit - taken));
        std::string path =
            "/employee_multi_source/search/es_dsl?items_per_page=" + std::to_string(per_page);
        if (!after.empty()) path += "&after=" + url_encode(after);
        Answer a =
            co_await call.send(call.post(path, body, "search", cost_search_), "employee search");
        if (!a.ok()) {
          if (!a.is("not_found")) fail_target(target, a.failure->code, a.failure->message);
          break;  // 404: no such people, not an error
        }
        ++pages;
        if (!a.json || !a.json->is_array()) {
          fail_target(target, "bad_response",
                      "CoreSignal employee search: the body is not a JSON id array");
          break;
        }
        a.accept();
        for (const auto& v : *a.json) {
          if (taken >= limit) break;
          std::string id = v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : "";
          if (id.empty()) continue;
          ++taken;
          if (seen.insert(id).second) order.push_back(id);
        }
        auto next = a.response.headers.find("x-next-page-after");
        after = next == a.response.headers.end() || a.json->empty() ? "" : next->second;
      } while (taken < limit && !after.empty() && !call.cancelled());
    }
    call.host().metrics().add("coresignal.search_pages", pages);
    call.host().metrics().add("people_matched", static_cast<double>(order.size()));
    if (previews && !order.empty()) {
      std::vector<Answer> answers = co_await preview_pages(call, query.company, order);
      for (const Answer& a : answers)
        if (a.ok() && a.json) a.accept();
      emit_previews(call, query.company, order, answers, first_code, failures);
    } else if (!previews) {
      for (const auto& id : order) {
        Person p;
        p.id = id;
        p.company_id = query.company.id;
        p.company_name = query.company.name;
        p.provenance = provenance("employee_multi_source/search/es_dsl", 0);
        call.emit(std::move(p));
      }
    }
    if (failures.empty()) co_return;
    std::string msg;
    for (const auto& f : failures) msg += (msg.empty() ? "" : "; ") + f;
    call.fail(first_code, msg);
  }

  // The preview requests for `ids`, 20 per billed page, sent at once.
  PendingAnswers preview_pages(ProviderCall& call, const Company& company,
                               const std::vector<std::string>& ids) const {
    std::vector<HttpRequest> pages;
    for (std::size_t i = 0; i < ids.size(); i += kPreviewPage) {
      json batch = json::array();
      for (std::size_t j = i; j < std::min(ids.size(), i + kPreviewPage); ++j)
        batch.push_back(id_value(ids[j]));
      // The ids, still current employees of the company id (the index may have moved on).
      json body = employee_search_body(company.id, {.purpose = "preview"}, mapping_);
      body.erase("sort");  // preview does not support sort
      body["query"]["bool"]["filter"].push_back({{"terms", {{"id", std::move(batch)}}}});
      pages.push_back(
          call.post("/employee_multi_source/search/es_dsl/preview", body, "search", cost_preview_));
    }
    return call.send_all(std::move(pages), "employee preview");
  }

  // Reads the preview pages: rows emitted in `ids` (relevance) order; a failed page is named.
  void emit_previews(const ProviderCall& call, const Company& company,
                     const std::vector<std::string>& ids, const std::vector<Answer>& pages,
                     std::string& first_code, std::vector<std::string>& failures) const {
    std::map<std::string, Person> previewed;
    for (const Answer& a : pages) {
      if (!a.ok()) {
        if (a.is("not_found")) continue;
        if (first_code.empty()) first_code = a.failure->code;
        failures.push_back("preview: " + a.failure->message);
        continue;
      }
      if (!a.json || !a.json->is_array()) {
        if (first_code.empty()) first_code = "bad_response";
        failures.push_back("preview: CoreSignal employee preview: not a JSON array");
        continue;
      }
      const double each = a.json->empty() ? 0 : a.billed / static_cast<double>(a.json->size());
      for (const auto& rec : *a.json) {
        if (!rec.is_object()) continue;
        auto p = coresignal::person_from_coresignal(
            rec, provenance("employee_multi_source/search/es_dsl/preview", each));
        if (!p) continue;
        // The search filter matched a current role at this company id: the preview's current
        // employer fields describe that role (the preview carries no experience history).
        p->company_id = company.id;
        if (p->company_name.empty()) p->company_name = company.name;
        p->experience = {{.company_id = company.id,
                          .company_name = p->company_name,
                          .title = p->title,
                          .department = p->department,
                          .management_level = p->management_level,
                          .current = true,
                          .location = p->location}};
        previewed.emplace(p->id, std::move(*p));
      }
    }
    call.host().metrics().add("coresignal.preview_people", static_cast<double>(previewed.size()));
    for (const auto& id : ids)
      if (auto it = previewed.find(id); it != previewed.end()) call.emit(std::move(it->second));
  }

  void dry_run_company(const ProviderCall& call, const Account& account) const {
    // A dry run does not buy the company record: the account goes on with what the user gave,
    // so the query plan can be built and the people calls estimated from its limits.
    Company c;
    c.id = account.provider_id;
    c.name = account.name;
    if (!account.domain.empty()) c.domains.push_back(account.domain);
    c.provenance = provenance("dry run: company record not bought", 0);
    emit_company(call, std::move(c));
  }

  void emit_company(const ProviderCall& call, Company c) const {
    for (const auto& d : c.domains)
      if (suppressions_->suppresses_company_domain(d))
        return call.fail("suppressed",
                         "the company's domain is on the suppression list; no people searched");
    suppressions_->scrub(c);  // company records name people too (executive arrivals)
    call.emit(std::move(c));
  }

  // Dry run without the company id: the plan's limits bound the calls.
  void estimate_without_company(const ProviderCall& call, const PeopleQuery& q,
                                bool previews) const {
    std::uint64_t people = 0;
    for (const auto& t : q.targets)
      people += static_cast<std::uint64_t>(t.limit > 0 ? std::min(t.limit, max_per_target_)
                                                       : max_per_target_);
    Ledger* ledger = call.host().ledger();
    if (previews) {  // preview pages of 20; collect_finalists estimates the finalists
      people = static_cast<std::uint64_t>(
          std::ceil(static_cast<double>(people) * preview_share_ / kPreviewPage));
      ledger->estimate(call.account().key, info_.resource, people,
                       static_cast<double>(people) * cost_preview_);
      return;
    }
    ledger->estimate(call.account().key, info_.resource, people,
                     static_cast<double>(people) * cost_collect_);
  }

  int target_limit(const QueryTarget& t, bool previews) const {
    int l = t.limit > 0 ? std::min(t.limit, max_per_target_) : max_per_target_;
    // Previews: the best-ranked share of the target (the search is ordered by relevance).
    if (previews) l = std::max(1, static_cast<int>(std::ceil(l * preview_share_)));
    return l;
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
  int page_size_, max_per_target_, max_name_candidates_;
  double preview_share_;
  double cost_search_, cost_preview_, cost_collect_, cost_enrich_;
  std::shared_ptr<const suppression::SuppressionList> suppressions_;
  RoleMapping mapping_;
  json exclusions_;  // suppressed people, kept out of every search (never collected)
  std::once_flag resolver_once_;
  std::shared_ptr<const resolve::Resolver> resolver_;
};

void register_stages(Registrar& r) {
  register_provider<CoreSignal>(
      r, {.family = "provider.coresignal",
          .resolve_company = {"Resolves an account to one CoreSignal company, or fails as "
                              "ambiguous/not_found with the candidates named",
                              "Collect by provider id, enrich by website, else one preview page "
                              "of company_name phrase matches; the shared resolver ranks the "
                              "candidates (never a silent pick). See docs/providers.md."},
          .search_people = {"Per target, one ES DSL search for current employees of the "
                            "company id (nested experience clause), paged by cursor; emits "
                            "each id once",
                            "Emits person stubs (id, company) for provider.coresignal.collect: "
                            "search returns ids only. Role clauses come from "
                            "data/providers/role-mapping.yaml."},
          .preview_people = {"Per target, the free ES DSL search's best-ranked ids "
                             "(preview_share of the target's limit), then their preview fields, "
                             "20 per billed page",
                             "Emits previews (name, title, headline, department, level, "
                             "location, current employer) to rank on; buy the group's members "
                             "only with provider.coresignal.collect_finalists. See "
                             "docs/providers.md."},
          .collect = {"Collects each person by id and drops anyone not currently "
                      "employed at the company id (deleted, duplicate or former), "
                      "with the reason",
                      ""}});
}

}  // namespace

BUYERGRAPH_PLUGIN("provider.coresignal", "0.2.0",
                  "CoreSignal multi-source API (company resolution, employee search, preview, "
                  "collect)",
                  register_stages)
