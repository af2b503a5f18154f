// provider.local: resolve a company, search its current employees, and re-check each record,
// all against the local SQLite store (filled by `buyergraph import` or `buyergraph demo-data`).
// Current employment is decided by company id inside the same experience entry as the current
// flag, never by a company name (docs/company-resolution.md, docs/data.md).
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include <buyergraph/sdk.hpp>

#include "buyergraph/finalists/backfill.hpp"

#include "buyergraph/resolve/candidate_source.hpp"
#include "buyergraph/resolve/resolver.hpp"
#include "buyergraph/store/candidates.hpp"
#include "buyergraph/store/store.hpp"
#include "buyergraph/suppression/suppression.hpp"
#include "buyergraph/titles/classifier.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;

namespace {

// The store to use: the stage's `store` option, else BUYERGRAPH_STORE, else the per-user default.
std::string store_path(const StageInit& init) {
  std::string p = init.config.value("store", "");
  if (!p.empty()) return p;
  if (const char* env = std::getenv("BUYERGRAPH_STORE"); env && *env) return env;
  return store::default_store_path();
}

std::unique_ptr<store::Store> open_store(const StageInit& init) {
  std::string path = store_path(init);
  auto s = store::Store::open(path);
  if (!s) throw std::runtime_error("cannot open the store " + path + ": " + s.error().message);
  return std::move(*s);
}

// Carries the resolver's status ("ambiguous", "not_found") out as the error code.
struct ResolveFailure : std::runtime_error {
  ResolveFailure(std::string c, const std::string& msg)
      : std::runtime_error(msg), code(std::move(c)) {}
  std::string code;
};

// account -> the one company it names. A plain Stage (not MapStage) so the error code is the
// resolution status rather than "stage_exception"; exceptions are still caught in here.
class ResolveCompany final : public Stage {
 public:
  explicit ResolveCompany(const StageInit& init) : store_(open_store(init)) {
    auto r = resolve::Resolver::load_default();
    if (!r) throw std::runtime_error("cannot load the resolver's data: " + r.error().message);
    resolver_ = std::make_unique<resolve::Resolver>(std::move(*r));
    auto list = suppression::SuppressionList::load(*store_);
    if (!list)
      throw std::runtime_error("cannot read the suppression list: " + list.error().message);
    suppressions_ = std::move(*list);
  }

  void invoke(Call& call) noexcept override {
    try {
      call.emit(resolve_account(call.input()));
      call.finish(Status::ok());
    } catch (const ResolveFailure& f) {
      call.finish(Status::error(f.code, f.what()));
    } catch (const std::exception& e) {
      call.finish(Status::error("stage_exception", e.what()));
    } catch (...) {
      call.finish(Status::error("stage_exception", "unknown exception"));
    }
  }

 private:
  Item resolve_account(const Item& in) {
    const Account* a = in.as<Account>();
    if (!a) throw std::runtime_error("provider.local.resolve_company reads accounts");
    store::StoreCandidateSource source(*store_);
    resolve::Resolution res = resolve::resolve(*resolver_, resolver_->parse(*a), source);
    if (res.status == "resolved" && res.company) {
      Company c = *res.company;
      for (const auto& d : c.domains)
        if (suppressions_.suppresses_company_domain(d))
          throw ResolveFailure("suppressed", "the company's domain is on the suppression list");
      suppressions_.scrub(c);  // company records name people too (executive arrivals)
      c.signals["resolution"] = resolve::to_json(res);
      return Item::make<Company>(std::move(c));
    }
    std::string msg = res.reason;
    if (!res.candidates.empty()) {
      msg += "; candidates:";
      for (const auto& c : res.candidates)
        msg += " " + c.company.name + " (" + c.company.id +
               (c.company.domains.empty() ? "" : ", " + c.company.domains[0]) + ")";
    }
    throw ResolveFailure(res.status, msg);
  }

  std::unique_ptr<store::Store> store_;
  std::unique_ptr<resolve::Resolver> resolver_;
  suppression::SuppressionList suppressions_;
};

// company -> its current employees (optionally only titles matching `title_terms`).
class SearchPeople final : public ExpandStage {
 public:
  explicit SearchPeople(const StageInit& init)
      : store_(open_store(init)),
        terms_(init.config.at("title_terms").get<std::vector<std::string>>()),
        limit_(init.config.at("limit").get<int>()) {}

 protected:
  void expand(const Item& in, Context& ctx, Emitter& out) override {
    const Company* c = in.as<Company>();
    if (!c) throw std::runtime_error("provider.local.search_people reads companies");
    for (auto& p : store_->current_employees(c->id, terms_, limit_)) {
      if (ctx.cancelled()) return;
      out.emit(Item::make<Person>(std::move(p)));
    }
  }

