// provider.coresignal: the CoreSignal multi-source API as a data provider, over the host's
// asynchronous HTTP client (resources.http.<resource>). Three stages:
//   resolve_company  account -> company   (collect by id, enrich by website, name preview;
//                                          ranked by the shared resolver, never a silent pick)
//   search_people    people_query -> person ids   (free ES DSL search per target, current
//                                          employees of the one company id, paged by cursor)
//   collect          person -> person      (paid collect of each finalist, re-checked)
// No stage ever blocks a worker waiting for a response: every call is an AsyncStage whose HTTP
// completion emits and finishes. See docs/providers.md.
#include <atomic>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <buyergraph/sdk.hpp>
#include <buyergraph/sdk/budget.hpp>

#include "buyergraph/coresignal/mapping.hpp"
#include "buyergraph/finalists/backfill.hpp"
#include "buyergraph/resolve/resolver.hpp"
#include "coresignal_query.hpp"
#include "provider_common.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;
using namespace buyergraph::providers;
using nlohmann::json;

namespace {

constexpr const char* kProvider = "CoreSignal";
constexpr const char* kKeyEnv = "CORESIGNAL_API_KEY";

// Options shared by the three stages (one schema keeps the pipeline file uniform).
struct Options {
  std::string resource;
  int page_size = 100;
  int max_per_target = 1000;
  int max_name_candidates = 10;
  std::string mapping;
  double preview_share = 1.0;
  int max_rounds = 3, max_replacements = 5;
  bool partial_finalists = false;
  double cost_search = 0, cost_preview = 20, cost_collect = 20, cost_enrich = 20;

  explicit Options(const json& c)
      : resource(c.value("resource", "coresignal")),
        page_size(c.value("page_size", 100)),
        max_per_target(c.value("max_per_target", 1000)),
        max_name_candidates(c.value("max_name_candidates", 10)),
        mapping(c.value("mapping", "")),
        preview_share(c.value("preview_share", 1.0)),
        max_rounds(c.value("max_rounds", 3)),
        max_replacements(c.value("max_replacements", 5)),
        partial_finalists(c.value("partial_finalists", false)) {
    const json costs = c.value("costs", json::object());
    cost_search = costs.value("search", 0.0);
    cost_preview = costs.value("preview", 20.0);
    cost_collect = costs.value("collect", 20.0);
    cost_enrich = costs.value("enrich", 20.0);
  }
};

const std::string kSchema = R"json({"type":"object","additionalProperties":false,"properties":{
  "resource":{"type":"string","default":"coresignal","description":"the resources.http entry to call through"},
  "store":{"type":"string","default":"","description":"store holding the suppression list (default: BUYERGRAPH_STORE, else the user's store)"},
  "page_size":{"type":"integer","minimum":1,"maximum":1000,"default":100,"description":"items_per_page of each search page"},
  "max_per_target":{"type":"integer","minimum":1,"default":1000,"description":"cap on ids for a target without a limit"},
  "max_name_candidates":{"type":"integer","minimum":1,"maximum":20,"default":10,"description":"companies previewed for a name-only account"},
  "mapping":{"type":"string","default":"","description":"role mapping YAML (default data/providers/role-mapping.yaml)"},
  "preview_share":{"type":"number","exclusiveMinimum":0,"maximum":1,"default":1.0,"description":"preview_people: share of each target's limit previewed, best matches first"},
  "max_rounds":{"type":"integer","minimum":1,"maximum":5,"default":3,"description":"collect_finalists: collect rounds (members, then refills)"},
  "max_replacements":{"type":"integer","minimum":0,"maximum":50,"default":5,"description":"collect_finalists: most members replaced from spares per group (bounds the dry-run estimate)"},
  "partial_finalists":{"type":"boolean","default":false,"description":"collect_finalists: when the budget left cannot buy every member and replacement, buy what it covers (default: buy none)"},
  "costs":{"type":"object","additionalProperties":false,"description":"credits per HTTP 200 (2026 prices by default)","properties":{
    "search":{"type":"number","minimum":0},"preview":{"type":"number","minimum":0},
    "collect":{"type":"number","minimum":0},"enrich":{"type":"number","minimum":0}}}}})json";

// What every stage holds: options, the gate, and a way to send.
class Base {
 public:
  explicit Base(const StageInit& init)
      : opt_(init.config),
        gate_(ProviderGate::of(*init.host, init.config.value("resource", "coresignal"))),
        suppressions_(load_suppressions(init.config)) {}

