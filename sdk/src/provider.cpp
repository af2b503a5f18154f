#include "buyergraph/sdk/provider.hpp"

#include <mutex>
#include <stdexcept>

namespace buyergraph::sdk {

PeopleProvider::~PeopleProvider() = default;

void detail::CallState::finish(Status s) noexcept {
  if (finished) return;
  finished = true;
  out->finish(std::move(s));
}

ProviderCall::ProviderCall(std::shared_ptr<Outlet> out, ProviderInfo info)
    : state_(std::make_shared<detail::CallState>(
          detail::CallState{.out = std::move(out), .info = std::move(info)})) {}

bool ProviderCall::dry_run() const {
  const Ledger* ledger = host().ledger();
  return ledger != nullptr && ledger->dry_run();
}

HttpRequest ProviderCall::get(std::string path, std::string data_class, double credits) const {
  HttpRequest r;
  r.resource = state_->info.resource;
  r.method = "GET";
  r.path = std::move(path);
  r.headers["accept"] = "application/json";
  r.account = account().key;
  r.cache_class = std::move(data_class);
  r.credits = credits;
  return r;
}

HttpRequest ProviderCall::post(std::string path, const nlohmann::json& body, std::string data_class,
                               double credits) const {
  HttpRequest r = get(std::move(path), std::move(data_class), credits);
  r.method = "POST";
  r.headers["content-type"] = "application/json";
  r.body = body.dump();
  r.idempotent = true;  // provider searches read; the providers bill answers, not attempts
  return r;
}

Answer ProviderCall::read(HttpResponse response, std::string_view what, double credits,
                          const std::function<Charge(const HttpResponse&)>& charge) const {
  Answer a;
  const bool ok_status = response.status >= 200 && response.status < 300;
  if (response.error || !ok_status) {
    const std::string why = response.error ? response.error->message
                                           : "unexpected HTTP " + std::to_string(response.status);
    const std::string code = response.error ? response.error->code : "provider_error";
    a.failure = Error{code, state_->info.name + " " + std::string(what) + ": " + why, false};
  } else {
    if (!response.from_cache) {
      a.billed = credits;
      if (charge) {
        try {
          a.billed = charge(response).credits;
        } catch (...) {
          // the host billed the reserved credits for a pricing bug; say the same
        }
      }
    }
    auto j = nlohmann::json::parse(response.body, nullptr, false);
    if (!j.is_discarded()) a.json = std::move(j);
  }
  a.response = std::move(response);
  return a;
}

void PendingAnswer::await_suspend(std::coroutine_handle<> resume) {
  // Nothing of `this` is touched after send(): the answer may resume (and end) the coroutine.
  HttpClient* http = call_->out->context().host().http();
  if (http == nullptr)
    throw std::runtime_error("the pipeline declares no resources.http." + call_->info.resource +
                             " (" + call_->info.name + " base_url and api_key_env)");
  const double credits = request_.credits;
  auto charge = request_.charge;
  http->send(std::move(request_), [this, resume, credits, charge](HttpResponse r) {
    answer_ = ProviderCall(call_).read(std::move(r), what_, credits, charge);
    resume.resume();
  });
}

void PendingAnswers::await_suspend(std::coroutine_handle<> resume) {
  struct Shared {
    std::mutex mu;
    std::size_t left = 0;
  };
  HttpClient* http = call_->out->context().host().http();
  if (http == nullptr)
    throw std::runtime_error("the pipeline declares no resources.http." + call_->info.resource +
                             " (" + call_->info.name + " base_url and api_key_env)");
  auto shared = std::make_shared<Shared>();
  std::vector<HttpRequest> requests = std::move(requests_);
  answers_.resize(requests.size());
  shared->left = requests.size();
  // Locals only from here: the last answer resumes the coroutine, which may end it.
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const double credits = requests[i].credits;
    auto charge = requests[i].charge;
    http->send(std::move(requests[i]), [this, shared, i, resume, credits, charge](HttpResponse r) {
      Answer a = ProviderCall(call_).read(std::move(r), what_, credits, charge);
      bool last = false;
      {
        std::lock_guard lock(shared->mu);
        answers_[i] = std::move(a);
        last = --shared->left == 0;
      }
      if (last) resume.resume();
    });
  }
}

}  // namespace buyergraph::sdk
