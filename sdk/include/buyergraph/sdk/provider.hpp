#pragma once
// The provider framework: a data provider (CoreSignal, People Data Labs, Apollo, ...) is a class
// with four calls, each written as straight-line code that awaits HTTP answers:
//
//   sdk::Flow MyProvider::collect(sdk::ProviderCall call, sdk::Person person) {
//     sdk::Answer a = co_await call.send(call.get("/people/" + person.id, "person", 1), "collect");
//     if (!a.ok()) co_return call.fail(a);       // 401/402/429/5xx: classified by the host
//     call.emit(to_person(*a.json));
//   }
//
// The host owns the transport, retries, rate limits, keys, the cache, budgets, dry runs, the
// ledger, the credit counters, what a failed answer means and the per-resource circuit breaker
// (after a 401, 403 or 402 nothing more is sent to that resource in the run). A provider only
// says which requests to make, what a 2xx answer costs and how to read it. See
// docs/providers.md ("Writing a provider").
#include <coroutine>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/sdk/account.hpp"
#include "buyergraph/sdk/host.hpp"
#include "buyergraph/sdk/record.hpp"
#include "buyergraph/sdk/records.hpp"
#include "buyergraph/sdk/stage.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::sdk {

/// Who a provider is, for requests and messages.
struct ProviderInfo {
  std::string name;      ///< shown to users: "CoreSignal"
  std::string resource;  ///< the pipeline's resources.http entry it calls through
};

/// One answer, read for the provider: the host's classification as a plain-language failure
/// naming the provider and the call, the parsed JSON of a 2xx answer, and what it cost.
struct Answer {
  HttpResponse response;
  std::optional<nlohmann::json> json;  ///< a 2xx body that is complete JSON, else nullopt
  std::optional<Error> failure;        ///< why the call failed; nullopt for a 2xx
  double billed = 0;                   ///< credits this answer cost the run (0 from the cache)

  bool ok() const noexcept { return !failure; }
  bool is(std::string_view code) const noexcept { return failure && failure->code == code; }
  /// Lets the host cache this answer once the provider has found it well-formed.
  void accept() const { response.accept(); }
  Status status() const {
    return failure ? Status::error(failure->code, failure->message) : Status::ok();
  }
};

/// Where one operation's results go: a stage's reply, or the framework (the finalists' collects).
class Outlet {
 public:
  virtual ~Outlet() = default;
  virtual Context& context() = 0;
  virtual void emit(Item item) = 0;
  virtual void drop(std::string_view reason) = 0;
  /// Called once per operation; later calls are ignored by ProviderCall.
  virtual void finish(Status status) noexcept = 0;
};

class ProviderCall;

namespace detail {
struct CallState {
  std::shared_ptr<Outlet> out;
  ProviderInfo info;
  bool finished = false;  // one coroutine at a time touches it: no lock
  void finish(Status s) noexcept;
};
}  // namespace detail

/// Awaits one request: `Answer a = co_await call.send(request, "company collect");`
class PendingAnswer {
 public:
  PendingAnswer(std::shared_ptr<detail::CallState> call, HttpRequest request, std::string what)
      : call_(std::move(call)), request_(std::move(request)), what_(std::move(what)) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> resume);
  Answer await_resume() { return std::move(answer_); }

 private:
  std::shared_ptr<detail::CallState> call_;
  HttpRequest request_;
  std::string what_;
  Answer answer_;
};

/// Awaits several requests sent at once; the answers come back in request order.
class PendingAnswers {
 public:
  PendingAnswers(std::shared_ptr<detail::CallState> call, std::vector<HttpRequest> requests,
                 std::string what)
      : call_(std::move(call)), requests_(std::move(requests)), what_(std::move(what)) {}
  bool await_ready() const noexcept { return requests_.empty(); }
  void await_suspend(std::coroutine_handle<> resume);
  std::vector<Answer> await_resume() { return std::move(answers_); }

 private:
  std::shared_ptr<detail::CallState> call_;
  std::vector<HttpRequest> requests_;
  std::string what_;
  std::vector<Answer> answers_;
};

/// One provider operation (one stage call): the account's context, requests addressed to the
/// provider's resource, awaiting answers, and the results. Cheap to copy; finishing is
/// idempotent, and an operation that returns without finishing finishes ok.
class ProviderCall {
 public:
  ProviderCall(std::shared_ptr<Outlet> out, ProviderInfo info);