 protected:
  HttpClient& http(Context& ctx) const {
    HttpClient* h = ctx.host().http();
    if (!h)
      throw std::runtime_error("the pipeline declares no resources.http." + opt_.resource +
                               " (CoreSignal base_url and api_key_env)");
    return *h;
  }

  // A request for this account: `data_class` keys the host's cache TTL, `credits` is what a 200
  // costs (the host checks the budget and keeps the ledger).
  HttpRequest get(std::string path, Context& ctx, const char* data_class, double credits) const {
    HttpRequest r;
    r.resource = opt_.resource;
    r.method = "GET";
    r.path = std::move(path);
    r.headers["accept"] = "application/json";
    r.account = ctx.account().key;
    r.cache_class = data_class;
    r.credits = credits;
    return r;
  }

  HttpRequest post(std::string path, const json& body, Context& ctx, const char* data_class,
                   double credits) const {
    HttpRequest r = get(std::move(path), ctx, data_class, credits);
    r.method = "POST";
    r.headers["content-type"] = "application/json";
    r.body = body.dump();
    r.idempotent = true;  // a search reads; CoreSignal bills only a 200
    return r;
  }

  // The failure of a response (nullopt on 2xx); stops the provider on 401/402.
  std::optional<ProviderFailure> check(const HttpResponse& r, std::string_view what) const {
    auto f = classify(r, kProvider, what, kKeyEnv);
    if (f && f->stop_provider) gate_->stop(*f);
    return f;
  }

  void charge(Context& ctx, double credits) const {
    if (credits > 0) ctx.host().metrics().add("credits.coresignal", credits);
  }

  /// What a collect answer says about person `id`, who must be a current employee of
  /// `company`: the record (`person`), a reason to drop them (`dropped`), or a failed call.
  struct Judged {
    std::optional<Person> person;
    std::string dropped;
    std::optional<Status> failure;
  };

  Judged judge_collect(const HttpResponse& r, const std::string& id, const std::string& company,
                       Context& ctx) const;

  Options opt_;
  std::shared_ptr<ProviderGate> gate_;
  std::shared_ptr<const suppression::SuppressionList> suppressions_;
};

// What an answer cost this run: nothing when the host's cache answered it.
double billed(const HttpResponse& r, double price) { return r.from_cache ? 0 : price; }

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

Base::Judged Base::judge_collect(const HttpResponse& r, const std::string& id,
                                 const std::string& company, Context& ctx) const {
  Judged out;
  if (auto f = check(r, "employee collect " + id)) {
    if (f->code == "not_found")
      out.dropped = "not in CoreSignal any more (collect 404)";
    else
      out.failure = f->status();
    return out;
  }
  const double cost = billed(r, opt_.cost_collect);
  charge(ctx, cost);
  auto j = parse_body(r.body);
  if (!j || !j->is_object()) {
    out.failure = Status::error("bad_response", std::string(kProvider) + " employee collect " + id +
                                                    ": the body is not JSON");
    return out;
  }
  auto person =
      coresignal::person_from_coresignal(*j, provenance("employee_multi_source/collect", cost));
  if (!person) {
    out.failure = Status::error("bad_response", std::string(kProvider) + " employee collect " + id +
                                                    ": " + person.error().message);
    return out;
  }
  r.accept();                                           // well-formed: the host may cache it
  if (auto suppressed = suppressions_->why(*person)) {  // past the query's cap
    out.dropped = *suppressed;
    return out;
  }
  out.dropped = person->deleted     ? "deleted record (is_deleted)"
                : person->duplicate ? "duplicate record (is_parent = 0)"
                : !person->current_role_at(company)
                    ? "no longer a current employee of company " + company
                    : "";
  if (out.dropped.empty()) out.person = std::move(*person);
  return out;
}

// ---------------------------------------------------------------------------------------
// account -> company

class ResolveCompany final : public AsyncStage, Base {
 public:
  explicit ResolveCompany(const StageInit& init) : Base(init) {
    auto r = resolve::Resolver::load_default();
    if (!r) throw std::runtime_error("cannot load the resolver's data: " + r.error().message);
    resolver_ = std::make_shared<resolve::Resolver>(std::move(*r));
  }

