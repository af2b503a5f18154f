// provider.pdl: People Data Labs v5 as a data provider, over the host's asynchronous HTTP
// client (resources.http.<resource>). The same three roles as provider.coresignal, so a
// pipeline swaps providers by changing `use:` lines only:
//   resolve_company  account -> company   (company enrich by pdl_id, website, else name;
//                                          ranked by the shared resolver)
//   search_people    people_query -> person (person search per target on job_company_id,
//                                          scroll_token paging; full records, 1 credit each)
//   collect          person -> person      (pass-through re-check of the current employer:
//                                          search already returned the full record)
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <buyergraph/sdk.hpp>

#include "buyergraph/resolve/resolver.hpp"
#include "pdl_mapping.hpp"
#include "provider_common.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;
using namespace buyergraph::providers;
using nlohmann::json;

namespace {

constexpr const char* kProvider = "People Data Labs";
constexpr const char* kKeyEnv = "PDL_API_KEY";

struct Options {
  std::string resource;
  int page_size = 100;
  int max_per_target = 1000;
  std::string mapping;
  double cost_record = 1, cost_enrich = 1;

  explicit Options(const json& c)
      : resource(c.value("resource", "pdl")),
        page_size(c.value("page_size", 100)),
        max_per_target(c.value("max_per_target", 1000)),
        mapping(c.value("mapping", "")) {
    const json costs = c.value("costs", json::object());
    cost_record = costs.value("search_record", 1.0);
    cost_enrich = costs.value("enrich", 1.0);
  }
};

const std::string kSchema = R"json({"type":"object","additionalProperties":false,"properties":{
  "resource":{"type":"string","default":"pdl","description":"the resources.http entry to call through"},
  "store":{"type":"string","default":"","description":"store holding the suppression list (default: BUYERGRAPH_STORE, else the user's store)"},
  "page_size":{"type":"integer","minimum":1,"maximum":100,"default":100,"description":"size of each person search page"},
  "max_per_target":{"type":"integer","minimum":1,"default":1000,"description":"cap on people for a target without a limit"},
  "mapping":{"type":"string","default":"","description":"role mapping YAML (default data/providers/role-mapping.yaml)"},
  "costs":{"type":"object","additionalProperties":false,"description":"credits per record returned / per enrich match","properties":{
    "search_record":{"type":"number","minimum":0},"enrich":{"type":"number","minimum":0}}}}})json";

class Base {
 public:
  explicit Base(const StageInit& init)
      : opt_(init.config),
        gate_(ProviderGate::of(*init.host, init.config.value("resource", "pdl"))),
        suppressions_(load_suppressions(init.config)) {}

 protected:
  HttpClient& http(Context& ctx) const {
    HttpClient* h = ctx.host().http();
    if (!h)
      throw std::runtime_error("the pipeline declares no resources.http." + opt_.resource +
                               " (PDL base_url and api_key_env)");
    return *h;
  }

  // A request for this account: `data_class` keys the host's cache TTL, `credits` is the most a
  // 200 can cost (the host checks the budget before sending and keeps the ledger).
  HttpRequest request(Context& ctx, const char* data_class, double credits, std::string method,
                      std::string path, const json& body = nullptr) const {
    HttpRequest r;
    r.account = ctx.account().key;
    r.cache_class = data_class;
    r.credits = credits;
    r.resource = opt_.resource;
    r.method = std::move(method);
    r.path = std::move(path);
    r.headers["accept"] = "application/json";
    if (!body.is_null()) {
      r.headers["content-type"] = "application/json";
      r.body = body.dump();
    }
    r.idempotent = true;  // searches and enrichments read; PDL bills matches, not attempts
    return r;
  }

  std::optional<ProviderFailure> check(const HttpResponse& r, std::string_view what) const {
    auto f = classify(r, kProvider, what, kKeyEnv);
    if (f && f->stop_provider) gate_->stop(*f);
    return f;
  }