 private:
  std::unique_ptr<store::Store> store_;
  std::vector<std::string> terms_;
  int limit_;
};

// people_query -> the people its targets ask for, each person once. The store's roster (id and
// current title) is classified with the title rules, so a target's seniority/function codes
// mean here exactly what they mean downstream; only selected people are read in full.
class QueryPeople final : public ExpandStage {
 public:
  explicit QueryPeople(const StageInit& init) : store_(open_store(init)) {
    auto c = titles::TitleClassifier::load_default();
    if (!c) throw std::runtime_error("cannot load the title rules: " + c.error().message);
    classifier_ = std::make_unique<titles::TitleClassifier>(std::move(*c));
  }

 protected:
  void expand(const Item& in, Context& ctx, Emitter& out) override {
    const PeopleQuery* q = in.as<PeopleQuery>();
    if (!q) throw std::runtime_error("provider.local.query_people reads people queries");
    const auto roster = store_->current_roster(q->company.id);
    // Distinct titles are few (hundreds at a 100k-person company): classify each once.
    std::unordered_map<std::string, Line> lines;
    std::vector<const Line*> by_person;
    by_person.reserve(roster.size());
    for (const auto& r : roster) {
      auto [it, fresh] = lines.try_emplace(r.title);
      if (fresh) {
        auto label = classifier_->classify(r.title);
        it->second = {label.seniority, label.function, padded(classifier_->normalize(r.title)),
                      titles::seniority_rank(label.seniority)};
      }
      by_person.push_back(&it->second);
    }
    std::vector<std::size_t> picked;
    std::unordered_set<std::size_t> seen;
    std::vector<sdk::QueryTarget> targets = q->targets;
    if (targets.empty()) targets.push_back({.purpose = "all"});
    for (const auto& t : targets) {
      std::vector<std::string> terms;
      for (const auto& term : t.title_terms) terms.push_back(padded(classifier_->normalize(term)));
      std::vector<std::size_t> hits;
      for (std::size_t i = 0; i < roster.size(); ++i)
        if (matches(t, terms, *by_person[i])) hits.push_back(i);
      // Most senior first, then roster order: a limit keeps the people most likely to matter.
      std::stable_sort(hits.begin(), hits.end(), [&](std::size_t a, std::size_t b) {
        return by_person[a]->rank > by_person[b]->rank;
      });
      if (t.limit > 0 && hits.size() > static_cast<std::size_t>(t.limit)) hits.resize(t.limit);
      for (auto i : hits)
        if (seen.insert(i).second) picked.push_back(i);
    }
    ctx.host().metrics().add("people_matched", static_cast<double>(picked.size()));
    for (auto i : picked) {
      if (ctx.cancelled()) return;
      if (auto p = store_->person(roster[i].person_id)) out.emit(Item::make<Person>(std::move(*p)));
    }
  }

 private:
  struct Line {
    std::string seniority, function, normalized;
    int rank = -1;  ///< titles::seniority_rank: higher is more senior
  };

  // " words " for whole-word containment tests.
  static std::string padded(std::string words) {
    words.insert(words.begin(), ' ');
    words.push_back(' ');
    return words;
  }

  static bool contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  }

  // Title terms match on their own (whole words of the normalised title); otherwise the
  // person's seniority and function must both be wanted (an empty list wants any).
  static bool matches(const sdk::QueryTarget& t, const std::vector<std::string>& terms,
                      const Line& line) {
    if (!terms.empty()) {
      for (const auto& term : terms)
        if (term.size() > 2 && line.normalized.find(term) != std::string::npos) return true;
      if (t.seniorities.empty() && t.functions.empty()) return false;
    }
    return (t.seniorities.empty() || contains(t.seniorities, line.seniority)) &&
           (t.functions.empty() || contains(t.functions, line.function));
  }

  std::unique_ptr<store::Store> store_;
  std::unique_ptr<titles::TitleClassifier> classifier_;
};

// Re-reads each person by id and keeps them only if they are still a current employee of the
// account's company in the store: the "verify after collect" gate.
class Collect final : public FilterStage {
 public:
  explicit Collect(const StageInit& init) : store_(open_store(init)) {}

 protected:
  Verdict keep(const Item& in, Context&) override {
    const Person* p = in.as<Person>();
    if (!p) throw std::runtime_error("provider.local.collect reads people");
    auto fresh = store_->person(p->id);
    if (!fresh) return Verdict::reject("not in the store any more");
    if (fresh->deleted) return Verdict::reject("deleted record");
    if (!fresh->current_role_at(p->company_id))
      return Verdict::reject("no longer a current employee");
    return Verdict::pass();
  }

 private:
  std::unique_ptr<store::Store> store_;
};