 protected:
  // One account's lookups, run one after another from HTTP completions.
  struct Job : std::enable_shared_from_this<Job> {
    const ResolveCompany* self;
    Reply reply;
    Account account;
    std::vector<Company> candidates;
    bool from_preview = false;
    double credits = 0;
    std::vector<std::function<void()>> steps;  // run back to front
    std::size_t next = 0;

    Job(const ResolveCompany* s, Reply r, Account a)
        : self(s), reply(std::move(r)), account(std::move(a)) {}

    void run_next() {
      if (auto f = self->gate_->stopped()) return reply.finish(f->status());
      if (next < steps.size()) return steps[next++]();
      decide();
    }

    // A company record (collect/enrich) answered: add it as a candidate.
    void add_record(const HttpResponse& r, double price, const std::string& what) {
      if (r.error && r.error->code == "dry_run") return dry_run_company();
      if (auto f = self->check(r, what)) {
        if (f->code != "not_found") return reply.finish(f->status());
        return run_next();  // 404: this identifier names no company; try the next one
      }
      const double cost = billed(r, price);
      credits += cost;
      auto j = parse_body(r.body);
      if (!j || !j->is_object())
        return reply.finish(Status::error("bad_response", std::string(kProvider) + " " + what +
                                                              ": the body is not a JSON object"));
      r.accept();  // well-formed: the host may cache it
      auto c = coresignal::company_from_coresignal(*j, provenance(what, cost));
      if (c) candidates.push_back(std::move(*c));
      run_next();
    }

    void decide() {
      resolve::Resolution res = resolve::decide(*self->resolver_, account, candidates);
      self->charge(reply.context(), credits);
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
      Company chosen = *res.company;
      chosen.signals["resolution"] = resolve::to_json(res);
      if (!from_preview) return emit(std::move(chosen));
      // A preview holds a few fields; the full record (headcount, HQ, signals) is one collect.
      auto job = shared_from_this();
      self->http(reply.context())
          .send(self->get("/company_multi_source/collect/" + url_encode(chosen.id), reply.context(),
                          "company", self->opt_.cost_collect),
                [job, chosen](const HttpResponse& r) mutable {
                  if (auto f = job->self->check(r, "company collect")) {
                    if (f->code != "not_found") return job->reply.finish(f->status());
                    return job->emit(std::move(chosen));
                  }
                  const double cost = billed(r, job->self->opt_.cost_collect);
                  job->self->charge(job->reply.context(), cost);
                  auto j = parse_body(r.body);
                  auto full = j ? coresignal::company_from_coresignal(
                                      *j, provenance("company_multi_source/collect", cost))
                                : Result<Company>(Error{"bad_response", ""});
                  if (full) r.accept();
                  if (full && full->id == chosen.id) {
                    full->signals["resolution"] = chosen.signals["resolution"];
                    return job->emit(std::move(*full));
                  }
                  job->emit(std::move(chosen));  // keep the preview's fields
                });
    }

    // Name-only account: one preview page of name-phrase matches (<= 20, one billed page).
    void on_preview(const HttpResponse& r) {
      if (r.error && r.error->code == "dry_run") return dry_run_company();
      if (auto f = self->check(r, "company preview")) {
        if (f->code != "not_found") return reply.finish(f->status());
        return run_next();
      }
      credits += billed(r, self->opt_.cost_preview);
      auto j = parse_body(r.body);
      if (!j || !j->is_array())
        return reply.finish(Status::error(
            "bad_response",
            std::string(kProvider) + " company preview: the body is not a JSON array"));
      r.accept();
      for (const auto& rec : *j) {
        if (static_cast<int>(candidates.size()) >= self->opt_.max_name_candidates) break;
        if (!rec.is_object()) continue;
        auto c = coresignal::company_from_coresignal(
            rec, provenance("company_multi_source/search/es_dsl/preview", 0));
        if (c) candidates.push_back(std::move(*c));
      }
      from_preview = true;
      run_next();
    }

    // A dry run does not buy the company record: the account goes on with what the user gave,
    // so the query plan can be built and the people calls estimated from its limits.
    void dry_run_company() {
      Company c;
      c.id = account.provider_id;
      c.name = account.name;
      if (!account.domain.empty()) c.domains.push_back(account.domain);
      c.provenance = provenance("dry run: company record not bought", 0);
      reply.emit(Item::make<Company>(std::move(c)));
      reply.finish();
    }