  void charge(Context& ctx, double credits) const {
    if (credits > 0) ctx.host().metrics().add("credits.pdl", credits);
  }

  Options opt_;
  std::shared_ptr<ProviderGate> gate_;
  std::shared_ptr<const suppression::SuppressionList> suppressions_;
};

// ---------------------------------------------------------------------------------------

class ResolveCompany final : public AsyncStage, Base {
 public:
  explicit ResolveCompany(const StageInit& init) : Base(init) {
    auto r = resolve::Resolver::load_default();
    if (!r) throw std::runtime_error("cannot load the resolver's data: " + r.error().message);
    resolver_ = std::make_shared<resolve::Resolver>(std::move(*r));
  }

 protected:
  struct Job : std::enable_shared_from_this<Job> {
    const ResolveCompany* self;
    Reply reply;
    Account account;
    std::vector<std::string> lookups;  // query strings for /company/enrich, tried in order
    std::size_t next = 0;
    std::vector<Company> candidates;
    double credits = 0;

    Job(const ResolveCompany* s, Reply r, Account a)
        : self(s), reply(std::move(r)), account(std::move(a)) {}

    void run_next() {
      if (auto f = self->gate_->stopped()) return reply.finish(f->status());
      // Later identifiers only when the earlier ones found nothing (each match is billed).
      if (next < lookups.size() && candidates.empty()) {
        auto job = shared_from_this();
        return self->http(reply.context())
            .send(self->request(reply.context(), "company", self->opt_.cost_enrich, "GET",
                                "/company/enrich?titlecase=true&" + lookups[next++]),
                  [job](const HttpResponse& r) { job->on_enrich(r); });
      }
      decide();
    }

    void on_enrich(const HttpResponse& r) {
      if (auto f = self->check(r, "company enrich")) {
        if (f->code != "not_found") return reply.finish(f->status());
        return run_next();
      }
      if (!r.from_cache) credits += self->opt_.cost_enrich;
      auto j = parse_body(r.body);
      if (!j)
        return reply.finish(Status::error(
            "bad_response", std::string(kProvider) + " company enrich: the body is not JSON"));
      r.accept();  // well-formed: the host may cache it
      if (auto c = company_from_pdl(*j)) candidates.push_back(std::move(*c));
      run_next();
    }

    void decide() {
      self->charge(reply.context(), credits);
      resolve::Resolution res = resolve::decide(*self->resolver_, account, candidates);
      if (res.status != "resolved" || !res.company) {
        std::string msg = std::string(kProvider) + ": " + res.reason;
        if (!res.candidates.empty()) {
          msg += "; candidates:";
          for (const auto& c : res.candidates)
            msg += " " + c.company.name + " (" + c.company.id +
                   (c.company.domains.empty() ? "" : ", " + c.company.domains[0]) + ")";
        }
        return reply.finish(Status::error(res.status, msg));
      }
      Company c = *res.company;
      c.provenance.cost = credits;
      c.signals["resolution"] = resolve::to_json(res);
      for (const auto& d : c.domains)
        if (self->suppressions_->suppresses_company_domain(d))
          return reply.finish(Status::error(
              "suppressed", "the company's domain is on the suppression list; no people searched"));
      self->suppressions_->scrub(c);
      reply.emit(Item::make<Company>(std::move(c)));
      reply.finish();
    }
  };

  void start(const Item& in, Context& ctx, Reply reply) override {
    const Account* a = in.as<Account>();
    if (!a) throw std::runtime_error("provider.pdl.resolve_company reads accounts");
    http(ctx);
    if (!a->domain.empty() && suppressions_->suppresses_company_domain(a->domain))
      return reply.finish(Status::error(
          "suppressed", "the company's domain is on the suppression list; no call was made"));
    auto job = std::make_shared<Job>(this, std::move(reply), *a);
    if (!a->provider_id.empty()) job->lookups.push_back("pdl_id=" + url_encode(a->provider_id));
    if (!a->domain.empty()) job->lookups.push_back("website=" + url_encode(a->domain));
    if (!a->name.empty()) job->lookups.push_back("name=" + url_encode(a->name));
    job->run_next();
  }