// buyer_group -> buyer_group: the preview-first shape with the store as provider. The people
// query already read full records, so "collecting" a finalist is a free re-read from the store;
// members are verified on it and failures replaced from the ranked spares (domain/finalists),
// exactly as a paid provider's collect_finalists does.
class CollectFinalists final : public MapStage {
 public:
  explicit CollectFinalists(const StageInit& init)
      : store_(open_store(init)),
        options_{.max_rounds = init.config.value("max_rounds", 3),
                 .max_replacements = init.config.value("max_replacements", 5)} {}

 protected:
  Item map(const Item& in, Context& ctx) override {
    const BuyerGroup* g = in.as<BuyerGroup>();
    if (!g) throw std::runtime_error("provider.local.collect_finalists reads buyer groups");
    finalists::Options o = options_;
    o.screen.as_of = ctx.account().attributes.value("as_of", "");
    finalists::Backfill backfill(*g, o);
    while (!backfill.done()) {
      if (ctx.cancelled()) throw std::runtime_error("cancelled");
      std::map<std::string, finalists::Collected> answers;
      for (const Person& p : backfill.to_collect()) {
        auto fresh = store_->person(p.id);
        if (!fresh)
          answers[p.id] = {.dropped = "not in the store any more"};
        else
          answers[p.id] = {.person = std::move(*fresh)};
      }
      backfill.settle(answers);
    }
    return Item::make<BuyerGroup>(backfill.take());
  }

 private:
  std::unique_ptr<store::Store> store_;
  finalists::Options options_;
};

constexpr const char* kStoreOption =
    R"json("store":{"type":"string","default":"","description":"store file (default: BUYERGRAPH_STORE, else ~/.local/share/buyergraph/store.db)"})json";

void register_stages(Registrar& r) {
  r.add(
      {.name = "provider.local.resolve_company",
       .kind = StageKind::resolve,
       .input_type = "account",
       .output_type = "company",
       .summary =
           "Resolves an account to one company in the local store, or fails as ambiguous/not_found",
       .docs =
           "Uses the shared company resolver: provider id > LinkedIn slug > registrable domain > "
           "name; a close runner-up makes the answer ambiguous, never a silent pick. The error "
           "code "
           "is the resolution status and the message lists the candidates.",
       .config_schema =
           std::string(R"({"type":"object","additionalProperties":false,"properties":{)") +
           kStoreOption + "}}",
       .factory = make_factory<ResolveCompany>()});
  r.add({.name = "provider.local.search_people",
         .kind = StageKind::expand,
         .input_type = "company",
         .output_type = "person",
         .summary = "Current employees of the company (by company id), optionally by title terms",
         .config_schema =
             std::string(R"({"type":"object","additionalProperties":false,"properties":{)") +
             kStoreOption + R"json(,
            "title_terms":{"type":"array","items":{"type":"string"},"default":[],"description":"only titles matching one of these phrases, full-text match"},
            "limit":{"type":"integer","minimum":0,"default":0,"description":"at most this many people (0 for all)"}}})json",
         .factory = make_factory<SearchPeople>()});
  r.add({.name = "provider.local.query_people",
         .kind = StageKind::expand,
         .input_type = "people_query",
         .output_type = "person",
         .summary = "The people a role-based query asks for: current employees by company id, "
                    "selected by classified seniority/function or title phrases, each once",
         .docs = "Reads the company's roster (id + current title), classifies each distinct title "
                 "with the title rules, applies every target (most senior first, up to its "
                 "limit) and reads only the selected records. See docs/queries.md.",
         .config_schema =
             std::string(R"({"type":"object","additionalProperties":false,"properties":{)") +
             kStoreOption + "}}",
         .factory = make_factory<QueryPeople>()});
  r.add({.name = "provider.local.collect",
         .kind = StageKind::filter,
         .input_type = "person",
         .output_type = "person",
         .summary = "Re-reads each person and drops anyone no longer a current employee",
         .config_schema =
             std::string(R"({"type":"object","additionalProperties":false,"properties":{)") +
             kStoreOption + "}}",
         .factory = make_factory<Collect>()});
  r.add({.name = "provider.local.collect_finalists",
         .kind = StageKind::group,
         .input_type = "buyer_group",
         .output_type = "buyer_group",
         .summary = "Re-reads the group's members from the store, verifies each on the record "
                    "and replaces failures from the ranked spares",
         .docs = "The preview-first shape with the local store (free reads); see "
                 "docs/providers.md, \"Preview first\".",
         .config_schema =
             std::string(R"({"type":"object","additionalProperties":false,"properties":{)") +
             kStoreOption + R"json(,
            "max_rounds":{"type":"integer","minimum":1,"maximum":5,"default":3,"description":"verification rounds (members, then refills)"},
            "max_replacements":{"type":"integer","minimum":0,"maximum":50,"default":5,"description":"most members replaced per group"}}})json",
         .factory = make_factory<CollectFinalists>()});
}

}  // namespace

BUYERGRAPH_PLUGIN("provider.local", "0.1.0", "The local SQLite store as a data provider",
                  register_stages)