    void emit(Company c) {
      for (const auto& d : c.domains)
        if (self->suppressions_->suppresses_company_domain(d))
          return reply.finish(Status::error(
              "suppressed", "the company's domain is on the suppression list; no people searched"));
      self->suppressions_->scrub(c);  // company records name people too (executive arrivals)
      reply.emit(Item::make<Company>(std::move(c)));
      reply.finish();
    }
  };

  void start(const Item& in, Context& ctx, Reply reply) override {
    const Account* a = in.as<Account>();
    if (!a) throw std::runtime_error("provider.coresignal.resolve_company reads accounts");
    HttpClient* client = &http(ctx);
    if (!a->domain.empty() && suppressions_->suppresses_company_domain(a->domain))
      return reply.finish(Status::error(
          "suppressed", "the company's domain is on the suppression list; no call was made"));
    auto job = std::make_shared<Job>(this, std::move(reply), *a);
    std::weak_ptr<Job> weak = job;  // steps live in the job: no cycle
    if (!a->provider_id.empty())
      job->steps.push_back([this, weak, client] {
        auto j = weak.lock();
        client->send(get("/company_multi_source/collect/" + url_encode(j->account.provider_id),
                         j->reply.context(), "company", opt_.cost_collect),
                     [j](const HttpResponse& r) {
                       j->add_record(r, j->self->opt_.cost_collect, "company collect");
                     });
      });
    if (!a->domain.empty())
      job->steps.push_back([this, weak, client] {
        auto j = weak.lock();
        client->send(get("/company_multi_source/enrich?website=" + url_encode(j->account.domain),
                         j->reply.context(), "company", opt_.cost_enrich),
                     [j](const HttpResponse& r) {
                       j->add_record(r, j->self->opt_.cost_enrich, "company enrich");
                     });
      });
    if (!a->name.empty())
      job->steps.push_back([this, weak, client] {
        auto j = weak.lock();
        if (!j->candidates.empty()) return j->run_next();  // id or domain answered: no names
        client->send(post("/company_multi_source/search/es_dsl/preview",
                          company_name_search_body(j->account.name), j->reply.context(), "company",
                          opt_.cost_preview),
                     [j](const HttpResponse& r) { j->on_preview(r); });
      });
    job->run_next();
  }

 private:
  friend struct Job;
  std::shared_ptr<resolve::Resolver> resolver_;
};

// ---------------------------------------------------------------------------------------
// people_query -> person (ids; collect reads the records)

class SearchPeople : public AsyncStage, protected Base {
 public:
  explicit SearchPeople(const StageInit& init, bool previews = false)
      : Base(init), previews_(previews) {
    auto m = RoleMapping::load(opt_.mapping, "coresignal");
    if (!m) throw std::runtime_error(m.error().message);
    mapping_ = std::make_shared<RoleMapping>(std::move(*m));
    exclusions_ = employee_exclusions(*suppressions_);
  }

 protected:
  // The targets of one query, searched one after another; each id emitted once.
  struct Job : std::enable_shared_from_this<Job> {
    const SearchPeople* self;
    Reply reply;
    PeopleQuery query;
    std::size_t target = 0;
    int taken = 0;  // ids taken for the current target (seen ones count: as the local provider)
    json body;
    std::set<std::string> seen;
    std::vector<std::string> order;
    std::vector<std::string> failures;
    std::string first_code;
    double credits = 0;
    int pages = 0;

    Job(const SearchPeople* s, Reply r, PeopleQuery q)
        : self(s), reply(std::move(r)), query(std::move(q)) {}

    int limit() const {
      int l = query.targets[target].limit;
      l = l > 0 ? std::min(l, self->opt_.max_per_target) : self->opt_.max_per_target;
      // Previews: the best-ranked share of the target (the search is ordered by relevance).
      if (self->previews_)
        l = std::max(1, static_cast<int>(std::ceil(l * self->opt_.preview_share)));
      return l;
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
        if (auto f = self->gate_->stopped()) {  // 401/402 earlier: fail fast, no request
          fail_target(*f);
          ++target;
          continue;
        }
        taken = 0;
        body = employee_search_body(query.company.id, query.targets[target], *self->mapping_);
        if (!self->exclusions_.empty()) body["query"]["bool"]["must_not"] = self->exclusions_;
        return send_page("");
      }
      done();
    }

