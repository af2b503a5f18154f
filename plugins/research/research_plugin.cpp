// research.llm: buyer_group -> buyer_group with `intelligence.research` filled by an LLM with
// web search (Perplexity Agent API, or an OpenAI-compatible chat endpoint). Grounded: an item
// stays only when it cites a URL the response shows was retrieved. It never touches members,
// and no failure of the research call fails the account (docs/research.md).
#include <memory>
#include <stdexcept>
#include <string>

#include <buyergraph/sdk.hpp>

#include "buyergraph/research/grounding.hpp"
#include "buyergraph/research/request.hpp"
#include "buyergraph/sellers/profile.hpp"
#include "provider_common.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;
using nlohmann::json;

namespace {

const std::string kSchema = R"json({"type":"object","additionalProperties":false,"properties":{
  "resource":{"type":"string","default":"perplexity","description":"the resources.http entry to call through"},
  "api":{"type":"string","enum":["agent","chat"],"default":"agent","description":"agent: Perplexity POST /v1/agent; chat: POST /chat/completions (legacy Sonar or a self-hosted OpenAI-compatible model)"},
  "model":{"type":"string","default":"","description":"model name (default perplexity/sonar for agent, sonar for chat)"},
  "max_output_tokens":{"type":"integer","minimum":64,"maximum":32000,"default":1200,"description":"answer length cap"},
  "search_domain_filter":{"type":"array","items":{"type":"string"},"maxItems":20,"default":[],"description":"sites the search may use; \"$company\" = the company's domains; empty = open web"},
  "recency":{"type":"string","enum":["","hour","day","week","month","year"],"default":"year","description":"search recency filter; \"\" sends none"},
  "max_items":{"type":"integer","minimum":1,"maximum":50,"default":8,"description":"most items kept per list (context, pain points)"}}})json";

class ResearchLlm final : public AsyncStage {
 public:
  explicit ResearchLlm(const StageInit& init) {
    auto o = research::ResearchOptions::from_json(init.config);
    if (!o) throw std::runtime_error(o.error().message);
    options_ = std::move(*o);
    gate_ = providers::ProviderGate::of(*init.host, options_.resource);
  }

 protected:
  void start(const Item& in, Context& ctx, Reply reply) override {
    const BuyerGroup* g = in.as<BuyerGroup>();
    if (!g) throw std::runtime_error("research.llm reads buyer_group");
    // The group's seller (assembly copies it in), else the account's.
    const SellerProfile& seller = (!g->seller.product.empty() || !g->seller.category.empty())
                                      ? g->seller
                                      : sellers::seller_of(ctx.account());
    research::Subject subject = research::Subject::of(*g, seller);

    auto result = std::make_shared<research::ResearchResult>();
    result->provider = options_.resource;
    result->api = options_.api;
    result->model = options_.effective_model();

    auto finish = [in, result](Reply& r) {
      Item out = in;
      BuyerGroup* group = out.mutate<BuyerGroup>();
      if (!group->intelligence.is_object()) group->intelligence = json::object();
      group->intelligence["research"] = result->to_json();
      Context& c = r.context();
      // The research call is in the host's ledger now: the group's ledger shows it too.
      if (const Ledger* ledger = c.host().ledger())
        apply_ledger(group->ledger, ledger->account(c.account().key));
      c.host().metrics().add("research.items", static_cast<double>(result->grounded.items.size()));
      c.host().metrics().add("research.dropped_uncited", result->grounded.dropped_uncited);
      if (result->status != "ok") {
        c.host().metrics().add("research.failed", 1);
        c.host().log().write(LogLevel::warn, "research for account " + c.account().key +
                                                 " failed: " + result->error);
      }
      r.emit(std::move(out));
      r.finish();
    };

    if (subject.company_name.empty() && subject.domains.empty()) {
      result->error = "the group has no company name or domain to research";
      return finish(reply);
    }
    if (auto f = gate_->stopped()) {
      result->error = f->message;
      return finish(reply);
    }
    HttpClient* http = ctx.host().http();
    if (!http) {
      result->error = "the pipeline declares no resources.http." + options_.resource +
                      " (base_url and api_key_env)";
      return finish(reply);
    }

    HttpRequest req;
    req.resource = options_.resource;
    req.method = "POST";
    req.path = research::request_path(options_.api);
    req.headers["content-type"] = "application/json";
    req.headers["accept"] = "application/json";
    req.body = research::request_body(subject, options_).dump();
    // A research question only reads; providers bill answers, so a 5xx may be retried.
    req.idempotent = true;
    req.account = ctx.account().key;
    req.cache_class = "research";
    req.charge = [](const HttpResponse& r) {
      return Charge{.usd = research::response_cost(r.body).value_or(0.0)};
    };

    const research::Api api = options_.api;
    const std::string what =
        options_.api == research::Api::agent ? "agent research" : "chat research";
    const std::string key_env = "resources.http." + options_.resource + ".api_key_env";
    auto gate = gate_;
    const int max_items = options_.max_items;
    http->send(std::move(req), [reply, result, finish, api, what, key_env, gate,
                                max_items](const HttpResponse& r) mutable {
      result->from_cache = r.from_cache;
      if (auto f = providers::classify(r, "Perplexity", what, key_env)) {
        if (f->stop_provider) gate->stop(*f);
        result->error = f->message;
        return finish(reply);
      }
      auto answer = research::parse_response(api, r.body);
      if (!answer) {
        result->error = answer.error().message;
        return finish(reply);
      }
      r.accept();  // well-formed: the host may cache it
      result->cost_usd = answer->cost_usd;
      if (!answer->model.empty()) result->model = answer->model;
      result->grounded = research::ground(*answer, max_items);
      result->status = "ok";
      finish(reply);
    });
  }

 private:
  research::ResearchOptions options_;
  std::shared_ptr<providers::ProviderGate> gate_;
};

void register_stages(Registrar& r) {
  r.add({.name = "research.llm",
         .kind = StageKind::group,
         .execution = Execution::async,
         .input_type = "buyer_group",
         .output_type = "buyer_group",
         .summary = "Grounded company context and pain points from an LLM with web search; "
                    "items without a retrieved source URL are dropped",
         .docs = "Writes only intelligence.research; members, excluded, roles and coverage are "
                 "untouched. Sends the company (name, domain, industry) and the seller's "
                 "product, never people. A failed call leaves the group as it was with "
                 "research.status \"failed\". See docs/research.md.",
         .config_schema = kSchema,
         .factory = make_factory<ResearchLlm>()});
}

}  // namespace

BUYERGRAPH_PLUGIN("research", "0.1.0", "Grounded LLM company research (Perplexity Agent API)",
                  register_stages)
