// research.llm: buyer_group -> buyer_group with `intelligence.research` filled by an LLM with
// web search (Perplexity Agent API, or an OpenAI-compatible chat endpoint). Grounded: an item
// stays only when it cites a URL the response shows was retrieved. It never touches members,
// and no failure of the research call fails the account (docs/research.md).
#include <memory>
#include <stdexcept>
#include <string>

#include <buyergraph/sdk.hpp>
#include <buyergraph/sdk/provider.hpp>

#include "buyergraph/research/grounding.hpp"
#include "buyergraph/research/request.hpp"
#include "buyergraph/sellers/profile.hpp"

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
  }

 protected:
  void start(const Item& in, Context&, Reply reply) override {
    const BuyerGroup* g = in.as<BuyerGroup>();
    if (!g) throw std::runtime_error("research.llm reads buyer_group");
    research(ProviderCall(std::make_shared<GroupOutlet>(std::move(reply)),
                          {"Perplexity", options_.resource}),
             *g);
  }

  // A failed research call is written into the group, which goes on: it never fails the
  // account (only a bug, as an exception, does).
  class GroupOutlet final : public Outlet {
   public:
    explicit GroupOutlet(Reply reply) : reply_(std::move(reply)) {}
    Context& context() override { return reply_.context(); }
    void emit(Item item) override { reply_.emit(std::move(item)); }
    void drop(std::string_view reason) override { reply_.drop(reason); }
    void finish(Status status) noexcept override { reply_.finish(std::move(status)); }

   private:
    Reply reply_;
  };

  Flow research(ProviderCall call, BuyerGroup group) {
    Context& ctx = call.context();
    // The group's seller (assembly copies it in), else the account's.
    const SellerProfile& seller = (!group.seller.product.empty() || !group.seller.category.empty())
                                      ? group.seller
                                      : sellers::seller_of(ctx.account());
    research::Subject subject = research::Subject::of(group, seller);
    research::ResearchResult result;
    result.provider = options_.resource;
    result.api = options_.api;
    result.model = options_.effective_model();
    if (subject.company_name.empty() && subject.domains.empty()) {
      result.error = "the group has no company name or domain to research";
    } else if (ctx.host().http() == nullptr) {
      result.error = "the pipeline declares no resources.http." + options_.resource +
                     " (base_url and api_key_env)";
    } else {
      HttpRequest req = call.post(research::request_path(options_.api),
                                  research::request_body(subject, options_), "research", 0);
      req.charge = [](const HttpResponse& r) {
        return Charge{.usd = research::response_cost(r.body).value_or(0.0)};
      };
      Answer a = co_await call.send(std::move(req), options_.api == research::Api::agent
                                                        ? "agent research"
                                                        : "chat research");
      result.from_cache = a.response.from_cache;
      if (!a.ok()) {
        result.error = a.failure->message;
      } else if (auto answer = research::parse_response(options_.api, a.response.body); !answer) {
        result.error = answer.error().message;
      } else {
        a.accept();  // well-formed: the host may cache it
        result.cost_usd = answer->cost_usd;
        if (!answer->model.empty()) result.model = answer->model;
        result.grounded = research::ground(*answer, options_.max_items);
        result.status = "ok";
      }
    }
    if (!group.intelligence.is_object()) group.intelligence = json::object();
    group.intelligence["research"] = result.to_json();
    // The research call is in the host's ledger now: the group's ledger shows it too.
    if (const Ledger* ledger = ctx.host().ledger())
      apply_ledger(group.ledger, ledger->account(ctx.account().key));
    ctx.host().metrics().add("research.items", static_cast<double>(result.grounded.items.size()));
    ctx.host().metrics().add("research.dropped_uncited", result.grounded.dropped_uncited);
    if (result.status != "ok") {
      ctx.host().metrics().add("research.failed", 1);
      ctx.host().log().write(
          LogLevel::warn, "research for account " + ctx.account().key + " failed: " + result.error);
    }
    call.emit(std::move(group));
  }

 private:
  research::ResearchOptions options_;
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