 private:
  std::shared_ptr<resolve::Resolver> resolver_;
};

// ---------------------------------------------------------------------------------------

class SearchPeople final : public AsyncStage, Base {
 public:
  explicit SearchPeople(const StageInit& init) : Base(init) {
    auto m = RoleMapping::load(opt_.mapping, "pdl");
    if (!m) throw std::runtime_error(m.error().message);
    mapping_ = std::make_shared<RoleMapping>(std::move(*m));
    exclusions_ = pdl_exclusions(*suppressions_);
  }

 protected:
  struct Job : std::enable_shared_from_this<Job> {
    const SearchPeople* self;
    Reply reply;
    PeopleQuery query;
    std::size_t target = 0;
    int taken = 0;
    json q;
    std::set<std::string> seen;
    std::vector<Person> people;
    std::vector<std::string> failures;
    std::string first_code;
    double credits = 0;

    Job(const SearchPeople* s, Reply r, PeopleQuery pq)
        : self(s), reply(std::move(r)), query(std::move(pq)) {}

    int limit() const {
      int l = query.targets[target].limit;
      return l > 0 ? std::min(l, self->opt_.max_per_target) : self->opt_.max_per_target;
    }

    void fail_target(const ProviderFailure& f) {
      if (first_code.empty()) first_code = f.code;
      failures.push_back("target '" + query.targets[target].purpose + "': " + f.message);
    }

    void start_target() {
      while (target < query.targets.size()) {
        if (reply.context().cancelled()) {
          fail_target({"cancelled", "run cancelled", false});
          break;
        }
        if (auto f = self->gate_->stopped()) {
          fail_target(*f);
          ++target;
          continue;
        }
        taken = 0;
        q = person_search_query(query.company.id, query.targets[target], *self->mapping_);
        // PDL bills every record a search returns: suppressed people are excluded in the query.
        if (!self->exclusions_.empty()) q["bool"]["must_not"] = self->exclusions_;
        return send_page("");
      }
      done();
    }

    void send_page(const std::string& scroll) {
      // Only as many records as the target still needs, and only the fields ranking and the
      // report read (PDL bills per record returned; the search is the preview).
      json body = {{"query", q},
                   {"size", std::max(1, std::min(self->opt_.page_size, limit() - taken))},
                   {"titlecase", true},
                   {"data_include", std::string(person_fields())}};
      if (!scroll.empty()) body["scroll_token"] = scroll;
      auto job = shared_from_this();
      // PDL bills each record returned: reserve a full page, charge what came back.
      const int size = body["size"].get<int>();
      HttpRequest req = self->request(reply.context(), "search", self->opt_.cost_record * size,
                                      "POST", "/person/search", body);
      req.charge = [per_record = self->opt_.cost_record](const HttpResponse& r) {
        auto j = parse_body(r.body);
        const bool ok = j && j->is_object() && j->contains("data") && (*j)["data"].is_array();
        return Charge{ok ? per_record * static_cast<double>((*j)["data"].size()) : 0.0, 0.0};
      };
      self->http(reply.context()).send(std::move(req), [job](const HttpResponse& r) {
        job->on_page(r);
      });
    }