    void send_page(const std::string& after) {
      int per_page = std::max(1, std::min(self->opt_.page_size, limit() - taken));
      std::string path =
          "/employee_multi_source/search/es_dsl?items_per_page=" + std::to_string(per_page);
      if (!after.empty()) path += "&after=" + url_encode(after);
      auto job = shared_from_this();
      self->http(reply.context())
          .send(self->post(path, body, reply.context(), "search", self->opt_.cost_search),
                [job](const HttpResponse& r) { job->on_page(r); });
    }

    void on_page(const HttpResponse& r) {
      if (auto f = self->check(r, "employee search")) {
        if (f->code != "not_found") fail_target(*f);  // 404: no such people, not an error
        ++target;
        return start_target();
      }
      ++pages;
      credits += billed(r, self->opt_.cost_search);
      auto j = parse_body(r.body);
      if (!j || !j->is_array()) {
        fail_target({"bad_response",
                     std::string(kProvider) + " employee search: the body is not a JSON id array",
                     false});
        ++target;
        return start_target();
      }
      r.accept();
      for (const auto& v : *j) {
        if (taken >= limit()) break;
        std::string id = v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : "";
        if (id.empty()) continue;
        ++taken;
        if (seen.insert(id).second) order.push_back(id);
      }
      auto next = r.headers.find("x-next-page-after");
      if (taken < limit() && !j->empty() && next != r.headers.end() && !next->second.empty() &&
          !reply.context().cancelled())
        return send_page(next->second);
      ++target;
      start_target();
    }

    void done() {
      Context& ctx = reply.context();
      self->charge(ctx, credits);
      ctx.host().metrics().add("coresignal.search_pages", pages);
      ctx.host().metrics().add("people_matched", static_cast<double>(order.size()));
      if (self->previews_) return preview();
      const double per_person = order.empty() ? 0 : credits / static_cast<double>(order.size());
      for (const auto& id : order) {
        Person p;
        p.id = id;
        p.company_id = query.company.id;
        p.company_name = query.company.name;
        p.provenance = provenance("employee_multi_source/search/es_dsl", per_person);
        reply.emit(Item::make<Person>(std::move(p)));
      }
      finish();
    }

    void finish() {
      if (failures.empty()) return reply.finish();
      std::string msg;
      for (const auto& f : failures) msg += (msg.empty() ? "" : "; ") + f;
      reply.finish(Status::error(first_code, msg));
    }

    // --- preview_people: the cheap fields of the selected ids, 20 per billed page

    std::mutex mutex;  // preview answers complete on the I/O thread, possibly concurrently
    std::map<std::string, Person> previewed;
    std::size_t batches_left = 0;
    double preview_credits = 0;

    void preview() {
      constexpr std::size_t kPerPage = 20;  // CoreSignal's preview page (docs/mock-providers.md)
      if (order.empty()) return finish();
      std::vector<json> batches;
      for (std::size_t i = 0; i < order.size(); i += kPerPage) {
        json ids = json::array();
        for (std::size_t j = i; j < std::min(order.size(), i + kPerPage); ++j)
          ids.push_back(id_value(order[j]));
        batches.push_back(std::move(ids));
      }
      batches_left = batches.size();
      auto job = shared_from_this();
      for (auto& ids : batches) {
        // The ids, still current employees of the company id (the index may have moved on).
        json body = employee_search_body(query.company.id, {.purpose = "preview"}, *self->mapping_);
        body.erase("sort");  // preview does not support sort
        body["query"]["bool"]["filter"].push_back({{"terms", {{"id", std::move(ids)}}}});
        self->http(reply.context())
            .send(self->post("/employee_multi_source/search/es_dsl/preview", body, reply.context(),
                             "search", self->opt_.cost_preview),
                  [job](const HttpResponse& r) { job->on_preview(r); });
      }
    }