  Context& context() const { return state_->out->context(); }
  const Account& account() const { return context().account(); }
  Host& host() const { return context().host(); }
  bool cancelled() const { return context().cancelled(); }
  const ProviderInfo& info() const { return state_->info; }
  /// True during a dry run: paid calls answer `dry_run` without being sent.
  bool dry_run() const;

  void emit(Item item) const { state_->out->emit(std::move(item)); }
  template <class T>
  void emit(T record) const {
    emit(Item::make<T>(std::move(record)));
  }
  /// Drops the input on purpose, with a reason reports can show.
  void drop(std::string_view reason) const { state_->out->drop(reason); }
  void finish(Status status = Status::ok()) const { state_->finish(std::move(status)); }
  /// Ends the operation with the answer's failure: `co_return call.fail(answer);`
  void fail(const Answer& answer) const { finish(answer.status()); }
  void fail(std::string code, std::string message) const {
    finish(Status::error(std::move(code), std::move(message)));
  }
  bool finished() const noexcept { return state_->finished; }

  /// A request for this account through the provider's resource. `data_class` keys the host's
  /// cache ("company", "search", "person"; empty: never cached); `credits` is what a 2xx costs.
  HttpRequest get(std::string path, std::string data_class, double credits) const;
  HttpRequest post(std::string path, const nlohmann::json& body, std::string data_class,
                   double credits) const;

  /// Sends and awaits; `what` names the call in messages ("employee search").
  PendingAnswer send(HttpRequest request, std::string what) const {
    return {state_, std::move(request), std::move(what)};
  }
  PendingAnswers send_all(std::vector<HttpRequest> requests, std::string what) const {
    return {state_, std::move(requests), std::move(what)};
  }

  /// Reads an answer as the framework does (public for tests and for hand-made responses).
  Answer read(HttpResponse response, std::string_view what, double credits,
              const std::function<Charge(const HttpResponse&)>& charge) const;

 private:
  friend class Flow;
  friend class PendingAnswer;
  friend class PendingAnswers;
  explicit ProviderCall(std::shared_ptr<detail::CallState> state) : state_(std::move(state)) {}
  std::shared_ptr<detail::CallState> state_;
};

/// The return type of a provider operation: a coroutine that starts at once and finishes its
/// ProviderCall (a parameter of the operation) when it returns; an exception finishes it with a
/// stage_exception error. The operation must take its ProviderCall and inputs by value.
class Flow {
 public:
  struct promise_type {
    std::shared_ptr<detail::CallState> call;

    template <class... Args>
    explicit promise_type(Args&... args) noexcept {
      (bind(args), ...);
    }
    void bind(ProviderCall& c) noexcept { call = c.state_; }
    template <class T>
    void bind(T&) noexcept {}

    Flow get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {
      if (call) call->finish(Status::ok());
    }
    void unhandled_exception() noexcept {
      if (call) call->finish(detail::exception_status());
    }
  };
};

/// A data provider: what it answers for each step of the preview-first shape (search ->
/// preview -> rank -> collect finalists -> verify and backfill). The framework turns each call
/// into a pipeline stage (plugins/providers/kit: register_provider), so every provider gets
/// the same stage names, options plumbing and collect_finalists loop.
///
///   resolve_company  account -> company; a failure ends the account (ambiguous, not_found)
///   search_people    people_query -> people (ids at least) per target, each person once
///   preview_people   people_query -> the cheap fields to rank on (default: search_people)
///   collect          person -> the full record, or a drop with the reason (left, deleted)
class PeopleProvider {
 public:
  virtual ~PeopleProvider();
  virtual const ProviderInfo& info() const = 0;
  virtual Flow resolve_company(ProviderCall call, Account account) = 0;
  virtual Flow search_people(ProviderCall call, PeopleQuery query) = 0;
  virtual Flow preview_people(ProviderCall call, PeopleQuery query) {
    return search_people(std::move(call), std::move(query));
  }
  virtual Flow collect(ProviderCall call, Person person) = 0;
  /// Credits one collect costs (the finalists' budget check and dry-run estimate); 0 = free.
  virtual double collect_price() const = 0;
};

}  // namespace buyergraph::sdk