    void on_page(const HttpResponse& r) {
      if (auto f = self->check(r, "person search")) {
        if (f->code != "not_found") fail_target(*f);  // 404 = nobody matches (unbilled)
        ++target;
        return start_target();
      }
      auto j = parse_body(r.body);
      if (!j || !j->is_object() || !(*j)["data"].is_array()) {
        fail_target({"bad_response",
                     std::string(kProvider) + " person search: the body is not a search answer",
                     false});
        ++target;
        return start_target();
      }
      r.accept();
      const json& data = (*j)["data"];
      const double per_record = r.from_cache ? 0 : self->opt_.cost_record;
      credits += per_record * static_cast<double>(data.size());
      for (const auto& rec : data) {
        if (taken >= limit()) break;
        auto p = person_from_pdl(rec);
        if (!p || self->suppressions_->why(*p)) continue;  // past the query's cap
        ++taken;
        if (!seen.insert(p->id).second) continue;
        p->provenance.endpoint = "person/search";
        p->provenance.cost = per_record;
        people.push_back(std::move(*p));
      }
      const json token = j->value("scroll_token", json());
      if (taken < limit() && !data.empty() && token.is_string() &&
          !token.get<std::string>().empty() && !reply.context().cancelled())
        return send_page(token.get<std::string>());
      ++target;
      start_target();
    }

    void done() {
      Context& ctx = reply.context();
      self->charge(ctx, credits);
      ctx.host().metrics().add("people_matched", static_cast<double>(people.size()));
      for (auto& p : people) reply.emit(Item::make<Person>(std::move(p)));
      if (failures.empty()) return reply.finish();
      std::string msg;
      for (const auto& f : failures) msg += (msg.empty() ? "" : "; ") + f;
      reply.finish(Status::error(first_code, msg));
    }
  };

  void start(const Item& in, Context& ctx, Reply reply) override {
    const PeopleQuery* pq = in.as<PeopleQuery>();
    if (!pq) throw std::runtime_error("provider.pdl.search_people reads people queries");
    if (pq->company.id.empty()) throw std::runtime_error("the people query names no company id");
    http(ctx);
    auto job = std::make_shared<Job>(this, std::move(reply), *pq);
    if (job->query.targets.empty()) job->query.targets.push_back({.purpose = "all"});
    job->start_target();
  }

 private:
  std::shared_ptr<RoleMapping> mapping_;
  json exclusions_;  // suppressed people, kept out of every (billed) search
};

// ---------------------------------------------------------------------------------------

// Search returned full records (and billed them): collecting again would pay twice, so this
// stage only re-checks that the current employer is the account's company.
class Collect final : public FilterStage {
 public:
  explicit Collect(const StageInit&) {}

 protected:
  Verdict keep(const Item& in, Context& ctx) override {
    const Person* p = in.as<Person>();
    if (!p) throw std::runtime_error("provider.pdl.collect reads people");
    std::string company = p->company_id;
    if (const Company* c = ctx.resolved().as<Company>(); c && !c->id.empty()) company = c->id;
    if (p->company_id != company && !p->current_role_at(company))
      return Verdict::reject("no longer a current employee of company " + company);
    return Verdict::pass();
  }
};

void register_stages(Registrar& r) {
  r.add({.name = "provider.pdl.resolve_company",
         .kind = StageKind::resolve,
         .execution = Execution::async,
         .input_type = "account",
         .output_type = "company",
         .summary = "Resolves an account to one PDL company (company enrich), or fails as "
                    "ambiguous/not_found",
         .config_schema = kSchema,
         .factory = make_factory<ResolveCompany>()});
  r.add({.name = "provider.pdl.search_people",
         .kind = StageKind::expand,
         .execution = Execution::async,
         .input_type = "people_query",
         .output_type = "person",
         .summary = "Per target, a person search on job_company_id with role clauses, paged by "
                    "scroll_token; emits full records, each person once",
         .config_schema = kSchema,
         .factory = make_factory<SearchPeople>()});
  r.add({.name = "provider.pdl.collect",
         .kind = StageKind::filter,
         .input_type = "person",
         .output_type = "person",
         .summary = "Drops anyone whose current employer is not the account's company (no "
                    "HTTP: search returned full records)",
         .config_schema = kSchema,
         .factory = make_factory<Collect>()});
}

}  // namespace

BUYERGRAPH_PLUGIN("provider.pdl", "0.1.0", "People Data Labs v5 (company enrich, person search)",
                  register_stages)