    void on_preview(const HttpResponse& r) {
      std::vector<Person> rows;
      std::optional<ProviderFailure> failed;
      double cost = 0;
      if (auto f = self->check(r, "employee preview")) {
        if (f->code != "not_found") failed = *f;
      } else if (auto j = parse_body(r.body); !j || !j->is_array()) {
        failed = ProviderFailure{
            "bad_response", std::string(kProvider) + " employee preview: not a JSON array", false};
      } else {
        cost = billed(r, self->opt_.cost_preview);
        const double each = j->empty() ? 0 : cost / static_cast<double>(j->size());
        for (const auto& rec : *j) {
          if (!rec.is_object()) continue;
          auto p = coresignal::person_from_coresignal(
              rec, provenance("employee_multi_source/search/es_dsl/preview", each));
          if (!p) continue;
          // The search filter matched a current role at this company id: the preview's current
          // employer fields describe that role (the preview carries no experience history).
          p->company_id = query.company.id;
          if (p->company_name.empty()) p->company_name = query.company.name;
          p->experience = {{.company_id = query.company.id,
                            .company_name = p->company_name,
                            .title = p->title,
                            .department = p->department,
                            .management_level = p->management_level,
                            .current = true,
                            .location = p->location}};
          rows.push_back(std::move(*p));
        }
      }
      std::lock_guard lock(mutex);
      if (failed) {
        if (first_code.empty()) first_code = failed->code;
        failures.push_back("preview: " + failed->message);
      }
      preview_credits += cost;
      for (auto& p : rows) previewed.emplace(p.id, std::move(p));
      if (--batches_left > 0) return;
      Context& ctx = reply.context();
      self->charge(ctx, preview_credits);
      ctx.host().metrics().add("coresignal.preview_people", static_cast<double>(previewed.size()));
      for (const auto& id : order)  // relevance order, as searched
        if (auto it = previewed.find(id); it != previewed.end())
          reply.emit(Item::make<Person>(std::move(it->second)));
      finish();
    }
  };

  void start(const Item& in, Context& ctx, Reply reply) override {
    const PeopleQuery* q = in.as<PeopleQuery>();
    if (!q) throw std::runtime_error("provider.coresignal.search_people reads people queries");
    http(ctx);  // fail here, not in a completion, when the pipeline has no HTTP resource
    if (q->company.id.empty()) {
      Ledger* ledger = ctx.host().ledger();
      if (ledger == nullptr || !ledger->dry_run())
        throw std::runtime_error("the people query names no company id");
      // Dry run without the company id: the plan's limits bound the collects.
      std::uint64_t people = 0;
      for (const auto& t : q->targets)
        people += static_cast<std::uint64_t>(t.limit > 0 ? std::min(t.limit, opt_.max_per_target)
                                                         : opt_.max_per_target);
      if (previews_) {  // preview pages of 20; collect_finalists estimates the finalists
        people = static_cast<std::uint64_t>(
            std::ceil(static_cast<double>(people) * opt_.preview_share / 20.0));
        ledger->estimate(ctx.account().key, opt_.resource, people,
                         static_cast<double>(people) * opt_.cost_preview);
        return reply.finish();
      }
      ledger->estimate(ctx.account().key, opt_.resource, people,
                       static_cast<double>(people) * opt_.cost_collect);
      return reply.finish();
    }
    auto job = std::make_shared<Job>(this, std::move(reply), *q);
    if (job->query.targets.empty()) job->query.targets.push_back({.purpose = "all"});
    job->start_target();
  }

 private:
  std::shared_ptr<RoleMapping> mapping_;
  json exclusions_;  // suppressed people, kept out of every search (never collected)
  bool previews_ = false;
};

// people_query -> person previews: the search's best-ranked ids, then their preview fields
// (20 per billed page). Titles, screening, scores, roles and assembly run on these; only the
// group's members are collected (collect_finalists).
class PreviewPeople final : public SearchPeople {
 public:
  explicit PreviewPeople(const StageInit& init) : SearchPeople(init, true) {}
};

// ---------------------------------------------------------------------------------------
// person -> person: the paid collect, then the "verify after collect" gate (providers.md 1.9)

class Collect final : public AsyncStage, Base {
 public:
  explicit Collect(const StageInit& init) : Base(init) {}

 protected:
  void start(const Item& in, Context& ctx, Reply reply) override {
    const Person* p = in.as<Person>();
    if (!p) throw std::runtime_error("provider.coresignal.collect reads people");
    if (auto f = gate_->stopped()) return reply.finish(f->status());
    // The company the person must currently work for: the account's, else the search's.
    std::string company = p->company_id;
    if (const Company* c = ctx.resolved().as<Company>(); c && !c->id.empty()) company = c->id;
    std::string id = p->id;
    http(ctx).send(
        get("/employee_multi_source/collect/" + url_encode(id), ctx, "person", opt_.cost_collect),
        [this, reply, company, id](const HttpResponse& r) mutable {
          Judged j = judge_collect(r, id, company, reply.context());
          if (j.failure) return reply.finish(*j.failure);
          if (!j.person) {
            reply.drop(j.dropped);
            return reply.finish();
          }
          reply.emit(Item::make<Person>(std::move(*j.person)));
          reply.finish();
        });
  }
};

