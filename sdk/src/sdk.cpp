// Out-of-line anchors: one vtable and typeinfo per SDK interface, shared by host and plugins.
#include "buyergraph/sdk.hpp"
#include "buyergraph/sdk/budget.hpp"

namespace buyergraph::sdk {

Record::~Record() = default;
Logger::~Logger() = default;
Metrics::~Metrics() = default;
Clock::~Clock() = default;
Secrets::~Secrets() = default;
Cache::~Cache() = default;
Timers::~Timers() = default;
HttpClient::~HttpClient() = default;
Host::~Host() = default;
Ledger::~Ledger() = default;
BudgetView::~BudgetView() = default;
Context::~Context() = default;
Call::~Call() = default;
Stage::~Stage() = default;
Registrar::~Registrar() = default;

std::string_view to_string(StageKind k) noexcept {
  switch (k) {
    case StageKind::resolve:
      return "resolve";
    case StageKind::expand:
      return "expand";
    case StageKind::map:
      return "map";
    case StageKind::filter:
      return "filter";
    case StageKind::gather:
      return "gather";
    case StageKind::group:
      return "group";
    case StageKind::sink:
      return "sink";
  }
  return "?";
}

std::string_view to_string(Execution e) noexcept { return e == Execution::cpu ? "cpu" : "async"; }

}  // namespace buyergraph::sdk