// ---------------------------------------------------------------------------------------
// buyer_group -> buyer_group: buy the full records of the members only, verify each on it and
// replace the ones that fail from the assembly's ranked spares (domain/finalists).

class CollectFinalists final : public AsyncStage, Base {
 public:
  explicit CollectFinalists(const StageInit& init) : Base(init) {}

 protected:
  struct Job : std::enable_shared_from_this<Job> {
    const CollectFinalists* self;
    Reply reply;
    finalists::Backfill backfill;
    std::string company;
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
      auto job = shared_from_this();
      for (const auto& p : people) {
        if (auto f = self->gate_->stopped()) {  // 401/402 earlier: no request
          answer(p.id, {.error = f->message});
          continue;
        }
        self->http(reply.context())
            .send(self->get("/employee_multi_source/collect/" + url_encode(p.id), reply.context(),
                            "person", self->opt_.cost_collect),
                  [job, id = p.id](const HttpResponse& r) {
                    Judged j = job->self->judge_collect(r, id, job->company, job->reply.context());
                    finalists::Collected c;
                    if (j.person)
                      c.person = std::move(j.person);
                    else if (j.failure)
                      c.error = j.failure->error().message;
                    else
                      c.dropped = j.dropped;
                    job->answer(id, std::move(c));
                  });
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

    // The budget cannot buy the whole group: buy none, keep the ranked previews, say why.
    void stop(const std::string& why) {
      backfill.stop(why);
      done(Status::error("budget_exhausted", why));
    }

    void done(Status status = Status::ok()) {
      BuyerGroup g = backfill.take();
      Context& ctx = reply.context();
      // The collects are in the host's ledger now: the group's ledger shows them.
      if (const Ledger* ledger = ctx.host().ledger())
        apply_ledger(g.ledger, ledger->account(ctx.account().key));
      ctx.host().metrics().add("coresignal.finalists_collected",
                               g.coverage["verification"].value("records_bought", 0));
      reply.emit(Item::make<BuyerGroup>(std::move(g)));
      reply.finish(std::move(status));
    }
  };

  // Why the budget left cannot buy every record this group may need (its members plus the
  // replacements allowed, at the collect price), or nullopt when it can, when no credit limit
  // applies, or when partial_finalists asks to buy what it covers. Cached records cost nothing,
  // so this is an upper bound.
  std::optional<std::string> budget_shortfall(const finalists::Backfill& b, Context& ctx) const {
    if (opt_.partial_finalists || opt_.cost_collect <= 0) return std::nullopt;
    const BudgetView* budget = budget_of(ctx.host().ledger());
    if (budget == nullptr) return std::nullopt;
    const auto left = budget->credits_left(ctx.account().key);
    const std::size_t most = b.most_to_buy();
    const double need = static_cast<double>(most) * opt_.cost_collect;
    if (!left || *left + 1e-9 >= need) return std::nullopt;
    const std::size_t members = b.to_collect().size();
    return fmt_shortfall(*left, need, members, most - members, opt_.cost_collect);
  }

  static std::string fmt_shortfall(double left, double need, std::size_t members,
                                   std::size_t replacements, double price) {
    auto num = [](double v) {
      std::ostringstream o;
      o << v;
      return o.str();
    };
    return "the budget left (" + num(left) + " credits) cannot buy the full records of the " +
           std::to_string(members) + " people chosen for the group" +
           (replacements > 0 ? " and up to " + std::to_string(replacements) + " replacements"
                             : std::string()) +
           " (" + num(need) + " credits at " + num(price) +
           " each), so none were bought: the members are shown from their search previews, "
           "unverified. Raise the budget, or set partial_finalists to buy what it covers";
  }

  void start(const Item& in, Context& ctx, Reply reply) override {
    const BuyerGroup* g = in.as<BuyerGroup>();
    if (!g) throw std::runtime_error("provider.coresignal.collect_finalists reads buyer groups");
    http(ctx);
    finalists::Options o{.max_rounds = opt_.max_rounds, .max_replacements = opt_.max_replacements};
    o.screen.as_of = ctx.account().attributes.value("as_of", "");
    Ledger* ledger = ctx.host().ledger();
    if (ledger != nullptr && ledger->dry_run()) {
      // Nothing is bought in a dry run: the upper bound is a full group plus every replacement.
      // The previews were not bought either, so the plan's max (sized by the people found) is
      // too small: the tier's max bounds it.
      const json& size = g->coverage.contains("size") ? g->coverage["size"] : json::object();
      std::int64_t most = static_cast<std::int64_t>(g->members.size());
      if (size.contains("max") && size["max"].is_number_integer())
        most = std::max(most, size["max"].get<std::int64_t>());
      if (size.contains("tier_size") && size["tier_size"].is_array() &&
          size["tier_size"].size() == 3 && size["tier_size"][2].is_number_integer())
        most = std::max(most, size["tier_size"][2].get<std::int64_t>());
      const std::uint64_t calls =
          static_cast<std::uint64_t>(most) + static_cast<std::uint64_t>(opt_.max_replacements);
      ledger->estimate(ctx.account().key, opt_.resource, calls,
                       static_cast<double>(calls) * opt_.cost_collect);
      reply.emit(in);
      return reply.finish();
    }
    auto job = std::make_shared<Job>(this, std::move(reply), *g, std::move(o));
    job->company = g->company.id;
    if (const Company* c = ctx.resolved().as<Company>(); c && !c->id.empty()) job->company = c->id;
    if (auto short_of = budget_shortfall(job->backfill, ctx)) return job->stop(*short_of);
    job->round();
  }

 private:
  friend struct Job;
};

void register_stages(Registrar& r) {
  r.add({.name = "provider.coresignal.resolve_company",
         .kind = StageKind::resolve,
         .execution = Execution::async,
         .input_type = "account",
         .output_type = "company",
         .summary = "Resolves an account to one CoreSignal company, or fails as "
                    "ambiguous/not_found with the candidates named",
         .docs = "Collect by provider id, enrich by website, else one preview page of "
                 "company_name phrase matches; the shared resolver ranks the candidates "
                 "(never a silent pick). See docs/providers.md.",
         .config_schema = kSchema,
         .factory = make_factory<ResolveCompany>()});
  r.add({.name = "provider.coresignal.search_people",
         .kind = StageKind::expand,
         .execution = Execution::async,
         .input_type = "people_query",
         .output_type = "person",
         .summary = "Per target, one ES DSL search for current employees of the company id "
                    "(nested experience clause), paged by cursor; emits each id once",
         .docs = "Emits person stubs (id, company) for provider.coresignal.collect: search "
                 "returns ids only. Role clauses come from data/providers/role-mapping.yaml.",
         .config_schema = kSchema,
         .factory = make_factory<SearchPeople>()});
  r.add({.name = "provider.coresignal.preview_people",
         .kind = StageKind::expand,
         .execution = Execution::async,
         .input_type = "people_query",
         .output_type = "person",
         .summary = "Per target, the free ES DSL search's best-ranked ids (preview_share of the "
                    "target's limit), then their preview fields, 20 per billed page",
         .docs = "Emits previews (name, title, headline, department, level, location, current "
                 "employer) to rank on; buy the group's members only with "
                 "provider.coresignal.collect_finalists. See docs/providers.md.",
         .config_schema = kSchema,
         .factory = make_factory<PreviewPeople>()});
  r.add({.name = "provider.coresignal.collect_finalists",
         .kind = StageKind::group,
         .execution = Execution::async,
         .input_type = "buyer_group",
         .output_type = "buyer_group",
         .summary = "Collects the group's members only, verifies each on the full record and "
                    "replaces failures from the ranked spares in bounded rounds",
         .docs = "Every swap is recorded with its reason in the excluded list, "
                 "coverage.verification and ledger.verification. A dry run estimates the group "
                 "max plus max_replacements collects. See docs/providers.md.",
         .config_schema = kSchema,
         .factory = make_factory<CollectFinalists>()});
  r.add({.name = "provider.coresignal.collect",
         .kind = StageKind::filter,
         .execution = Execution::async,
         .input_type = "person",
         .output_type = "person",
         .summary = "Collects each person by id and drops anyone not currently employed at the "
                    "company id (deleted, duplicate or former), with the reason",
         .config_schema = kSchema,
         .factory = make_factory<Collect>()});
}

}  // namespace

BUYERGRAPH_PLUGIN("provider.coresignal", "0.1.0",
                  "CoreSignal multi-source API (company resolution, employee search, collect)",
                  register_stages)
